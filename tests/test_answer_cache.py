"""Answers kept until the next write: a repeated read is not evaluated again, a write is seen at once, and
no caller can change what the next one reads."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.rdf.cache import AnswerCache
from kg.rdf.evaluator import IsolatedStore, open_serving
from kg.rdf.store import QueryResult
from kg.settings import load_config

QUERY = "SELECT ?o WHERE { <urn:s> <urn:p> ?o } ORDER BY ?o"


def _rows(*values: str) -> QueryResult:
    return QueryResult("select", ["o"], [{"o": Literal(v)} for v in values])


def test_a_write_while_an_answer_was_made_keeps_it_out() -> None:
    cache = AnswerCache(100)
    began = cache.writes
    cache.clear()  # a write lands while the query runs
    cache.put("q", _rows("old"), began)
    assert cache.get("q") is None
    cache.put("q", _rows("new"), cache.writes)
    assert [r["o"] for r in cache.get("q").rows] == [Literal("new")]  # type: ignore[union-attr]


def test_callers_get_copies_and_the_least_recently_used_go_first() -> None:
    cache = AnswerCache(8)
    answer = _rows("a", "b")
    cache.put("x", answer, cache.writes)
    answer.rows.clear()  # the maker changes its own answer: the kept one is untouched
    first = cache.get("x")
    assert first is not None and len(first.rows) == 2
    first.rows[0]["o"] = Literal("changed")
    assert cache.get("x").rows[0]["o"] == Literal("a")  # type: ignore[union-attr]
    cache.put("y", _rows("c", "d"), cache.writes)
    cache.get("x")  # x is now more recent than y
    cache.put("z", _rows("e", "f"), cache.writes)  # 6 rows: all fit
    cache.put("w", _rows("g", "h"), cache.writes)  # 8 rows: still fit
    cache.put("v", _rows("i", "j"), cache.writes)  # 10 rows: y, the least recent, goes
    assert cache.get("y") is None and cache.get("x") is not None and cache.rows <= 8
    cache.put("big", _rows("1", "2", "3"), cache.writes)  # over a quarter of the room: never kept
    assert cache.get("big") is None


def test_a_served_store_evaluates_a_repeated_read_once_and_sees_every_write() -> None:
    store = open_serving(load_config({"store": "memory", "query_cache_rows": "1000"}, environ={}))
    assert isinstance(store, IsolatedStore)
    try:
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "one" } }')
        assert [r["o"] for r in store.select(QUERY)] == [Literal("one")]
        evaluated = len(store.evaluator.pids)
        assert [r["o"] for r in store.select(QUERY)] == [Literal("one")]
        assert len(store.evaluator.pids) == evaluated and store.cache.hits >= 1  # not evaluated again
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "two" } }')
        assert [r["o"] for r in store.select(QUERY)] == [Literal("one"), Literal("two")]
        bound = store.select("SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o", {"s": URIRef("urn:s")})
        assert len(bound) == 2
        other = store.select("SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o", {"s": URIRef("urn:other")})
        assert other == []  # bindings are part of what an answer is kept under
    finally:
        store.close()


def test_a_served_store_counts_its_quads_again_only_after_a_write(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`len` (what /health answers) is counted once per write, not once per call, and sees every write."""
    store = open_serving(load_config({"store": "memory", "query_cache_rows": "0"}, environ={}))
    assert isinstance(store, IsolatedStore)
    evaluated: list[object] = []
    call = store._call

    def counting(work, arg):  # type: ignore[no-untyped-def]
        evaluated.append(work)
        return call(work, arg)

    monkeypatch.setattr(store, "_call", counting)
    try:
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "one" } }')
        assert len(store) == 1 and len(store) == 1
        assert len(evaluated) == 1
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "two" } }')
        assert len(store) == 2 and len(store) == 2
        assert len(evaluated) == 2
    finally:
        store.close()
