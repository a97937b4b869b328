"""Who said what in one unit of text: cue, source, content, chain and quote type, with offsets.

Rules over spaCy's dependency parse. A reporting verb's subject is its source and its clausal
complement (or, for a cue that follows its content, everything before the source) is the content.
Where one attribution sits inside another's content it becomes a chain ("X said, AFP reported":
source X via AFP); where two sit side by side ("..., but rights groups put the number higher")
each is a claim of its own, and what is left of the unit is the outlet's own voice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.cues import verb_cue

Range = tuple[int, int]

PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_CLAUSE_LINKS = frozenset({"but", "while", "though", "although", "whereas", "which", "who", "with", "and", "what",
                           "as", "yet", "that", "where"})
_CUT_DEPS = frozenset({"relcl", "acl", "cc", "conj", "advcl", "parataxis", "ccomp"})
_LINK_START = frozenset({"with", "but", "while", "though", "although", "whereas", "and", "yet"})
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "det", "nummod", "quantmod", "npadvmod",
                        "punct", "prep", "pobj", "appos", "nn", "flat"})


@dataclass(slots=True)
class Found:
    """One attribution found in a unit (character offsets into the article)."""

    span: Range  # the clause carrying it (source, cue and content)
    content: Range | None
    source: Range | None  # the source noun phrase
    name: Range | None  # the source's name within it ("Rami Abdel Rahman" in "the observatory chief Rami ...")
    cue: str | None
    cue_span: Range | None
    quote: str = "indirect"
    via: list[tuple[Range, Range]] = field(default_factory=list)  # (name, mention) from the source outward
    pronoun: bool = False
    head: int = -1  # token index of the cue (orders attributions)
    lead: str = ""  # first word of the clause ("but", "with" mark a clause beside another, not inside it)


def attributions(doc: Doc, unit: Span) -> list[Found]:
    """Every attribution in `unit`, chains folded, one entry per claim the unit carries."""
    raw = [f for f in (_from_verb(doc, unit, t) for t in unit) if f is not None]
    raw += _according_to(doc, unit)
    raw.sort(key=lambda f: f.head)
    for f in raw:
        f.lead = (doc.text[f.span[0]:f.span[1]].split(maxsplit=1) or [""])[0].lower()
    return _fold_chains(raw)


def _from_verb(doc: Doc, unit: Span, tok: Token) -> Found | None:
    lemma = verb_cue(tok)
    if lemma is None:
        return None
    if lemma == "say" and tok.tag_ == "VBG" and tok.head.i != tok.i and (verb_cue(tok.head) or tok.head.lower_ == "as"):
        return None  # "condemned the bombing saying ...", "quoted X as saying": one attribution
    if lemma == "quote":
        return _quoted_as_saying(doc, unit, tok)
    if any(c.dep_ == "neg" for c in tok.children):
        return None
    subj = _subject(tok)
    if subj is None or subj.lower_ in ("which", "that", "who", "what"):
        return _adjacent_source(doc, unit, tok, lemma)
    src = _np_range(subj, unit)
    name = _name_range(subj, unit)
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=src, name=name, cue=lemma,
                  cue_span=(tok.idx, tok.idx + len(tok.text)), pronoun=subj.lower_ in PRONOUNS, head=tok.i)
    if lemma == "tell":
        for child in tok.children:
            if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN":
                r = _name_range(child, unit)
                found.via.append((r, r))
    found.content = _content(unit, tok, subj, found)
    found.span = _clause(unit, tok, found)
    return found


def _adjacent_source(doc: Doc, unit: Span, tok: Token, lemma: str) -> Found | None:
    """A cue whose subject the parse missed: the noun phrase right before it ("..., the Observatory said")."""
    i = tok.i - 1
    if i < unit.start or doc[i].pos_ not in ("PROPN", "NOUN"):
        return None
    lo = i
    while lo - 1 >= unit.start and (doc[lo - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET") or doc[lo - 1].text == "-"
                                     or (doc[lo - 1].lower_ in ("for", "of") and doc[lo - 2].pos_ == "PROPN")):
        lo -= 1
        if doc[lo].pos_ == "DET":
            break
    while lo < i and doc[lo].text == "-":
        lo += 1
    src = (doc[lo].idx, doc[i].idx + len(doc[i].text))
    name = src if doc[lo].pos_ != "DET" else (doc[lo + 1].idx, src[1])
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=src, name=name, cue=lemma,
                  cue_span=(tok.idx, tok.idx + len(tok.text)), pronoun=False, head=tok.i)
    before = [t for t in unit if t.i < lo and not t.is_punct and not t.is_space]
    if len(before) < 2:
        return None
    found.content = _trim(unit, unit.start_char, doc[lo].idx)
    found.span = _clause(unit, tok, found)
    return found


def _quoted_as_saying(doc: Doc, unit: Span, tok: Token) -> Found | None:
    """"AFP quoted the observatory chief Rami Abdel Rahman as saying": source the object, via the subject."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    subj = _subject(tok)
    if obj is None:
        return None
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=_np_range(obj, unit),
                  name=_name_range(obj, unit), cue="say", cue_span=(tok.idx, tok.idx + len(tok.text)),
                  pronoun=obj.lower_ in PRONOUNS, head=tok.i)
    if subj is not None and subj.dep_ != "nsubjpass":
        found.via.append((_name_range(subj, unit), _np_range(subj, unit)))
    left = [t for t in unit if t.i < min(tok.i, subj.i if subj is not None else tok.i) and not t.is_space]
    if left:
        found.content = _trim(unit, left[0].idx, left[-1].idx + len(left[-1].text))
    else:
        saying = next((t for t in tok.subtree if t.lower_ == "saying"), None)
        start = (saying.idx + len(saying.text)) if saying is not None else obj.idx
        found.content = _trim(unit, start, unit.end_char)
    found.span = (unit.start_char, unit.end_char)
    return found


