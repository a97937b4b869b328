"""A light lexical reading of SPARQL text: the query form, and what the endpoint must refuse.

Not a parser (the engine parses): it only tokenises enough to skip comments, strings and IRIs, so
that keywords are found where they really are keywords. Used before a query reaches the engine to
refuse updates with a clear message, to check `SERVICE` targets against an allow-list, and to
measure the query against the size limits (`measure_query`, `check_limits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, pairwise

from kg.errors import QueryError, QueryRefused, QueryTooLarge

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
      | (?P<number>\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+|\d*\.\d+|\d+)
      | (?P<name>[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*(?::[\w\-.:%\u00b7\u00c0-\uffff]*)?|:[\w\-.:%]*)
      | (?P<other>\S)
      | \s+""",
    re.X,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str


@dataclass(slots=True)
class QueryInfo:
    """What the text says about itself: its form and the SERVICE endpoints it calls."""

    form: str  # "select", "ask", "construct" or "describe"
    services: list[str] = field(default_factory=list)
    variable_service: bool = False


def tokens(text: str) -> list[Token]:
    """Significant tokens: comments and whitespace dropped."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind and kind != "comment":
            out.append(Token(kind, match.group()))
    return out


def inspect_query(text: str) -> QueryInfo:
    """Read the query form and SERVICE targets; refuse SPARQL Update with a message that says so."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    form = None
    for index, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "name" else ""
        if word == "PREFIX" and index + 2 < len(toks) and toks[index + 2].kind == "iri":
            prefixes[toks[index + 1].text.rstrip(":")] = toks[index + 2].text[1:-1]
        if form is None and word in QUERY_FORMS:
            form = word.lower()
        if form is None and word in UPDATE_KEYWORDS:
            raise QueryRefused(f"the endpoint is read-only: SPARQL Update ({word}) is not accepted")
    if form is None:
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    info = QueryInfo(form)
    for index, tok in enumerate(toks):
        if tok.kind != "name" or tok.text.upper() != "SERVICE":
            continue
        rest = toks[index + 1:index + 3]
        if rest and rest[0].kind == "name" and rest[0].text.upper() == "SILENT":
            rest = rest[1:]
        if not rest:
            continue
        target = rest[0]
        if target.kind == "iri":
            info.services.append(target.text[1:-1])
        elif target.kind == "name" and ":" in target.text:
            prefix, _, local = target.text.partition(":")
            info.services.append(prefixes.get(prefix, prefix + ":") + local)
        elif target.kind == "var":
            info.variable_service = True
    return info


def check_services(info: QueryInfo, allowed: tuple[str, ...]) -> None:
    """Refuse SERVICE calls to endpoints the allow-list does not name (and to variable endpoints)."""
    if info.variable_service:
        raise QueryRefused("SERVICE with a variable endpoint is not allowed; name an allowed endpoint")
    for service in info.services:
        if service not in allowed:
            names = ", ".join(allowed) if allowed else "none"
            raise QueryRefused(f"SERVICE <{service}> is not allowed (allowed endpoints: {names})")


# --- Size limits, measured before the engine sees the query -------------------------------------
#
# The engine parses and evaluates recursively: a group nested ~3,000 deep, or a chain of ~5,000
# BINDs, MINUS or OPTIONAL groups, UNION branches, `||` or `+` operands, path steps or SELECT
# expressions (each nests the algebra one level deeper) overflows its native stack and takes the
# whole process down; a few hundred triple patterns (a chain, an object list, a collection) make
# its planner run for seconds to minutes, which no time limit can interrupt. So before a query is
# handed over, one pass over its tokens (no recursion, so no input can overflow it) measures:
#   bytes            its UTF-8 size;
#   depth            how deep it nests: brackets ({ [ ( ) plus, at each level, the chain elements
#                    opened there (UNION, OPTIONAL, MINUS, BIND, FILTER, AS; ||, &&, +, -, *, /, !
#                    in expressions; / and | in paths) - an upper bound of the algebra's depth;
#   triple patterns  how many triple patterns it holds: one per object ("." ";" "," end one), one
#                    per blank-node property list, path step or alternative, two per collection
#                    item (rdf:first and rdf:rest). CONSTRUCT templates, VALUES data, expressions
#                    and projections count nothing (the engine handles long flat lists well:
#                    60,000 template triples or VALUES rows take 0.1-0.2 s).
# Each count errs on the high side (a GRAPH name or a function called by IRI may add one).

CHAIN_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "AS"})
TERM_NAMES = frozenset({"a", "true", "false"})
EXPRESSION_OPERATORS = frozenset("|&+-*/!")


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The most a query may measure; `setting` names are those of `kg.settings`."""

    max_bytes: int = 131072
    max_depth: int = 100
    max_triple_patterns: int = 100


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What `measure_query` found: size in bytes, nesting depth, triple patterns."""

    bytes: int
    depth: int
    triple_patterns: int


@dataclass(slots=True)
class _Level:
    kind: str  # "root", "group" (braces: triples), "bnode" ([ ]), "list" (a collection or path group),
    #            "expr" (parentheses of an expression or argument list), "data" (a VALUES block or a
    #            CONSTRUCT template)
    pending: bool = False  # terms read since the last triple ended
    chain: int = 0  # chain elements opened at this level


