"""The short queue before 503: a query that finds every worker busy waits for one (boundedly)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from apiclient import Client

from api.app import create_app
from kg.errors import QueryBusy
from kg.rdf.protocol import QueryRunner
from kg.rdf.store import OxigraphStore
from kg.settings import load_config

ASK = "ASK { }"
HOLD = "ASK { ?hold ?p ?o }"  # the query the store holds until released


class HoldingStore(OxigraphStore):
    """Evaluates HOLD only once `release` is set (a worker kept busy for as long as a test wants)."""

    def __init__(self) -> None:
        super().__init__(None)
        self.release = threading.Event()
        self.held = threading.Semaphore(0)

    def stream(self, query: str, dataset: Any = None) -> Any:
        if query == HOLD:
            self.held.release()
            self.release.wait(30)
        return super().stream(query, dataset)


def _hold(runner: QueryRunner, store: HoldingStore) -> threading.Thread:
    thread = threading.Thread(target=runner.run, args=(HOLD,), daemon=True)
    thread.start()
    assert store.held.acquire(timeout=10)  # the worker is taken
    return thread


def _run_in_thread(runner: QueryRunner, text: str, results: list[object]) -> threading.Thread:
    def go() -> None:
        try:
            results.append(runner.run(text).boolean)
        except QueryBusy as exc:
            results.append(exc)

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    return thread


def test_a_query_waits_for_a_busy_worker_instead_of_503() -> None:
    store = HoldingStore()
    runner = QueryRunner(store, workers=1, queue_length=4, queue_seconds=10)
    holder = _hold(runner, store)
    results: list[object] = []
    waiting = _run_in_thread(runner, ASK, results)
    time.sleep(0.3)
    assert results == []  # still waiting, not refused
    store.release.set()
    waiting.join(10)
    holder.join(10)
    assert results == [True]


def test_the_wait_is_bounded_in_time() -> None:
    store = HoldingStore()
    runner = QueryRunner(store, workers=1, queue_length=4, queue_seconds=0.3)
    holder = _hold(runner, store)
    started = time.monotonic()
    with pytest.raises(QueryBusy, match="stayed busy for 0.3 s"):
        runner.run(ASK)
    assert 0.25 < time.monotonic() - started < 3
    store.release.set()
    holder.join(10)


def test_the_queue_is_bounded_in_length() -> None:
    store = HoldingStore()
    runner = QueryRunner(store, workers=1, queue_length=2, queue_seconds=10)
    holder = _hold(runner, store)
    results: list[object] = []
    waiting = [_run_in_thread(runner, ASK, results) for _ in range(2)]
    deadline = time.monotonic() + 5
    while runner.gate.waiting < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(QueryBusy, match="2 queries are waiting"):
        runner.run(ASK)
    assert time.monotonic() - started < 0.5  # refused at once
    store.release.set()
    for thread in (*waiting, holder):
        thread.join(10)
    assert results == [True, True]


def test_queue_settings_reach_the_endpoint() -> None:
    store = HoldingStore()
    config = load_config({"store": "memory"}, environ={"KG_QUERY_WORKERS": "1", "KG_QUERY_QUEUE_LENGTH": "0",
                                                       "KG_QUERY_QUEUE_SECONDS": "5"})
    app = create_app(config, store)
    runner = app.state.ctx.runner
    assert (runner.gate.queue_length, runner.gate.queue_seconds) == (0, 5.0)
    holder = _hold(runner, store)
    response = Client(app).get("/sparql", params={"query": ASK})
    assert response.status_code == 503 and response.headers["content-type"].startswith("application/problem+json")
    assert response.headers.get("retry-after")
    store.release.set()
    holder.join(10)
