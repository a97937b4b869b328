"""The ontology, the shapes and the JSON-LD context, checked against the graphs the code writes:
the seed's (as the pipeline makes it today) and a hand-built one with every part of the model
(figures, chains, dates, places, incidents)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg import model
from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Incident, Place, Span
from kg.rdf.results import render_graph
from kg.rdf.store import OxigraphStore, to_rdflib
from kg.rdf.validate import Report, shapes_graph, validate, validate_graphs, validate_store
from kg.rdf.vocab import AGENT_ROLE, CG, EVENT_TYPE, GEO, NIF, OA, SCHEMA, Iris
from kg.rdf.writer import Provenance, save_agents, save_extraction, save_incidents, save_places

ONTOLOGY = ROOT / "ontology"
OURS = (str(CG), str(EVENT_TYPE), str(AGENT_ROLE))


# ---------------------------------------------------------------------------------------------
# Graphs under test
# ---------------------------------------------------------------------------------------------

def _graph_of(store: OxigraphStore) -> Graph:
    """The union of all graphs of a store, as one rdflib graph."""
    graph = Graph()
    for quad in store.inner:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


# An emoji (outside the Basic Multilingual Plane) before every span: offsets must count code
# points (Python str indices), and so must SPARQL's SUBSTR in the shapes.
TEXT = (
    "\U0001F4F0 Press TV, 18 Nov. At least 36 people were killed near Hajin on Saturday, the Syrian "
    "Observatory for Human Rights said, AFP reported. Some 20 people were apparently injured in "
    "Deir ez-Zor between Tuesday and Thursday, with more than 5 missing, fewer than 10 detained, "
    "at most 3 displaced and 22 bodies recovered. \"The strikes continue,\" AFP quoted the "
    "observatory chief Rami Abdel Rahman as saying."
)


def _sentence(text: str, first: str, last: str) -> Span:
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return Span(start, end, text[start:end])


def hand_built() -> tuple[Extraction, list[Incident]]:
    """An extraction with every part the model has, as the full extractor will make it."""
    t = TEXT
    article = Article(id="hand-built", text=t, outlet="Press TV", published=date(2018, 11, 18),
                      url="https://example.org/news/1", title="Strikes near Hajin")
    agents = {a.key: a for a in (
        Agent("outlet/press-tv", "Press TV", "state_media", aliases=("PressTV",), country="IR"),
        Agent("agent/sohr", "Syrian Observatory for Human Rights", "monitor", aliases=("SOHR", "the monitor"),
              country="GB", wikidata="Q1426338"),
        Agent("agent/afp", "Agence France-Presse", "news_agency", aliases=("AFP",), wikidata="Q40464"),
        Agent("agent/rami-abdel-rahman", "Rami Abdel Rahman", "official", member_of="agent/sohr", is_person=True),
    )}
    places = {p.key: p for p in (
        Place("place/hajin", "Hajin", aliases=("Hajeen",), lat=34.6942, lon=40.8339,
              contained_in="place/deir-ez-zor", feature="town", geonames="170017", wikidata="Q2383683"),
        Place("place/deir-ez-zor", "Deir ez-Zor Governorate", aliases=("Deir ez-Zor",), lat=35.3333, lon=40.15,
              feature="governorate"),
    )}
    first = _sentence(t, "At least 36", "AFP reported.")
    second = _sentence(t, "Some 20", "bodies recovered.")
    third = _sentence(t, "\"The strikes", "as saying.")
    claims = [
        Claim(
            article_id=article.id, span=first,
            source=Hop("the Syrian Observatory for Human Rights",
                       _span(t, "the Syrian Observatory for Human Rights"), "agent/sohr"),
            via=[Hop("AFP", _span(t, "AFP"), "agent/afp")],
            cue="say", cue_span=_span(t, "said"), quote="indirect", event_type="airstrike",
            date="2018-11-17", places=[_span(t, "Hajin")], place_keys=["place/hajin"],
            actor="the US-led coalition",
            figures=[Figure(36, "at_least", "killed", "people", _span(t, "At least 36"))],
            incident="incident/2018-11-17-hajin"),
        Claim(
            article_id=article.id, span=second, source=Hop.outlet_voice(), hedged=True, event_type="shelling",
            date_range=("2018-11-13", "2018-11-15"), places=[_span(t, "Deir ez-Zor")],
            place_keys=["place/deir-ez-zor"], group="group-2",
            figures=[Figure(20, "approximately", "injured", "people", _span(t, "Some 20")),
                     Figure(5, "more_than", "missing", "people", _span(t, "more than 5")),
                     Figure(10, "fewer_than", "detained", "people", _span(t, "fewer than 10")),
                     Figure(3, "at_most", "displaced", "people", _span(t, "at most 3")),
                     Figure(22, "exact", "bodies_recovered", "bodies", _span(t, "22"))]),
        Claim(
            article_id=article.id, span=third,
            source=Hop("Rami Abdel Rahman", _span(t, "Rami Abdel Rahman"), "agent/rami-abdel-rahman"),
            via=[Hop("AFP", _span(t, "AFP", first.end), "agent/afp")],
            cue="quote", cue_span=_span(t, "quoted"), quote="direct", date="2018-11",
            incident="incident/2018-11-17-hajin"),
    ]
    extraction = Extraction(article, claims, outlet="outlet/press-tv", agents=agents, places=places)
    incidents = [Incident("incident/2018-11-17-hajin", event_type="airstrike", date="2018-11-17",
                          place_keys=["place/hajin"], actors=["the US-led coalition"],
                          claim_keys=[claims[0].key, claims[2].key], same_as=["incident/2018-11-17-abu-hassan"]),
                 Incident("incident/2018-11-deir-ez-zor", event_type="shelling",
                          date_range=("2018-11-13", "2018-11-15"), place_keys=["place/deir-ez-zor"],
                          claim_keys=[claims[1].key])]
    return extraction, incidents


@pytest.fixture(scope="module")
def full_store(iris: Iris) -> OxigraphStore:
    """The hand-built extraction written by the writer, as ingestion writes it."""
    extraction, incidents = hand_built()
    store = OxigraphStore(None)
    save_agents(store, extraction.agents.values(), iris)
    save_places(store, extraction.places.values(), iris)
    assert save_extraction(store, extraction, iris, Provenance("0.1.0", "hand", "1"))
    save_incidents(store, incidents, iris)
    return store


@pytest.fixture(scope="module")
def seed_graph(seed_store: OxigraphStore) -> Graph:
    return _graph_of(seed_store)


@pytest.fixture(scope="module")
def full_graph(full_store: OxigraphStore) -> Graph:
    return _graph_of(full_store)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "claims.ttl", format="turtle")


# ---------------------------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------------------------

def test_ontology_has_its_header(ontology: Graph) -> None:
    [onto] = list(ontology.subjects(RDF.type, OWL.Ontology))
    for prop in (OWL.versionInfo, OWL.versionIRI, RDFS.label, RDFS.comment, URIRef("http://purl.org/dc/terms/license")):
        assert ontology.value(onto, prop) is not None, prop


def _terms(graph: Graph) -> set[URIRef]:
    """Every IRI of our namespaces used as a predicate, a class or an object in `graph`."""
    found = set()
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(OURS):
                found.add(term)
    return found


def _documented(ontology: Graph, term: URIRef) -> bool:
    label = ontology.value(term, RDFS.label) or ontology.value(term, SKOS.prefLabel)
    comment = ontology.value(term, RDFS.comment) or ontology.value(term, SKOS.definition)
    return label is not None and comment is not None


@pytest.mark.parametrize("which", ["seed_graph", "full_graph"])
def test_every_term_the_graph_uses_is_declared(which: str, ontology: Graph, request: pytest.FixtureRequest) -> None:
    graph = request.getfixturevalue(which)
    used = _terms(graph)
    assert CG.Claim in used
    undocumented = sorted(t for t in used if not _documented(ontology, t))
    assert not undocumented, f"used but not declared with a label and a comment: {undocumented}"


def test_every_term_the_code_writes_is_declared(ontology: Graph) -> None:
    """Also the terms no test graph happens to use: every CG.x in the RDF layer's source."""
    for path in (ROOT / "kg" / "rdf").glob("*.py"):
        dotted = set(re.findall(r"\bCG\.([A-Za-z]+)", path.read_text(encoding="utf-8")))
        # `CG.count` is the str method, not a term: such names must be written CG["count"]
        assert not dotted & set(dir(str)), f"{path.name}: write CG[...] for {dotted & set(dir(str))}"
    names = _written_names()
    missing = sorted(n for n in names if not _documented(ontology, CG[n]))
    assert names and not missing, f"written by the code but not declared: {missing}"


