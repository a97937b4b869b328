"""The operations the CLI and the API share: ingest articles into a store, and what that reports."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from typing import Any

from rdflib import Literal
from rdflib.namespace import PROV, XSD

from kg import __version__
from kg.errors import IngestError, StoreError
from kg.extract import Extractor
from kg.ingest.loaders import LoadResult
from kg.model import Article, Extraction, Incident
from kg.pipeline import BATCH, Resolvers, extract_each, extract_on_cluster, extract_parallel
from kg.rdf.readback import count_incidents, load_incidents, load_places
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.vocab import CG, SCHEMA, Iris
from kg.rdf.writer import (
    BulkLoader,
    MappedArticle,
    Provenance,
    map_article,
    save_agents,
    save_extraction,
    save_places,
    stored_hash,
)
from kg.relinking import LinkReport, link_articles, relink_all
from kg.settings import Config

FLUSH_EVERY = 200  # articles between flushes of the store's write buffers
# Articles added or changed between two linking passes of one run: linking reads their claims back, so a
# large ingest links as it goes and its memory stays bounded. Passes give the partition one pass would
# (see kg.relinking), but each reads the stored incidents near its articles' days again: on 10,000
# synthetic articles (days spread over the whole period) one pass took 117 s and 2.6 GB, passes of
# 1,000 took 1,171 s and 1.2 GB (`kg bench scale`). Runs up to this size link once.
LINK_EVERY = 10_000
MAX_ARTICLE_CHARS = 1_000_000  # the parser's limit (spaCy's max_length); the setting max_article_chars


class ArticleConflict(IngestError):
    """An article id already stored (or met earlier in the same run) with another text."""

    code = "E102"


@dataclass(slots=True)
class StageSeconds:
    """Where an ingest's time went: waiting for extractions (reading and checking the records, and
    extraction when it runs in this process), writing them, linking incidents."""

    extraction: float = 0.0
    writing: float = 0.0
    linking: float = 0.0


@dataclass(slots=True)
class IngestReport:
    articles: int = 0
    changed: int = 0
    replaced: int = 0  # stored articles whose text the caller replaced (`replace`)
    claims: int = 0
    incidents: int = 0
    errors: list[IngestError] = field(default_factory=list)
    conflicts: list[ArticleConflict] = field(default_factory=list)  # skipped: same id, another text
    relinked: bool = False  # whether incidents were linked (around the changed articles, or the whole store)
    linked: LinkReport | None = None  # what linking read and wrote, and how long it took
    extractions: list[Extraction] = field(default_factory=list)
    triples: int = 0  # triples of the article graphs written (changed articles; their provenance apart)
    bulk: bool = False  # whether new article graphs went through the bulk loader
    seconds: StageSeconds = field(default_factory=StageSeconds)


def ingest(
    items: Iterable[LoadResult],
    store: Store,
    extractor: Extractor,
    resolvers: Resolvers,
    iris: Iris,
    *,
    on_article: Callable[[Article], object] | None = None,  # its return value is ignored
    workers: int = 1,
    config: Config | None = None,
    keep: bool = False,
    max_chars: int | None = None,
    replace: bool = False,
    report: IngestReport | None = None,
    bulk: bool | None = False,
    cluster: Any = None,
    link_every: int = LINK_EVERY,
) -> IngestReport:
    """Extract every article, write its graph (unchanged ones are skipped), then link the claims of
    the new and changed articles into the stored incidents, rewriting only the incidents they touch
    (the whole store when an earlier run ended before its linking did). Bad records are reported and
    skipped; nothing of them is written.

    With `workers > 1`, extraction and the RDF mapping run in that many processes, each loading the
    pipeline `config` names (the `extractor` and `resolvers` given are then not used for extraction). With `keep`, the
    report holds every extraction; without, memory stays flat however many articles stream by.
    An article longer than `max_chars` (default: the setting `max_article_chars` of `config`) is
    refused; one that fails in extraction or mapping is reported and the others go on. An article
    whose id is stored (or met before in this run) with another text is a conflict, reported and
    skipped, unless `replace`; the same text again changes nothing. `report` (default: a new one) is
    filled in as the run goes, so another thread may read the progress of a run (an ingest job).

    With `bulk`, the article graphs new to the store go in batches through Oxigraph's bulk loader
    (`BulkLoader`: the same quads, not one transaction per article; an embedded store only); None
    chooses it when the store is embedded and holds no article yet (`bulk_by_default`). With
    `cluster` (a `distributed.Client`), extraction runs on that Dask cluster (`config` names the
    pipeline its workers build), results streamed back to this one writer. Incidents are linked after
    every `link_every` articles added or changed, and at the end."""
    report = IngestReport() if report is None else report
    if bulk is None:
        bulk = bulk_by_default(store, iris)
    if bulk and not isinstance(store, OxigraphStore):
        raise StoreError("bulk loading needs an embedded store (a folder or memory), not a SPARQL server")
    report.bulk = bulk
    fresh = bulk and not holds_articles(store, iris)  # nothing stored to compare with or to replace
    provenance = Provenance(__version__, extractor.name, extractor.version)
    limit = max_chars or (config.max_article_chars if config else MAX_ARTICLE_CHARS)

    def articles() -> Iterable[Article]:
        for item in items:
            if isinstance(item, IngestError):
                report.errors.append(item)
            elif len(item.text) > limit:
                report.errors.append(IngestError(item.origin or item.id, (
                    f"text of {len(item.text):,} characters is longer than the {limit:,} allowed "
                    "(setting KG_MAX_ARTICLE_CHARS); split the article or raise the limit")))
            elif (conflict := check_conflict(item)) is not None:
                report.conflicts.append(conflict)
            else:
                yield item

    pending = linking_pending(store, iris)  # a run before this one ended before its linking did
    resume = pending  # then the whole store is linked again, not only this run's articles
    touched: set[str] = set()  # ids of the articles this run added or changed
    texts: dict[str, bytes] = {}  # id -> digest of the text, of the articles met in this run
    replacing: set[str] = set()

    def check_conflict(article: Article) -> ArticleConflict | None:
        digest = hashlib.sha256(article.text.encode("utf-8")).digest()
        before = texts.get(article.id)
        where = "came earlier in this run"
        if before is None:
            where = "is already stored"
            stored = None if fresh else stored_text(store, iris, article.id)
            before = None if stored is None else hashlib.sha256(stored.encode("utf-8")).digest()
        texts[article.id] = digest if before is None or replace else before
        if before is None or before == digest:
            return None
        if replace:
            replacing.add(article.id)
            return None
        return ArticleConflict(article.origin or article.id, (
            f"article {article.id!r} {where} with another text; skipped "
            "(kg ingest --replace, or POST /articles?replace=true, replaces it)"))

    then = partial(map_article, iris=iris)
    pairs: Iterable[tuple[Extraction, MappedArticle | None] | IngestError]
    if cluster is not None or workers > 1:
        if config is None:
            raise ValueError("ingest on workers needs the config the workers build their pipeline from")
        imported = load_places(store, iris, imported_only=True).values()
        if cluster is not None:
            pairs = extract_on_cluster(articles(), config, cluster, imported, then)
        else:
            pairs = extract_parallel(articles(), config, workers, imported, then)
    else:
        pairs = (pair for batch in _batched(articles(), BATCH * 4)
                 for pair in extract_each(batch, extractor, resolvers, then))
    target: Store | BulkLoader = store
    if isinstance(store, OxigraphStore) and bulk:
        target = BulkLoader(store, iris, fresh=fresh)
    seconds = report.seconds
    started = time.perf_counter()
    for pair in _timed(pairs, seconds):
        if isinstance(pair, IngestError):
            report.errors.append(pair)
            continue
        extraction, mapped = pair
        mapped = mapped or map_article(extraction, iris)
        report.articles += 1
        report.claims += len(extraction.claims)
        if not pending and stored_hash(store, mapped.name) != mapped.digest:
            pending = mark_linking_pending(store, iris)  # before the first write that changes the store
        save_agents(target, extraction.agents.values(), iris)
        save_places(target, extraction.places.values(), iris)
        changed = save_extraction(target, extraction, iris, provenance, mapped)
        report.changed += changed
        if changed:
            touched.add(extraction.article.id)
            report.triples += mapped.ntriples.count("\n")
        if changed and extraction.article.id in replacing:
            report.replaced += 1
        if report.articles % FLUSH_EVERY == 0:
            store.flush()
        if keep:
            report.extractions.append(extraction)
        if on_article:
            on_article(extraction.article)
        if not resume and len(touched) >= link_every:
            _link(store, iris, target, touched, report)
            touched = set()
    if isinstance(target, BulkLoader):
        target.flush()  # before linking reads the claims back
    seconds.writing = time.perf_counter() - started - seconds.extraction - seconds.linking  # passes so far apart
    if touched or resume or (pending and not report.relinked):
        _link(store, iris, target, None if resume else touched, report)
    if report.relinked or pending:
        store.update(f"DROP SILENT GRAPH <{iris.graph(PENDING)}>")
        report.relinked = True
    report.incidents = count_incidents(store, iris)
    return report


def _link(store: Store, iris: Iris, target: Store | BulkLoader, articles: set[str] | None,
          report: IngestReport) -> None:
    """One linking pass (around `articles`, or the whole store), added to the report."""
    if isinstance(target, BulkLoader):
        target.flush()  # before linking reads the claims back
    started = time.perf_counter()
    linked = relink(store, iris, articles)
    linked.seconds = time.perf_counter() - started
    report.seconds.linking += linked.seconds
    report.linked = linked if report.linked is None else report.linked.plus(linked)
    report.relinked = True


def _timed(items: Iterable[Any], seconds: StageSeconds) -> Iterator[Any]:
    """`items`, adding the time spent waiting for each to `seconds.extraction`."""
    it = iter(items)
    while True:
        started = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            seconds.extraction += time.perf_counter() - started
        yield item


def bulk_by_default(store: Store, iris: Iris) -> bool:
    """Whether an ingest loads in bulk unless told: into an embedded store that holds no article yet."""
    return isinstance(store, OxigraphStore) and not store.ask(
        f"ASK {{ GRAPH ?g {{ ?g a <{CG.ExtractionGraph}> }} }}")


def holds_articles(store: Store, iris: Iris) -> bool:
    """Whether any article graph of the store holds a quad (even one a stopped bulk load left in part)."""
    prefix = str(iris.article_graph(""))
    return store.ask(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {Literal(prefix).n3()})) }}")


PENDING = "linking-pending"  # the graph that says incident linking has to run again


def mark_linking_pending(store: Store, iris: Iris) -> bool:
    """Record, before articles change, that the incidents graph no longer follows from the stored
    claims; `relink` clears it. A run cut off in between (killed, failing) leaves it, and the next
    run links even when none of its articles is new."""
    when = datetime.now(UTC).isoformat()
    store.update(f"INSERT DATA {{ GRAPH <{iris.graph(PENDING)}> {{ <{iris.graph('incidents')}> "
                 f"<{PROV.invalidatedAtTime}> \"{when}\"^^<{XSD.dateTime}> }} }}")
    store.flush()
    return True


def linking_pending(store: Store, iris: Iris) -> bool:
    """Whether incident linking was left unfinished: the mark is there, or (a store written before
    the mark existed) articles are stored but no incidents graph is."""
    if store.ask(f"ASK {{ GRAPH <{iris.graph(PENDING)}> {{ ?s ?p ?o }} }}"):
        return True
    return not store.ask(f"ASK {{ GRAPH <{iris.graph('incidents')}> {{ ?s ?p ?o }} }}") and store.ask(
        f"ASK {{ GRAPH ?g {{ ?g a <{CG.ExtractionGraph}> }} }}")


def stored_text(store: Store, iris: Iris, article_id: str) -> str | None:
    """The text of the stored article with that id, if there is one."""
    rows = store.select(f"SELECT ?t WHERE {{ GRAPH ?g {{ ?a <{SCHEMA.text}> ?t }} }} LIMIT 1",
                        {"g": iris.article_graph(article_id), "a": iris.article(article_id)})
    return str(rows[0]["t"]) if rows else None


def _batched(items: Iterable[Article], size: int) -> Iterable[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def relink(store: Store, iris: Iris, articles: Iterable[str] | None = None) -> LinkReport:
    """Link the claims of these articles into the stored incidents, rewriting only the incidents they
    touch; without `articles`, recompute the incidents graph (and its summaries) from all stored
    claims, keeping the IRIs of the incidents that go on. Both give the same partition (kg.relinking)."""
    if articles is None:
        return relink_all(store, iris)
    return link_articles(store, iris, articles)


def extract_in_memory(items: Iterable[LoadResult], extractor: Extractor, resolvers: Resolvers,
                      iris: Iris) -> tuple[IngestReport, list[Incident]]:
    """The whole pipeline over articles taken together, in a temporary in-memory store: what
    `kg extract` prints and `kg eval` scores."""
    store = OxigraphStore(None)
    report = ingest(items, store, extractor, resolvers, iris, keep=True)
    return report, load_incidents(store, iris)
