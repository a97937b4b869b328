"""Segmentation that survives real news text: the units claims are cut from.

spaCy's sentences are the start. On top: metadata in the head (datelines, "Published ...") and
credits ("--Reuters", "Afp -", "(Reuters)", "Source X and agencies") are set apart; a headline run
into the body without a full stop is split off; a quotation running over several sentences is
kept whole; an embedded tweet becomes its own unit with its author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token as SpacyToken

from kg.extract.lexicon import alternation, load_lexicon, one_of
from kg.extract.numbers import TENS, UNITS

_LEXICON = load_lexicon()
# a month or a day by its first three letters and any ending: "Sept.", "Wed,", "Sunday" (months.txt, weekdays.txt)
_MON = one_of(sorted({m[:3] for m in _LEXICON.months})) + r"[a-z]*\.?"
_WD = one_of(sorted({d[:3] for d in _LEXICON.weekdays})) + r"[a-z]*\.?,?"
HEAD_META = re.compile(
    rf"\A\s*(?:date\s+of\s+publication\s+)?(?:date\s+\d{{4}}-\d{{2}}-\d{{2}}|(?:{_WD}\s+)?(?:\d{{1,2}}\s+{_MON},?\s+"
    rf"\d{{4}}|{_MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}))"
    rf"(?:\s+\d{{1,2}}:\d{{2}}(?:\s*[ap]m)?|\s+\d{{3,4}}\s+(?:UTC|GMT)\s*[+-]?\d{{0,2}})?"
    r"\s*(?:\|\s*)?(?:at\s+\d{1,2}:?\d{2}\s+(?:[A-Z][a-z]+\s+)?[A-Z]{2,6}\s+[-–—]\s+)?"
    r"(?:\(updated\s+\d{1,2}:?\d{2}\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\)\s*)?(?:get\s+short\s+url(?:\s+0)*(?:\s+\d+)?\s*)?",
    re.I,
)
"""The date and page stamps that open an article: "Wed 05 Apr 2017", "Date of publication 11 August 2016",
"05.10.2017(updated 1935 05.10.2017) Get short URL 0 101" (a share link and its counters: zeros, then one
number; "0 85 12 Daesh terrorists" keeps the 12)."""
PUBLISHED = re.compile(rf"\b(?:published|(?:last\s+)?updated|posted)\s*:?\s+(?:on\s+|at\s+)?(?:{_WD}\s+)?"
                       rf"(?:{_MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MON},?\s+\d{{4}})"
                       r"(?:\s+\d{1,2}:\d{2}(?:\s*[ap]m)?)?\s*", re.I)

_CREDITS = _LEXICON.credits  # kg/data/lexicon/credits.txt
_SEGMENT_WORDS = _LEXICON.segment_words  # kg/data/lexicon/segment_words.txt
WIRES = one_of(_LEXICON.wires)  # kg/data/lexicon/wires.txt
DATELINE = re.compile(rf"(?:\b(?P<wire>{WIRES})\s+)?\b(?i:{_WD}\s+\d{{1,2}}\s+{_MON},?\s+\d{{4}})\b\s*")
"""A dateline inside the head, after the headline: "... hometown Sunday 22 Feb 2015", "AFP Saturday 10 Aug 2013"."""
CITY_WIRE = re.compile(rf"\b[A-Z]{{3,}}(?:[ -][A-Z]{{3,}})?,?\s*\((?P<wire>{WIRES})\)\s*[-–—]*\s*")
"""A city dateline with its wire: "BEIRUT (Sputnik) -", "MOSCOW (Reuters)"."""
_NAMES = r"[A-Z][\w'’.-]+(?:\s+(?:and\s+)?[A-Z][\w'’.-]+){0,3}"
_BYLINE_NAME = r"(?:[A-Z]\.\s?)?[A-Z][a-z]+(?: (?:al-|el-)?[A-Z][a-z]+)?"
EDITORS = re.compile(rf"(?<=[.!?\"”] ){_BYLINE_NAME}(?:\s?/\s?{_BYLINE_NAME})+\s*\Z")
"""A reporter/editor byline closing the text: "Hazem Sabbagh/Manal", "Manar al-Freih / Hazem Sabbagh",
"R. Raslan / Ghossoun", "R. Milhem / Ghossoun/H. Said"."""
_SMALL = one_of(_CREDITS["headline_small"])
RELATED_HEADLINE = re.compile(
    rf"\b{one_of(_CREDITS['related_credit'])}\s+(?:(?:[A-Z0-9][\w'’.-]*|{_SMALL})\s+){{3,}}?"
    rf"(?=(?:The|A|An|In|On|At)\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?!{_SMALL}\b)[a-z]"  # "The day before ..."
    rf"|According\s+to\b|[A-Z][\w'’-]*(?:\s+{_SMALL})*\s+(?!{_SMALL}\b)[a-z]"  # "Earlier in the day ..."
    r"|[A-Z]{3,}(?:\s[A-Z]{3,})?\s*\(|[\"“])")  # "MOSCOW (Sputnik)", a quotation
"""A picture credit and a related story's headline run into the text (Sputnik's pages): "Sputnik Mikhail
Alayeddin Syrian Army Reportedly Engaged in Fierce Fighting Against Daesh in Homs | The day before ...",
"REUTERS Rodi Said US Tanks to Storm Raqqa as Major Offensive Takes Shape | MOSCOW (Sputnik) ...": up to
the next sentence, its first capitalised word followed by a word in lower case."""
STORY_CODE = re.compile(r"\[(?:ID:)?n[A-Z0-9]{8,}\]")
"""A wire story's code left in the text: "[ID:nL6N0PP2YH]", "[nL5N1M2345]" (Reuters' links to other stories)."""
LAST_UPDATED = re.compile(r"\b(?i:last\s+updated?)\b:?[^.\n]{0,30}?\d{4}(?:\s+[A-Z]{3,}(?:\s[A-Z]{3,})?\b)?"
                          r"(?:\s+\d{1,2}:\d{2}(?:\s*-\s*GMT\s+\d{1,2}:\d{2})?(?:\s+\d+)?)?\s*")
"""A page stamp run into the text: "Last updated at Oct 042017 BEIRUT", "Last Update: Saturday 7 October 2017
KSA 16:06 - GMT 13:06 3885"."""
STAFF_CREDITS = re.compile(rf"\b(?i:{one_of(_CREDITS['staff_first'])})\s+{_NAMES}"
                           rf"(?:\s*[;,]\s*(?i:{one_of(_CREDITS['staff_next'])})\s+{_NAMES})*"
                           r"(?:\s*Our\s+Standards:\s*The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?)?")
