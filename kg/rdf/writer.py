"""Writing the pipeline's results into the store: one named graph per article, with provenance,
plus the registry graphs (agents, places) and the incidents graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.model import Agent, Extraction, Incident, Place
from kg.rdf.mapping import agent_triples, article_ntriples, content_hash, incidents_graph, new_graph, place_triples
from kg.rdf.store import Store, replace_graph_update
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
    """`graph` plus triples that say how and when the article graph `name` was made."""
    activity = iris.within(name, "activity")
    software = iris.key(f"software/claimgraph-{provenance.software_version}")
    graph.add((name, RDF.type, CG.ExtractionGraph))
    graph.add((name, RDF.type, PROV.Entity))
    graph.add((name, CG.contentHash, Literal(digest)))
    graph.add((name, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.endedAtTime, Literal(datetime.now(UTC).isoformat(timespec="seconds"),
                                                   datatype=XSD.dateTime)))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, CG.extractor, Literal(provenance.extractor)))
    graph.add((activity, CG.extractorVersion, Literal(provenance.extractor_version)))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, SCHEMA.softwareVersion, Literal(provenance.software_version)))
    return graph


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


def save_extraction(store: Store, extraction: Extraction, iris: Iris, provenance: Provenance,
                    mapped: MappedArticle | None = None) -> bool:
    """Write an article's graph (`mapped` when already made); return False (and write nothing) when
    it is unchanged."""
    mapped = mapped or map_article(extraction, iris)
    if stored_hash(store, mapped.name) == mapped.digest:
        return False
    about = with_provenance(Graph(), mapped.name, mapped.digest, provenance, iris).serialize(format="nt")
    store.update(replace_graph_update(mapped.name, mapped.ntriples + about))
    return True


def _upsert(store: Store, graph_name: URIRef, subjects: list[URIRef], graph: Graph) -> None:
    """Replace what the graph says about each subject, in one update."""
    if not subjects:
        return
    values = " ".join(s.n3() for s in subjects)
    store.update(
        f"DELETE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} "
        f"VALUES ?s {{ {values} }} }} ;\nINSERT DATA {{ GRAPH <{graph_name}> {{\n{graph.serialize(format='nt')}}} }}"
    )


def save_agents(store: Store, agents: Iterable[Agent], iris: Iris) -> None:
    graph, subjects = new_graph(), []
    for agent in agents:
        agent_triples(graph, iris, agent)
        subjects.append(iris.key(agent.key))
    _upsert(store, iris.graph("agents"), subjects, graph)


def save_places(store: Store, places: Iterable[Place], iris: Iris, *, imported: bool = False) -> None:
    """Places claims name go to `graph/places`; places of an imported gazetteer to `graph/gazetteer`."""
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
