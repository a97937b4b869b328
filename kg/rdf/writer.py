"""Writing the pipeline's results into the store: one named graph per article, with provenance,
plus the registry graphs (agents, places) and the incidents graph.

`save_extraction`, `save_agents` and `save_places` write into a `Store`, one SPARQL update each, or
into a `BulkLoader`, which gathers them and loads them into an embedded store in batches with
Oxigraph's bulk loader (`kg ingest` into a fresh store); both leave the same quads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from kg.model import Agent, Extraction, Incident, Place
from kg.rdf.mapping import (
    TripleSink,
    agent_triples,
    article_ntriples,
    content_hash,
    incidents_graph,
    new_graph,
    place_triples,
    to_ntriples,
)
from kg.rdf.store import OxigraphStore, Store, replace_graph_update
from kg.rdf.vocab import CG, SCHEMA, Iris
from kg.resolve.summary import IncidentSummary


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced an extraction: recorded on every article graph."""

    software_version: str
    extractor: str
    extractor_version: str


def stored_hash(store: Store, graph_name: URIRef) -> str | None:
    rows = store.select(f"SELECT ?h WHERE {{ GRAPH ?g {{ ?g <{CG.contentHash}> ?h }} }}", {"g": graph_name})
    return str(rows[0]["h"]) if rows else None


def with_provenance(graph: Graph, name: URIRef, digest: str, provenance: Provenance, iris: Iris) -> Graph:
    """`graph` plus triples that say how and when the article graph `name` was made, and its digest."""
    graph.add((name, CG.contentHash, Literal(digest)))
    provenance_triples(graph, name, provenance, iris)
    return graph


def provenance_triples(graph: TripleSink, name: URIRef, provenance: Provenance, iris: Iris) -> None:
    """Add the triples that say how and when the article graph `name` was made (its digest apart)."""
    activity = iris.within(name, "activity")
    software = iris.key(f"software/claimgraph-{provenance.software_version}")
    graph.add((name, RDF.type, CG.ExtractionGraph))
    graph.add((name, RDF.type, PROV.Entity))
    graph.add((name, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.endedAtTime, Literal(datetime.now(UTC).isoformat(timespec="seconds"),
                                                   datatype=XSD.dateTime)))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, CG.extractor, Literal(provenance.extractor)))
    graph.add((activity, CG.extractorVersion, Literal(provenance.extractor_version)))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, SCHEMA.softwareVersion, Literal(provenance.software_version)))


@dataclass(frozen=True, slots=True)
class MappedArticle:
    """An article's graph as N-Triples with its content digest: pure data, so the process that
    extracted the article (a worker) can make it and the one that owns the store write it."""

    name: URIRef
    digest: str
    ntriples: str


def map_article(extraction: Extraction, iris: Iris) -> MappedArticle:
    """The RDF of one extraction, serialised and hashed."""
    ntriples = article_ntriples(extraction, iris)
    return MappedArticle(iris.article_graph(extraction.article.id), content_hash(ntriples), ntriples)


def save_extraction(store: Store | BulkLoader, extraction: Extraction, iris: Iris, provenance: Provenance,
                    mapped: MappedArticle | None = None) -> bool:
    """Write an article's graph (`mapped` when already made); return False (and write nothing) when
    it is unchanged."""
    mapped = mapped or map_article(extraction, iris)
    if isinstance(store, BulkLoader):
        return store.add_article(mapped, provenance)
    if stored_hash(store, mapped.name) == mapped.digest:
        return False
    _replace_article(store, mapped, provenance, iris)
    return True


def _replace_article(store: Store, mapped: MappedArticle, provenance: Provenance, iris: Iris) -> None:
    about = with_provenance(Graph(), mapped.name, mapped.digest, provenance, iris).serialize(format="nt")
    store.update(replace_graph_update(mapped.name, mapped.ntriples + about))


def _upsert(store: Store, graph_name: URIRef, subjects: list[URIRef], graph: Graph) -> None:
    """Replace what the graph says about each subject, in one update."""
    if not subjects:
        return
    _upsert_ntriples(store, graph_name, subjects, graph.serialize(format="nt"))


