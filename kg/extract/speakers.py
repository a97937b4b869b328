"""Who speaks: the token that heads a source phrase, where the parse alone would miss it.

Pure functions over spaCy tokens, used by `kg.extract.attribution`: the subject of a cue (through
coordination and participles), a source named after its cue ("... said the Observatory"), an
inverted subject, a person tied to an organisation, a name the tagger mislabelled, the noun a
relative clause describes, and speakers joined by "and" or a place ("a journalist in the city").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.cues import DOCUMENT_NOUNS, SPEAKER_NOUNS, reduced_voice
from kg.extract.lexicon import load_lexicon
from kg.extract.sentences import doc_ents

Range = tuple[int, int]


_LEXICON = load_lexicon()
_INVERTING = _LEXICON.inverting_verbs
_ROLE_NOUNS = _LEXICON.role_nouns
VOICE_NOUNS = SPEAKER_NOUNS | DOCUMENT_NOUNS
_NAMED_VOICES = VOICE_NOUNS | _ROLE_NOUNS  # what a common noun naming a voice after its cue may be


def named_after(doc: Doc, unit: Span, tok: Token, lemma: str, subj: Token | None) -> tuple[int, int, int] | None:
    """The source named right after its cue when the content came first ("... killed 10 civilians said
    the Syrian Observatory for Human Rights", "... said the statement which gave no details"): a noun
    phrase holding a name or a voice noun, ending the clause. The parse often takes a word of the
    content for the subject there. `subj` is the cue's grammatical subject (`subject(tok)`). Returns the
    phrase's head and its first and end token indexes."""
    if lemma not in _INVERTING or tok.i - unit.start < 4 or any(
            c.dep_ in ("ccomp", "xcomp") and c.i > tok.i and c.lower_ not in _ROLE_NOUNS and not (
                c.tag_ == "VBG" and any(g.dep_ == "nsubj" and tok.i < g.i < c.i for g in c.children))
            for c in tok.children):
        return None  # "said the Observatorys head Rami ...": a role the tagger took for a verb is no clause;
        # "said local sources speaking on condition of anonymity": the voice's participle is none either
    if subj is not None and (subj.pos_ in ("PROPN", "PRON") or subj.lower_ in VOICE_NOUNS
                             or subj.ent_type_ in ("PERSON", "ORG", "NORP")):
        return None  # "SANA confirmed the report": a voice before the cue, an object after it
    k = tok.i + 1
    if k < unit.end and doc[k].pos_ == "DET":
        k += 1
    words: list[Token] = []
    while k < unit.end and (doc[k].pos_ in ("PROPN", "NOUN", "ADJ") or doc[k].lower_ in _ROLE_NOUNS
                            or doc[k].text == "-" or (doc[k].dep_ == "amod" and doc[k - 1].text == "-") or (
            doc[k].lower_ in ("for", "of") and words and k + 1 < unit.end and doc[k + 1].pos_ == "PROPN")):
        words.append(doc[k])
        k += 1
    ends = k >= unit.end or doc[k].is_punct or doc[k].tag_ == "VBG" or doc[k].lower_ in (
        "which", "who", "that", "in", "on", "adding", "citing", "according")
    nouns = [w for w in words if w.pos_ in ("PROPN", "NOUN")]
    if not nouns or not ends or doc[tok.i + 1].ent_type_ in ("DATE", "TIME") or not (
            any(w.pos_ == "PROPN" for w in nouns) or nouns[-1].lower_ in _NAMED_VOICES):
        return None
    inside = {w.i for w in words}
    head = next((w for w in nouns if w.head.i not in inside), nouns[-1])
    if head.pos_ != "PROPN" and head.lower_ not in _NAMED_VOICES:
        return None  # "has reported the elimination of Daesh positions": an object, not a voice ("the director" is)
    return head.i, words[0].i, words[-1].i + 1


def inverted_subject(tok: Token) -> Token | None:
    """ "... in the town of X said the Syrian Observatory": the parse takes the source for an object."""
    doc = tok.doc
    nxt = tok.i + 1
    if nxt < len(doc) and doc[nxt].pos_ == "DET":
        nxt += 1
    if nxt >= len(doc) or doc[nxt].pos_ != "PROPN" or tok.i - tok.sent.start < 4 or tok.lemma_ == "tell" \
            or doc[nxt].ent_type_ in ("DATE", "TIME"):
        return None  # "told the AP": the one told, not the teller
    if not any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children) and tok.dep_ not in ("conj", "ROOT"):
        return None
    cur = doc[nxt]
    while cur.head.i != cur.i and cur.head.i > tok.i and cur.dep_ in ("compound", "amod", "nmod", "flat"):
        cur = cur.head
    return cur