# (?<!\s): a match starts where a run of spaces does (the leftmost match anyway), so a long run
# of spaces or newlines is tried once, not once a character (20,000 newlines took 2.5 s)
TRAILING_WIRE = re.compile(rf"(?<!\s)\s*[-–—]{{1,2}}\s*(?P<wire>(?i:{WIRES}))\s*\.?\s*\Z")  # "-REUTERS" too
LEADING_WIRE = re.compile(rf"(?P<wire>{WIRES})\s*[-–—:]\s+(?=[A-Z])")
_LEADING_IN_HEAD = re.compile(rf"(?<=[.!?] )(?P<wire>{WIRES})\s*[-–—:]\s+(?=[A-Z])")
BARE_WIRE = re.compile(rf"(?P<wire>{WIRES})\s+(?=[A-Z])")
CREDIT = re.compile(rf"\((?:[^()]{{0,40}}\b{one_of(_CREDITS['agencies'])}|{alternation(_CREDITS['credit_wire'])}|"
                    r"Photo[^()]{0,40}|"
                    rf"[^()]{{0,30}}\b{one_of(_CREDITS['picture'])}|"
                    r"Source:?[^()]{1,60}|File[^()]{0,30})\)|\bSource:?\s+[\w ]{1,40}?\band\s+agencies\b\.?|"
                    r"\bSource:?\s+[A-Z][\w ]{1,30}$")
