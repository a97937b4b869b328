"""The reporting expressions that mark an attribution, as data.

One place owns the cue lexicon so that the parse-based rules (`attribution`) and the
parse-free fallbacks agree on what counts as "saying".
"""

from __future__ import annotations

import re

from spacy.tokens import Token

SPEECH_VERBS = frozenset(
    """
    say report tell claim acknowledge admit add confirm deny state announce warn blame condemn urge
    accuse quote cite estimate insist note explain describe reject pledge tweet write argue assert
    suggest predict promise vow threaten allege charge contend disclose reveal stress
    emphasise emphasize indicate maintain mention reiterate respond reply remark complain
    criticize criticise praise welcome demand ask question doubt believe think know hope fear
    worry feel agree disagree caution testify recall recount concede boast brag joke muse
    conclude find show document record update post announce tout lament decry slam blast
    """.split()
)
"""Verbs whose subject is a source and whose complement is reported content."""

# "call" and "put" only report in some frames; they are checked by `verb_cue`.
FRAMED_VERBS = frozenset({"call", "put", "raise", "express"})
NUMBER_NOUNS = frozenset({"number", "toll", "figure", "count", "tally"})

# Cue nouns that can head an attribution on their own: "the report", "in a statement".
CUE_NOUNS = frozenset({"report", "statement", "account", "toll", "tally", "estimate", "claim"})

# Source words that close a headline: "10 civilians dead in air strike on Syria rebel town: Monitor".
HEADLINE_CREDITS = frozenset({"monitor", "observatory", "activists", "report", "reports", "sources", "source",
                              "official", "officials", "ministry", "army", "police", "media", "witnesses", "medics",
                              "rescuers", "residents", "un", "who", "sohr", "sana", "state media", "group"})

ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.I)
SO_CALLED = re.compile(r"\bso-called\b", re.I)

# Things that look like cues but report nothing: "claimed the lives of", "show of force".
_NOT_CONTENT_OBJECTS = frozenset({"life", "lives", "live"})


def verb_cue(token: Token) -> str | None:
    """The cue lemma when `token` is a reporting verb in this frame, else None."""
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return None
    lemma = token.lemma_.lower()
    if token.dep_ == "amod" or (token.i > 0 and token.nbor(-1).lower_ == "so"):
        return None  # "so-called"
    if lemma in SPEECH_VERBS:
        if lemma == "claim" and any(c.lower_ in _NOT_CONTENT_OBJECTS for c in token.children if c.dep_ == "dobj"):
            return None
        if lemma in ("show", "find", "record", "document", "post", "update", "know", "feel", "think", "hope",
                     "fear", "worry", "believe", "ask", "question", "doubt", "concede", "conclude", "reply", "respond",
                     "declare", "welcome", "demand", "praise", "agree", "disagree", "feel", "find"):
            # cognition and display verbs report only with a clausal complement
            if not any(c.dep_ in ("ccomp",) for c in token.children):
                return None
        if lemma == "add" and not any(c.dep_ in ("ccomp",) for c in token.children) and not _is_parenthetical(token):
            return None
        return lemma
    if lemma == "call":
        kids = {c.dep_: c for c in token.children}
        if any(c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in ("on", "for")) for c in token.children):
            return "call on" if any(c.lower_ == "on" for c in token.children) else "call for"
        if "oprd" in kids or "xcomp" in kids or any(c.lower_ == "what" for c in token.children):
            return "call"
        return None
    if lemma == "put":
        if any(c.dep_ == "dobj" and c.lemma_.lower() in NUMBER_NOUNS for c in token.children):
            return "put"
        return None
    if lemma == "raise":
        if any(c.dep_ == "dobj" and c.lemma_.lower() in ("concern", "alarm", "question", "doubt")
               for c in token.children):
            return "raise"
        return None
    return None


def _is_parenthetical(token: Token) -> bool:
    """True for a cue that follows its content: "..., he added."."""
    return token.dep_ in ("parataxis", "conj") or token.i == token.sent.end - 2


__all__ = ["ACCORDING_TO", "CUE_NOUNS", "HEADLINE_CREDITS", "SPEECH_VERBS", "verb_cue"]
