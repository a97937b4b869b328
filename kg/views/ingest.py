"""Ingest over HTTP: JSON records or an uploaded file in, the claims extracted out.

Uses the same loaders and `kg.operations.ingest` as `kg ingest`; a bad record is reported and
nothing of it is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import IngestError
from kg.ingest import SUFFIXES, load_file
from kg.ingest.loaders import LoadResult, article_from_record
from kg.operations import ingest
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.articles import article_detail

Pipeline = Callable[[], tuple[Any, Any]]  # -> (extractor, resolvers), loaded on first use


def records_to_articles(records: list[object]) -> list[LoadResult]:
    out: list[LoadResult] = []
    for index, record in enumerate(records):
        try:
            out.append(article_from_record(record, f"request[{index}]"))
        except IngestError as exc:
            out.append(exc)
    return out


def upload_to_articles(filename: str, data: bytes) -> list[LoadResult]:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        return [IngestError(filename, f"unsupported file type {suffix!r}; supported: {', '.join(SUFFIXES)}")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(filename).name
        path.write_bytes(data)
        results = list(load_file(path))
    for item in results:
        if isinstance(item, IngestError):
            item.message = item.message.replace(str(path), filename)
        else:
            item.origin = filename
    return results


def ingest_items(items: list[LoadResult], store: Store, iris: Iris, pipeline: Pipeline,
                 max_chars: int | None = None, replace: bool = False) -> dict[str, Any]:
    """Ingest, then answer with each article's claims as stored, and every error (`max_chars`: the
    longest text accepted; `replace`: replace stored articles whose id comes with another text)."""
    if items and all(isinstance(i, IngestError) for i in items):
        errors = [str(i) for i in items]
        raise IngestError("request", "no article could be read: " + "; ".join(errors))
    extractor, resolvers = pipeline()
    report = ingest(items, store, extractor, resolvers, iris, keep=True, max_chars=max_chars, replace=replace)
    if report.errors and not report.articles and not report.conflicts:
        raise IngestError("request", "no article could be ingested: " + "; ".join(str(e) for e in report.errors))
    articles = [article_detail(store, iris, e.article.id) for e in report.extractions]
    for article in articles:
        article.pop("text", None)
    return {"articles": articles, "changed": report.changed, "replaced": report.replaced, "claims": report.claims,
            "incidents": report.incidents, "conflicts": [str(c) for c in report.conflicts],
            "errors": [str(e) for e in report.errors]}