TWEET = re.compile(
    rf"(?P<content>[^.!?\n]+?)\s+(?:\S*https?\S*\s+|\S*t\.co\S*\s+)*pic\.twitter\.com\S*\s+[—–-]?\s*"
    rf"(?P<author>[A-Z][^()\n]{{1,60}}?)\s+\((?P<handle>@?\w{{1,30}})\)\s+(?P<date>(?i:{_MON})\s+\d{{1,2}},?\s+\d{{4}})\s*"
)
PAGE_CHROME = re.compile(
    r"(?:\b[Ss]ource:?\s+(?:(?P<wire>" + WIRES + r")|[A-Z][\w ]{1,30}?)\s+)?"
    r"(?P<mark>\.\.\.\s+\d+\s+(?i:related)\b|\b(?i:" + one_of(_LEXICON.page_chrome) + r"\b|"
    r"copyright\s+(?:©|\(c\)|\d{4})|"
    r"tags\b(?=[^.]{0,300}\bcommunity\s+standards)|community\s+standards))")
"""Page furniture after the story ("Related News ...", "Follow us on Instagram", "Copyright 2018", "... 91 Related"
and other headlines, "Tags ... Community standards"): in the second half of the text, everything from the
first of these on is metadata; a wire named as the source just before ("Source Reuters Related News") is
credited with the story."""
SHARE_BUTTONS = re.compile(r"\bPrint\s+Tweet(?:\s+Views\s+\d+)?\s*"
                           r"|\bGet\s+short\s+URL(?:\s+Topic\b)?(?:\s+0\b)*(?:\s+\d+\b)?\s*"
                           r"|\b\d{4}\s+\d{2}\.\d{2}\.\d{4}\s*\(updated\s+\d{4}\s+\d{2}\.\d{2}\.\d{4}\)\s*")
"""A page's share buttons, view counters and time stamp run into the text: "Print Tweet Views 729", "Get short
URL 0 55" (a shared-link button and its counters: zeros, then at most one number; "Get short URL 0 85 | 12
Daesh terrorists"), "2159 18.05.2017(updated 2204 18.05.2017)"."""
HEAD_TAGS = re.compile(r"\bTags\s+(?=[A-Z])")
"""A page's keyword list run into the head ("... breathing problems. Tags Aleppo Syria toxic gas At least four")."""
QUOTES = re.compile(r"[\"“”]")
_TAB_RUN = re.compile(r" *\t[\t ]*")  # a break between a page's blocks, never inside a sentence
_WORD = re.compile(r"[^\W\d_]{2,}")
STARTERS = _LEXICON.story_openers  # words that often open a story (kg/data/lexicon/story_openers.txt)


@dataclass(frozen=True, slots=True)
class Segment:
    """A unit of text: `kind` is body, headline, meta or tweet; `author` and `cue` for a tweet."""

    start: int
    end: int
    kind: str = "body"
    author: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """An article's segments and the wire credited with the text (the trailing "--Reuters")."""

    segments: list[Segment]
    wire: tuple[int, int] | None = None  # offsets of the credited wire's name
    wire_from: int = 0  # the credit covers the text from here on (a leading credit covers what follows)


def doc_text(doc: Doc) -> str:
    """The text of a doc, kept once: `Doc.text` joins every token anew on each call."""
    text: str | None = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[SpacySpan, ...]:
    """The entities of a doc, kept once: `Doc.ents` builds its spans anew on each call."""
    ents: tuple[SpacySpan, ...] | None = doc.user_data.get("kg_ents")
    if ents is None:
        ents = doc.user_data["kg_ents"] = tuple(doc.ents)
    return ents


