"""SPARQL size limits, checked before the engine sees a query: bytes, nesting depth, triple patterns.

Queries that crashed the whole server process (the engine overflows its native stack) are sent to a
real server in a child process, which must answer 400 and stay up; smaller hostile queries go
through the app in process; the counts themselves are checked on known queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from apiclient import Client
from conftest import ROOT, _free_port, wait_for_http

from api.app import create_app
from kg.errors import QueryTooLarge
from kg.rdf.sparql_text import QueryLimits, check_limits, measure_query
from kg.settings import load_config

P = "PREFIX : <http://example.org/> "


def nested_groups(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + "}" * n


def object_list(n: int) -> str:
    return P + "SELECT * WHERE { ?s :p " + ", ".join(["?o"] * n) + " }"


def or_chain(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o"] * n) + ") }"


def path_sequence(n: int) -> str:
    return P + "SELECT * WHERE { ?s " + "/".join([":p"] * n) + " ?o }"


def binds(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + " }"


def projections(n: int) -> str:
    return "SELECT " + " ".join(f"(1 AS ?x{i})" for i in range(n)) + " WHERE {}"


def negations(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * n + "true) }"


def collection(n: int) -> str:
    return P + "SELECT * WHERE { ?s :p (" + " ?o" * n + " ) }"


def unions(n: int) -> str:
    return "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }"


# --- the counts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "depth", "patterns"), [
    ("SELECT * WHERE { ?s ?p ?o }", 1, 1),
    (P + "SELECT * WHERE { ?s :p ?o . ?o :q ?x }", 1, 2),
    (P + "SELECT * WHERE { ?s :p ?o ; :q ?x , ?y . }", 1, 3),
    (P + "SELECT * WHERE { ?s :p :o1. ?s :p :o2. ?s :p :o3. }", 1, 3),  # a dot ending a prefixed name
    (P + "SELECT * WHERE { ?s :p [ :q ?x ; :r ?y ] }", 2, 3),
    (P + "SELECT * WHERE { ?s :p/:q/:r ?o }", 3, 3),
    (P + "SELECT * WHERE { ?s :p ( 1 2.5 3 ) }", 2, 7),
    (P + "SELECT * WHERE { ?s :p ?o FILTER(?o > 1.5 && ?o != 3) }", 4, 1),
    (P + "SELECT * WHERE { ?s :p ?o OPTIONAL { ?o :q ?x } }", 3, 2),
    (P + "SELECT * WHERE { VALUES ?x { :a :b :c :d :e :f :g :h :i } ?x :p ?o }", 2, 1),
    (P + "CONSTRUCT { ?s :a ?o . ?s :b ?o . ?s :c ?o } WHERE { ?s :p ?o }", 1, 1),
    (P + "SELECT (COUNT(?s) AS ?n) WHERE { ?s :p \"{{{ } ( # not a comment\" } # {{{{",
     2, 1),
    (P + "SELECT * WHERE { GRAPH ?g { ?s :p ?o } }", 2, 1),
    ("SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?p ?s } }", 3, 2),
])
def test_measured(text: str, depth: int, patterns: int) -> None:
    shape = measure_query(text)
    assert (shape.depth, shape.triple_patterns) == (depth, patterns)


@pytest.mark.parametrize("build", [nested_groups, or_chain, path_sequence, binds, projections, negations, unions])
def test_depth_grows_with_every_kind_of_nesting(build) -> None:  # type: ignore[no-untyped-def]
    assert measure_query(build(200)).depth >= 200


@pytest.mark.parametrize("build", [object_list, path_sequence, unions])
def test_patterns_grow_with_every_kind_of_pattern(build) -> None:  # type: ignore[no-untyped-def]
    assert measure_query(build(200)).triple_patterns >= 200


def test_collection_items_count_twice() -> None:
    assert measure_query(collection(60)).triple_patterns == 121


def test_every_named_query_is_well_within_the_defaults() -> None:
    limits = QueryLimits()
    for path in sorted((ROOT / "queries").glob("*.rq")):
        shape = check_limits(path.read_text(encoding="utf-8"), limits)
        assert shape.depth <= limits.max_depth // 4 and shape.triple_patterns <= limits.max_triple_patterns // 4, \
            (path.name, shape)


def test_deep_input_does_not_recurse() -> None:
    """The measuring pass itself takes a million open brackets (no Python recursion)."""
    assert measure_query("SELECT * WHERE " + "{(" * 500_000).depth == 1_000_000


# --- through the app, in process ----------------------------------------------------------------

@pytest.fixture(scope="module")
def client(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


def _problem(response, limit: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == 400, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/query-too-large") and body["limit"] == limit
    assert body["setting"] in body["detail"] and body["value"] > body["maximum"]
    return body


@pytest.mark.parametrize(("text", "limit"), [
    (nested_groups(150), "depth"),
    (or_chain(150), "depth"),
    (binds(150), "depth"),
    (projections(150), "depth"),
    (object_list(150), "triple patterns"),
    (collection(60), "triple patterns"),
    (P + "SELECT * WHERE { VALUES ?x { " + " ".join(f":x{i}" for i in range(20000)) + " } }", "bytes"),
])
def test_refused_with_what_was_exceeded(client: Client, text: str, limit: str) -> None:
    if len(text) < 8000:  # longer ones do not fit in a URL
        _problem(client.get("/sparql", params={"query": text}), limit)
    _problem(client.post("/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}),
             limit)
    _problem(client.post("/sparql", data={"query": text}), limit)


def test_just_under_the_limits_runs(client: Client) -> None:
    for text in (nested_groups(90), object_list(90), or_chain(90)):
        response = client.get("/sparql", params={"query": text})
        assert response.status_code == 200, response.text[:300]


def test_limits_are_settings(handmade_store) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory"}, environ={"KG_QUERY_MAX_DEPTH": "500", "KG_QUERY_MAX_TRIPLE_PATTERNS": "3",
                                                       "KG_QUERY_MAX_BYTES": "400"})
    app = Client(create_app(config, handmade_store))
    assert app.get("/sparql", params={"query": nested_groups(150)}).status_code == 200
    body = _problem(app.get("/sparql", params={"query": object_list(4)}), "triple patterns")
    assert body["maximum"] == 3
    _problem(app.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 400}), "bytes")


def test_named_queries_are_checked_too(handmade_store) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory"}, environ={"KG_QUERY_MAX_TRIPLE_PATTERNS": "4"})
    app = Client(create_app(config, handmade_store))
    _problem(app.get("/queries/incidents-with-conflicting-figures"), "triple patterns")


def test_a_long_body_is_refused_before_it_is_read(client: Client) -> None:
    declared = client.post("/sparql", content=b"x" * 10, headers={"Content-Type": "application/sparql-query",
                                                                  "Content-Length": str(10 ** 9)})
    assert declared.status_code == 400 and declared.json()["limit"] == "bytes"

    sent = []

    async def endless() -> AsyncIterator[bytes]:  # no Content-Length: chunked, and longer than any limit
        for _ in range(100_000):
            sent.append(1)
            yield b"SELECT * WHERE { ?s ?p ?o } " * 64

    streamed = client.post("/sparql", content=endless(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 400 and streamed.json()["limit"] == "bytes"
    assert len(sent) < 1000  # the server stopped reading after the limit (each chunk is 1.8 KB)


def test_check_limits_names_the_setting() -> None:
    with pytest.raises(QueryTooLarge, match="KG_QUERY_MAX_DEPTH"):
        check_limits(nested_groups(101), QueryLimits())


# --- a real server in a child process: what used to crash it ---------------------------------

SERVER = textwrap.dedent("""
    import sys, uvicorn
    from api.app import create_app
    from kg.rdf.store import OxigraphStore
    from kg.settings import load_config
    app = create_app(load_config({"store": "memory"}, environ={}), OxigraphStore(None))
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    script = Path(tmp_path_factory.mktemp("server")) / "serve.py"
    script.write_text(SERVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's code, whatever is installed
    process = subprocess.Popen([sys.executable, str(script), str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/health", seconds=60)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _post(base: str, text: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(f"{base}/sparql", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return int(response.status), {}
    except urllib.error.HTTPError as error:
        return int(error.code), json.loads(error.read())


@pytest.mark.parametrize(("name", "text", "limit"), [
    ("groups nested 5,000 deep (10 KB)", nested_groups(5000), "depth"),
    ("10,000 objects of one triple", object_list(10000), "triple patterns"),
    ("a path of 10,000 steps", path_sequence(10000), "depth"),
    ("10,000 operands of ||", or_chain(10000), "depth"),
    ("5,000 BINDs", binds(5000), "depth"),
    ("10,000 negations", negations(10000), "depth"),
])
def test_what_crashed_the_server_is_refused_and_it_stays_up(server, name: str, text: str, limit: str) -> None:  # type: ignore[no-untyped-def]
    base, process = server
    status, body = _post(base, text)
    assert status == 400 and body["limit"] == limit, (name, status, body)
    assert process.poll() is None, f"the server died on {name}"
    with urllib.request.urlopen(f"{base}/health", timeout=10) as response:  # noqa: S310
        assert response.status == 200
    query = urllib.parse.quote("ASK { }")
    with urllib.request.urlopen(f"{base}/sparql?query={query}", timeout=10) as response:  # noqa: S310
        assert response.status == 200
