"""Who said what in one unit of text: cue, source, content, chain and quote type, with offsets.

Rules over spaCy's dependency parse. A reporting verb's subject is its source and its clausal
complement (or, for a cue that follows its content, everything before the source) is the content.
Where one attribution sits inside another's content it becomes a chain ("X said, AFP reported":
source X via AFP); where two sit side by side ("..., but rights groups put the number higher")
each is a claim of its own, and what is left of the unit is the outlet's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.cues import DOCUMENT_NOUNS, MANNER_NOUNS, SPEAKER_NOUNS, ends_sentence, verb_cue
from kg.extract.figures import CATEGORY_WORDS
from kg.extract.lexicon import load_lexicon
from kg.extract.phrases import Range, mention_range, name_range, name_token, np_range, time_word, trim
from kg.extract.quotes import quote_ends_before
from kg.extract.sentences import doc_ents, doc_text
from kg.extract.speakers import (
    DESCRIBING_NOUNS,
    VOICE_NOUNS,
    clause_owner,
    inverted_subject,
    named_after,
    person_before_role,
    person_in_role,
    person_of,
    speakers_before,
    subject,
    untagged_name,
)
from kg.model import QuoteType

# The word lists of these rules are data: kg/data/lexicon/*.txt, one file per list (pronouns.txt, ...).
_LEXICON = load_lexicon()
PRONOUNS = _LEXICON.pronouns
_CLAUSE_LINKS = _LEXICON.clause_links
# Cues that pass a report on: only these nest into a chain ("X said, AFP reported").
CHAIN_CUES = _LEXICON.chain_cues
_LINK_START = _LEXICON.link_starts


@dataclass(slots=True)
class Found:
    """One attribution found in a unit (character offsets into the article)."""

    span: Range  # the clause carrying it (source, cue and content)
    content: Range | None
    source: Range | None  # the source noun phrase
    name: Range | None  # the source's name within it ("Rami Abdel Rahman" in "the observatory chief Rami ...")
    cue: str | None
    cue_span: Range | None
    quote: QuoteType = "indirect"
    via: list[tuple[Range, Range]] = field(default_factory=list)  # (name, mention) from the source outward
    pronoun: bool = False
    head: int = -1  # token index of the cue (orders attributions)
    lead: str = ""  # first word of the clause ("but", "with" mark a clause beside another, not inside it)
    nested: bool = False  # a claim named inside another's words ("rejected calls by X to halt ..."): its own
    name_text: str = ""  # the source's name as written
    content_parts: list[Range] = field(default_factory=list)  # the content's stretches, when interrupted
    frame: Range | None = None  # "as saying" of "AFP quoted (reported, cited) X as saying": one claim, X via AFP


def attributions(doc: Doc, unit: Span, quoted: list[Range] | None = None, *, learned: bool = False) -> list[Found]:
    """Every attribution in `unit`, chains folded, one entry per claim the unit carries.

    A cue inside a quotation (`quoted`) belongs to the words quoted, not to the article's voice.
    """
    raw = [f for f in (_from_verb(doc, unit, t, learned) for t in unit) if f is not None]
    raw += _according_to(doc, unit)
    raw += _nominal(doc, unit)
    raw += _colon(doc, unit, loose=learned)
    if quoted:
        raw = [f for f in raw if not (f.cue_span and any(a < f.cue_span[0] and f.cue_span[1] < b for a, b in quoted))]
    raw.sort(key=lambda f: f.head)
    raw = [f for f in raw if not (f.pronoun and any(g is not f and _inside(f.cue_span, g.content) for g in raw))]
    # "X reiterated that ... resolution 2254 which calls for ...": a relative clause inside what X says
    # describes a thing X names; it is no voice of its own in the chain ("a source who said" is one)
    raw = [f for f in raw if not (_describes_a_thing(doc, f.head) and any(
        g is not f and _inside(f.cue_span, g.content) for g in raw))]
    # "The Observatory - which determines raids according to their type - said": an "according to"
    # inside another attribution's source describes that source; it attributes nothing.
    raw = [f for f in raw if not (f.cue == "according to" and any(g is not f and _inside(f.cue_span, g.source)
                                                                   for g in raw))]
    for f in raw:
        f.lead = (doc_text(doc)[f.span[0]:f.span[1]].split(maxsplit=1) or [""])[0].lower()
        f.name_text = doc_text(doc)[f.name[0]:f.name[1]] if f.name else ""
    return fold_chains(raw)


def _from_verb(doc: Doc, unit: Span, tok: Token, learned: bool = False) -> Found | None:
    lemma = verb_cue(tok, learned=learned)
    if lemma is None:
        return None
    if tok.tag_ == "VBG" and tok.head.i != tok.i and _under_cue(tok):
        return None  # "condemned the bombing saying ...", "said ... warning ...": one attribution
    if lemma == "quote" or (lemma in ("report", "cite") and _as_saying(tok) is not None):
        return _quoted_as_saying(doc, unit, tok)
    if any(c.dep_ == "neg" for c in tok.children):
        return None
    own = subject(tok) or _acronym_auxiliary(tok)
    after = named_after(doc, unit, tok, lemma, own)
    subj = (doc[after[0]] if after else None) or own or inverted_subject(tok)
    if subj is not None and not (unit.start <= subj.i < unit.end):
        subj = None  # the parse ran across a headline the unit does not include
    if subj is not None and subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl" \
            and tok.head.pos_ in ("PROPN", "NOUN") and unit.start <= tok.head.i:
        subj = tok.head  # "Barkley, who said he votes democratic": the one the clause is about
    if subj is not None and subj.pos_ == "PRON" and tok.dep_ == "relcl" and subj.i == tok.i - 1 > unit.start \
            and doc[subj.i - 1].dep_ == "relcl" and doc[subj.i - 1].head.i == tok.head.i \
            and tok.head.pos_ in ("PROPN", "NOUN") and unit.start <= tok.head.i:
        subj = tok.head  # "the aid group that supports it said": "it" ends the group's relative clause
    if subj is not None and time_word(subj):
        subj = None  # "local media reported on Monday citing ..."
    if subj is None or subj.lower_ in ("which", "that", "who", "what"):
        return _adjacent_source(doc, unit, tok, lemma)
    if event_voice(subj, lemma):
        return None  # "the fighting has raised concerns", "the conflict has claimed the lives": no voice
    if subj.i < tok.i and len(list(subj.subtree)) > 8 and tok.i - subj.i > 8 and subj.pos_ != "PROPN" \
            and not any(t.dep_ in ("relcl", "appos") for t in subj.subtree) \
            and any(t.tag_ in _FINITE for t in doc[subj.i + 1:tok.i]):
        adjacent = _adjacent_source(doc, unit, tok, lemma)
        if adjacent is not None:
            return adjacent  # no commas: the parse took a whole clause for the subject
        # (only with a finite verb between: "the coalition targeting the jihadists in Syria and Iraq
        # reported", "the director of a hospital in the rebel-held east told" are one noun phrase)
    src = _past_named_object(doc, mention_range(subj, unit, tok), subj)
    name = name_range(_issuer(subj) or subj, unit)  # "a report released by a group of UN experts said": the experts
    if name[0] < src[0] < name[1]:
        name = (src[0], name[1])  # cut as the source was ("Abu Taha | well-informed sources")
    if after is not None:  # "said the Observatorys head Rami Abdulrahman": role and name together
        first, last = doc[after[1]], doc[after[2] - 1]
        src = (min(src[0], (doc[first.i - 1] if doc[first.i - 1].pos_ == "DET" else first).idx),
               max(src[1], last.idx + len(last.text)))
        # "said Observatory chief Rami Abdel Rahman": the person the phrase ends on, not the body before
        named = next((e for e in reversed(doc_ents(doc)) if e.label_ == "PERSON" and first.i <= e.start
                      and e.end <= last.i + 1), None)
        name = (named.start_char, named.end_char) if named is not None else (first.idx, last.idx + len(last.text))
    person = (person_of(doc, unit, src[0]) or person_in_role(doc, unit, src[0], subj)
              or person_before_role(doc, unit, subj)) if subj.i < tok.i else None
    if person is not None:  # '"..." Zakaria Malhifji of the Aleppo based Fastaqim group told Reuters'
        src = (person[0], src[1])
        name = person
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=src, name=name, cue=lemma,
                  cue_span=(tok.idx, tok.idx + len(tok.text)), pronoun=subj.lower_ in PRONOUNS, head=tok.i)
    found.via += _told(tok, unit, lemma)
    found.content = _content(unit, tok, subj, found)
    found.span = _clause(unit, tok, found)
    _cite(doc, unit, tok, found)
    return found


def _acronym_auxiliary(tok: Token) -> Token | None:
    """ "IS said in a statement": a word in capitals right before the cue that the tagger took for its
    auxiliary is a name (the group's acronym), in a sentence not written in capitals."""
    aux = next((c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i == tok.i - 1), None)
    if aux is None or not (aux.text.isupper() and len(aux.text) > 1) or tok.sent.text.isupper():
        return None
    return aux


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # tags of a verb with a tense (a clause), not a participle


def _cite(doc: Doc, unit: Span, tok: Token, found: Found) -> None:
    """"X reported 15 deaths citing a statement from Y", "SOHR said citing medical sources": the one cited
    speaks, through the one citing (a hop), and what it says stops before "citing". Only a voice is cited
    this way: a name, a noun of those who speak, or a document with its issuer ("citing 300 violations"
    gives evidence, not a source). The whole is one claim (`frame`), as "quoted X as saying" is."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]  # "reported 15 deaths citing ...": on the object
    citing = next((c for t in (tok, *objects) for c in t.children if c.lower_ == "citing" and c.tag_ == "VBG"), None)
    cited = next((c for c in citing.children if c.dep_ == "dobj"), None) if citing is not None else None
    if citing is None or cited is None or not unit.start <= cited.i < unit.end or found.pronoun:
        return  # "Citing a military source it said": the hop would be a pronoun, left to the pronoun's reading
    who = _issuer(cited) or cited
    if not (who.pos_ == "PROPN" or who.ent_type_ in ("ORG", "PERSON", "NORP")
            or who.lower_ in SPEAKER_NOUNS or who.lemma_.lower() in SPEAKER_NOUNS):
        return
    found.via = [(found.name or found.source, found.source), *found.via] if found.source else found.via
    found.source, found.name = np_range(who, unit), name_range(who, unit)
    if found.content and found.content[0] < citing.idx < found.content[1]:
        found.content = trim(unit, found.content[0], citing.idx)
    that = next((t for t in doc[cited.i + 1:unit.end] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is not None and not (found.content and len(doc.text[found.content[0]:found.content[1]].split()) > 1):
        found.content = trim(unit, that.idx, unit.end_char)  # "reported Wednesday citing X that ..."
    found.frame = (citing.idx, citing.idx + len(citing.text))


_EVENT_NOUNS = _LEXICON.event_nouns


def event_voice(noun: Token, lemma: str) -> bool:
    """Whether `noun` is an event given as the voice of cue `lemma`: "the fighting has raised concerns",
    "the war has seen": no voice (but "the attack said" is a report's, and left to say, report, tell)."""
    return noun.lemma_.lower() in _EVENT_NOUNS and lemma not in ("say", "report", "tell")
_MEDIA_WORDS = _LEXICON.media_words
_REPORTER_ROLES = _LEXICON.reporter_roles
_PLACE_NOUNS = _LEXICON.place_nouns


def _describes_a_thing(doc: Doc, i: int) -> bool:
    """A cue heading a relative clause about a thing: "resolution 2254 which calls for"."""
    if not 0 <= i < len(doc) or doc[i].dep_ != "relcl":
        return False
    subjects = [c for c in doc[i].children if c.dep_ in ("nsubj", "nsubjpass")]
    antecedent = doc[i].head
    return bool(subjects) and all(c.lower_ in ("which", "that") for c in subjects) \
        and antecedent.lower_ not in SPEAKER_NOUNS and antecedent.ent_type_ not in ("PERSON", "ORG", "NORP")


def _told(tok: Token, unit: Span, lemma: str) -> list[tuple[Range, Range]]:
    """Whom a speaker told, a hop of the chain: "told AFP", "told the SANA news agency", "told SANAs
    correspondent" (the outlet named before the noun of its people or its kind)."""
    if lemma != "tell":
        return []
    out = []
    for child in tok.children:
        if child.dep_ not in ("dobj", "dative"):
            continue
        if name_token(child):
            named: Token | None = child
        elif child.lower_ in _MEDIA_WORDS or child.lower_ in _REPORTER_ROLES:
            named = next((c for c in child.children if c.dep_ in ("compound", "poss", "nmod", "amod")
                          and name_token(c)), None)
        else:
            named = None
        if named is not None:
            r = _without_time(unit.doc, name_range(named, unit))
            out.append((r, r))
    return out


def _past_named_object(doc: Doc, src: Range, subj: Token) -> Range:
    """A plural source without the person named just before its modifiers, the commas lost: "killing the
    terrorist commander Abu Taha | well-informed sources told Al-Manar" (the sources, not Abu Taha's)."""
    span = doc.char_span(*src, alignment_mode="expand")
    if subj.tag_ != "NNS" or span is None or not span.start <= subj.i < span.end:
        return src
    names = [t.i for t in doc[span.start:subj.i] if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
    if len(names) < 2 or names[-2] != names[-1] - 1 or names[-1] + 1 >= subj.i \
            or not doc[names[-1] + 1].text[:1].islower():
        return src  # "SANA sources", "Syrias armed forces": the body the sources speak for; a name is two words
    return doc[names[-1] + 1].idx, src[1]


def _without_time(doc: Doc, name: Range) -> Range:
    """A name without the day that follows it in the parse's run of names ("told Sputnik | Friday")."""
    span = doc.char_span(*name, alignment_mode="expand")
    if span is None:
        return name
    end = span.end
    while end - 1 > span.start and time_word(doc[end - 1]):
        end -= 1
    return name if end == span.end else (name[0], doc[end - 1].idx + len(doc[end - 1].text))


def _adjacent_source(doc: Doc, unit: Span, tok: Token, lemma: str) -> Found | None:
    """A cue whose subject the parse missed: the noun phrase right before it ("..., the Observatory said")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return None  # "prayers were called off": a passive has no speaker before it
    i = tok.i - 1
    if i - 2 > unit.start and doc[i].text == ")" and doc[i - 2].text == "(" and ends_sentence(tok):
        i -= 3  # "... a child the Syrian Observatory for Human Rights (SOHR) reported.": the name before its acronym
    timed = False
    while i > unit.start and (doc[i].pos_ in ("AUX", "PART") or doc[i].dep_ in ("aux", "neg", "advmod")
                              or time_word(doc[i])):
        timed = timed or time_word(doc[i])
        i -= 1  # "The US has also rejected", "The Russians had on Saturday accused"
    if i < unit.start or time_word(doc[i]) or not (doc[i].pos_ in ("PROPN", "NOUN") or untagged_name(doc, unit, i)):
        return None
    if timed and doc[i].lower_ not in SPEAKER_NOUNS and doc[i].ent_type_ not in ("ORG", "PERSON", "NORP", "GPE"):
        return None  # "experts investigating war crimes on Friday said": the words before the time are no voice
    if event_voice(doc[i], lemma):
        return None  # "injuries caused by the rocket attacks | adding that ...": an event is no voice
    owner = None if doc[i].lower_ in VOICE_NOUNS else clause_owner(doc, unit, i, tok)
    if owner is not None:  # "the monitoring group which has a network of sources on the ground | said"
        i = owner
    lo = i
    while lo - 1 >= unit.start and doc[lo - 1].ent_type_ not in ("DATE", "TIME", "CARDINAL", "QUANTITY") and (
            doc[lo - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET") or doc[lo - 1].text == "-"
                                     or (doc[lo - 1].lower_ in ("for", "of") and doc[lo - 2].pos_ == "PROPN")):
        if doc[lo - 1].lower_ in _PLACE_NOUNS and doc[i].lower_ in SPEAKER_NOUNS:
            break  # "north east of Syrias countryside | reporters said": where, then who
        if doc[lo - 1].lower_ in CATEGORY_WORDS:
            break  # "10 killed and 15 injured | Al-Manar correspondent reported"
        if doc[lo - 1].ent_type_ in ("GPE", "LOC") and doc[lo].pos_ == "PROPN" and doc[lo].ent_type_ not in (
                "GPE", "LOC"):
            break  # "in northern Syria | Al Mayadeen TV channel reported": where, then who
        if doc[lo - 1].pos_ == "NOUN" and doc[lo].pos_ == "PROPN" and doc[lo - 1].lower_ not in SPEAKER_NOUNS \
                and doc[lo - 1].lemma_.lower() not in DESCRIBING_NOUNS:
            break  # "killed at least six people | AFP reports", "pictures of the scene | Al-Masdar reports"
        if doc[lo - 1].pos_ == "NOUN" and doc[lo].pos_ == "PROPN" and doc[lo - 1].dep_ == "pobj" \
                and doc[lo - 1].head.lower_ not in ("by", "of", "from"):
            break  # "forces embedded within the group | Long War Journal reports": the noun is the content's
        lo -= 1
        if doc[lo].pos_ == "DET":
            break
    while lo < i and doc[lo].text == "-":
        lo += 1
    first = speakers_before(doc, unit, lo)
    src = (doc[first[0]].idx, doc[i].idx + len(doc[i].text))
    if first[0] < lo:  # "a monitor and a journalist in the city said": named by the first of them
        lo, i = first
    name = (doc[lo].idx, doc[i].idx + len(doc[i].text)) if doc[lo].pos_ != "DET" else \
        (doc[lo + 1].idx, doc[i].idx + len(doc[i].text))
    people = [e for e in doc_ents(doc) if e.label_ == "PERSON" and src[0] <= e.start_char and e.end_char == name[1]]
    if people:
        name = (people[0].start_char, people[0].end_char)
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=src, name=name, cue=lemma,
                  cue_span=(tok.idx, tok.idx + len(tok.text)), pronoun=False, head=tok.i)
    found.via += _told(tok, unit, lemma)
    before = [t for t in unit if t.i < lo and not t.is_punct and not t.is_space]
    if len(before) >= 2:
        found.content = trim(unit, unit.start_char, doc[lo].idx)
    else:
        found.content = trim(unit, tok.idx + len(tok.text), _right_extent(unit, tok))
    if found.content is None:
        return None
    found.span = _clause(unit, tok, found)
    return found


def _as_saying(tok: Token) -> Token | None:
    """The "saying" of "quoted (reported, cited) X as saying" under the cue `tok`."""
    return next((t for t in tok.subtree if t.lower_ == "saying" and t.i > 0 and t.doc[t.i - 1].lower_ == "as"), None)


def _quoted_as_saying(doc: Doc, unit: Span, tok: Token) -> Found | None:
    """"AFP quoted the observatory chief Rami Abdel Rahman as saying", "Reuters reported residents as
    saying": source the object, via the subject."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    subj = subject(tok)
    if obj is None:
        return None
    found = Found(span=(unit.start_char, unit.end_char), content=None, source=np_range(obj, unit),
                  name=name_range(obj, unit), cue="say", cue_span=(tok.idx, tok.idx + len(tok.text)),
                  pronoun=obj.lower_ in PRONOUNS, head=tok.i)
    if subj is not None and subj.dep_ != "nsubjpass":
        found.via.append((name_range(subj, unit), np_range(subj, unit)))
    elif (relay := _passive_relay(tok, unit)) is not None:
        found.via.append((name_range(relay, unit), np_range(relay, unit)))
    left = [t for t in unit if t.i < min(tok.i, subj.i if subj is not None else tok.i) and not t.is_space]
    if left:
        found.content = trim(unit, left[0].idx, left[-1].idx + len(left[-1].text))
    else:
        saying = next((t for t in tok.subtree if t.lower_ == "saying"), None)
        start = (saying.idx + len(saying.text)) if saying is not None else obj.idx
        words = [t for t in unit if not (t.is_punct or t.is_space)]
        found.content = trim(unit, start, words[-1].idx + len(words[-1].text)) if words else None
    found.span = (unit.start_char, unit.end_char)
    if (saying := _as_saying(tok)) is not None:
        found.frame = (doc[saying.i - 1].idx, saying.idx + len(saying.text))
    return found


def _passive_relay(tok: Token, unit: Span) -> Token | None:
    """Who passes on a passive "X was quoted as saying": "... by Interfax news agency", "... on state
    media" (a voice after "by", or a speaker noun after "on"), or None."""
    saying = _as_saying(tok)
    for prep in (*tok.children, *(saying.children if saying is not None else ())):
        if prep.dep_ not in ("prep", "agent") or prep.lower_ not in ("by", "on"):
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and unit.start <= obj.i < unit.end and (
                    obj.lower_ in SPEAKER_NOUNS or (prep.lower_ == "by" and obj.pos_ == "PROPN")):
                return obj
    return None


def _according_to(doc: Doc, unit: Span) -> list[Found]:
    out = []
    for tok in unit:
        if tok.lower_ != "according" or tok.i + 1 >= unit.end or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            # "According to Save the Children at least 25 ...": the parse read the name as words ("Save" a
            # verb), the entity tagger as a name
            named = next((e for e in doc_ents(doc) if e.start == to.i + 1 and e.end <= unit.end
                          and e.label_ in ("ORG", "PERSON", "NORP")), None)
            if named is not None:
                out.append(_according_to_name(unit, tok, to, named))
            continue
        if pobj.lemma_.lower() in MANNER_NOUNS or pobj.lower_ in MANNER_NOUNS:
            continue
        # "according to a Turkish General Staff statement artillery fire destroyed ...", no comma: the parse ran
        # the statement into the words after it; the source ends with the document
        pobj = next((t for t in pobj.lefts if t.dep_ in ("compound", "nmod") and _issuer(t) is not None), pobj)
        src = np_range(pobj, unit)
        issuer = _issuer(pobj)
        if issuer is not None and issuer.i > pobj.i:  # "figures compiled by X": the phrase runs to X's end
            src = (src[0], max(src[1], np_range(issuer, unit)[1]))
        cue_span = (tok.idx, to.idx + len(to.text))
        before = [t for t in unit if t.i < tok.i and not t.is_space]
        if len(before) >= 3:
            content = trim(unit, unit.start_char, tok.idx)
        else:
            content = trim(unit, src[1], unit.end_char)
        out.append(Found(span=(unit.start_char, unit.end_char), content=content, source=src,
                         name=name_range(issuer or pobj, unit), cue="according to", cue_span=cue_span,
                         head=tok.i))
    return out


def _according_to_name(unit: Span, according: Token, to: Token, named: Span) -> Found:
    """ "according to" and a name the entity tagger found right after it."""
    src = (named.start_char, named.end_char)
    before = [t for t in unit if t.i < according.i and not t.is_space]
    content = trim(unit, unit.start_char, according.idx) if len(before) >= 3 else trim(unit, src[1], unit.end_char)
    return Found(span=(unit.start_char, unit.end_char), content=content, source=src, name=src,
                 cue="according to", cue_span=(according.idx, to.idx + len(to.text)), head=according.i)


def _issuer(noun: Token) -> Token | None:
    """Who issued a document: "a report by | the Syrian Center for Policy Research", "figures from | the UN"."""
    if noun.lower_ not in DOCUMENT_NOUNS and noun.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    # "Human Rights Watchs 16-page report", "a Turkish General Staff statement": the owner named before it
    # (the apostrophe may be lost)
    owner = next((c for c in noun.children if c.dep_ in ("poss", "nmod", "compound") and c.i < noun.i
                  and c.pos_ == "PROPN" and c.ent_type_ not in ("DATE", "TIME")), None)
    if owner is not None:
        return owner
    # "a report by X", "a report released by X", "a statement attributed to X"
    released = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for prep in (*noun.children, *(c for r in released for c in r.children)):
        if prep.dep_ in ("prep", "agent") and (prep.lower_ in ("by", "from", "of") or (
                prep.lower_ == "to" and prep.head.lemma_.lower() == "attribute")):
            who = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if who is not None and (who.pos_ == "PROPN" or who.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")
                                    or (prep.i > noun.i + 1 and who.lower_ in SPEAKER_NOUNS)
                                    or any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss", "nmod")
                                           for c in who.children)):  # "by the Syrian Coalitions media office"
                return who
    return None


_NOMINAL_CUES = _LEXICON.nominal_cues
_CLAUSE_BREAKS = _LEXICON.clause_breaks


def _nominal(doc: Doc, unit: Span) -> list[Found]:
    """A claim named by a noun inside another claim: "(rejected) calls by Syrian opposition figures to halt
    the bombings" is what those figures call for, a claim of its own beside the one that mentions it."""
    out = []
    for tok in unit:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _NOMINAL_CUES or tok.i + 2 >= unit.end \
                or doc[tok.i + 1].lower_ not in ("by", "from") or tok.i == unit.start:
            continue
        who = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        if who is None or not (who.pos_ == "PROPN" or who.lower_ in VOICE_NOUNS or who.ent_type_ in (
                "ORG", "PERSON", "NORP", "GPE") or any(c.ent_type_ == "NORP" for c in who.children)):
            continue
        src = np_range(who, unit)
        to = next((t for t in doc[who.i + 1:min(unit.end, who.i + 9)]
                   if t.lower_ == "to" and t.i + 1 < unit.end and doc[t.i + 1].tag_ == "VB"), None)
        if to is None:
            continue
        end = to.i + 1
        while end + 1 < unit.end and not (doc[end + 1].lower_ in _CLAUSE_BREAKS and doc[end + 1].dep_ in (
                "mark", "cc", "prep")) and doc[end + 1].text not in ".;!?":
            end += 1
        stop = doc[end].idx + len(doc[end].text)
        out.append(Found(span=(tok.idx, stop), content=(to.idx, stop), source=src, name=name_range(who, unit),
                         cue=tok.lemma_.lower(), cue_span=(tok.idx, tok.idx + len(tok.text)), head=tok.i,
                         nested=True))
    return out


def _under_cue(tok: Token) -> bool:
    """Whether a participle hangs from another reporting verb (or from "as" in "quoted X as saying").
    One without a subject of its own is looked for further up: without commas the parse hangs "adding"
    on the nearest verb ("said the attack was carried out by a bomber driving a truck adding that ...")."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or \
        tok.head.pos_ in ("NOUN", "PROPN")  # "with a monitor saying": the noun speaks
    cur = tok
    for step in range(3 if own_subject else 6):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lower_ == "as" or verb_cue(cur):
            return True
        if cur.pos_ == "ADP" and (own_subject or step == 0):
            return False  # "with local media reporting": a clause of its own
    return False


def _colon(doc: Doc, unit: Span, *, loose: bool = False) -> list[Found]:
    """ "Kasich: 'We are going all the way'", "TAPPER: Do you think ...": a speaker, a colon, the words.

    The speaker must be short, verbless and a named person or organisation (or, `loose`, any noun).
    """
    toks = [t for t in unit if not t.is_space]
    colon = next((k for k, t in enumerate(toks[:8]) if t.text == ":"), None)
    if colon is None or colon == 0 or len(toks) - colon < 4:
        return []
    speaker = toks[:colon]
    if any(t.pos_ in ("VERB", "AUX") for t in speaker) or not speaker[-1].text[:1].isupper():
        return []
    named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in speaker) or all(
        t.text.isupper() for t in speaker if t.is_alpha)
    if not (named or loose and speaker[-1].pos_ in ("NOUN", "PROPN")):
        return []
    src = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text))
    cue = toks[colon]
    content = trim(unit, cue.idx + 1, unit.end_char)
    if content is None:
        return []
    return [Found(span=(unit.start_char, unit.end_char), content=content, source=src, name=src, cue="say",
                  cue_span=(cue.idx, cue.idx + 1), head=cue.i)]


_ASIDE = re.compile(r"\s(?:but|and|though|while)\s+it\s+(?:was|is|remained|remains)\s+(?:not\s+)?(?:yet\s+)?"
                    r"(?:immediately\s+)?(?:clear|unclear|known|possible)\b")
_RIGHT_OBJECTS = frozenset({"dobj", "oprd", "attr", "dative", "ccomp"})


def _content(unit: Span, cue: Token, subj: Token, found: Found) -> Range | None:
    src_start, src_end = found.source or (cue.idx, cue.idx)
    comp = next((c for c in cue.children if (c.dep_ == "ccomp" or c.dep_ == "xcomp" and c.tag_ != "VBG")
                 and not _voices_participle(c, src_start, src_end)), None)
    cue_end = cue.idx + len(cue.text)
    if comp is not None and comp.i > cue.i:
        toks = list(comp.subtree)
        start = toks[0].idx
        mark = cue.doc[toks[0].i - 1] if toks[0].i - 1 > cue.i else None
        if mark is not None and mark.lower_ == "that":
            start = mark.idx
        end = max(toks[-1].idx + len(toks[-1].text), _right_extent(unit, cue))
        aside = _ASIDE.search(doc_text(unit.doc), start, end)
        if aside:
            end = aside.start()  # "... had resumed but it was not immediately clear if ...": the writer speaks
        return trim(unit, max(start, cue_end if src_start < cue.idx else src_end), end)
    lead = min(src_start, cue.idx)
    before = [t for t in unit if t.idx < lead and not t.is_punct and not t.is_space]
    linked = bool(before) and before[-1].lower_ in _LINK_START  # "..., with local media reporting 40"
    quoted = quote_ends_before(unit, lead)  # '"...," she told AFP'
    recipient = cue.lemma_ == "tell"
    right_object = any(c.dep_ in _RIGHT_OBJECTS and c.i > cue.i and c.i != subj.i and not (
        recipient and c.dep_ in ("dobj", "dative")) and not _voices_participle(c, src_start, src_end)
        for c in cue.children)
    if quoted or (comp is not None and comp.i < cue.i) or len(before) >= 3 and not linked and not right_object:
        start = unit.start_char
        first = cue.doc.char_span(lead, lead + 1, alignment_mode="expand")
        if first is not None and first.start - 1 > unit.start and cue.doc[first.start - 1].lower_ in ("which", "what"):
            start = cue.doc[first.start - 1].idx  # "what the Observatory called ..."
        return trim(unit, start, lead)
    after_start = max(cue_end, src_end if src_start > cue.idx else cue_end)
    return trim(unit, after_start, _right_extent(unit, cue))


def _voices_participle(comp: Token, src_start: int, src_end: int) -> bool:
    """Whether a clause the parse hangs on the cue only tells of the voice named after it: "... said local
    sources | speaking on condition of anonymity", where "sources" is the participle's subject."""
    return comp.tag_ == "VBG" and any(c.dep_ == "nsubj" and src_start <= c.idx < src_end for c in comp.children)


def _right_extent(unit: Span, cue: Token) -> int:
    """Where a cue's content to the right ends: the end of its complements, not of coordinated clauses.

    A coordinated verb without a subject of its own goes on with the same speaker ("had reported
    the blast but did not specify ..."); one with its own subject is a new statement.
    """
    ends = [cue.idx + len(cue.text)]
    rights = list(cue.rights)
    for k, child in enumerate(rights):
        if child.dep_ in ("cc", "conj"):
            conj = child if child.dep_ == "conj" else next((c for c in rights[k + 1:] if c.dep_ == "conj"), None)
            if conj is None or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
                break
        elif child.dep_ == "punct" or child.lower_ in _LINK_START:
            break
        last = max(child.subtree, key=lambda t: t.i)
        ends.append(last.idx + len(last.text))
    return max(ends)


def _clause(unit: Span, cue: Token, found: Found) -> Range:
    """The stretch of the unit this attribution covers, with its leading connective."""
    parts = [r for r in (found.content, found.source, found.cue_span) if r]
    start = max(unit.start_char, min(r[0] for r in parts))
    end = min(unit.end_char, max(r[1] for r in parts))
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


def _inside(inner: Range | None, outer: Range | None) -> bool:
    return bool(inner and outer and outer[0] <= inner[0] and inner[1] <= outer[1])


def _names_someone(f: Found) -> bool:
    return bool(f.name and f.lead and f.name_text[:1].isupper())


def told_within(outer: Found, inner: Found) -> bool:
    """Whether `inner` (cue, source and content) lies inside what `outer`'s speaker says, the speaker named
    after it all: "... but Russia must stop insisting that Assad should remain in office | Turkish Foreign
    Minister Mevlut Cavusoglu said on Sunday"."""
    return outer.content is not None and outer.cue_span is not None and outer.content[1] <= outer.cue_span[0] \
        and all(_inside(r, outer.content) for r in (inner.cue_span, inner.source, inner.content) if r)


def fold_chains(found: list[Found]) -> list[Found]:
    """An attribution whose source and cue lie in another's content is reported by that one: a chain.

    "X said, AFP reported": "said" (source X) lies in the content of "reported" (source AFP), so
    the claim's source is X and AFP is the next hop outward.
    """
    consumed: set[int] = set()
    for k, f in enumerate(found):
        for j, g in enumerate(found):
            if j == k or j in consumed or k in consumed or f.nested or g.nested:
                continue
            if _inside(f.cue_span, g.content) and _inside(f.source, g.content) and g.source \
                    and f.lead not in _LINK_START:
                if g.cue == "according to" and not _names_someone(g):
                    consumed.add(j)  # "according to their type and flight patterns": no voice, no hop
                    continue
                if f.cue not in CHAIN_CUES or g.cue not in CHAIN_CUES:
                    consumed.add(k)  # "Sino said Kurds call for talks": the inner one is what is said
                    continue
                f.via = [*f.via, (g.name or g.source, g.source), *g.via]
                f.span = (min(f.span[0], g.span[0]), max(f.span[1], g.span[1]))
                consumed.add(j)
    return [f for k, f in enumerate(found) if k not in consumed]


__all__ = ["CHAIN_CUES", "PRONOUNS", "Found", "attributions", "event_voice", "fold_chains", "told_within"]