def _upsert_ntriples(store: Store, graph_name: URIRef, subjects: Iterable[URIRef], ntriples: str) -> None:
    values = " ".join(s.n3() for s in subjects)
    store.update(
        f"DELETE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} "
        f"VALUES ?s {{ {values} }} }} ;\nINSERT DATA {{ GRAPH <{graph_name}> {{\n{ntriples}}} }}"
    )


def save_agents(store: Store | BulkLoader, agents: Iterable[Agent], iris: Iris) -> None:
    if isinstance(store, BulkLoader):
        store.add_entries(iris.graph("agents"), agents)
        return
    graph, subjects = new_graph(), []
    for agent in agents:
        agent_triples(graph, iris, agent)
        subjects.append(iris.key(agent.key))
    _upsert(store, iris.graph("agents"), subjects, graph)


def save_places(store: Store | BulkLoader, places: Iterable[Place], iris: Iris, *, imported: bool = False) -> None:
    """Places claims name go to `graph/places`; places of an imported gazetteer to `graph/gazetteer`."""
    if isinstance(store, BulkLoader):
        store.add_entries(iris.graph("gazetteer" if imported else "places"), places)
        return
    graph, subjects = new_graph(), []
    for place in places:
        place_triples(graph, iris, place)
        subjects.append(iris.key(place.key))
    _upsert(store, iris.graph("gazetteer" if imported else "places"), subjects, graph)


def save_incidents(store: Store, incidents: Iterable[Incident], iris: Iris,
                   summaries: dict[str, IncidentSummary] | None = None) -> None:
    """The incidents graph is derived from all claims: replaced whole."""
    store.replace_graph(iris.graph("incidents"), incidents_graph(incidents, iris, summaries))


def replace_incidents(store: Store, iris: Iris, retired: Iterable[str], incidents: Iterable[Incident],
                      summaries: dict[str, IncidentSummary] | None = None) -> None:
    """Replace some incidents in the incidents graph, in one update: everything said of the `retired`
    keys (their figure ranges, conflicts, links and the claims about them) goes, the `incidents` come in."""
    name = iris.graph("incidents")
    nodes = " ".join(iris.key(k).n3() for k in sorted(set(retired)))
    added = incidents_graph(incidents, iris, summaries).serialize(format="nt")
    delete = ""
    if nodes:
        delete = (
            f"DELETE {{ GRAPH <{name}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ VALUES ?i {{ {nodes} }}\n"
            f"  {{ ?i ?p ?o BIND(?i AS ?s) }}\n"
            f"  UNION {{ ?i <{CG.figureRange}>|<{CG.conflict}>|<{CG.link}> ?s . ?s ?p ?o }}\n"
            f"  UNION {{ ?s <{CG.about}> ?i BIND(<{CG.about}> AS ?p) BIND(?i AS ?o) }} }} }} ;\n")
    store.update(f"{delete}INSERT DATA {{ GRAPH <{name}> {{\n{added}}} }}")


BULK_QUADS = 100_000  # quads a bulk loader gathers before it loads them (memory: roughly 300 bytes each)