def _significant(text: str) -> Iterator[Token]:
    """The significant tokens, read lazily, with a dot that ends a prefixed name split off (`:o.` is
    `:o` then `.`), as the grammar reads it."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if not kind or kind == "comment":
            continue
        value = match.group()
        if kind == "name" and value.endswith(".") and value.rstrip("."):
            name = value.rstrip(".")
            yield Token("name", name)
            for _ in range(len(value) - len(name)):
                yield Token("other", ".")
        else:
            yield Token(kind, value)


def measure_query(text: str, stop: QueryLimits | None = None) -> QueryShape:
    """Size, nesting depth and triple patterns of a query (see above); never recursive. With `stop`,
    the pass ends as soon as a count is past its limit (the counts are then lower bounds)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    max_depth = stop.max_depth if stop else None
    max_patterns = stop.max_triple_patterns if stop else None
    stack = [_Level("root")]
    chains = depth = patterns = 0
    data_next = projection = False
    previous: Token | None = None

    def deepen(level: _Level) -> None:
        nonlocal chains, depth
        level.chain += 1
        chains += 1
        depth = max(depth, len(stack) - 1 + chains)

    def end_triple(level: _Level) -> None:
        nonlocal patterns
        if level.kind in ("group", "bnode") and level.pending:
            patterns += 1
        level.pending = False

    for tok, following in pairwise(chain(_significant(text), [Token("end", "")])):
        if (max_depth is not None and depth > max_depth) or (max_patterns is not None and patterns > max_patterns):
            break
        top = stack[-1]
        triples = top.kind in ("group", "bnode", "list") and not projection
        text_ = tok.text
        if tok.kind == "other" and text_ in "{[(":
            if text_ == "{":
                kind = "data" if data_next or (previous is not None and previous.text.upper() == "CONSTRUCT") \
                    else "group"
                data_next = projection = False
                top.pending = False  # a GRAPH or SERVICE name is not the start of a triple
            elif text_ == "[":
                kind = "bnode" if triples else "expr"
                if triples:
                    top.pending = True
            else:
                after_keyword = previous is not None and previous.kind == "name" and ":" not in previous.text \
                    and previous.text not in TERM_NAMES
                kind = "list" if triples and not after_keyword else "expr"
                if kind == "list" and top.kind != "list":
                    top.pending = True
            stack.append(_Level(kind))
            depth = max(depth, len(stack) - 1 + chains)
        elif tok.kind == "other" and text_ in "}])":
            if len(stack) > 1:
                end_triple(top)
                chains -= top.chain
                stack.pop()
        elif tok.kind in ("var", "iri", "string", "number") or (
                tok.kind == "name" and (":" in text_ or text_ in TERM_NAMES)):
            if projection:
                pass
            elif top.kind == "list":
                patterns += 2
            elif top.kind in ("group", "bnode"):
                top.pending = True
        elif tok.kind == "name":
            word = text_.upper()
            end_triple(top)
            if word == "AS" and projection and top.kind == "expr" and len(stack) > 1:
                deepen(stack[-2])  # each (expression AS ?v) of a projection wraps the rest once more
            elif word in CHAIN_KEYWORDS:
                deepen(top)
            if word == "VALUES":
                data_next = True
            elif word == "SELECT":
                projection = True
            elif word == "WHERE":
                projection = False
        elif text_ in ".;,":
            end_triple(top)
        elif text_ in EXPRESSION_OPERATORS:
            if text_ in "|&" and previous is not None and previous.text == text_:
                pass  # the second character of || or &&
            elif text_ == "!" and following.text == "=":
                pass  # !=
            elif triples and not projection:
                if text_ in "/|":  # a path step or alternative: one more pattern, one level deeper
                    patterns += 1
                    deepen(top)
            elif top.kind == "expr":  # not SELECT * nor COUNT(*) outside an expression
                deepen(top)
        previous = tok
    return QueryShape(size, depth, patterns)


def check_limits(text: str, limits: QueryLimits) -> QueryShape:
    """Refuse (QueryTooLarge) a query past one of `limits`, before anything else reads it."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise QueryTooLarge(f"the query is {size:,} bytes long; this endpoint takes at most {limits.max_bytes:,} "
                            "(setting KG_QUERY_MAX_BYTES)", limit="bytes", value=size,
                            maximum=limits.max_bytes, setting="KG_QUERY_MAX_BYTES")
    shape = measure_query(text, limits)
    if shape.depth > limits.max_depth:
        raise QueryTooLarge("the query nests groups, brackets and chains of operators (UNION, OPTIONAL, BIND, "
                            "||, +, path steps...) deeper than this endpoint allows: at most "
                            f"{limits.max_depth:,} levels (setting KG_QUERY_MAX_DEPTH)", limit="depth",
                            value=shape.depth, maximum=limits.max_depth, setting="KG_QUERY_MAX_DEPTH")
    if shape.triple_patterns > limits.max_triple_patterns:
        raise QueryTooLarge("the query has more triple patterns (path steps and collection items included) than "
                            f"this endpoint allows: at most {limits.max_triple_patterns:,} "
                            "(setting KG_QUERY_MAX_TRIPLE_PATTERNS)", limit="triple patterns",
                            value=shape.triple_patterns, maximum=limits.max_triple_patterns,
                            setting="KG_QUERY_MAX_TRIPLE_PATTERNS")
    return shape
