"""The one direction of the flow: articles -> claims -> resolved agents and places -> incidents.

Pure functions over plain data; reading files and writing the store happen at the edges
(`kg.ingest`, `kg.rdf.store`). `extract` runs in this process or, with `workers > 1`, in a pool
of processes that each load their own extractor.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from kg.errors import IngestError
from kg.extract import Extractor, load_extractor
from kg.model import Article, Claim, Extraction, Incident, Place
from kg.resolve.agents import AgentRegistry, load_registry
from kg.resolve.incidents import link_incidents
from kg.resolve.places import Gazetteer, load_gazetteer
from kg.settings import Config

T = TypeVar("T")


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


def extract_parallel(articles: Iterable[Article], config: Config, workers: int, places: Iterable[Place] = (),
                     then: Callable[[Extraction], T] | None = None
                     ) -> Iterator[tuple[Extraction, T | None] | IngestError]:
    """`extract` over a pool of `workers` processes, results in input order, memory bounded by the
    pool's queue rather than by the corpus. `then` (a picklable function, e.g. the RDF mapping)
    runs on each extraction in the worker too; its result comes beside the extraction. An article
    that fails comes as its `IngestError` (see `extract_each`)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(config, tuple(places), then)) as pool:
        for batch in pool.imap(_extract_batch, _batches(articles, BATCH)):
            yield from batch


def extract_and_link(
    articles: Iterable[Article], extractor: Extractor, resolvers: Resolvers
) -> tuple[list[Extraction], list[Incident]]:
    """The whole pipeline over a set of articles taken together."""
    extractions = list(extract(articles, extractor, resolvers))
    return extractions, link_incidents(extractions)