def person_of(doc: Doc, unit: Span, start: int) -> Range | None:
    """A person named just before a source phrase that starts at character `start` and tied to it by
    "of"/"from" ("Zakaria Malhifji of | the Aleppo based Fastaqim group"), which the parse attached to
    the words before; the person is the source, the phrase says who they are."""
    k = _token_at(unit, start)
    if k is None:
        return None
    while k - 1 > unit.start and doc[k - 1].pos_ in ("PROPN", "DET", "ADJ", "NOUN") \
            and doc[k - 1].ent_type_ != "PERSON":
        k -= 1
    if k - 2 < unit.start or doc[k - 1].lower_ not in ("of", "from"):
        return None
    return _person_ending_at(doc, unit, k - 1)


def person_in_role(doc: Doc, unit: Span, start: int, subj: Token) -> Range | None:
    """A person named just before a source phrase that starts at character `start` with "the" and says
    their role ('"..." Rami Abdel-Rahman the organizations head said', no comma between): the parse took
    the role for the subject; the person is the source, the phrase says who they are."""
    k = _token_at(unit, start)
    if k is None or subj.lemma_.lower() not in _ROLE_NOUNS or doc[k].lower_ != "the":
        return None
    return _person_ending_at(doc, unit, k)


_NOT_PEOPLE = ("GPE", "LOC", "NORP", "ORG", "FAC")
DESCRIBING_NOUNS = _LEXICON.role_nouns | _LEXICON.agent_roles | _LEXICON.person_nouns  # "spokesman", "resident"


def person_before_role(doc: Doc, unit: Span, subj: Token) -> Range | None:
    """A person named right before the role that is the subject, the commas lost: "Mahmud Abu Malak a
    spokesman for the Nureddin al-Zanki rebel group described", "Jens Laerke spokesman for OCHA said": a
    name the parser knows for a person's, opening the unit or after a word that can end a quotation, not
    after a preposition ("In Qaterji a man shouted")."""
    if subj.tag_ != "NN" or subj.lemma_.lower() not in DESCRIBING_NOUNS:
        return None  # "President Bashar al-Assads officials": many, not the man named
    k = subj.i
    while k - 1 >= unit.start and doc[k - 1].pos_ == "ADJ":
        k -= 1  # "a senior official"
    article = k - 1 >= unit.start and doc[k - 1].lower_ in ("a", "an", "the")
    end = k - 1 if article else k
    k = end
    while k - 1 >= unit.start and doc[k - 1].pos_ == "PROPN" and doc[k - 1].ent_type_ not in _NOT_PEOPLE:
        k -= 1
    while end > k and doc[end - 1].ent_type_ != "PERSON":
        end -= 1  # "Mohammad al-Shaar Syrias interior minister": the name, not the country's
    if end == k:
        return None  # no person's name ("Military Denies The Syrian military source")
    if k > unit.start and not doc[k - 1].whitespace_:
        return None  # "Al-Manar correspondent": part of a longer name
    if k > unit.start and not (doc[k - 1].is_punct or doc[k - 1].pos_ in ("NOUN", "VERB", "ADJ", "ADV", "NUM")):
        return None
    return doc[k].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _token_at(unit: Span, start: int) -> int | None:
    """The index of the unit's first token at or after character `start`."""
    return next((t.i for t in unit if t.idx >= start), None)


def _person_ending_at(doc: Doc, unit: Span, end: int) -> Range | None:
    """A person's name ending before token `end`, opening the unit or right after punctuation (a quote)."""
    person = next((e for e in doc_ents(doc) if e.label_ == "PERSON" and e.end == end and e.start >= unit.start), None)
    if person is None or not (person.start == unit.start or doc[person.start - 1].is_punct):
        return None
    return person.start_char, person.end_char


def untagged_name(doc: Doc, unit: Span, i: int) -> bool:
    """A capitalised word inside a sentence that the tagger took for an adjective ("... occurred Sino
    told journalists"): a name when it ends a person's name met in the article, or names no nationality
    or group ("Syrian", "Kurdish")."""
    tok = doc[i]
    if not (i > unit.start and tok.pos_ in ("ADJ", "X") and tok.is_title and doc[i - 1].text[-1:] not in ".!?\"'"):
        return False
    surname = any(e.label_ == "PERSON" and e[-1].text == tok.text for e in doc_ents(doc))
    return surname or tok.ent_type_ not in ("NORP", "GPE")


def clause_owner(doc: Doc, unit: Span, i: int, cue: Token) -> int | None:
    """The noun a relative clause ending at token `i` describes, when that noun names a voice."""
    cur = doc[i]
    while cur.head.i != cur.i and unit.start <= cur.head.i < cue.i:
        if cur.dep_ == "relcl" and (cur.head.lower_ in VOICE_NOUNS or cur.head.ent_type_ in ("ORG", "PERSON")):
            return cur.head.i
        cur = cur.head
    return None


