"""The store: one graph per article with provenance, idempotent re-ingest, atomic replacement.

Tests taking `empty_store` run against each kind of store: embedded Oxigraph, Oxigraph's server and
Virtuoso (the servers skip when not installed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import BASE, SEED, SEEDS, copy_store, shared_path
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.vocab import CG


def _quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.inner}


def _stored(store: Store) -> set[tuple[str, str, str, str]]:
    """The project's quads in any store, terms as N-Triples (a server's own graphs left out)."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                        f"FILTER(STRSTARTS(STR(?g), {Literal(BASE).n3()})) }}")
    return {(str(r["g"]), r["s"].n3(), r["p"].n3(), r["o"].n3()) for r in rows}


@pytest.fixture
def seeded_store(empty_store: Store, seed_store: OxigraphStore) -> Store:
    """A store of each kind holding a copy of the seed store's graphs."""
    return copy_store(seed_store, empty_store)


def test_ingesting_twice_changes_nothing(empty_store: Store, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    first = ingest(load_paths([SEEDS]), empty_store, extractor, resolvers, iris)
    before = _stored(empty_store)
    second = ingest(load_paths([SEEDS]), empty_store, extractor, resolvers, iris)
    assert first.changed == 1 and second.changed == 0
    assert _stored(empty_store) == before and len(before) == len(empty_store) > 0


def test_store_survives_reopening(extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with OxigraphStore(tmp_path / "store") as store:
        ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
        count = len(store)
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert len(store) == count > 0


def test_article_graph_has_provenance(seeded_store: Store, iris) -> None:  # type: ignore[no-untyped-def]
    graph = iris.article_graph(SEED.stem)
    rows = seeded_store.select(
        f"PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX cg: <{CG}> "
        "SELECT ?extractor ?time WHERE { GRAPH ?g { ?g prov:wasGeneratedBy ?a . "
        "?a cg:extractor ?extractor ; prov:endedAtTime ?time } }", {"g": graph})
    assert len(rows) == 1 and str(rows[0]["extractor"]) == "rules"


def test_changed_article_replaces_its_graph(empty_store: Store, extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("date 2018-11-18 Ten people were killed, the monitor said.\n", encoding="utf-8")
    store = empty_store
    ingest(load_paths([path]), store, extractor, resolvers, iris)
    path.write_text("date 2018-11-18 Twelve people were killed, the monitor said.\n", encoding="utf-8")
    report = ingest(load_paths([path]), store, extractor, resolvers, iris, replace=True)
    assert report.changed == 1
    texts = [str(r["t"]) for r in store.select(
        "SELECT ?t WHERE { ?a <http://schema.org/identifier> 'a' ; <http://schema.org/text> ?t }")]
    assert len(texts) == 1 and "Twelve" in texts[0]


def test_bad_file_leaves_the_store_unchanged(seeded_store: Store, extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _stored(seeded_store)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": 5}\n{oops\n', encoding="utf-8")
    report = ingest(load_paths([bad]), seeded_store, extractor, resolvers, iris)
    assert report.articles == 0 and len(report.errors) == 2
    assert _stored(seeded_store) == before and before


def test_two_workers_write_what_one_writes(extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.settings import load_config

    dev = [SEEDS, *sorted((SEEDS.parent.parent / "shared" / "gold" / "dev").glob("*.txt"))[:2]]
    one, two = OxigraphStore(None), OxigraphStore(None)
    ingest(load_paths(dev), one, extractor, resolvers, iris)
    ingest(load_paths(dev), two, extractor, resolvers, iris, workers=2,
           config=load_config({"store": "memory", "extractor": extractor.name}))
    strip = {q for q in _quads(one) if "endedAtTime" not in q}
    assert strip <= _quads(two) and len(_quads(one)) == len(_quads(two))


def test_memory_copy_answers_reads_and_keeps_writes_on_disk(seed_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed = _quads(seed_store)
    disk = OxigraphStore(tmp_path / "store")
    disk.disk.extend(seed_store.inner)
    disk.close()
    del disk  # releases the folder's lock
    store = OxigraphStore(tmp_path / "store", memory_copy_max_quads=len(seed))
    assert store.in_memory_copy and _quads(store) == seed
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> 'added' } }")
    assert store.ask("ASK { <urn:s> <urn:p> 'added' }")
    store.close()
    del store
    reopened = OxigraphStore(tmp_path / "store", memory_copy_max_quads=len(seed))
    assert _quads(reopened) == seed | {'<urn:s> <urn:p> "added" <urn:g>'}
    assert not reopened.in_memory_copy  # one quad over the limit: reads stay on disk


def test_ntriples_made_without_a_graph_are_the_graphs(extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.pipeline import extract
    from kg.rdf.mapping import article_graph, article_ntriples

    dev = sorted(shared_path("gold", "dev").glob("*.txt"))
    for extraction in extract(list(load_paths([SEEDS, *dev])), extractor, resolvers):
        by_graph = sorted(article_graph(extraction, iris).serialize(format="nt").splitlines())
        assert sorted(article_ntriples(extraction, iris).splitlines()) == by_graph and by_graph


def _every_kind_of_term() -> Graph:
    """One triple for each kind of term the mapping writes, and texts that are awkward to carry."""
    values = {
        "plain": Literal("plain"),
        "string": Literal("2018-W46", datatype=XSD.string),  # a date the mapping cannot type
        "date": Literal("2018-11-17", datatype=XSD.date),
        "yearMonth": Literal("2018-11", datatype=XSD.gYearMonth),
        "year": Literal("2018", datatype=XSD.gYear),
        "dateTime": Literal("2018-11-18T10:20:30+00:00", datatype=XSD.dateTime),
        "integer": Literal(40, datatype=XSD.integer),
        "nonNegativeInteger": Literal(7, datatype=XSD.nonNegativeInteger),
        "decimal": Literal(Decimal("35.33"), datatype=XSD.decimal),
        "anyURI": Literal("https://example.org/a?b=1&c=2", datatype=XSD.anyURI),
        "language": Literal("Deir ez-Zor", lang="en-GB"),
        "arabic": Literal("دير الزور — “quoted” 😀"),
        "escapes": Literal('tab\there\nnewline "quote" \\ backslash } }'),
        "long": Literal("word " * 50_000),
        "iri": URIRef(f"{BASE}place/deir-ez-zor"),
    }
    graph = Graph()
    for key, value in values.items():
        graph.add((URIRef(f"{BASE}thing/terms"), URIRef(f"{BASE}ontology#{key}"), value))
    return graph


def test_every_kind_of_term_reads_back_as_the_embedded_store_gives_it(empty_store: Store) -> None:
    name = URIRef(f"{BASE}graph/terms")
    embedded = OxigraphStore(None)
    embedded.replace_graph(name, _every_kind_of_term())
    expected = set(embedded.graph(name))
    assert Literal("2018-W46") in {o for _, _, o in expected}  # RDF 1.1: xsd:string is the plain literal
    empty_store.replace_graph(name, _every_kind_of_term())
    assert set(empty_store.graph(name)) == expected
    query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert {(r["s"], r["p"], r["o"]) for r in empty_store.select(query, {"g": name})} == expected
    assert set(empty_store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")) == expected
    # a plain literal in a query finds what was written typed xsd:string
    rows = empty_store.select("SELECT ?p WHERE { ?s ?p ?o }", {"o": Literal("2018-W46")})
    assert [r["p"] for r in rows] == [URIRef(f"{BASE}ontology#string")]
    assert empty_store.ask("ASK { ?s ?p ?o }", {"o": Literal("2018-W46")})
    assert not empty_store.ask("ASK { ?s ?p ?o }", {"o": Literal("2018-W47")})


def test_computed_values_read_back_as_the_embedded_store_gives_them(empty_store: Store) -> None:
    empty_store.replace_graph(URIRef(f"{BASE}graph/terms"), _every_kind_of_term())
    query = (f"SELECT (STRLEN(?o) AS ?length) (COUNT(*) AS ?n) (STR(?p) AS ?name) (MAX(?o) AS ?text) "
             f"WHERE {{ ?s ?p ?o FILTER(?p = <{BASE}ontology#plain>) }} GROUP BY ?o ?p")
    assert empty_store.select(query) == OxigraphStore(None).select(
        f"SELECT (5 AS ?length) (1 AS ?n) ('{BASE}ontology#plain' AS ?name) ('plain' AS ?text) WHERE {{}}")


def test_computed_flags_read_by_their_value(empty_store: Store) -> None:
    """Virtuoso answers a computed boolean (EXISTS, a comparison, even `true`) as 1 or 0 typed
    xsd:integer, not as xsd:boolean: no store can tell it from a number, so a reader takes a flag by
    its value (`bool(term.toPython())`), which is the same on every store."""
    empty_store.replace_graph(URIRef(f"{BASE}graph/terms"), _every_kind_of_term())
    query = (f"SELECT ?p (EXISTS {{ ?s ?p 'plain' }} AS ?flag) WHERE {{ ?s ?p ?o "
             f"FILTER(?p IN (<{BASE}ontology#plain>, <{BASE}ontology#year>)) }} ORDER BY ?p")
    rows = empty_store.select(query)
    assert [(str(r["p"]).split("#")[1], bool(r["flag"].toPython())) for r in rows] == [  # type: ignore[attr-defined]
        ("plain", True), ("year", False)]
