"""The one direction of the flow: articles -> claims -> resolved agents and places -> incidents.

Pure functions over plain data; reading files and writing the store happen at the edges
(`kg.ingest`, `kg.rdf.store`). `extract` runs in this process, in a pool of processes that each
load their own extractor (`extract_parallel`), or on a Dask cluster (`extract_on_cluster`, the
`dask` extra); all three go through `extract_each`, and hand results back in input order.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from kg.errors import IngestError, SettingsError
from kg.extract import Extractor, load_extractor
from kg.model import Article, Claim, Extraction, Incident, Place
from kg.resolve.agents import AgentRegistry, load_registry
from kg.resolve.incidents import link_incidents
from kg.resolve.places import Gazetteer, load_gazetteer
from kg.settings import Config

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class Resolvers:
    """What turns names into canonical things: agents and places."""

    agents: AgentRegistry
    places: Gazetteer


@dataclass(slots=True)
class Pipeline:
    """A configured extractor with its resolvers."""

    extractor: Extractor
    resolvers: Resolvers


def build_pipeline(config: Config, places: Iterable[Place] = (), *, threads: int = 0) -> Pipeline:
    """The extractor and resolvers the configuration names (spaCy loads here: it takes a moment);
    `places` (imported into the store) join the built-in gazetteer; `threads` bounds the extractor's
    compute threads (0: all cores; a worker process of a pool takes 1)."""
    extractor = load_extractor(config.extractor, spacy_model=config.spacy_model, domain=config.domain,
                               threads=threads, steps=config.extract_steps)
    return Pipeline(extractor, Resolvers(agents=load_registry(), places=load_gazetteer(places)))


# A short report that takes every step of the pipeline once (a source, a cue, a figure, a place, a day).
_WARM_UP = Article(id="warm-up", text="At least five people were killed in an air strike on the town of Atareb "
                   "west of Aleppo on Monday, the Syrian Observatory for Human Rights said.")


def warm_up(pipeline: Pipeline) -> None:
    """Extract a short report once, so that what each step builds on first use (the encoder's session,
    the parser's caches, the gazetteer's index of names) is built before the first real article."""
    for _ in extract([_WARM_UP], pipeline.extractor, pipeline.resolvers):
        pass


def resolve(article: Article, claims: list[Claim], resolvers: Resolvers) -> Extraction:
    """Canonical agents and places for one article's claims."""
    agents = resolvers.agents.resolve(article, claims)
    outlet = resolvers.agents.outlet_agent(article)  # None when the article does not name its outlet
    if outlet is not None:
        agents.setdefault(outlet.key, outlet)
    places = resolvers.places.resolve(claims)
    return Extraction(article=article, claims=claims, outlet=outlet.key if outlet else None, agents=agents,
                      places=places)


def extract(articles: Iterable[Article], extractor: Extractor, resolvers: Resolvers) -> Iterator[Extraction]:
    """Extract and resolve each article on its own (no cross-article state), in this process."""
    for article, claims in extractor.pipe(articles):
        yield resolve(article, claims, resolvers)


_WORKER: Pipeline | None = None
_THEN: Callable[[Extraction], Any] | None = None
BATCH = 16  # articles a worker parses together (spaCy is faster on batches than on one text at a time)


def _init_worker(config: Config, places: tuple[Place, ...], then: Callable[[Extraction], Any] | None) -> None:
    global _WORKER, _THEN
    _WORKER = build_pipeline(config, places, threads=1)
    _THEN = then


def _extract_batch(articles: list[Article]) -> list[tuple[Extraction, Any] | IngestError]:
    assert _WORKER is not None
    return extract_each(articles, _WORKER.extractor, _WORKER.resolvers, _THEN)


def extract_each(articles: list[Article], extractor: Extractor, resolvers: Resolvers,
                 then: Callable[[Extraction], T] | None = None) -> list[tuple[Extraction, T | None] | IngestError]:
    """`extract` (and `then`) over a batch; when anything fails, each article again on its own, so
    that a bad one fails alone, as an `IngestError` naming its record and why, and the others go on."""
    try:
        return [(e, then(e) if then else None) for e in extract(articles, extractor, resolvers)]
    except Exception:  # noqa: BLE001 - retried one by one below, where the failure is named
        pass
    out: list[tuple[Extraction, T | None] | IngestError] = []
    for article in articles:
        try:
            out += [(e, then(e) if then else None) for e in extract([article], extractor, resolvers)]
        except Exception as exc:  # noqa: BLE001 - whatever breaks on one article is that article's error
            reason = " ".join(str(exc).split())[:300]
            out.append(IngestError(article.origin or article.id,
                                   f"article {article.id!r} could not be processed: {type(exc).__name__}: {reason}"))
    return out


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _in_order(batches: Iterable[list[Article]], submit: Callable[[list[Article]], Any],
              result: Callable[[Any], list[R]], in_flight: int) -> Iterator[R]:
    """Submit batches and yield their results in input order, with at most `in_flight` batches
    submitted and not yet handed on: the input is read only as fast as results are taken, so memory
    follows the window, not the corpus (a pool's `imap` reads its whole input ahead)."""
    window: deque[Any] = deque()
    for batch in batches:
        window.append(submit(batch))
        if len(window) >= in_flight:
            yield from result(window.popleft())
    while window:
        yield from result(window.popleft())