def speakers_before(doc: Doc, unit: Span, lo: int) -> tuple[int, int]:
    """Where a source phrase that starts at token `lo` really starts, and its first noun phrase, when
    the words before it extend it: "a journalist | in the city", "a monitor and | a journalist". Only a
    noun that names a speaker (or a person or organisation) is taken, so "the camps in Idlib
    activists said" stays "Idlib activists". Returns (start, end) token indexes of the first phrase."""
    start, end = lo, lo
    while start - 2 >= unit.start and doc[start - 1].lower_ in ("in", "at", "from", "inside", "and", "with"):
        head = doc[start - 2]
        if head.pos_ not in ("NOUN", "PROPN") or not (head.lower_ in SPEAKER_NOUNS or head.lemma_.lower() in
                                                       SPEAKER_NOUNS or head.ent_type_ in ("PERSON", "ORG")):
            break
        k = start - 2
        while k - 1 >= unit.start and (doc[k - 1].pos_ in ("PROPN", "NOUN", "ADJ") or doc[k - 1].text == "-"):
            k -= 1
        if k - 1 >= unit.start and doc[k - 1].pos_ == "DET":
            k -= 1
        start, end = k, start - 2
    return start, end


_ISSUING = _LEXICON.issuing_verbs
_DOCUMENT_LIKE = _LEXICON.document_like_nouns


def _clause_of_participle(tok: Token) -> Token | None:
    """ "Assad cast doubt on the intentions of the US in Syria saying ...": the parse hung the participle on a
    thing; the clause's subject speaks. Not when the thing speaks for itself: a voice ("activists saying"),
    a document that is not the subject's own ("vetoed a resolution calling for"), one issued by someone
    ("a call from the military urging"). The verb of the clause, or None."""
    head = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or head.pos_ not in ("NOUN", "PROPN") or head.lower_ in VOICE_NOUNS \
            or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return None
    if any(c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") for c in head.children):
        return None
    clause = head
    while clause.dep_ in ("pobj", "prep", "dobj", "attr", "compound") and clause.head.i != clause.i:
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    if head.lemma_.lower() in _DOCUMENT_LIKE and clause.lemma_.lower() not in _ISSUING:
        return None
    if any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in clause.children):
        return None  # "In 2014 it launched an offensive ... announcing": whose "it" the rules cannot tell
    return clause


def subject(tok: Token) -> Token | None:
    """The grammatical subject of a verb, climbing through coordination and participles; for a report the
    parse read as a participle describing its voice ("local media reported"), that voice."""
    voice = reduced_voice(tok) and tok.i == tok.head.i + 1  # else the words right before (_adjacent_source)
    return _grammatical_subject(tok) or (tok.head if voice else None)


def mute(noun: Token) -> bool:
    """Whether a word cannot be a voice: a common noun that names no speaker, document, role or group of people."""
    return noun.pos_ == "NOUN" and not {noun.lower_, noun.lemma_.lower()} & (VOICE_NOUNS | _ROLE_NOUNS) \
        and noun.ent_type_ not in ("PERSON", "ORG", "NORP")


def _grammatical_subject(tok: Token) -> Token | None:
    cur = tok
    for _ in range(3):
        subjects = [c for c in cur.children if c.dep_ == "nsubj" and not c.is_punct]  # "[OPCW] said": not "]"
        if subjects:
            found = min(subjects, key=lambda c: abs(c.i - cur.i))  # two subjects: a parse without commas
            if not (cur.tag_ == "VBG" and found.i == cur.i - 1 and mute(found)
                    and not any(c.dep_ in ("aux", "auxpass") for c in cur.children)):
                return found
            # "A resident corroborated that account | saying ...": a thing the parse made the participle's
            # subject is the object before it; the participle goes on with the clause it hangs on
        head = cur.head
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" \
                and head.head.lower_ == "with":
            return head  # "with activists reporting ...": the noun the participle modifies
        clause = _clause_of_participle(cur)
        if clause is not None:
            cur = clause
            continue
        if cur.dep_ == "conj" and not any(c.dep_ == "cc" and head.i < c.i < cur.i and c.i >= cur.left_edge.i - 2
                                          for c in head.children):
            return None  # no "and"/"but" before it: a parse that glued two clauses, not a coordination
        if cur.dep_ == "advcl" and cur.tag_ in ("VBD", "VBZ", "VBP"):
            return None  # a finite clause of its own ("... Hama local media reported"): its subject is missing
        if cur.dep_ in ("conj", "xcomp", "advcl", "acl") and head.i != cur.i:
            cur = head
            continue
        return None
    return None


__all__ = ["DESCRIBING_NOUNS", "VOICE_NOUNS", "clause_owner", "inverted_subject", "mute", "named_after",
           "person_before_role", "person_in_role", "person_of", "speakers_before", "subject", "untagged_name"]
