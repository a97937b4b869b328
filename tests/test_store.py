"""The store: one graph per article with provenance, idempotent re-ingest, atomic replacement."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED, SEEDS, shared_path

from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.store import OxigraphStore
from kg.rdf.vocab import CG


def _quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.inner}


def test_ingesting_twice_changes_nothing(extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with OxigraphStore(tmp_path / "store") as store:
        first = ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
        before = _quads(store)
        second = ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
        assert first.changed == 1 and second.changed == 0
        assert _quads(store) == before


def test_store_survives_reopening(extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with OxigraphStore(tmp_path / "store") as store:
        ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
        count = len(store)
    with OxigraphStore(tmp_path / "store", read_only=True) as store:
        assert len(store) == count > 0


def test_article_graph_has_provenance(seed_store, iris) -> None:  # type: ignore[no-untyped-def]
    graph = iris.article_graph(SEED.stem)
    rows = seed_store.select(
        f"PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX cg: <{CG}> "
        "SELECT ?extractor ?time WHERE { GRAPH ?g { ?g prov:wasGeneratedBy ?a . "
        "?a cg:extractor ?extractor ; prov:endedAtTime ?time } }", {"g": graph})
    assert len(rows) == 1 and str(rows[0]["extractor"]) == "rules"


def test_changed_article_replaces_its_graph(extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("date 2018-11-18 Ten people were killed, the monitor said.\n", encoding="utf-8")
    store = OxigraphStore(None)
    ingest(load_paths([path]), store, extractor, resolvers, iris)
    path.write_text("date 2018-11-18 Twelve people were killed, the monitor said.\n", encoding="utf-8")
    report = ingest(load_paths([path]), store, extractor, resolvers, iris, replace=True)
    assert report.changed == 1
    texts = [str(r["t"]) for r in store.select(
        "SELECT ?t WHERE { ?a <http://schema.org/identifier> 'a' ; <http://schema.org/text> ?t }")]
    assert len(texts) == 1 and "Twelve" in texts[0]


def test_bad_file_leaves_the_store_unchanged(seed_store, extractor, resolvers, iris, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _quads(seed_store)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": 5}\n{oops\n', encoding="utf-8")
    report = ingest(load_paths([bad]), seed_store, extractor, resolvers, iris)
    assert report.articles == 0 and len(report.errors) == 2
    assert _quads(seed_store) == before


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
