"""Ingest over HTTP: JSON records or an uploaded file in, the claims extracted out.

Uses the same loaders and `kg.operations.ingest` as `kg ingest`; a bad record is reported and
nothing of it is written. A small batch is answered at once (`ingest_items`); a larger one runs as
a job (`kg.jobs`, with `run_job` as its work) whose state `job_resource` tells.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kg.errors import IngestError, RequestTooLarge
from kg.ingest import SUFFIXES, load_file
from kg.ingest.loaders import LoadResult, article_from_record
from kg.jobs import Job, origin_of
from kg.model import Article
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


def check_record_count(count: int, maximum: int | None) -> None:
    """`RequestTooLarge` when a batch holds more records than `maximum` (the setting max_upload_records)."""
    if maximum is not None and count > maximum:
        raise RequestTooLarge(f"the request holds {'more than ' if count == maximum + 1 else ''}{maximum:,} "
                              f"records; at most {maximum:,} are taken at once (setting KG_MAX_UPLOAD_RECORDS): "
                              "send them in several requests", limit="records", value=count, maximum=maximum,
                              setting="KG_MAX_UPLOAD_RECORDS")


def upload_to_articles(filename: str, data: bytes, max_records: int | None = None) -> list[LoadResult]:
    """The records of an uploaded file, named by the file name and their line or record; more than
    `max_records` is `RequestTooLarge`, found while loading (the rest is not read)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        return [IngestError(filename, f"unsupported file type {suffix!r}; supported: {', '.join(SUFFIXES)}")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(filename).name
        path.write_bytes(data)
        results: list[LoadResult] = []
        for item in load_file(path):
            results.append(item)
            if max_records is not None and len(results) > max_records:
                check_record_count(len(results), max_records)
    for item in results:
        item.origin = (item.origin or "").replace(str(path), filename)
        if isinstance(item, IngestError):
            item.message = item.message.replace(str(path), filename)
    return results


def refuse_unreadable(items: list[LoadResult]) -> None:
    """An `IngestError` listing every error when no record of a batch could be read as an article."""
    if items and all(isinstance(i, IngestError) for i in items):
        errors = [str(i) for i in items]
        raise IngestError("request", "no article could be read: " + "; ".join(errors))


def ingest_items(items: list[LoadResult], store: Store, iris: Iris, pipeline: Pipeline,
                 max_chars: int | None = None, replace: bool = False) -> dict[str, Any]:
    """Ingest, then answer with each article's claims as stored, and every error (`max_chars`: the
    longest text accepted; `replace`: replace stored articles whose id comes with another text)."""
    refuse_unreadable(items)
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


def run_job(job: Job, check: Callable[[], None], store: Store, iris: Iris, pipeline: Pipeline,
            max_chars: int | None = None) -> None:
    """A job's work: its records through `kg.operations.ingest`, the job's report filled in as it goes;
    `check()` between articles ends the run when the server stops (`kg.jobs.JobStopped`)."""
    extractor, resolvers = pipeline()
    items = job.remaining()

    def records() -> Iterator[LoadResult]:
        for item in items:
            check()
            yield item

    def stored(article: Article) -> None:
        job.articles.append(article.id)
        job.stored.append(origin_of(article))
        check()

    try:
        ingest(records(), store, extractor, resolvers, iris, on_article=stored, max_chars=max_chars,
               replace=job.replace, report=job.report)
    finally:
        store.flush()


def job_resource(job: Job) -> dict[str, Any]:
    """What GET /jobs/{id} answers: state, progress, counts, per-record errors, the stored articles."""
    report = job.report
    problems = [*report.errors, *report.conflicts]
    return {
        "id": job.id,
        "href": f"/jobs/{job.id}",
        "state": job.state,
        "reason": job.reason,
        "created": job.created.isoformat(),
        "started": job.started.isoformat() if job.started else None,
        "finished": job.finished.isoformat() if job.finished else None,
        "progress": {"done": job.done, "total": job.total},
        "counts": {"stored": report.changed, "unchanged": report.articles - report.changed,
                   "replaced": report.replaced, "failed": len(problems)},
        "claims": report.claims,
        "incidents": report.incidents if job.state == "done" else None,
        "errors": [{"record": job.records.get(e.origin), "origin": e.origin, "reason": e.reason, "code": e.code}
                   for e in problems],
        "articles": [{"id": article_id, "href": "/articles/" + quote(article_id, safe="")}
                     for article_id in job.articles],
    }
