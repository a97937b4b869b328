"""The gate every read of a served store passes: workers, an ordered queue, 503 past it; shared by the
SPARQL endpoint and the REST routes, so that no mix of requests makes more query processes than workers."""

from __future__ import annotations

import threading
import time

import pytest
from apiclient import Client

from api.app import create_app
from kg.errors import QueryBusy
from kg.rdf.evaluator import IsolatedStore
from kg.rdf.gate import Gate
from kg.settings import load_config

SAFETY = 10.0  # seconds: only reached when the behaviour under test is broken


def _wait_until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + SAFETY
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.005)


def test_waiting_callers_get_the_slot_in_the_order_they_came() -> None:
    gate = Gate(1, queue_length=8, queue_seconds=SAFETY)
    gate.acquire()
    order: list[int] = []

    def wait_then_record(k: int) -> None:
        gate.acquire()
        order.append(k)
        gate.release()

    threads = []
    for k in range(5):
        thread = threading.Thread(target=wait_then_record, args=(k,))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=k + 1: gate.waiting == n, "a caller did not start waiting")
    gate.release()
    for thread in threads:
        thread.join(SAFETY)
    assert order == [0, 1, 2, 3, 4]
    assert (gate.busy, gate.waiting) == (0, 0)


def test_a_full_queue_answers_busy_at_once_and_a_long_wait_answers_busy_after_it() -> None:
    gate = Gate(1, queue_length=1, queue_seconds=0.3)
    gate.acquire()
    waiter = threading.Thread(target=lambda: pytest.raises(QueryBusy, gate.acquire))
    waiter.start()
    _wait_until(lambda: gate.waiting == 1, "the first caller did not start waiting")
    started = time.monotonic()
    with pytest.raises(QueryBusy, match="1 queries are waiting"):
        gate.acquire()
    assert time.monotonic() - started < 0.25  # refused without waiting
    waiter.join(SAFETY)
    assert gate.waiting == 0  # the one that waited too long left the queue
    with pytest.raises(QueryBusy, match="stayed busy for 0.3 s"):
        gate.acquire()
    gate.release()
    gate.acquire()  # the slot is free again
    gate.release()


def test_rest_reads_take_the_slots_of_the_sparql_endpoint() -> None:
    config = load_config({"store": "memory", "query_workers": "1", "query_queue_seconds": "0.3",
                          "query_cache_rows": "0"}, environ={})  # every read evaluated
    app = create_app(config)
    store = app.state.ctx.store
    assert isinstance(store, IsolatedStore) and app.state.ctx.runner.gate is store.gate
    client = Client(app)
    assert client.get("/incidents", headers={"Accept": "application/json"}).status_code == 200
    store.gate.acquire()  # as a long SPARQL query would hold it
    try:
        busy = client.get("/incidents", headers={"Accept": "application/json"})
        assert busy.status_code == 503
        assert "busy" in busy.json()["detail"]
    finally:
        store.gate.release()
    assert client.get("/incidents", headers={"Accept": "application/json"}).status_code == 200
    store.close()


def test_a_crowd_of_reads_reuses_the_query_processes_instead_of_forking_one_each() -> None:
    """The server frees a slot when it has its answer, a moment before the child tells the replica it is
    idle; the next query waits for that child rather than forking another. 16 threads, 2 workers."""
    config = load_config({"store": "memory", "query_workers": "2", "query_queue_seconds": "30"}, environ={})
    app = create_app(config)
    store = app.state.ctx.store
    assert isinstance(store, IsolatedStore)
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } }')

    def read() -> None:
        for _ in range(25):
            assert len(store.query("SELECT ?o WHERE { <urn:s> <urn:p> ?o }").rows) == 1

    threads = [threading.Thread(target=read) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    children = set(list(store.evaluator.pids)[-256:])
    store.close()
    # 2 are kept; forking one per query beyond them gave dozens here
    assert len(children) <= 4, f"{len(children)} query processes for 2 workers"


def test_more_slots_are_taken_only_when_free_and_nobody_waits() -> None:
    """What `IsolatedStore.select_all` takes beyond its first slot: never a wait, never a slot a waiting
    caller is owed."""
    gate = Gate(3, queue_length=8, queue_seconds=SAFETY)
    gate.acquire()
    assert gate.take_free(5) == 2 and gate.busy == 3
    assert gate.take_free(1) == 0
    waiter = threading.Thread(target=gate.acquire)
    waiter.start()
    _wait_until(lambda: gate.waiting == 1, "a caller waits")
    gate.release()  # handed to the waiting caller, not freed
    waiter.join(SAFETY)
    assert gate.busy == 3 and gate.take_free(1) == 0
    for _ in range(3):
        gate.release()
    assert gate.busy == 0 and gate.take_free(-1) == 0
