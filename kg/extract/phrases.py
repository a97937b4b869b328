"""Character ranges of the phrases an attribution is made of: the source's phrase and name, trimmed content.

Parse-based and cheap: every function walks a handful of tokens around a head.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.figures import CATEGORY_WORDS
from kg.extract.lexicon import load_lexicon
from kg.extract.sentences import doc_ents, doc_text

Range = tuple[int, int]

_TITLES = load_lexicon().titles  # "President Bashar al-Assad": the title is not the name
_CUT_DEPS = frozenset({"relcl", "acl", "cc", "conj", "advcl", "parataxis", "ccomp"})


def mention_range(head: Token, unit: Span, cue: Token) -> Range:
    """The whole phrase naming the source, its modifiers included ("exit polls taken in South
    Carolina"), on its own side of the cue and after any line break."""
    if head.i > cue.i and head.dep_ != "nsubj":
        return np_range(head, unit)
    before = head.i < cue.i
    toks = [t for t in head.subtree if unit.start <= t.i < unit.end and (t.i < cue.i if before else t.i > cue.i)]
    breaks = [t.i for t in toks if "\n" in t.text_with_ws and t.i < head.i]
    if breaks:
        toks = [t for t in toks if t.i > max(breaks)]
    lo, hi = head.i, head.i
    index = {t.i for t in toks}
    while lo - 1 in index:
        lo -= 1
    while hi + 1 in index:
        hi += 1
    doc = head.doc
    for t in doc[lo:head.i]:
        if (t.like_num and t.nbor().text != "-") or t.lower_ in CATEGORY_WORDS:  # "16-page": no figure
            lo = t.i + 1  # "10 killed and 15 injured | Al-Manar correspondent reported": the figures are not who
    while lo < hi and ((doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in "“\"" or _lead_adverb(doc[lo])):
        lo += 1  # "Earlier a source at Aleppo Police Command said": when, not who
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    core = np_range(head, unit)
    start = min(doc[lo].idx, core[0]) if doc[lo].idx >= core[0] - 200 else core[0]
    return start, max(doc[hi].idx + len(doc[hi].text), core[1])


def np_range(head: Token, unit: Span) -> Range:
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
    while lo < hi and _lead_adverb(toks[lo]):
        lo += 1
    first, last = toks[lo], toks[hi]
    # "at least 112 a monitoring group": a determiner after a number starts a new phrase
    for k, t in enumerate(toks[lo:toks.index(head)], start=lo):
        if t.dep_ == "det" and t.i > first.i and any(x.like_num for x in toks[lo:toks.index(t)]):
            first = t
        if (t.like_num and t.nbor().text != "-") or t.lower_ in CATEGORY_WORDS:  # "16-page": no figure
            first = toks[k + 1]  # "15 injured | Al-Manar correspondent": the figures are not who speaks
    while last.is_punct and last.i > head.i:
        last = last.doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def name_range(head: Token, unit: Span) -> Range:
    """The name inside a source phrase: the proper-noun run around the head, else the whole phrase."""
    doc = head.doc
    np = np_range(head, unit)
    first = doc.char_span(np[0], np[1], alignment_mode="expand")
    opening = first[1].i if first is not None and len(first) > 1 and first[0].pos_ == "DET" else (
        first[0].i if first is not None else head.i)
    people = [e for e in doc_ents(doc) if e.label_ == "PERSON" and np[0] <= e.start_char and e.end_char <= np[1]
              and len(e) > 1 and (e.start <= head.i < e.end or e.start == opening or (
                  e.end_char == np[1] and e.start > 0 and doc[e.start - 1].pos_ not in ("ADP", "DET")
                  and doc[e.start - 1].lower_ not in _TITLES))]
    if people:
        return people[0].start_char, people[0].end_char  # "Zakaria Malhifji of the ... group"
    target = head
    if head.pos_ != "PROPN":
        appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if appos is not None:
            target = appos
    if target.pos_ == "PROPN":
        lo = hi = target.i
        while lo - 1 >= unit.start and name_token(doc[lo - 1]) and doc[lo - 1].idx >= np[0]:
            lo -= 1
        while hi + 1 < unit.end and (name_token(doc[hi + 1]) or joiner(doc, hi + 1)):
            hi += 1
        while hi > target.i and not name_token(doc[hi]):
            hi -= 1
        return doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start, end = np
    first = doc.char_span(np[0], np[1], alignment_mode="expand")
    if first is not None and len(first) > 1:
        k = 1 if first[0].lower_ in ("the", "a", "an") else 0
        times = [j for j in range(k, len(first) - 1) if first[j].i < head.i and time_word(first[j])]
        if times:  # "Late March media", "27 people on Monday activists": the time is not part of who speaks
            k = times[-1] + 1
        start = first[k].idx
        later = next((t for t in first[k + 1:] if t.i > head.i and time_word(t)), None)
        if later is not None and all(time_word(t) or t.is_punct for t in doc[later.i:first.end]):
            end = doc[later.i - 1].idx + len(doc[later.i - 1].text)  # "a group of UN experts | on Friday"
    return start, end


def _lead_adverb(tok: Token) -> bool:
    """An adverb opening a noun phrase the parse hung it on ("Earlier | a source said")."""
    return tok.pos_ == "ADV" and tok.dep_ == "advmod" and tok.head.i > tok.i


def time_word(tok: Token) -> bool:
    """A word of a time phrase ("on Saturday", "Late March"): a time speaks for no one."""
    if tok.lower_.endswith("old") or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "old"):
        return False  # "a 28-year-old teacher": an age
    return tok.ent_type_ in ("DATE", "TIME") or (
        tok.pos_ == "ADP" and any(c.ent_type_ in ("DATE", "TIME") for c in tok.children))


def name_token(t: Token) -> bool:
    if t.like_num and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-":
        return False  # "Human Rights Watchs 16-page report": a measure, not part of the name
    if t.like_num and t.i > 0 and t.doc[t.i - 1].pos_ == "PROPN":
        # "Division 30"; but "said Samira 55": a person's age (the commas around it lost)
        return not (t.doc[t.i - 1].ent_type_ == "PERSON" and t.ent_type_ != "PERSON" and len(t.text) <= 2)
    return t.pos_ == "PROPN" or (t.text[:1].isupper() and t.pos_ in ("NOUN", "ADJ") and not t.is_sent_start) \
        or (t.text == "-" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ == "PROPN" and t.i > 0
            and t.doc[t.i - 1].pos_ == "PROPN")


def joiner(doc: Doc, i: int) -> bool:
    """ "for" or "of" inside a name: "Syrian Observatory for Human Rights"."""
    return doc[i].lower_ in ("for", "of") and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" \
        and doc[i - 1].pos_ == "PROPN"

def trim(unit: Span, start: int, end: int) -> Range | None:
    """A range without edge spaces and separators, inside the unit, taking in the quotation marks
    (and the full stop before a closing one) that open or close it."""
    text = doc_text(unit.doc)
    start, end = max(start, unit.start_char), min(end, unit.end_char)
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—"):
        end -= 1
    if end <= start:
        return None
    k = start
    while k > unit.start_char and text[k - 1] == " ":
        k -= 1
    if k > unit.start_char and text[k - 1] in '"“' and open_quotes(text, unit.start_char, start) % 2 == 1:
        start = k - 1
    k = end
    while k < unit.end_char and text[k] in " .,!?":
        k += 1
    if k < unit.end_char and text[k] in '"”' and open_quotes(text, start, end) % 2 == 1:
        end = k + 1
    return start, end


def open_quotes(text: str, start: int, end: int) -> int:
    return sum(text.count(q, start, end) for q in '"“”')


__all__ = ["Range", "joiner", "mention_range", "name_range", "name_token", "np_range", "open_quotes", "trim"]