def _written_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "kg" / "rdf").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\bCG\.([A-Za-z]+)", source), re.findall(r"\bCG\[\"([A-Za-z]+)\"\]", source))
    return names


def test_every_declared_class_and_property_is_written(ontology: Graph) -> None:
    """No stale documentation: a cg: class or property the code no longer writes is removed."""
    declared = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(str(CG))}
    stale = sorted(n for n in (str(t)[len(str(CG)):] for t in declared) if n not in _written_names())
    assert not stale, f"declared but never written by kg/rdf: {stale}"


def test_declared_terms_are_typed_with_domain_and_range(ontology: Graph) -> None:
    for prop in set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
            ontology.subjects(RDF.type, OWL.DatatypeProperty)):
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop
    assert (CG.Claim, RDFS.subClassOf, SCHEMA.Claim) in ontology
    assert (CG.Claim, RDFS.subClassOf, PROV.Entity) in ontology
    assert (CG.Incident, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in ontology


def _scheme(ontology: Graph, scheme: URIRef) -> set[str]:
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    for concept in concepts:
        assert ontology.value(concept, SKOS.prefLabel) is not None, concept
        assert ontology.value(concept, SKOS.definition) is not None, concept
        assert (scheme, SKOS.hasTopConcept, concept) in ontology
    return {str(ontology.value(c, SKOS.notation)) for c in concepts}


def test_concept_schemes_match_the_model(ontology: Graph) -> None:
    assert _scheme(ontology, CG.eventTypes) == set(model.EVENT_TYPES)
    assert _scheme(ontology, CG.agentRoles) == set(model.AGENT_KINDS)
    for concept in ontology.subjects(SKOS.inScheme, CG.eventTypes):
        assert concept == EVENT_TYPE[str(ontology.value(concept, SKOS.notation))]


@pytest.mark.parametrize(("datatype", "values"), [
    (CG.QuoteType, model.QUOTE_TYPES), (CG.Qualifier, model.QUALIFIERS), (CG.Category, model.CATEGORIES)])
def test_literal_vocabularies_match_the_model(ontology: Graph, datatype: URIRef, values: tuple[str, ...]) -> None:
    enumeration = ontology.value(ontology.value(datatype, OWL.equivalentClass), OWL.oneOf)
    assert tuple(str(v) for v in Collection(ontology, enumeration)) == values


# ---------------------------------------------------------------------------------------------
# The shapes
# ---------------------------------------------------------------------------------------------

def _pattern_values(path: URIRef) -> tuple[str, ...]:
    shapes = shapes_graph()
    [shape] = [s for s in shapes.subjects(SH.path, path) if shapes.value(s, SH.pattern) is not None]
    return tuple(re.fullmatch(r"\^\((.*)\)\$", str(shapes.value(shape, SH.pattern))).group(1).split("|"))


def test_shape_vocabularies_match_the_model() -> None:
    shapes = shapes_graph()
    assert _pattern_values(CG.quoteType) == model.QUOTE_TYPES
    assert _pattern_values(CG.qualifier) == model.QUALIFIERS
    assert _pattern_values(CG.category) == model.CATEGORIES
    for path, namespace, values in ((CG.eventType, EVENT_TYPE, model.EVENT_TYPES),
                                    (CG.role, AGENT_ROLE, model.AGENT_KINDS)):
        for shape in shapes.subjects(SH.path, path):
            listed = tuple(Collection(shapes, shapes.value(shape, SH["in"])))
            assert listed == tuple(namespace[v] for v in values)


def test_shapes_are_well_formed_shacl() -> None:
    from pyshacl import validate as shacl

    conforms, _, text = shacl(shapes_graph(), shacl_graph=shapes_graph(), meta_shacl=True, inference="none")
    assert conforms, text


def test_seed_graph_conforms(seed_store: OxigraphStore, seed_graph: Graph) -> None:
    report = validate(seed_store)
    assert report.conforms, report.text()
    assert report.triples == len(seed_store)
    assert report.seconds > 0  # measured and reported (`kg validate` prints it); no time limit asserted
    union = validate(seed_graph)
    assert union.conforms, union.text()


def test_full_graph_conforms(full_store: OxigraphStore, full_graph: Graph) -> None:
    report = validate(full_store)
    assert report.conforms, report.text()
    assert validate(full_graph).conforms


def test_shapes_mean_the_same_under_rdflib(iris: Iris) -> None:
    """pySHACL's default engine (rdflib's SPARQL) on the graphs as the mapping makes them, before a
    store normalises their datatypes (xsd:nonNegativeInteger stays as written)."""
    from pyshacl import validate as shacl

    from kg.rdf.mapping import article_graph, content_hash, incidents_graph, registry_graph
    from kg.rdf.validate import violations
    from kg.rdf.writer import with_provenance

    extraction, incidents = hand_built()
    graph = article_graph(extraction, iris)
    name = iris.article_graph(extraction.article.id)
    digest = content_hash(graph.serialize(format="nt"))
    graph = with_provenance(graph, name, digest, Provenance("0.1.0", "hand", "1"), iris)
    for part in (*registry_graph(extraction.agents.values(), extraction.places.values(), iris),
                 incidents_graph(incidents, iris)):
        graph += part
    assert next(graph.objects(None, NIF.beginIndex)).datatype == XSD.nonNegativeInteger
    conforms, results, _ = shacl(graph, shacl_graph=shapes_graph(), inference="none")
    assert conforms, "\n".join(map(str, violations(results)))


def test_the_hand_built_graph_has_every_part(full_graph: Graph) -> None:
    """So that `test_full_graph_conforms` covers figures, chains, dates, places and incidents."""
    for prop in (CG.figure, CG.via, CG.date, CG.dateBegin, CG.place, CG.about, CG.cueMention, CG.discourseGroup,
                 SCHEMA.memberOf, SCHEMA.containedInPlace, OWL.sameAs):
        assert next(full_graph.triples((None, prop, None)), None) is not None, prop
    qualifiers = {str(o) for o in full_graph.objects(None, CG.qualifier)}
    assert qualifiers == set(model.QUALIFIERS)


def test_offsets_count_code_points_in_sparql(full_store: OxigraphStore) -> None:
    """SPARQL SUBSTR (1-based) over the stored text gives back Python's text[begin:end]."""
    rows = full_store.select(
        f"SELECT ?t ?b ?e ?a WHERE {{ ?x <{NIF.beginIndex}> ?b ; <{NIF.endIndex}> ?e ; <{NIF.anchorOf}> ?a . "
        f"{{ ?x <{SCHEMA.appearance}> ?art }} UNION {{ ?c ?p ?x ; <{SCHEMA.appearance}> ?art }} "
        f"?art <{SCHEMA.text}> ?t . FILTER (SUBSTR(?t, ?b + 1, ?e - ?b) = ?a) }}")
    assert len(rows) > 10
    for row in rows:
        assert str(row["t"])[int(row["b"]):int(row["e"])] == str(row["a"])


# Hand-broken copies: each must fail with the expected message.

def _broken(graph: Graph, remove: list[tuple], add: list[tuple]) -> Report:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    for pattern in remove:
        for triple in list(copy.triples(pattern)):
            copy.remove(triple)
    for triple in add:
        copy.add(triple)
    return validate_graphs([copy])


def _claim_with_text(graph: Graph, needle: str) -> URIRef:
    return next(c for c in graph.subjects(RDF.type, CG.Claim) if needle in str(graph.value(c, SCHEMA.text)))


def _fails_with(report: Report, focus: URIRef | str, fragment: str) -> None:
    assert not report.conforms
    focus_text = f"<{focus}>" if isinstance(focus, URIRef) else focus
    hits = [v for v in report.violations if v.focus == focus_text and fragment in v.message]
    assert hits, f"no violation '{fragment}' on {focus_text}:\n{report.text()}"


def test_a_claim_with_two_sources_fails(seed_graph: Graph) -> None:
    claim = _claim_with_text(seed_graph, "Seventeen children")
    other = next(a for a in seed_graph.subjects(RDF.type, PROV.Agent))
    second = URIRef(str(other) + "-2")
    report = _broken(seed_graph, [], [(claim, PROV.wasAttributedTo, second), (second, RDF.type, PROV.Agent),
                                      (second, RDF.type, SCHEMA.Organization), (second, SKOS.prefLabel, Literal("x")),
                                      (second, CG.role, AGENT_ROLE.monitor)])
    _fails_with(report, claim, "at most one source")


def test_an_offset_past_the_end_fails(seed_graph: Graph) -> None:
    claim = _claim_with_text(seed_graph, "Seventeen children")
    article = seed_graph.value(claim, SCHEMA.appearance)
    past = len(str(seed_graph.value(article, SCHEMA.text))) + 5
    report = _broken(seed_graph, [(claim, NIF.endIndex, None)],
                     [(claim, NIF.endIndex, Literal(past, datatype=XSD.nonNegativeInteger))])
    _fails_with(report, claim, "past the end of the article text")


def test_a_wrong_anchor_text_fails(seed_graph: Graph) -> None:
    claim = _claim_with_text(seed_graph, "Seventeen children")
    wrong = Literal(str(seed_graph.value(claim, SCHEMA.text)).replace("Seventeen", "Seventy"))
    report = _broken(seed_graph, [(claim, NIF.anchorOf, None), (claim, SCHEMA.text, None)],
                     [(claim, NIF.anchorOf, wrong), (claim, SCHEMA.text, wrong)])
    _fails_with(report, claim, "is not the article text")
    _fails_with(report, claim, "quote selector does not match")


def test_a_quote_selector_off_the_text_fails(seed_graph: Graph) -> None:
    claim = _claim_with_text(seed_graph, "Seventeen children")
    quote = next(s for s in seed_graph.objects(claim, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector)
                 in seed_graph)
    report = _broken(seed_graph, [(quote, OA.prefix, None)], [(quote, OA.prefix, Literal("elsewhere"))])
    _fails_with(report, claim, "quote selector does not match")


def test_a_figure_with_a_bad_qualifier_fails(full_graph: Graph) -> None:
    figure = next(f for f in full_graph.subjects(CG.qualifier, Literal("at_least")))
    report = _broken(full_graph, [(figure, CG.qualifier, None)], [(figure, CG.qualifier, Literal("roughly"))])
    _fails_with(report, figure, "cg:qualifier is exactly one of")


def test_a_figure_with_a_negative_count_or_wrong_interval_fails(full_graph: Graph) -> None:
    figure = next(f for f in full_graph.subjects(CG.qualifier, Literal("exact")))
    report = _broken(full_graph, [(figure, CG["count"], None)], [(figure, CG["count"], Literal(-1))])
    _fails_with(report, figure, "non-negative")
    _fails_with(report, figure, "does not follow from count")


def test_a_broken_chain_fails(full_graph: Graph) -> None:
    claim = _claim_with_text(full_graph, "At least 36")
    hop = next(h for h in full_graph.objects(claim, CG.hop) if str(h).endswith("/hop/0"))
    report = _broken(full_graph, [(hop, CG.position, None), (claim, CG.via, None)],
                     [(hop, CG.position, Literal(2, datatype=XSD.nonNegativeInteger))])
    _fails_with(report, claim, "not the agent of hop 0")
    _fails_with(report, claim, "positions are not 0 .. n-1")
    _fails_with(report, claim, "missing from cg:via")


def test_registry_and_incident_errors_fail(full_graph: Graph, iris: Iris) -> None:
    hajin, sohr = iris.key("place/hajin"), iris.key("agent/sohr")
    incident = iris.key("incident/2018-11-deir-ez-zor")
    report = _broken(full_graph,
                     [(hajin, GEO.lat, None), (sohr, CG.role, None), (incident, RDF.type, None)],
                     [(hajin, GEO.lat, Literal("95.0", datatype=XSD.decimal)), (incident, RDF.type, CG.Incident)])
    _fails_with(report, hajin, "geo:lat is at most one xsd:decimal in [-90, 90]")
    _fails_with(report, sohr, "exactly one cg:role")
    _fails_with(report, incident, "typed cg:Incident and sem:Event")


def test_values_of_the_wrong_kind_fail(full_graph: Graph, iris: Iris) -> None:
    claim = _claim_with_text(full_graph, "At least 36")
    hop = next(h for h in full_graph.objects(claim, CG.hop) if str(h).endswith("/hop/1"))
    position = next(s for s in full_graph.objects(claim, OA.hasSelector) if str(s).endswith("/position"))
    afp = iris.key("agent/afp")
    report = _broken(full_graph,
                     [(claim, CG.date, None), (hop, CG.position, None), (afp, SKOS.prefLabel, None)],
                     [(claim, CG.date, Literal("yesterday")), (hop, CG.position, Literal(-1)),
                      (afp, SKOS.prefLabel, Literal("")),
                      (claim, OA.hasSelector, URIRef(str(position) + "-2")),
                      (URIRef(str(position) + "-2"), RDF.type, OA.TextPositionSelector)])
    _fails_with(report, claim, "yesterday is not an xsd:date, xsd:gYearMonth or xsd:gYear")
    _fails_with(report, hop, "-1 is not a non-negative integer")
    _fails_with(report, afp, "is not a non-empty string")
    _fails_with(report, claim, "exactly one http://www.w3.org/ns/oa#TextPositionSelector")


def test_a_claim_pointing_at_an_unknown_agent_fails(full_graph: Graph, iris: Iris) -> None:
    claim = _claim_with_text(full_graph, "At least 36")
    report = _broken(full_graph, [(iris.key("agent/afp"), None, None)], [])
    _fails_with(report, claim, "cg:via points at an agent")


def test_store_validation_can_name_graphs(full_store: OxigraphStore, iris: Iris) -> None:
    report = validate_store(full_store, [iris.article_graph("hand-built")], chunk=1)
    assert report.conforms, report.text()
    assert report.graphs == len(full_store.named_graphs())


# ---------------------------------------------------------------------------------------------
# The JSON-LD context
# ---------------------------------------------------------------------------------------------

def _round_trip(graph: Graph) -> tuple[dict, Graph]:
    text = render_graph(graph, "jsonld")
    back = Graph()
    for triple in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD):
        back.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return json.loads(text), back


