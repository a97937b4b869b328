"""`kg bench extract`: how fast each extractor's pipeline reads articles, beside spaCy's bare parsing.

Every run sees the same texts with the same batch size in the same process, so each ratio says
what attribution finding (rules or the encoder), resolution and (optionally) the RDF mapping cost
on top of the parse.
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


def bench_extract(articles: Sequence[Article], extractors: Sequence[Any], resolvers: Resolvers, *,
                  batch_size: int = 32, to_rdf: Callable[[Extraction], object] | None = None) -> dict[str, Any]:
    """Time bare spaCy parsing, then each extractor's whole pipeline, over `articles` (each after one
    warm-up batch).

    Every extractor must expose its spaCy pipeline as `nlp` (the first one's is timed bare). `to_rdf`,
    when given, maps each extraction to RDF inside the timed runs (e.g. `kg.rdf.writer.map_article`).
    """
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    for extractor in extractors:
        list(extractor.pipe(articles[:batch_size], batch_size=batch_size))  # warm-up: caches, lazy tables
    start = time.perf_counter()
    for _ in extractors[0].nlp.pipe(texts, batch_size=batch_size):
        pass
    parse = Speed(len(texts), chars, time.perf_counter() - start)
    result: dict[str, Any] = {"spacy_parse": parse, "pipelines": {}}
    for extractor in extractors:
        start = time.perf_counter()
        claims = 0
        quarters = {len(articles) * q // 4 for q in (1, 2, 3, 4)}
        peaks: list[float] = []  # the process's peak RSS (MB) after each quarter: flat memory stops growing
        for done, (article, found) in enumerate(extractor.pipe(articles, batch_size=batch_size), 1):
            extraction = resolve(article, found, resolvers)
            claims += len(found)
            if to_rdf is not None:
                to_rdf(extraction)
            if done in quarters:
                peaks.append(_peak_rss_mb())
        full = Speed(len(texts), chars, time.perf_counter() - start)
        result["pipelines"][extractor.name] = {
            "speed": full, "ratio": full.chars_per_s / parse.chars_per_s if parse.chars_per_s else 0.0,
            "claims": claims, "peak_rss_mb_by_quarter": peaks}
    result["max_rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def format_bench(result: dict[str, Any]) -> str:
    """The figures as lines a person reads."""

    def line(name: str, s: Speed) -> str:
        return (f"{name:12} {s.articles:5d} articles {s.seconds:7.2f} s  {s.articles_per_s:7.1f} articles/s  "
                f"{s.chars_per_s:10.0f} chars/s")

    lines = [line("spacy_parse", result["spacy_parse"])]
    for name, run in result["pipelines"].items():
        lines.append(line(name, run["speed"]) + f"  {run['ratio']:.2f} of bare spaCy, {run['claims']} claims")
        if run.get("peak_rss_mb_by_quarter"):
            peaks = " / ".join(f"{mb:.0f}" for mb in run["peak_rss_mb_by_quarter"])
            lines.append(f"{'':12} peak RSS after each quarter of the articles: {peaks} MB")
    lines.append(f"{'max RSS':12} {result['max_rss_mb']:.0f} MB")
    return "\n".join(lines)


__all__ = ["Speed", "bench_extract", "format_bench"]
