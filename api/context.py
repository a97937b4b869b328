"""What every router is built with: the configuration and the library objects it serves."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from api.pages import page_templates
from kg.job_journal import JobJournal
from kg.jobs import JobRunner
from kg.queries import QueryCatalog
from kg.rdf.evaluator import IsolatedStore
from kg.rdf.protocol import QueryRunner
from kg.rdf.sparql_text import QueryLimits
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.settings import Config

HERE = Path(__file__).resolve().parent
log = logging.getLogger("claimgraph.jobs")


@dataclass(slots=True)
class ApiContext:
    config: Config
    store: Store
    iris: Iris
    runner: QueryRunner
    catalog: QueryCatalog
    templates: Jinja2Templates
    load_pipeline: Callable[[], tuple[Any, Any]]
    _pipeline: tuple[Any, Any] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: JobRunner = field(init=False)  # ingest jobs of POST /articles, run one at a time

    def __post_init__(self) -> None:
        from kg.views.ingest import run_job

        self.jobs = JobRunner(partial(run_job, store=self.store, iris=self.iris, pipeline=self.pipeline,
                                      max_chars=self.config.max_article_chars), self.config.ingest_queue_length,
                              journal=job_journal(self.config))

    def close(self) -> None:
        """The server stops: ingest jobs end (the running one at its next article), queries are killed."""
        self.jobs.stop()
        if isinstance(self.store, IsolatedStore):
            self.store.evaluator.close()

    def pipeline(self) -> tuple[Any, Any]:
        """The extractor and resolvers for ingest, loaded on first use (spaCy takes a moment)."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self.load_pipeline()
            return self._pipeline


def job_journal(config: Config) -> JobJournal | None:
    """Where ingest jobs are kept (the setting jobs_dir, else beside an on-disk store); None: in memory only."""
    folder = config.jobs_dir
    if not folder and config.store != "memory" and not config.store.startswith(("http://", "https://")):
        folder = str(Path(config.store).resolve()) + "-jobs"
    if not folder:
        return None
    try:
        return JobJournal(Path(folder))
    except OSError as exc:
        log.warning("ingest jobs are kept in memory only: %s cannot be written (%s)", folder, exc)
        return None


def default_pipeline(config: Config, store: Store) -> Callable[[], tuple[Any, Any]]:
    """The configured extractor and resolvers, with the places imported into the store (as `kg ingest`)."""
    def load() -> tuple[Any, Any]:
        from kg.pipeline import build_pipeline, warm_up
        from kg.rdf.readback import load_places

        pipeline = build_pipeline(config, load_places(store, Iris(config.base), imported_only=True).values())
        warm_up(pipeline)  # the first article posted waits for no first use
        return pipeline.extractor, pipeline.resolvers

    return load


def build_context(config: Config, store: Store,
                  pipeline: Callable[[], tuple[Any, Any]] | None = None) -> ApiContext:
    runner = QueryRunner(store, timeout=config.query_timeout, max_rows=config.max_rows,
                         service_allow=config.service_allow, union_default=config.union_default_graph,
                         workers=config.query_workers,
                         limits=QueryLimits(config.query_max_bytes, config.query_max_depth,
                                            config.query_max_triple_patterns),
                         queue_length=config.query_queue_length, queue_seconds=config.query_queue_seconds,
                         evaluator=store.evaluator if isinstance(store, IsolatedStore) else None,
                         gate=store.gate if isinstance(store, IsolatedStore) else None)
    templates = page_templates(HERE / "templates", config.base)
    return ApiContext(config, store, Iris(config.base), runner, QueryCatalog.load(), templates,
                      pipeline or default_pipeline(config, store))
