"""Which conventions an article is read with: war reporting (`conflict`) or other news (`politics`).

The two differ in what attributes. Political news (PolNeAR, the encoder's training data) counts a stance
("attacked", "agreed to") and speech said not to have happened ("did not reply") as attribution, and a
speaker going on ("..., adding that ...") as a second one; conflict reporting tells events with some of the
same verbs and keeps a sentence of one speaker whole (`kg.extract.neural`). With KG_DOMAIN=auto each
article is read with the conventions of what it reports: war reporting when at least `CONFLICT_SHARE` of
its sentences state an event of war or a casualty (the event patterns and casualty phrases of the lexicon).

The share was set on PolNeAR's train and dev splits and on FA-KES, never on PolNeAR test: at 0.15, 45 of
PolNeAR's 840 train articles and 8 of its 84 dev articles read as war reporting (shootings, strikes,
terrorism), and 788 of FA-KES's 792 articles; the seed and the dev gold are all war reporting (0.69 or more).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract.discourse import CASUALTIES
from kg.extract.events import event_type
from kg.extract.lexicon import load_lexicon

CONFLICT_SHARE = 0.15
_MIN_WORDS = 4  # shorter sentences (datelines, credits) say nothing of what the article reports


def war_share(doc: Doc) -> float:
    """The share of the article's sentences (of four words or more) that state an event of war or a casualty."""
    sentences = [s.text for s in doc.sents if sum(not t.is_punct for t in s) >= _MIN_WORDS]
    if not sentences:
        return 0.0
    return sum(bool(event_type(s) or CASUALTIES.search(s)) for s in sentences) / len(sentences)


def article_domain(doc: Doc, domain: str) -> str:
    """The domain `doc` is read in: `domain` itself, or for `auto` what the article reports."""
    if domain != "auto":
        return domain
    return "conflict" if war_share(doc) >= CONFLICT_SHARE else "politics"


@dataclass(frozen=True, slots=True)
class Conventions:
    """What attributes in a domain."""

    vetoed_cues: frozenset[str]  # cue lemmas that attribute nothing (events, acts that are no speech)
    negated_speech: bool  # "did not reply" attributes
    join_going_on: bool  # "..., adding that" and "... and called on" go on in the same claim
    learned_cues: bool  # the rules take the broader cue forms learned from political news


_LEXICON = load_lexicon()
CONVENTIONS = {
    "conflict": Conventions(_LEXICON.event_cues | _LEXICON.non_report_cues, negated_speech=False,
                            join_going_on=True, learned_cues=False),
    "politics": Conventions(frozenset(), negated_speech=True, join_going_on=False, learned_cues=True),
}


def conventions(doc: Doc, domain: str) -> Conventions:
    """The conventions `doc` is read with in `domain` (`auto`: those of what it reports)."""
    return CONVENTIONS[article_domain(doc, domain)]


__all__ = ["CONFLICT_SHARE", "CONVENTIONS", "Conventions", "article_domain", "conventions", "war_share"]
