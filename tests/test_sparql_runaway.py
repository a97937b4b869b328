"""A query past its time limit is stopped and its process gone; the server takes queries again at once.

The store is served as `kg serve` serves it (`open_serving`: a replica process, one child per running
query). A cross product of three patterns over 1,500 triples (3.4e9 solutions) runs for minutes
unless it is killed. Checks are by process id, never by how long something took; the bounds on waits
are safety nets only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from apiclient import Client
from conftest import ROOT, _free_port, wait_for_http
from rdflib import URIRef

from api.app import create_app
from kg.errors import QueryError, StoreError
from kg.rdf.evaluator import IsolatedStore, open_serving
from kg.rdf.protocol import Cancel
from kg.rdf.store import OxigraphStore
from kg.settings import load_config

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "SELECT ?o WHERE { <urn:s1> <urn:p> ?o }"
TRIPLES = 1500
SAFETY = 15.0  # seconds: only ever reached when the behaviour under test is broken


def _insert(count: int) -> str:
    rows = "\n".join(f"<urn:s{i}> <urn:p> \"value {i}\" ." for i in range(count))
    return f"INSERT DATA {{ GRAPH <urn:g> {{ {rows} }} }}"


def _settings(**values: str) -> dict[str, str]:
    # a limit of seconds, not less: on a loaded machine a query's process may take a moment to answer at all
    return {"store": "memory", "query_timeout": "3", "query_workers": "2", "query_queue_seconds": "10", **values}


@pytest.fixture(scope="module", params=["copy", "snapshots"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IsolatedStore]:
    """The store as `kg serve` serves it: copied into the replica (a store up to KG_MEMORY_COPY_MAX_QUADS),
    or on disk and read from snapshots of it (a larger one; here every one, with that setting at 0)."""
    settings = _settings() if request.param == "copy" else \
        _settings(store=str(tmp_path_factory.mktemp("snapshots") / "store"), memory_copy_max_quads="0")
    store = open_serving(load_config(settings, environ={}))
    assert isinstance(store, IsolatedStore)
    assert (store.evaluator.snapshots is not None) == (request.param == "snapshots")
    store.update(_insert(TRIPLES))
    assert len(store) == TRIPLES  # a query process is ready
    yield store
    store.close()


def _alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _gone(pid: int) -> bool:
    """Wait (at most SAFETY seconds) for the process to end."""
    deadline = time.monotonic() + SAFETY
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


def _new_pids(store: IsolatedStore, before: int) -> list[int]:
    return list(store.evaluator.pids)[before:]


def test_a_runaway_query_answers_503_and_its_process_is_killed(served: IsolatedStore) -> None:
    client = Client(create_app(load_config(_settings(), environ={}), served))
    before = len(served.evaluator.pids)
    response = client.get("/sparql", params={"query": RUNAWAY})
    assert response.status_code == 503
    assert response.json()["type"].endswith("query-timeout")
    (pid,) = _new_pids(served, before)
    assert _gone(pid)
    assert served.evaluator.process.is_alive()  # the replica stays; only the query's child went


def test_four_runaway_queries_then_a_small_one_succeeds(served: IsolatedStore) -> None:
    client = Client(create_app(load_config(_settings(), environ={}), served))
    before = len(served.evaluator.pids)
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(client.get("/sparql", params={"query": RUNAWAY})
                                                                .status_code)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SAFETY * 4)
    assert statuses == [503] * 4
    pids = _new_pids(served, before)
    assert len(pids) == 4 and all(_gone(pid) for pid in pids)
    response = client.get("/sparql", params={"query": SMALL}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["o"]["value"] == "value 1"


def test_a_write_is_seen_by_the_next_query(served: IsolatedStore) -> None:
    client = Client(create_app(load_config(_settings(), environ={}), served))

    def ask() -> bool:
        response = client.get("/sparql", params={"query": "ASK { <urn:written> ?p ?o }"},
                              headers={"Accept": "application/sparql-results+json"})
        return bool(response.json()["boolean"])

    assert not ask()  # a child is idle now, forked before the write
    served.update('INSERT DATA { GRAPH <urn:g2> { <urn:written> <urn:p> "new" } }')
    assert ask()
    assert served.ask("ASK { <urn:written> ?p ?o }")  # the read layer's queries too
    served.update("DROP GRAPH <urn:g2>")
    assert not ask()


@pytest.mark.parametrize("mode", ["copy", "snapshots"])
def test_a_replica_that_dies_is_started_again_with_every_write(tmp_path: Path, mode: str) -> None:
    """The replica killed (as by the kernel's out-of-memory killer): the next read starts a new one from
    the store of record, writes made meanwhile included; a replica that keeps dying is given up on."""
    from kg.rdf import evaluator as ev

    settings = _settings() if mode == "copy" else _settings(store=str(tmp_path / "store"), memory_copy_max_quads="0")
    store = open_serving(load_config(settings, environ={}))
    assert isinstance(store, IsolatedStore)
    try:
        store.update(_insert(10))
        first = store.evaluator.process.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        store.evaluator.process.join(5)
        store.update('INSERT DATA { GRAPH <urn:g2> { <urn:after> <urn:p> "written while it was down" } }')
        assert store.ask("ASK { <urn:after> ?p ?o }") and len(store) == 11
        assert store.evaluator.process.pid != first and len(store.evaluator.restarts) == 1
        for _ in range(ev.MAX_RESTARTS - 1):
            os.kill(store.evaluator.process.pid or 0, signal.SIGKILL)
            store.evaluator.process.join(5)
            # a read no answer kept stands for (the count and a query's answer are kept until the next write)
            assert URIRef("urn:g2") in store.named_graphs()
        os.kill(store.evaluator.process.pid or 0, signal.SIGKILL)
        store.evaluator.process.join(5)
        with pytest.raises(StoreError, match="restart the server"):
            store.named_graphs()
    finally:
        store.close()


def test_answers_come_back_whole_from_the_query_processes(served: IsolatedStore) -> None:
    """Uncapped SELECT (streamed in batches), capped SELECT in each format, CONSTRUCT, ASK."""
    everything = "SELECT ?s ?o WHERE { ?s <urn:p> ?o }"
    uncapped = Client(create_app(load_config(_settings(max_rows="0"), environ={}), served))
    rows = uncapped.get("/sparql", params={"query": everything}, headers={"Accept": "application/sparql-results+json"})
    assert rows.status_code == 200 and len(rows.json()["results"]["bindings"]) == TRIPLES
    capped = Client(create_app(load_config(_settings(max_rows="10"), environ={}), served))
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv"):
        response = capped.get("/sparql", params={"query": everything}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["x-results-truncated"] == "true", accept
    graph = capped.get("/sparql", params={"query": "CONSTRUCT WHERE { <urn:s3> ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert graph.status_code == 200 and graph.text.strip() == '<urn:s3> <urn:p> "value 3" .'
    asked = capped.get("/sparql", params={"query": "ASK { <urn:s3> ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"})
    assert asked.json()["boolean"] is True
    assert len(served) == TRIPLES and [str(g) for g in served.named_graphs()] == ["urn:g"]
    assert len(served.graph(URIRef("urn:g"))) == TRIPLES


def test_the_read_layer_is_under_the_same_time_limit(served: IsolatedStore) -> None:
    from kg.errors import QueryTimeout

    before = len(served.evaluator.pids)
    with pytest.raises(QueryTimeout, match="KG_QUERY_TIMEOUT"):
        served.select(RUNAWAY)
    (pid,) = _new_pids(served, before)
    assert _gone(pid)


def test_a_cancelled_query_is_killed(served: IsolatedStore) -> None:
    app = create_app(load_config(_settings(query_timeout="600"), environ={}), served)
    runner = app.state.ctx.runner
    before = len(served.evaluator.pids)
    cancel = Cancel()
    errors: list[Exception] = []

    def run() -> None:
        try:
            runner.run(RUNAWAY, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    pid = _wait_for_child(served, before)
    cancel.set()
    thread.join(SAFETY)
    assert not thread.is_alive() and errors
    assert _gone(pid)


def _wait_for_child(store: IsolatedStore, before: int) -> int:
    deadline = time.monotonic() + SAFETY
    while len(store.evaluator.pids) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    (pid,) = _new_pids(store, before)
    assert _alive(pid)
    return pid


def test_a_client_that_goes_away_stops_its_query(served: IsolatedStore) -> None:
    """A raw ASGI call whose client disconnects while the query runs (limit 600 s)."""
    app = create_app(load_config(_settings(query_timeout="600"), environ={}), served)
    before = len(served.evaluator.pids)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/sparql", "raw_path": b"/sparql", "root_path": "", "server": ("testserver", 80),
             "client": ("127.0.0.1", 1), "query_string": urllib.parse.urlencode({"query": RUNAWAY}).encode(),
             "headers": [(b"host", b"testserver")]}
    sent: list[dict[str, Any]] = []
    pids: list[int] = []

    async def go() -> None:
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            pids.append(await asyncio.to_thread(_wait_for_child, served, before))
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await asyncio.wait_for(app(scope, receive, send), SAFETY)

    asyncio.run(go())
    assert pids and _gone(pids[0])


def _runaway_store(folder: Path) -> None:
    store = OxigraphStore(folder)
    store.disk.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"value {i}"),
                              ox.NamedNode("urn:g")) for i in range(TRIPLES))
    store.close()


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


@pytest.mark.parametrize("copy_max_quads", ["2000000", "0"])  # copied into the replica, read from snapshots
def test_sigterm_stops_kg_serve_while_a_runaway_query_runs(tmp_path: Path, copy_max_quads: str) -> None:
    folder = tmp_path / "store"
    _runaway_store(folder)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(KG_STORE=str(folder), KG_QUERY_TIMEOUT="600", KG_ACCESS_LOG="false",
               KG_MEMORY_COPY_MAX_QUADS=copy_max_quads)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/health", seconds=120)
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        threading.Thread(target=lambda: _ignore_errors(lambda: urllib.request.urlopen(url, timeout=600)),  # noqa: S310
                         daemon=True).start()
        processes = _wait_for_descendants(server.pid, 2)  # the replica and the query's child
        server.send_signal(signal.SIGTERM)
        server.wait(SAFETY)
        assert all(_gone(pid) for pid in processes), (tmp_path / "serve.log").read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()


def _wait_for_descendants(pid: int, count: int) -> set[int]:
    deadline = time.monotonic() + SAFETY * 4
    found = _descendants(pid)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.05)
        found = _descendants(pid)
    assert len(found) >= count, f"expected {count} processes under the server, found {found}"
    return found


def _ignore_errors(call: Any) -> None:
    try:
        call()
    except Exception:  # noqa: BLE001 - the server is stopped under it
        return


def test_snapshots_follow_the_writes_and_are_deleted_when_no_process_reads_them(tmp_path: Path) -> None:
    """A store read from snapshots: each write is seen by the next query through a new snapshot; the
    folders of old snapshots go once their processes have; closing the server deletes the rest, and a
    server killed without closing leaves a folder the next one deletes."""
    settings = _settings(store=str(tmp_path / "store"), memory_copy_max_quads="0")
    store = open_serving(load_config(settings, environ={}))
    assert isinstance(store, IsolatedStore) and store.evaluator.snapshots is not None
    folder = store.evaluator.snapshots
    assert folder.parent == tmp_path and folder.name.startswith(f".claimgraph-snapshots-{os.getpid()}-")
    try:
        for n in range(1, 6):
            store.update(f'INSERT DATA {{ GRAPH <urn:g> {{ <urn:s{n}> <urn:p> "{n}" }} }}')
            assert len(store) == n and store.ask(f"ASK {{ <urn:s{n}> ?p ?o }}")
        deadline = time.monotonic() + SAFETY
        while len(list(folder.iterdir())) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)  # the retired children exit, the replica reaps them and deletes their snapshots
        assert [p.name for p in folder.iterdir()] == ["6"]  # the first at start, one more for every write
    finally:
        store.close()
    assert not folder.exists()

    orphan = tmp_path / ".claimgraph-snapshots-999999999-abc"  # no such pid: its server is gone
    (orphan / "1").mkdir(parents=True)
    again = open_serving(load_config(settings, environ={}))
    try:
        assert not orphan.exists() and len(again) == 5
    finally:
        again.close()


def test_an_in_memory_store_is_always_read_in_query_processes() -> None:
    """A `memory` store cannot be snapshotted: it is copied into the replica whatever the size setting."""
    for limit in ("0", "2000000"):
        store = open_serving(load_config(_settings(memory_copy_max_quads=limit), environ={}))
        try:
            assert isinstance(store, IsolatedStore) and store.evaluator.snapshots is None, limit
        finally:
            store.close()


def test_queries_read_together_answer_in_their_order(served: IsolatedStore) -> None:
    """More queries than workers (two): they run in rounds and come back in the order asked."""
    queries = [f'SELECT ?s WHERE {{ ?s <urn:p> "value {i}" }}' for i in (7, 11, 13)] + [SMALL]
    answers = served.select_all([(q, None) for q in queries])
    assert answers == [served.select(q) for q in queries]
    assert [str(rows[0]["s"]) for rows in answers[:3]] == ["urn:s7", "urn:s11", "urn:s13"]
    assert served.gate.busy == 0
    before = len(served.evaluator.pids)
    assert served.select_all([(q, None) for q in queries]) == answers  # kept until the next write
    assert len(served.evaluator.pids) == before


def test_text_rows_are_the_terms_as_plain_strings_wherever_the_store_is_read(served: IsolatedStore) -> None:
    """`select_text` in the query processes, in the store itself and through the base class (as a remote
    store reads them) gives the same rows: every term's string, typed literals as their lexical form; its
    answers are kept apart from the rdflib rows of the same query."""
    from kg.rdf.store import Store

    typed = ('SELECT ?s ?o ?n ?when WHERE { <urn:s1> ?p ?o BIND(<urn:s1> AS ?s) BIND(42 AS ?n) '
             'BIND("2018-11-17"^^<http://www.w3.org/2001/XMLSchema#date> AS ?when) }')
    queries = [(typed, None), (SMALL, None)]
    expected = [[{"s": "urn:s1", "o": "value 1", "n": "42", "when": "2018-11-17"}], [{"o": "value 1"}]]
    assert served.select_text(queries) == expected
    assert served.select_text(queries) == expected  # from the cache
    assert served.base.select_text(queries) == expected
    assert Store.select_text(served.base, queries) == expected
    assert all(type(value) is str for rows in served.select_text(queries) for row in rows for value in row.values())
    [[row]] = served.select_all([(typed, None)])
    assert row["n"].toPython() == 42 and row["s"] == URIRef("urn:s1")  # rdflib terms, not the text rows kept
    with pytest.raises(QueryError, match="not a SELECT"):
        served.select_text([("ASK { ?s ?p ?o }", None)])


def test_a_read_past_the_row_cap_is_refused_not_cut() -> None:
    """KG_READ_MAX_ROWS: a read of the pages' layer finding more rows is an error naming the setting (a cut
    answer would be a wrong page), its query process stopping at the limit; at the limit it is answered."""
    from kg.errors import AnswerTooLarge

    store = open_serving(load_config(_settings(read_max_rows="100"), environ={}))
    try:
        assert isinstance(store, IsolatedStore)
        store.update(_insert(TRIPLES))
        every = "SELECT ?s WHERE { ?s ?p ?o }"
        with pytest.raises(AnswerTooLarge, match="KG_READ_MAX_ROWS") as caught:
            store.select_text([(every, None)])
        assert (caught.value.value, caught.value.maximum, caught.value.setting) == (101, 100, "KG_READ_MAX_ROWS")
        with pytest.raises(AnswerTooLarge):
            store.select_all([(every, None)])
        assert len(store.select_text([(every + " LIMIT 100", None)])[0]) == 100
        assert store.gate.busy == 0
    finally:
        store.close()


def test_queries_read_together_run_at_once_under_one_time_limit(served: IsolatedStore) -> None:
    """Two runaway queries read together both start (one process each, two workers free) and both are
    killed at the time limit; read in turn, the second would never have started."""
    from kg.errors import QueryTimeout

    before = len(served.evaluator.pids)
    with pytest.raises(QueryTimeout, match="KG_QUERY_TIMEOUT"):
        served.select_all([(RUNAWAY, None), (RUNAWAY.replace("?n", "?m"), None)])
    pids = _new_pids(served, before)
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)
    assert served.gate.busy == 0


def test_a_bad_query_read_together_with_others_is_an_error_and_frees_the_workers(served: IsolatedStore) -> None:
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="malformed"):
        served.select_all([(SMALL, None), ("SELECT ?s WHERE { ?s", None), (SMALL, None)])
    assert served.gate.busy == 0
    assert served.select(SMALL)[0]["o"].toPython() == "value 1"
