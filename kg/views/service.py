"""The SPARQL service description (W3C `sd:`) with VoID statistics per named graph."""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf import terms
from kg.rdf.store import Store
from kg.rdf.vocab import SD, VOID

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
_COUNTS = """SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""
_CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } }
GROUP BY ?class ORDER BY ?class"""


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(SD[name]))


def _void(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(VOID[name]))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def service_description(store: Store, endpoint: str, *, union_default: bool = True) -> list[ox.Triple]:
    """Triples describing the endpoint: languages, formats, features, and the dataset with counts."""
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    default = ox.NamedNode(endpoint + "#default-graph")
    out = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, RDF_TYPE, _void("Dataset")),
        ox.Triple(dataset, _void("sparqlEndpoint"), service),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    out += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    if union_default:
        out.append(ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    total = 0
    for row in store.select(_COUNTS):
        name = ox.NamedNode(str(row["g"]))
        graph = ox.NamedNode(str(row["g"]) + "#void")
        triples = terms.integer(row["triples"])
        total += triples
        out += [
            ox.Triple(dataset, _sd("namedGraph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(graph, _sd("name"), name),
            ox.Triple(graph, _sd("graph"), name),
            ox.Triple(name, RDF_TYPE, _sd("Graph")),
            ox.Triple(name, _void("triples"), _int(triples)),
            ox.Triple(name, _void("distinctSubjects"), _int(terms.integer(row["subjects"]))),
        ]
    out.append(ox.Triple(dataset, _void("triples"), _int(total)))
    if union_default:
        out.append(ox.Triple(default, _void("triples"), _int(total)))
    for index, row in enumerate(store.select(_CLASSES)):
        part = ox.NamedNode(f"{endpoint}#class-{index}")
        out += [ox.Triple(dataset, _void("classPartition"), part),
                ox.Triple(part, _void("class"), ox.NamedNode(str(row["class"]))),
                ox.Triple(part, _void("entities"), _int(terms.integer(row["n"])))]
    return out