@pytest.mark.parametrize("which", ["seed_graph", "full_graph"])
def test_json_ld_round_trip(which: str, request: pytest.FixtureRequest) -> None:
    graph = request.getfixturevalue(which)
    data, back = _round_trip(graph)
    assert isomorphic(graph, back)
    claims = [n for n in data["@graph"] if n.get("type") == "Claim"]
    assert claims and all("article" in c and "chain" in c for c in claims)
    # a source for every claim but those in the own voice of an article whose outlet is not given
    assert all("source" in c for c in claims if not str(c.get("ownVoice")).lower() == "true")


def test_context_names_every_term_the_api_needs() -> None:
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["@version"] == 1.1
    for term in ("claim", "source", "via", "chain", "figures", "count", "qualifier", "category", "about",
                 "date", "places", "article", "text", "beginIndex", "endIndex", "label", "role"):
        assert term in context or term.capitalize() in context, term
    for term, expected in (("count", "xsd:integer"), ("date", "xsd:date"), ("datePublished", "xsd:date"),
                           ("hedged", "xsd:boolean")):
        assert context[term]["@type"] == expected


def test_context_prefixes_match_the_vocabulary() -> None:
    from kg.rdf.vocab import PREFIXES

    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == str(namespace), prefix


def test_files_are_where_the_code_looks() -> None:
    """Under the editable install the shipped resources are the checkout's files (the wheel: test_packaging)."""
    from kg.rdf import results
    from kg.resources import resource

    assert Path(str(results.CONTEXT_PATH)) == ONTOLOGY / "context.jsonld"
    for name in ("claims.ttl", "shapes.ttl", "context.jsonld"):
        assert Path(str(resource("ontology", name))) == ONTOLOGY / name
    assert results.jsonld_context() == json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))[
        "@context"]
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    assert set(shapes_graph().subjects(RDF.type, SH.NodeShape)) == set(shapes.subjects(RDF.type, SH.NodeShape))


