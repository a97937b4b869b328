"""Model -> triples. Pure functions: plain data in, triples out (into an rdflib Graph, or a plain
set where only the N-Triples are wanted: rdflib's in-memory store costs ~11 us a triple, a set ~0.2);
no blank nodes, so the same input always gives the same triples."""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS, XSD
from rdflib.plugins.serializers.nt import NTSerializer
from rdflib.term import Node

from kg.model import Agent, Claim, Extraction, Figure, Hop, Incident, Link, Place, Span
from kg.rdf.linking_record import linking_record
from kg.rdf.vocab import CG, GEO, GN, NIF, OA, PREFIXES, SCHEMA, SEM, WD, Iris, event_type_iri, role_iri
from kg.resolve.summary import IncidentSummary

QUOTE_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


class TripleSink(Protocol):
    """Where mapping functions put triples: an rdflib Graph or a set."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def date_literal(value: str) -> Literal:
    """'2018-11-17' as xsd:date, '2018-11' as xsd:gYearMonth, '2018' as xsd:gYear."""
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=kind)


def _anchor(graph: TripleSink, node: URIRef, span: Span) -> None:
    graph.add((node, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(span.text)))


def _selectors(graph: TripleSink, iris: Iris, claim_iri: URIRef, text: str, span: Span) -> None:
    """Web Annotation selectors, so a viewer can find the claim in the article again."""
    position = iris.within(claim_iri, "selector", "position")
    graph.add((claim_iri, OA.hasSelector, position))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    quote_node = iris.within(claim_iri, "selector", "quote")
    graph.add((claim_iri, OA.hasSelector, quote_node))
    graph.add((quote_node, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_node, OA.exact, Literal(span.text)))
    graph.add((quote_node, OA.prefix, Literal(text[max(0, span.start - QUOTE_CONTEXT): span.start])))
    graph.add((quote_node, OA.suffix, Literal(text[span.end: span.end + QUOTE_CONTEXT])))


def _figure(graph: TripleSink, node: URIRef, figure: Figure) -> None:
    graph.add((node, RDF.type, CG.Figure))
    graph.add((node, CG["count"], Literal(figure.count, datatype=XSD.integer)))  # attribute access would give str.count
    graph.add((node, CG.qualifier, Literal(figure.qualifier)))
    graph.add((node, CG.category, Literal(figure.category)))
    graph.add((node, CG.victims, Literal(figure.victims)))
    graph.add((node, CG.minValue, Literal(int(figure.min_value), datatype=XSD.integer)))
    if not math.isinf(figure.max_value):
        graph.add((node, CG.maxValue, Literal(int(figure.max_value), datatype=XSD.integer)))
    if figure.span:
        _anchor(graph, node, figure.span)


def _hop(graph: TripleSink, iris: Iris, claim_iri: URIRef, position: int, hop: Hop,
         outlet: URIRef | None) -> URIRef | None:
    """A hop of the chain and its agent; the outlet's own voice is the outlet, and has no agent when the
    outlet is not given (it is never an agent of its own)."""
    node = iris.within(claim_iri, "hop", str(position))
    agent = outlet if hop.own_voice or not hop.agent else iris.key(hop.agent)
    graph.add((claim_iri, CG.hop, node))
    graph.add((node, RDF.type, CG.Hop))
    graph.add((node, CG.position, Literal(position, datatype=XSD.nonNegativeInteger)))
    if agent is not None:
        graph.add((node, CG.agent, agent))
    if hop.mention:
        _anchor(graph, node, hop.mention)
    return agent


def claim_triples(graph: TripleSink, iris: Iris, extraction: Extraction, claim: Claim,
                  outlet: URIRef | None) -> URIRef:
    """The triples of one claim: attribution, chain, anchor, and the facts it states."""
    article = extraction.article
    node = iris.claim(claim.key)
    graph.add((node, RDF.type, CG.Claim))
    graph.add((node, SCHEMA.appearance, iris.article(article.id)))
    graph.add((node, SCHEMA.text, Literal(claim.span.text)))
    _anchor(graph, node, claim.span)
    _selectors(graph, iris, node, article.text, claim.span)
    source = _hop(graph, iris, node, 0, claim.source, outlet)
    if source is not None:  # none for the own voice of an article whose outlet is not given
        graph.add((node, PROV.wasAttributedTo, source))
    graph.add((node, CG.ownVoice, Literal(claim.source.own_voice)))
    for position, hop in enumerate(claim.via, start=1):
        via = _hop(graph, iris, node, position, hop, outlet)
        if via is not None:
            graph.add((node, CG.via, via))
    if claim.cue:
        graph.add((node, CG.cue, Literal(claim.cue)))
    if claim.cue_span:
        cue = iris.within(node, "cue")
        graph.add((node, CG.cueMention, cue))
        _anchor(graph, cue, claim.cue_span)
    graph.add((node, CG.quoteType, Literal(claim.quote)))
    graph.add((node, CG.hedged, Literal(claim.hedged)))
    if claim.event_type:
        graph.add((node, CG.eventType, event_type_iri(claim.event_type)))
    if claim.date:
        graph.add((node, CG.date, date_literal(claim.date)))
    if claim.date_range:
        graph.add((node, CG.dateBegin, date_literal(claim.date_range[0])))
        graph.add((node, CG.dateEnd, date_literal(claim.date_range[1])))
    for key in claim.place_keys:
        graph.add((node, CG.place, iris.key(key)))
    for mention in claim.places:
        graph.add((node, CG.placeName, Literal(mention.text)))
    if claim.actor:
        graph.add((node, CG.actorName, Literal(claim.actor)))
    if claim.group:  # the extractor's in-article grouping; incident linking turns it into cg:about
        graph.add((node, CG.discourseGroup, Literal(claim.group)))
    for index, figure in enumerate(claim.figures):
        figure_node = iris.within(node, "figure", str(index))
        graph.add((node, CG.figure, figure_node))
        _figure(graph, figure_node, figure)
    return node


def article_graph(extraction: Extraction, iris: Iris) -> Graph:
    """Everything one article yields, for its own named graph (provenance is added by the store)."""
    graph = new_graph()
    article_triples(graph, extraction, iris)
    return graph


def article_ntriples(extraction: Extraction, iris: Iris) -> str:
    """The triples of `article_graph` as N-Triples (rdflib's serialiser), made without a Graph."""
    triples: set[tuple[Node, Node, Node]] = set()
    article_triples(triples, extraction, iris)
    return to_ntriples(triples)


def to_ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as N-Triples, written by rdflib's serialiser without building a Graph."""
    out = io.BytesIO()
    # typed for a Graph, the serialiser only iterates it (rdflib/plugins/serializers/nt.py)
    NTSerializer(triples).serialize(out)  # type: ignore[arg-type]
    return out.getvalue().decode("utf-8")


def article_triples(graph: TripleSink, extraction: Extraction, iris: Iris) -> None:
    article = extraction.article
    node = iris.article(article.id)
    outlet = iris.key(extraction.outlet) if extraction.outlet else None
    graph.add((node, RDF.type, SCHEMA.NewsArticle))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, SCHEMA.identifier, Literal(article.id)))
    graph.add((node, SCHEMA.text, Literal(article.text)))
    if outlet is not None:
        graph.add((node, SCHEMA.publisher, outlet))
    elif article.origin:
        # no outlet to tell the article by: the file (and line or record) it came from, without its folders
        graph.add((node, CG.loadedFrom, Literal(PurePath(article.origin).name)))
    if article.published:
        graph.add((node, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.title:
        graph.add((node, SCHEMA.headline, Literal(article.title)))
    graph.add((node, SCHEMA.inLanguage, Literal(article.language)))
    for claim in extraction.claims:
        graph.add((node, CG.hasClaim, claim_triples(graph, iris, extraction, claim, outlet)))
    # what linking reads of the article, made from the same claims (kg.rdf.linking_record)
    graph.add((iris.article_graph(article.id), CG.linkingRecord, Literal(linking_record(extraction))))


def agent_triples(graph: TripleSink, iris: Iris, agent: Agent) -> None:
    node = iris.key(agent.key)
    graph.add((node, RDF.type, PROV.Agent))
    graph.add((node, RDF.type, SCHEMA.Person if agent.is_person else SCHEMA.Organization))
    graph.add((node, SKOS.prefLabel, Literal(agent.label)))
    for alias in agent.aliases:
        if alias != agent.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    graph.add((node, CG.role, role_iri(agent.kind)))
    if agent.country:
        graph.add((node, CG.country, Literal(agent.country)))
    if agent.wikidata:
        graph.add((node, OWL.sameAs, WD[agent.wikidata]))
    if agent.member_of:
        graph.add((node, SCHEMA.memberOf, iris.key(agent.member_of)))


def place_triples(graph: TripleSink, iris: Iris, place: Place) -> None:
    node = iris.key(place.key)
    graph.add((node, RDF.type, SCHEMA.Place))
    graph.add((node, SKOS.prefLabel, Literal(place.label)))
    for alias in place.aliases:
        if alias != place.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if place.lat is not None and place.lon is not None:
        # a float held as xsd:decimal is ill-typed in rdflib (pySHACL rejects it): go through Decimal
        graph.add((node, GEO.lat, Literal(Decimal(str(place.lat)), datatype=XSD.decimal)))
        graph.add((node, GEO.long, Literal(Decimal(str(place.lon)), datatype=XSD.decimal)))
    if place.contained_in:
        graph.add((node, SCHEMA.containedInPlace, iris.key(place.contained_in)))
    if place.feature:
        graph.add((node, CG.featureType, Literal(place.feature)))
    if place.geonames:
        graph.add((node, OWL.sameAs, GN[place.geonames + "/"]))
    if place.wikidata:
        graph.add((node, OWL.sameAs, WD[place.wikidata]))


def registry_graph(agents: Iterable[Agent], places: Iterable[Place], iris: Iris) -> tuple[Graph, Graph]:
    """The agents graph and the places graph for the given resolved things."""
    agent_graph, place_graph = new_graph(), new_graph()
    for agent in agents:
        agent_triples(agent_graph, iris, agent)
    for place in places:
        place_triples(place_graph, iris, place)
    return agent_graph, place_graph


def incident_triples(graph: Graph, iris: Iris, incident: Incident) -> URIRef:
    """An incident and the claims about it (`cg:about` lives here, with the incident)."""
    node = iris.key(incident.key)
    graph.add((node, RDF.type, CG.Incident))
    graph.add((node, RDF.type, SEM.Event))
    if incident.event_type:
        graph.add((node, CG.eventType, event_type_iri(incident.event_type)))
    if incident.date:
        graph.add((node, SEM.hasTimeStamp, date_literal(incident.date)))
    if incident.date_range:
        graph.add((node, SEM.hasBeginTimeStamp, date_literal(incident.date_range[0])))
        graph.add((node, SEM.hasEndTimeStamp, date_literal(incident.date_range[1])))
    for key in incident.place_keys:
        graph.add((node, SEM.hasPlace, iris.key(key)))
    for actor in incident.actors:
        graph.add((node, CG.actorName, Literal(actor)))
    for claim_key in incident.claim_keys:
        graph.add((iris.claim(claim_key), CG.about, node))
    for other in incident.same_as:
        graph.add((node, OWL.sameAs, iris.key(other)))
    if incident.first_reported:
        graph.add((node, CG.firstReported, date_literal(incident.first_reported)))
    if incident.window:
        graph.add((node, SEM.hasEarliestBeginTimeStamp, date_literal(incident.window[0])))
        graph.add((node, SEM.hasLatestEndTimeStamp, date_literal(incident.window[1])))
    for index, link in enumerate(incident.links):
        _link(graph, iris, node, iris.within(node, "link", str(index)), link)
    return node


def _decimal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.2f}"), datatype=XSD.decimal)


def _link(graph: Graph, iris: Iris, incident: URIRef, node: URIRef, link: Link) -> None:
    """Why one report of the incident is with another: what the two share, as linking weighed it."""
    e = link.evidence
    graph.add((incident, CG.link, node))
    graph.add((node, RDF.type, CG.Link))
    graph.add((node, CG.joins, iris.claim(link.claim)))
    graph.add((node, CG.joinedTo, iris.claim(link.to)))
    graph.add((node, CG.linkScore, _decimal(e.score)))
    graph.add((node, CG.sameDay, Literal(e.same_day)))
    if e.days_apart is not None:
        graph.add((node, CG.daysApart, Literal(e.days_apart, datatype=XSD.integer)))
    if e.event_type:
        graph.add((node, CG.eventType, event_type_iri(e.event_type)))
    for key in e.place_keys:
        graph.add((node, CG.sharedPlace, iris.key(key)))
    if e.nearest_km is not None:
        graph.add((node, CG.distanceKm, _decimal(e.nearest_km)))
    for key in e.area_keys:
        graph.add((node, CG.sharedArea, iris.key(key)))
    for actor in e.actors:
        graph.add((node, CG.sharedActor, Literal(actor)))
    for a, b in e.figures:
        graph.add((node, CG.closeFigures, Literal(f"{a.stated} and {b.stated}")))
    graph.add((node, CG.wordSimilarity, _decimal(e.words)))


def _bound(value: float) -> Literal | None:
    return None if math.isinf(value) else Literal(int(value), datatype=XSD.integer)


def summary_triples(graph: Graph, iris: Iris, node: URIRef, summary: IncidentSummary) -> None:
    """What the incident's claims say together: sources, figure ranges, conflicts, first report."""
    graph.add((node, CG.independentSources, Literal(summary.independent_sources, datatype=XSD.integer)))
    graph.add((node, CG.appearances, Literal(summary.appearances, datatype=XSD.integer)))
    if summary.first_report:
        graph.add((node, CG.firstReport, iris.claim(summary.first_report.claim_key)))
    for source in summary.sources:
        if not source.outlet_voice:
            graph.add((node, CG.source, iris.key(source.source)))
    for fr in summary.figures:
        range_node = iris.within(node, "figures", f"{fr.category}-{fr.victims}")
        graph.add((node, CG.figureRange, range_node))
        graph.add((range_node, RDF.type, CG.FigureRange))
        graph.add((range_node, CG.category, Literal(fr.category)))
        graph.add((range_node, CG.victims, Literal(fr.victims)))
        graph.add((range_node, CG.lowestStated, Literal(fr.low.text)))
        graph.add((range_node, CG.highestStated, Literal(fr.high.text)))
        graph.add((range_node, CG.minValue, Literal(int(fr.low.min_value), datatype=XSD.integer)))
        high = _bound(fr.high.max_value)
        if high is not None:
            graph.add((range_node, CG.maxValue, high))
        graph.add((range_node, CG.consistent, Literal(fr.agreed is not None)))
        for statement in fr.statements:
            graph.add((range_node, CG.statedIn, iris.claim(statement.claim_key)))
    for index, conflict in enumerate(summary.conflicts):
        conflict_node = iris.within(node, "conflict", str(index))
        graph.add((node, CG.conflict, conflict_node))
        graph.add((conflict_node, RDF.type, CG.Conflict))
        graph.add((conflict_node, CG.category, Literal(conflict.category)))
        graph.add((conflict_node, CG.victims, Literal(conflict.victims)))
        graph.add((conflict_node, CG.sameSource, Literal(conflict.same_source)))
        graph.add((conflict_node, CG.lowerStated, Literal(conflict.a_text)))
        graph.add((conflict_node, CG.higherStated, Literal(conflict.b_text)))
        if conflict.reason:
            graph.add((conflict_node, CG.reason, Literal(conflict.reason)))
        for statement in conflict.a:
            graph.add((conflict_node, CG.lowerClaim, iris.claim(statement.claim_key)))
        for statement in conflict.b:
            graph.add((conflict_node, CG.higherClaim, iris.claim(statement.claim_key)))


def incidents_graph(incidents: Iterable[Incident], iris: Iris,
                    summaries: dict[str, IncidentSummary] | None = None) -> Graph:
    graph = new_graph()
    for incident in incidents:
        node = incident_triples(graph, iris, incident)
        if summaries and incident.key in summaries:
            summary_triples(graph, iris, node, summaries[incident.key])
    return graph


def content_hash(ntriples: str) -> str:
    """A digest of a graph's N-Triples (order-free), to tell whether re-ingesting changes anything."""
    return hashlib.sha256("\n".join(sorted(ntriples.splitlines())).encode()).hexdigest()