def _according_to(doc: Doc, unit: Span) -> list[Found]:
    out = []
    for tok in unit:
        if tok.lower_ != "according" or tok.i + 1 >= unit.end or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        src = _np_range(pobj, unit)
        cue_span = (tok.idx, to.idx + len(to.text))
        before = [t for t in unit if t.i < tok.i and not t.is_space]
        if len(before) >= 3:
            content = _trim(unit, unit.start_char, tok.idx)
        else:
            content = _trim(unit, src[1], unit.end_char)
        out.append(Found(span=(unit.start_char, unit.end_char), content=content, source=src,
                         name=_name_range(pobj, unit), cue="according to", cue_span=cue_span, head=tok.i))
    return out


def _subject(tok: Token) -> Token | None:
    """The grammatical subject of a verb, climbing through coordination and participles."""
    cur = tok
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "nsubjpass"), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("conj", "xcomp", "advcl", "acl") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


def _np_range(head: Token, unit: Span) -> Range:
    """The noun phrase headed by `head`, without relative clauses and clausal modifiers."""
    toks = [head]
    stack = [c for c in head.children if c.dep_ not in _CUT_DEPS]
    while stack:
        t = stack.pop()
        if not (unit.start <= t.i < unit.end):
            continue
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CUT_DEPS)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous stretch around the head
    lo = hi = toks.index(head)
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    first, last = toks[lo], toks[hi]
    # "at least 112 a monitoring group": a determiner after a number starts a new phrase
    for t in toks[lo:toks.index(head)]:
        if t.dep_ == "det" and t.i > first.i and any(x.like_num for x in toks[lo:toks.index(t)]):
            first = t
    while last.is_punct and last.i > head.i:
        last = last.doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def _name_range(head: Token, unit: Span) -> Range:
    """The name inside a source phrase: the proper-noun run around the head, else the whole phrase."""
    doc = head.doc
    np = _np_range(head, unit)
    target = head
    if head.pos_ != "PROPN":
        appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if appos is not None:
            target = appos
    if target.pos_ == "PROPN":
        lo = hi = target.i
        while lo - 1 >= unit.start and _name_token(doc[lo - 1]) and doc[lo - 1].idx >= np[0]:
            lo -= 1
        while hi + 1 < unit.end and (_name_token(doc[hi + 1]) or _joiner(doc, hi + 1)):
            hi += 1
        while hi > target.i and not _name_token(doc[hi]):
            hi -= 1
        return doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start = np[0]
    first = doc.char_span(np[0], np[1], alignment_mode="expand")
    if first is not None and len(first) > 1 and first[0].lower_ in ("the", "a", "an"):
        start = first[1].idx
    return start, np[1]


def _name_token(t: Token) -> bool:
    return t.pos_ == "PROPN" or (t.text[:1].isupper() and t.pos_ in ("NOUN", "ADJ") and not t.is_sent_start) \
        or (t.text == "-" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ == "PROPN" and t.i > 0
            and t.doc[t.i - 1].pos_ == "PROPN")


def _joiner(doc: Doc, i: int) -> bool:
    """ "for" or "of" inside a name: "Syrian Observatory for Human Rights"."""
    return doc[i].lower_ in ("for", "of") and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" \
        and doc[i - 1].pos_ == "PROPN"