# ---------------------------------------------------------------------------------------------
# `kg validate`
# ---------------------------------------------------------------------------------------------

def _write_store(path: Path, iris: Iris) -> None:
    extraction, incidents = hand_built()
    with OxigraphStore(path) as store:
        save_agents(store, extraction.agents.values(), iris)
        save_places(store, extraction.places.values(), iris)
        save_extraction(store, extraction, iris, Provenance("0.1.0", "hand", "1"))
        save_incidents(store, incidents, iris)


def test_cli_validates_a_store(tmp_path: Path, iris: Iris, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    _write_store(tmp_path / "store", iris)
    assert main(["--store", str(tmp_path / "store"), "validate"]) == 0
    assert "conforms" in capsys.readouterr().out
    graph = str(iris.article_graph("hand-built"))
    assert main(["--store", str(tmp_path / "store"), "validate", "--graph", graph, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["conforms"] is True
    assert main(["--store", str(tmp_path / "store"), "validate", "--graph", graph + "-nope"]) == 2


def test_cli_reports_violations_in_files(tmp_path: Path, full_store: OxigraphStore,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    good, bad = tmp_path / "good.trig", tmp_path / "bad.nq"
    full_store.inner.dump(str(good), ox.RdfFormat.TRIG)
    text = full_store.inner.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    bad.write_text(text.replace('"at_least"', '"roughly"'), encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "/figure/0> cg:qualifier: cg:qualifier is exactly one of" in out and "(value 'roughly')" in out
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    assert "missing.ttl" in capsys.readouterr().err