@dataclass(slots=True)
class BulkLoader:
    """The writes of an ingest gathered in memory and loaded into an embedded store in batches of
    about `batch_quads`, with Oxigraph's bulk loader for the article graphs instead of one SPARQL
    update per article. What `save_*` do one by one, it does per batch, leaving the same quads:

    - a new article graph (none of its quads stored) is bulk loaded; the content hashes of a batch's
      graphs are written after them, in one transaction. The bulk loader has none: a crash (or a
      reader) may find a graph in part, but never one with its hash, so a graph cut off is written
      again by the next ingest instead of being skipped as unchanged;
    - an article graph already stored (a changed article, or one cut off) is replaced in one
      transaction, at once;
    - registry entries (agents, places): each subject's description replaces what the graph said of
      it, the last one given winning, as `save_agents` and `save_places` do, in one update per graph
      and batch.

    With `fresh` (the store held no quad of any article graph when loading began: `holds_articles`),
    the store is not asked whether each graph is stored: the loader remembers the digest of every
    graph it loaded (a few dozen bytes a graph) and compares with that.

    `flush` loads what is gathered; call it before reading the store (incident linking)."""

    store: OxigraphStore
    iris: Iris
    batch_quads: int | None = None  # None: BULK_QUADS
    fresh: bool = False
    loaded: int = 0  # quads bulk loaded so far
    _loaded: dict[URIRef, str] = field(default_factory=dict)  # with `fresh`: graph name -> digest loaded
    _graphs: dict[URIRef, tuple[str, str]] = field(default_factory=dict)  # name -> (digest, N-Quads)
    _entries: dict[URIRef, dict[URIRef, Agent | Place]] = field(default_factory=dict)  # graph -> subject -> entry
    _quads: int = 0  # quads gathered

    def add_article(self, mapped: MappedArticle, provenance: Provenance) -> bool:
        """Gather an article graph; False (nothing gathered) when the same graph is stored or gathered."""
        gathered = self._graphs.get(mapped.name)
        if gathered:
            stored = None
        elif self.fresh:
            stored = self._loaded.get(mapped.name)
        else:
            stored = stored_hash(self.store, mapped.name)
        if (gathered[0] if gathered else stored) == mapped.digest:
            return False
        if stored is not None or (not gathered and not self.fresh
                                  and self.store.ask(f"ASK {{ GRAPH <{mapped.name}> {{ ?s ?p ?o }} }}")):
            # a changed article, or one a stopped load left without its hash: replaced in one
            # transaction, as `save_extraction` does (a bulk load only adds, it would keep the old quads)
            _replace_article(self.store, mapped, provenance, self.iris)
            return True
        if gathered:  # the same id earlier in this batch, with other metadata
            self._quads -= gathered[1].count("\n")
        about: set[tuple[Node, Node, Node]] = set()
        provenance_triples(about, mapped.name, provenance, self.iris)
        nquads = _as_nquads(mapped.ntriples + to_ntriples(about), mapped.name)
        self._graphs[mapped.name] = (mapped.digest, nquads)
        self._quads += nquads.count("\n")
        self._flush_if_full()
        return True

    def add_entries(self, graph_name: URIRef, entries: Iterable[Agent] | Iterable[Place]) -> None:
        """Gather registry entries (agents or places) for graph `graph_name`; their triples are made
        when they are written, once per entry and batch however many articles name it."""
        gathered = self._entries.setdefault(graph_name, {})
        for entry in entries:
            subject = self.iris.key(entry.key)
            self._quads += subject not in gathered  # counted as one quad each: a few, in fact
            gathered[subject] = entry
        self._flush_if_full()

    def _flush_if_full(self) -> None:
        if self._quads >= (self.batch_quads or BULK_QUADS):
            self.flush()

    def flush(self) -> None:
        """Write what is gathered: registry entries, then the article graphs, then their hashes."""
        for graph_name, entries in self._entries.items():
            if entries:
                triples: set[tuple[Node, Node, Node]] = set()  # a set adds 50x faster than a Graph
                for entry in entries.values():
                    if isinstance(entry, Agent):
                        agent_triples(triples, self.iris, entry)
                    else:
                        place_triples(triples, self.iris, entry)
                _upsert_ntriples(self.store, graph_name, entries, to_ntriples(triples))
        if self._graphs:
            nquads = "".join(quads for _, quads in self._graphs.values())
            self.store.bulk_load(nquads.encode("utf-8"))
            self.loaded += nquads.count("\n")
            if self.fresh:
                self._loaded.update((name, digest) for name, (digest, _) in self._graphs.items())
            hashes = "".join(f"GRAPH <{name}> {{ <{name}> <{CG.contentHash}> {Literal(digest).n3()} }}\n"
                             for name, (digest, _) in self._graphs.items())
            self.store.update(f"INSERT DATA {{\n{hashes}}}")
        self.store.flush()
        self._graphs.clear()
        self._entries.clear()
        self._quads = 0


def _as_nquads(ntriples: str, graph_name: URIRef) -> str:
    """N-Triples (one triple a line, each ending with " .", as rdflib writes them) as N-Quads in graph
    `graph_name`. N-Triples escapes line breaks inside literals, so " .\\n" only ends a line."""
    tail = f" <{graph_name}> .\n"
    quads = ntriples.replace(" .\n", tail)
    if not ntriples.endswith("\n") or quads.count(tail) != ntriples.count("\n"):
        raise ValueError(f"not N-Triples of one triple a line: graph {graph_name}")
    return quads