def layout(doc: Doc, title: str | None = None) -> Layout:
    """Cut a parsed article into headline, body sentences, metadata and tweets."""
    text = doc_text(doc)
    meta: list[tuple[int, int]] = []
    head = HEAD_META.match(text)
    body_start = head.end() if head else len(text) - len(text.lstrip())
    if head:
        meta.append((0, head.end()))
    for m in PUBLISHED.finditer(text):
        meta.append((m.start(), m.end()))
    for pattern in (CREDIT, STAFF_CREDITS, LAST_UPDATED, EDITORS, SHARE_BUTTONS, STORY_CODE, RELATED_HEADLINE):
        for m in pattern.finditer(text):
            meta.append((m.start(), m.end()))
    tags = HEAD_TAGS.search(text, body_start, body_start + 600)
    if tags:
        end = _tags_end(doc, tags.end())
        if end is not None:
            meta.append((tags.start(), end))
    chrome = next((m for m in PAGE_CHROME.finditer(text) if m.start("mark") >= len(text) // 2), None)
    if chrome:
        meta.append((chrome.start(), len(text)))
    wire, wire_from = None, 0
    city = CITY_WIRE.search(text, body_start, body_start + 600)
    if city:
        meta.append((city.start(), city.end()))
        wire, wire_from = city.span("wire"), city.start()
    dateline = DATELINE.search(text, body_start, body_start + 400)
    if dateline and dateline.start() > body_start:
        meta.append((dateline.start(), dateline.end()))
        if dateline.group("wire") and wire is None:
            wire, wire_from = dateline.span("wire"), dateline.start()
    trailing = TRAILING_WIRE.search(text)
    if trailing:
        meta.append((trailing.start(), trailing.end()))
        wire, wire_from = trailing.span("wire"), 0
    elif chrome and chrome.group("wire"):
        wire, wire_from = chrome.span("wire"), 0
    headline_end = _headline_end(doc, body_start, title)
    if dateline and wire is not None and wire == dateline.span("wire") and headline_end is not None \
            and not text[headline_end:dateline.start()].strip():
        wire_from = 0  # "HEADLINE AFP Saturday 25 Jun 2016 BODY": the credit of the whole story, its headline too
    credit = None
    if headline_end is not None:
        after = len(text[headline_end:]) - len(text[headline_end:].lstrip())
        pos = headline_end + after
        credit = LEADING_WIRE.match(text, pos) or BARE_WIRE.match(text, pos)
        if credit:
            meta.append((credit.start(), credit.end()))
            wire = wire or credit.span("wire")
    if credit is None:
        # a credit opening the story, or after a standfirst the head runs into ("... their buses. Afp - The")
        start = body_start if headline_end is None else headline_end
        credit = LEADING_WIRE.match(text, start) or _LEADING_IN_HEAD.search(text, start, start + 400)
        if credit:
            meta.append((credit.start("wire"), credit.end()))
            wire_from = credit.start("wire") if wire is None else 0
            wire = wire or credit.span("wire")
    tweets = [(m.start(), m.end(), m) for m in TWEET.finditer(text)] if "pic.twitter.com" in text else []
    cuts = sorted({body_start, *(e for _, e in meta), *(s for s, _ in meta),
                   *(x for s, e, _ in tweets for x in (s, e)), *([headline_end] if headline_end else [])})
    pieces: list[Segment] = []
    for sent in doc.sents:
        bounds = [sent.start_char, *[c for c in cuts if sent.start_char < c < sent.end_char], sent.end_char]
        for a, b in zip(bounds, bounds[1:], strict=False):
            a, b = _strip(text, a, b)
            if b <= a:
                continue
            if any(s <= a and b <= e for s, e in meta) or a < body_start:
                continue
            if len(_WORD.findall(text, a, b)) < 2:
                continue  # "Twitter", "12": page leftovers, not statements
            if not text[b:].strip() and _just_a_name(doc, a, b):
                continue  # "... Hazem Sabbagh": the writer's name closing the page
            kind = "headline" if headline_end is not None and b <= headline_end else "body"
            pieces.append(Segment(a, b, kind))
    for s, e, m in tweets:
        pieces = [p for p in pieces if not (s <= p.start < e)]
        a, b = _strip(text, m.start("content"), m.end("content"))
        pieces.append(Segment(a, m.end("date"), "tweet", author=m.span("author")))
    pieces.sort(key=lambda p: p.start)
    return Layout(_merge_quotes(text, _merge_broken(text, pieces)), wire, wire_from)


def _tags_end(doc: Doc, start: int) -> int | None:
    """Where a page's keyword list ("Tags Syria Aleppo regime forces ...") gives way to the story.

    Keywords are names and nouns; a story opens with a quantity ("At least 11", "Fourteen", "Dozens of"),
    else an article ("The", "A"): the first such word within 300 characters starts the story; else the last
    word that often opens one ("Syrian", "Russian") before the first verb with a subject. A list that is a
    sentence of its own (no subject in it) ends with it. None when nothing tells."""
    sent = next((s for s in doc.sents if s.start_char <= start < s.end_char), None)
    if sent is None:
        return None
    toks = [t for t in sent if t.idx >= start and t.idx - start < 300]
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in sent if t.idx >= start) and sent.end_char - start < 300:
        return sent.end_char  # "Tags Syria Aleppo ceasefire truce civilian casualties sniper fire."
    ranks = [(t, _opener_rank(t)) for t in toks[1:]]
    strong = [t for t, rank in ranks if rank is not None and rank < 2]
    if strong:
        best = min(strong, key=lambda t: (_opener_rank(t), t.i))
        return best.idx
    # a usual opener: the last one before the first verb with a subject ("... Turkey Syrian regime Syrian
    # regime warplanes bombed")
    verb = next((t for t in toks if t.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in t.children)), None)
    usual = [t for t, rank in ranks if rank == 2 and (verb is None or t.i < verb.i)]
    return usual[-1].idx if usual else None