def extract_parallel(articles: Iterable[Article], config: Config, workers: int, places: Iterable[Place] = (),
                     then: Callable[[Extraction], T] | None = None, *, in_flight: int | None = None,
                     ) -> Iterator[tuple[Extraction, T | None] | IngestError]:
    """`extract` over a pool of `workers` processes, results in input order, with at most `in_flight`
    batches of `BATCH` articles (default: two per worker) read and not yet taken. `then` (a
    picklable function, e.g. the RDF mapping) runs on each extraction in the worker too; its result
    comes beside the extraction. An article that fails comes as its `IngestError` (see `extract_each`)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(config, tuple(places), then)) as pool:
        yield from _in_order(_batches(articles, BATCH), lambda batch: pool.apply_async(_extract_batch, (batch,)),
                             lambda pending: pending.get(), in_flight or 2 * workers)


_BUILT_FROM: str | None = None  # what the pipeline of this process (a Dask worker) was built from
_BUILDING = threading.Lock()


def extract_batch(articles: list[Article], config: Config, places: tuple[Place, ...],
                  then: Callable[[Extraction], T] | None, key: str) -> list[tuple[Extraction, T | None] | IngestError]:
    """`extract_each` over one batch in whichever process runs it (a Dask worker): the pipeline is
    built there on the first call, as a pool's worker builds it (`_init_worker`), and kept while
    `key` (a digest of `config`, `places` and `then`) stays the same. Calls in one process run one
    at a time (a worker's threads share its one pipeline)."""
    global _BUILT_FROM
    with _BUILDING:
        if _BUILT_FROM != key:
            _init_worker(config, places, then)
            _BUILT_FROM = key
        return _extract_batch(articles)


def extract_on_cluster(articles: Iterable[Article], config: Config, client: Any, places: Iterable[Place] = (),
                       then: Callable[[Extraction], T] | None = None, *, in_flight: int | None = None,
                       ) -> Iterator[tuple[Extraction, T | None] | IngestError]:
    """`extract` over a Dask cluster (`client`, a `distributed.Client`): batches of `BATCH` articles
    become tasks of `extract_batch`, results come back here in input order, with at most `in_flight`
    batches (default: two per worker thread) submitted and not yet taken. The places go to every
    worker once. The workers need this package installed (they import `kg.pipeline`)."""
    shared = tuple(places)
    key = hashlib.sha256(pickle.dumps((config, shared, then))).hexdigest()
    [scattered] = client.scatter([shared], broadcast=True, hash=False)
    threads = sum(client.nthreads().values()) or 1
    yield from _in_order(
        _batches(articles, BATCH),
        lambda batch: client.submit(extract_batch, batch, config, scattered, then, key, pure=False),
        lambda future: future.result(), in_flight or 2 * threads)


@contextmanager
def dask_client(address: str, workers: int = 1) -> Iterator[Any]:
    """A `distributed.Client` of the scheduler at `address` (`tcp://host:8786`), or, for `local`, of a
    `LocalCluster` of `workers` processes with one thread each, closed on leaving."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SettingsError("extraction on Dask needs the dask extra: pip install 'claimgraph[dask]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            with Client(cluster) as client:
                yield client
        finally:
            # a worker that built a pipeline takes seconds to exit (freeing the models and the
            # gazetteer), more than the 4 s its nanny waits on a busy machine: it is killed then,
            # its work done, which the nanny would log as a warning on every run
            nanny = logging.getLogger("distributed.nanny")
            level = nanny.level
            nanny.setLevel(logging.ERROR)
            try:
                cluster.close()
            finally:
                nanny.setLevel(level)
        return
    try:
        client = Client(address, timeout=30)
    except OSError as exc:
        raise SettingsError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def extract_and_link(
    articles: Iterable[Article], extractor: Extractor, resolvers: Resolvers
) -> tuple[list[Extraction], list[Incident]]:
    """The whole pipeline over a set of articles taken together."""
    extractions = list(extract(articles, extractor, resolvers))
    return extractions, link_incidents(extractions)