def _content(unit: Span, cue: Token, subj: Token, found: Found) -> Range | None:
    comp = next((c for c in cue.children if c.dep_ in ("ccomp", "xcomp")), None)
    src_start, src_end = found.source or (cue.idx, cue.idx)
    cue_end = cue.idx + len(cue.text)
    if comp is not None and comp.i > cue.i:
        toks = list(comp.subtree)
        start = toks[0].idx
        mark = cue.doc[toks[0].i - 1] if toks[0].i - 1 > cue.i else None
        if mark is not None and mark.lower_ == "that":
            start = mark.idx
        end = toks[-1].idx + len(toks[-1].text)
        right = _right_extent(unit, cue)
        return _trim(unit, max(start, cue_end if src_start < cue.idx else src_end), max(end, right))
    lead = min(src_start, cue.idx)
    before = [t for t in unit if t.idx < lead and not t.is_punct and not t.is_space]
    linked = bool(before) and before[-1].lower_ in _LINK_START  # "..., with local media reporting 40"
    if (comp is not None and comp.i < cue.i) or len(before) >= 3 and not linked and not any(
            c.dep_ in ("dobj",) and c.i > cue.i for c in cue.children):
        start = unit.start_char
        for t in reversed(before):
            if t.lower_ in ("which", "what") and t.i > unit.start:
                start = t.idx
                break
        return _trim(unit, start, lead)
    after_start = max(cue_end, src_end if src_start > cue.idx else cue_end)
    return _trim(unit, after_start, _right_extent(unit, cue))


def _right_extent(unit: Span, cue: Token) -> int:
    """Where a cue's content to the right ends: the end of its complements, not of coordinated clauses."""
    ends = [cue.idx + len(cue.text)]
    for child in cue.rights:
        if child.dep_ in ("cc", "conj", "punct") or child.lower_ in _LINK_START:
            break
        last = max(child.subtree, key=lambda t: t.i)
        ends.append(last.idx + len(last.text))
    return max(ends)


def _clause(unit: Span, cue: Token, found: Found) -> Range:
    """The stretch of the unit this attribution covers, with its leading connective."""
    parts = [r for r in (found.content, found.source, found.cue_span) if r]
    start, end = min(r[0] for r in parts), max(r[1] for r in parts)
    doc = unit.doc
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is not None and first.start > unit.start:
        prev = doc[first.start - 1]
        if prev.lower_ in _CLAUSE_LINKS:
            start = prev.idx
    if end < unit.end_char:
        tail = doc.char_span(end, unit.end_char, alignment_mode="expand")
        if tail is not None and all(t.is_punct or t.is_space for t in tail):
            end = unit.end_char
    return start, end


def _trim(unit: Span, start: int, end: int) -> Range | None:
    text = unit.doc.text
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—"):
        end -= 1
    return (start, end) if end > start else None


def _inside(inner: Range | None, outer: Range | None) -> bool:
    return bool(inner and outer and outer[0] <= inner[0] and inner[1] <= outer[1])


def _fold_chains(found: list[Found]) -> list[Found]:
    """An attribution whose source and cue lie in another's content is reported by that one: a chain.

    "X said, AFP reported": "said" (source X) lies in the content of "reported" (source AFP), so
    the claim's source is X and AFP is the next hop outward.
    """
    consumed: set[int] = set()
    for k, f in enumerate(found):
        for j, g in enumerate(found):
            if j == k or j in consumed or k in consumed:
                continue
            if _inside(f.cue_span, g.content) and _inside(f.source, g.content) and g.source \
                    and f.lead not in _LINK_START:
                f.via = [*f.via, (g.name or g.source, g.source), *g.via]
                f.span = (min(f.span[0], g.span[0]), max(f.span[1], g.span[1]))
                consumed.add(j)
    return [f for k, f in enumerate(found) if k not in consumed]


def quote_type(text: str, content: Range | None) -> str:
    """direct when the content is a quotation, mixed when it holds quoted fragments, else indirect."""
    if content is None:
        return "indirect"
    piece = text[content[0]:content[1]].strip(" ,.;:")
    marks = sum(piece.count(q) for q in '"“”')
    if marks == 0:
        return "indirect"
    inner = piece.strip('"“”')
    if piece[:1] in '"“' and piece.rstrip(".,")[-1:] in '"”' and not any(q in inner for q in '"“”'):
        return "direct"
    if piece[:1] in '"“' and marks >= 2 and len(piece) > 0:
        # a quotation run over sentences, with an inner close and reopen, is still direct
        return "direct" if piece.rstrip(".,")[-1:] in '"”' else "mixed"
    return "mixed"


__all__ = ["Found", "attributions", "quote_type"]
