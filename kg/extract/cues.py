"""The reporting expressions that mark an attribution.

One place owns the cue lexicon so that the parse-based rules (`attribution`) and the
parse-free fallbacks agree on what counts as "saying". The words are data (kg/data/lexicon/, read
through `kg.extract.lexicon`); the frames some verbs need are code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from kg.extract.lexicon import load_lexicon
from kg.extract.phrases import time_word

_LEXICON = load_lexicon()

SPEECH_VERBS = _LEXICON.speech_verbs
"""Verbs whose subject is a source and whose complement is reported content (kg/data/lexicon/speech_verbs.txt)."""

# "call", "put" and "point" only report in some frames; they are checked by `verb_cue`.
FRAMED_VERBS = frozenset({"call", "put", "raise", "express", "point"})
NUMBER_NOUNS = _LEXICON.number_nouns

# Source words that close a headline: "10 civilians dead in air strike on Syria rebel town: Monitor".
HEADLINE_CREDITS = _LEXICON.headline_credits

# Nouns for people and bodies that speak: a noun phrase headed by one can be a source even where
# the parse lost it ("... a monitor and a journalist in the city said"); the headline credits among them.
SPEAKER_NOUNS = _LEXICON.speaker_nouns

# What a voice issues: "according to a report by X" names X.
DOCUMENT_NOUNS = _LEXICON.document_nouns

# "according to" a manner or a rule, not a voice: "raids carried out according to their type".
MANNER_NOUNS = _LEXICON.manner_nouns

# Things that look like cues but report nothing: "claimed the lives of", "show of force".
_NOT_CONTENT_OBJECTS = _LEXICON.claim_objects


def reduced_voice(token: Token) -> bool:
    """ "... near Raqqa local media reported on Monday": the parse read "reported" as a participle
    describing the voice ("media that were reported"); in news it is the voice's act, the voice its subject."""
    if token.dep_ != "acl" or token.tag_ != "VBN" or token.lemma_.lower() not in ("report", "say"):
        return False
    if token.i == token.head.i + 1 and token.head.lower_ in SPEAKER_NOUNS:
        return True
    # "... in northern Syria Al Mayadeen TV channel reported on Sunday.": a name right before, and nothing
    # after but when
    return _closes_after_voice(token, entity=False)


def closing_report(token: Token) -> bool:
    """ "... pictures taken of the scene Al-Masdar reports.": the parse took the verb closing the sentence for
    a plural noun ("reports"); right after a voice, with nothing after it but a time, it is the voice's act."""
    return token.tag_ == "NNS" and token.lemma_.lower() in _LEXICON.inverting_verbs \
        and _closes_after_voice(token, entity=True)  # a name, not any capitalised word ("Raqqa Local reports")


def _closes_after_voice(token: Token, *, entity: bool) -> bool:
    """Whether the token comes right after a voice (a proper noun, with `entity` one the parser marks as an
    entity; a speaker noun; an acronym's closing bracket) and only a time follows it in its sentence."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    named = before.pos_ == "PROPN" and (bool(before.ent_type_) or not entity)
    return (named or before.lower_ in SPEAKER_NOUNS or before.text == ")") and ends_sentence(token)


def ends_sentence(token: Token) -> bool:
    """Whether only a time ("on Sunday", "late on Wednesday") and punctuation follow the token in its sentence."""
    return all(t.is_punct or time_word(t) for t in token.doc[token.i + 1:token.sent.end])


def verb_cue(token: Token, *, learned: bool = False) -> str | None:
    """The cue lemma when `token` is a reporting verb in this frame, else None.

    `learned` adds the forms learned from annotated political news (`learned_forms`): broader
    ("attacked", "declaring" are cues there), so it is off for conflict reporting by default.
    """
    if token.pos_ not in ("VERB", "AUX") and not (
            token.tag_ in ("VBD", "VBZ", "VBP") and token.dep_ in ("ROOT", "ccomp", "conj", "relcl", "parataxis")) \
            and not closing_report(token):
        return None
    if token.tag_ == "VBN" and token.dep_ in ("acl", "advcl", "amod") and not any(
            c.dep_ in ("aux", "auxpass") for c in token.children) and not reduced_voice(token):
        return None  # "the death toll estimated at 500": a participle, not a speaker's act
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return None  # "in order to estimate", "to tell": an intention, not a report
    if token.dep_ == "amod" or (token.i > 0 and token.nbor(-1).lower_ == "so"):
        return None  # "so-called"
    lemma = token.lemma_.lower()
    if lemma == "state" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ in _STATE_NOUNS:
        return None  # "40 others | state news agency SANA reported": the state's media, not a verb
    found = _framed(token, lemma)
    if found is None and learned and token.lower_ in learned_forms() and token.pos_ == "VERB" \
            and lemma not in FRAMED_VERBS:
        return lemma
    return found


_STATE_NOUNS = _LEXICON.state_nouns
_NEEDS_CLAUSE = _LEXICON.clause_verbs
"""Cognition and display verbs report only with a clausal complement ("found that ...")."""


def _framed(token: Token, lemma: str) -> str | None:
    """The cue lemma of the default lexicon, checking the frames some verbs need."""
    if lemma in SPEECH_VERBS:
        if lemma == "claim" and any(c.lower_ in _NOT_CONTENT_OBJECTS or any(g.like_num for g in c.children)
                                    for c in token.children if c.dep_ == "dobj"):
            return None  # "the strikes claimed more than 100 lives"
        if lemma in _NEEDS_CLAUSE and not any(c.dep_ == "ccomp" for c in token.children):
            return None
        if lemma == "add" and not any(c.dep_ == "ccomp" for c in token.children) and not _is_parenthetical(token):
            return None
        return lemma
    if lemma == "call":
        kids = {c.dep_ for c in token.children}
        if any(c.dep_ in ("prt", "prep") and c.lower_ in ("on", "for", "upon") for c in token.children):
            return "call on" if any(c.lower_ == "on" for c in token.children) else "call for"
        if kids & {"oprd", "xcomp"} or any(c.lower_ == "what" for c in token.children):
            return "call"
        return None
    if lemma == "put":
        return "put" if any(c.dep_ == "dobj" and c.lemma_.lower() in NUMBER_NOUNS for c in token.children) else None
    if lemma == "point":  # "the source pointed out that ...", not "pointed to the sky"
        if token.tag_ == "VBG":
            return None  # "X said ... pointing out that": X's statement goes on
        out = any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
        return "point out" if out and any(c.dep_ == "ccomp" for c in token.children) else None
    if lemma == "raise":
        if any(c.dep_ == "dobj" and c.lemma_.lower() in ("concern", "alarm", "question", "doubt")
               for c in token.children):
            return "raise"
    return None


@lru_cache(maxsize=1)
def learned_forms() -> frozenset[str]:
    """Word forms that mostly head a cue in annotated news (kg/data/cue_forms.tsv, built by
    scripts/learn_cue_lexicon.py from PolNeAR's train split)."""
    path = resources.files("kg").joinpath("data", "cue_forms.tsv")
    if not path.is_file():
        return frozenset()
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return frozenset(r.split("\t", 1)[0] for r in rows if r)


def _is_parenthetical(token: Token) -> bool:
    """True for a cue that follows its content: "..., he added."."""
    return token.dep_ in ("parataxis", "conj") or token.i == token.sent.end - 2


__all__ = ["DOCUMENT_NOUNS", "HEADLINE_CREDITS", "MANNER_NOUNS", "SPEAKER_NOUNS", "SPEECH_VERBS", "closing_report",
           "ends_sentence",
           "learned_forms", "verb_cue"]
