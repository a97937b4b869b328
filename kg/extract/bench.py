"""`kg bench extract`: how fast the pipeline reads articles, beside spaCy's bare parsing speed.

Both runs see the same texts with the same batch size in the same process, so the ratio says
what the rules, resolution and (optionally) the RDF mapping cost on top of the parse.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.model import Article, Extraction
from kg.pipeline import Resolvers, resolve


@dataclass(frozen=True, slots=True)
class Speed:
    """Throughput of one run over the articles."""

    articles: int
    chars: int
    seconds: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


def bench_extract(articles: Sequence[Article], extractor: Any, resolvers: Resolvers, *, batch_size: int = 32,
                  to_rdf: Callable[[Extraction], object] | None = None) -> dict[str, Speed | float]:
    """Time bare spaCy parsing and the whole pipeline over `articles` (after one warm-up batch).

    `extractor` must expose its spaCy pipeline as `nlp` (the rules extractor does). `to_rdf`, when
    given, maps each extraction to RDF inside the timed run (e.g. `kg.rdf.writer.map_article`).
    """
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    list(extractor.pipe(articles[:batch_size], batch_size=batch_size))  # warm-up: caches, lazy tables
    start = time.perf_counter()
    for _ in extractor.nlp.pipe(texts, batch_size=batch_size):
        pass
    parse = Speed(len(texts), chars, time.perf_counter() - start)
    start = time.perf_counter()
    claims = 0
    for article, found in extractor.pipe(articles, batch_size=batch_size):
        extraction = resolve(article, found, resolvers)
        claims += len(found)
        if to_rdf is not None:
            to_rdf(extraction)
    full = Speed(len(texts), chars, time.perf_counter() - start)
    return {
        "spacy_parse": parse,
        "pipeline": full,
        "ratio": full.chars_per_s / parse.chars_per_s if parse.chars_per_s else 0.0,
        "claims": float(claims),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def format_bench(result: dict[str, Speed | float]) -> str:
    """The figures as lines a person reads."""
    lines = []
    for name in ("spacy_parse", "pipeline"):
        s = result[name]
        assert isinstance(s, Speed)
        lines.append(f"{name:12} {s.articles:5d} articles {s.seconds:7.2f} s  {s.articles_per_s:7.1f} articles/s  "
                     f"{s.chars_per_s:10.0f} chars/s")
    lines.append(f"{'ratio':12} {result['ratio']:.2f} of bare spaCy throughput")
    lines.append(f"{'claims':12} {int(result['claims'])}   max RSS {result['max_rss_mb']:.0f} MB")
    return "\n".join(lines)


__all__ = ["Speed", "bench_extract", "format_bench"]