_QUANTITY_OPENERS = load_lexicon().quantity_openers


def _opener_rank(tok: SpacyToken) -> int | None:
    """How surely a word opens a sentence after a keyword list: 0 a quantity, 1 an article, 2 a usual opener."""
    prev = tok.doc[tok.i - 1]
    if not tok.is_title or prev.pos_ in ("DET", "ADP", "NUM") or prev.like_num:
        return None  # "the Syrian", "29 Syrian rebels": inside a phrase
    if tok.lower_ in _QUANTITY_OPENERS or tok.like_num or tok.lower_ in UNITS or tok.lower_ in TENS:
        return 0
    if tok.lower_ in ("the", "a", "an"):
        return 1
    return 2 if tok.lower_ in STARTERS else None


def _just_a_name(doc: Doc, a: int, b: int) -> bool:
    span = doc.char_span(a, b, alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    return 2 <= len(words) <= 4 and all(t.pos_ == "PROPN" and t.is_title for t in words)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def block_starts(text: str) -> list[int]:
    """Where a block of a page starts after a run of tabs (a caption, a pull quote, a subheading
    between paragraphs): a run of tabs never lies inside a sentence."""
    return [m.end() for m in _TAB_RUN.finditer(text) if m.end() < len(text)]


def parse_ready(nlp: Language, text: str) -> Doc:
    """An article's tokens with a sentence start set at each of its `block_starts`, for the parser to
    keep. The token after it is set to continue the sentence: given only a start, spaCy's parser
    ends that sentence after its first word ("Rebel | shelling on the Syrian capital ...")."""
    doc = nlp.make_doc(text)
    for start in block_starts(text):
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
            if span.start + 1 < len(doc):
                doc[span.start + 1].is_sent_start = False
    return doc


def _headline_end(doc: Doc, body_start: int, title: str | None) -> int | None:
    """Where a headline run into the body ends, or None when the text opens with the body."""
    text = doc_text(doc)
    if title:
        # the title as the page gave it, or without the site's trail ("... State media - Region - World - Ahram Online")
        cuts = [m.start() for m in re.finditer(r"\s[-–|]\s", title)]
        for t in (title[:c].strip().rstrip(".") for c in (len(title), *reversed(cuts))):
            if t and text[body_start:body_start + len(t)].lower() == t.lower():
                end = body_start + len(t)
                return end + 1 if text[end:end + 1] == "." else end
    first = next((s for s in doc.sents if s.end_char > body_start), None)
    if first is None:
        return None
    toks = [t for t in first if t.idx >= body_start]
    for k in range(3, min(len(toks), 30)):
        tok, prev = toks[k], toks[k - 1]
        if not tok.is_title or tok.lower_ not in STARTERS:
            continue
        if prev.is_punct or prev.like_num or prev.pos_ in ("DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "ADJ") or \
                prev.lower_ in ("of", "the", "and", "to", "in"):  # "At least seven Syrian children": one phrase
            continue
        if prev.is_lower and tok.lower_ in ("in", "on", "as", "after", "at", "about", "over", "around", "up"):
            continue
        if prev.is_lower and ("-" in prev.text or (prev.i > 0 and prev.nbor(-1).text == "-")):
            continue  # "a rebel-held Syrian town": a modifier, then its noun
        if _closing_voice(toks[k:]):
            continue  # "... west of Daeshs de facto capital of Raqqa | Syrian state-run news agency SANA reported."
        # a wire credit between headline and body belongs to neither
        end = prev.idx + len(prev.text)
        wire = re.search(rf"\s(?:{WIRES})\s*[-–—:]?\s*$", text[body_start:end])
        if wire:
            end = body_start + wire.start()
        return end
    if first.text.rstrip().endswith(".") or first.end_char >= len(text.rstrip()):
        return None
    return None


def _closing_voice(toks: list[SpacyToken]) -> bool:
    """Whether the words are a voice and its verb closing a sentence ("Syrian state-run news agency SANA
    reported.", "the Observatory said on Sunday."): the end of the first sentence, not a body after a headline."""
    words = [t for t in toks if not t.is_punct and t.ent_type_ not in ("DATE", "TIME") and t.pos_ != "ADP"]
    return 1 < len(words) <= 10 and words[-1].lemma_.lower() in _LEXICON.inverting_verbs


def _merge_broken(text: str, pieces: list[Segment]) -> list[Segment]:
    """Join a piece to the one before when the break cannot be a sentence's end: the piece opens
    with a lower-case word, the one before ends on a word that needs more ("were listed by",
    "According to a new report by the Syrian Center for Policy Research |"), or the piece is only
    its speaker ('"...," | Zoubi said.')."""
    out: list[Segment] = []
    for p in pieces:
        gap = text[out[-1].end:p.start] if out else ""
        if out and p.kind == out[-1].kind == "body" and "\n" not in gap \
                and text[out[-1].end - 1:out[-1].end] not in ".!?" and (
                    text[p.start:p.start + 1].islower() or _open_end(text, out[-1])):
            out[-1] = Segment(out[-1].start, p.end, "body")
            continue
        if out and p.kind == out[-1].kind == "body" and "\n" not in gap \
                and _ONLY_SPEAKER.fullmatch(text, p.start, p.end):
            out[-1] = Segment(out[-1].start, p.end, "body")
            continue
        out.append(p)
    return out


_OPEN_END = re.compile(rf"\b(?i:{alternation(_SEGMENT_WORDS['open_end'], longest_first=True)})\Z")


def _open_end(text: str, piece: Segment) -> bool:
    """A piece that cannot end a sentence: on a preposition or article, or an "According to X" alone."""
    return bool(_OPEN_END.search(text, piece.start, piece.end)) or text.startswith("According to", piece.start)
_ONLY_SPEAKER = re.compile(rf"(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}|"
                           rf"{alternation(_SEGMENT_WORDS['speaker_pronoun'])})\s+"
                           rf"(?:{alternation(_SEGMENT_WORDS['closing_verb'])}|told\s+\w+)\.?")


def _merge_quotes(text: str, pieces: list[Segment]) -> list[Segment]:
    """Join sentences while a quotation is open, so a quote over several sentences stays one unit."""
    out: list[Segment] = []
    k = 0
    while k < len(pieces):
        cur = pieces[k]
        n = len(QUOTES.findall(text, cur.start, cur.end))
        j = k
        while n % 2 == 1 and j + 1 < len(pieces) and j - k < 5 and pieces[j + 1].kind == cur.kind:
            j += 1
            n += len(QUOTES.findall(text, pieces[j].start, pieces[j].end))
        if j > k and n % 2 == 0:
            cur = Segment(cur.start, pieces[j].end, cur.kind)
            k = j
        out.append(cur)
        k += 1
    return out


__all__ = ["Layout", "Segment", "doc_ents", "doc_text", "layout"]
