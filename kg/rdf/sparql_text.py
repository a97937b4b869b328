"""A light lexical reading of SPARQL text: the query form, and what the endpoint must refuse.

Not a parser (the engine parses): it only tokenises enough to skip comments, strings and IRIs, so
that keywords are found where they really are keywords. Used before a query reaches the engine to
refuse updates with a clear message and to check `SERVICE` targets against an allow-list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import QueryError, QueryRefused

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
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
