"""The SPARQL 1.1 Protocol at /sparql, in process: query forms, formats, dataset, refusals, limits."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from apiclient import Client
from rdflib import Graph

from api.app import create_app
from kg.errors import QueryError
from kg.rdf.store import OxigraphStore
from kg.settings import load_config

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CLAIMS = "PREFIX cg: <https://claimgraph.org/ontology#> SELECT ?c WHERE { ?c a cg:Claim } ORDER BY ?c"
CONSTRUCT = "PREFIX cg: <https://claimgraph.org/ontology#> CONSTRUCT { ?c a cg:Claim } WHERE { ?c a cg:Claim }"


@pytest.fixture(scope="module")
def client(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


def test_get_post_form_and_post_body_agree(client: Client) -> None:
    by_get = client.get("/sparql", params={"query": CLAIMS})
    by_form = client.post("/sparql", data={"query": CLAIMS})
    by_body = client.post("/sparql", content=CLAIMS, headers={"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.headers["content-type"].startswith("application/sparql-results+json")
    rows = by_get.json()["results"]["bindings"]
    assert len(rows) == 6 and by_form.json() == by_body.json() == by_get.json()


@pytest.mark.parametrize(("accept", "kind"), [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_select_formats_by_accept(client: Client, accept: str, kind: str) -> None:
    response = client.get("/sparql", params={"query": CLAIMS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    body = response.text
    if kind == "json":
        assert len(json.loads(body)["results"]["bindings"]) == 6
    elif kind == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(body).findall(".//r:result", ns)) == 6
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["c"] and len(rows) == 7 and rows[1][0].startswith("https://")
    else:
        lines = body.splitlines()
        assert lines[0] == "?c" and len(lines) == 7 and lines[1].startswith("<https://")


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json",
                                    "application/rdf+xml"])
def test_construct_formats_by_accept(client: Client, accept: str) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(accept)))) == 6


def test_format_parameter_wins_over_accept(client: Client) -> None:
    response = client.get("/sparql", params={"query": CLAIMS, "format": "csv"}, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/csv")
    response = client.get("/sparql", params={"query": CONSTRUCT, "format": "json"})
    assert response.headers["content-type"].startswith("application/ld+json")


def test_ask_and_describe(client: Client) -> None:
    yes = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert yes.json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text
    described = client.get("/sparql", params={"query": "DESCRIBE <https://claimgraph.org/id/agent/sohr>"})
    assert described.status_code == 200 and "SOHR" in described.text


def test_unservable_accept_is_406(client: Client) -> None:
    response = client.get("/sparql", params={"query": CLAIMS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "CSV" in response.json()["detail"]
    graph = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert graph.status_code == 406


def test_dataset_selection(client: Client, iris) -> None:  # type: ignore[no-untyped-def]
    agents = str(iris.graph("agents"))
    only_agents = client.get("/sparql", params={"query": CLAIMS, "default-graph-uri": agents})
    assert only_agents.json()["results"]["bindings"] == []
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": agents})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [agents]


def test_union_default_graph_can_be_switched_off(handmade_store) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory", "union_default_graph": "false"}, environ={})
    client = Client(create_app(config, handmade_store))
    assert client.get("/sparql", params={"query": CLAIMS}).json()["results"]["bindings"] == []


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "CLEAR DEFAULT", "LOAD <http://example.org/x>",
    "PREFIX ex: <urn:x> DELETE WHERE { ?s ?p ?o }"])
def test_updates_are_refused(client: Client, update: str) -> None:
    response = client.post("/sparql", data={"query": update})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
                       ).status_code == 403


def test_service_needs_the_allow_list(client: Client, handmade_store) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    refused = client.get("/sparql", params={"query": query})
    assert refused.status_code == 403 and "SERVICE <http://127.0.0.1:9/sparql>" in refused.json()["detail"]
    hidden = "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE SILENT e:sparql { ?s ?p ?o } }"
    assert client.get("/sparql", params={"query": hidden}).status_code == 403
    config = load_config({"store": "memory", "service_allow": "http://127.0.0.1:9/sparql"}, environ={})
    allowed = Client(create_app(config, handmade_store)).get("/sparql", params={"query": query})
    assert allowed.status_code == 400  # allowed, so tried: nothing listens there


def test_malformed_query_is_a_400_problem(client: Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert "malformed SPARQL" in response.json()["detail"] and "Traceback" not in response.text
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "image/png"}).status_code == 415
    assert client.post("/sparql", data={"query": " "}).status_code == 400


def test_row_cap_says_results_were_cut(handmade_store) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory", "max_rows": "4"}, environ={})
    response = Client(create_app(config, handmade_store)).get("/sparql", params={"query": CLAIMS})
    assert len(response.json()["results"]["bindings"]) == 4
    assert response.headers["x-results-truncated"] == "true" and response.headers["x-result-limit"] == "4"


def _slow_store() -> OxigraphStore:
    import pyoxigraph as ox

    store = OxigraphStore(None)
    store.inner.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"value {i}"),
                               ox.NamedNode("urn:g")) for i in range(3000))
    return store  # RUNAWAY over it: 9 million pairs, about 4 s of one core, well past the 1 s limit below


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . FILTER(REGEX(CONCAT(?x, ?y), '^value 1.*9$')) }"


def test_runaway_query_is_ended_and_the_server_stays_responsive() -> None:
    # No wall-clock bounds: the quick requests are answered while the runaway one is still running,
    # and the runaway one is answered 503 by its time limit.
    config = load_config({"store": "memory", "query_timeout": "1"}, environ={})
    client = Client(create_app(config, _slow_store()))
    answers: dict[str, object] = {}

    def runaway() -> None:
        answers["response"] = client.get("/sparql", params={"query": RUNAWAY})

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.1)
    assert client.get("/health").status_code == 200
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    assert thread.is_alive() and "response" not in answers  # answered beside the runaway query
    thread.join(30)
    response = answers["response"]
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert "time limit of 1 s" in response.json()["detail"]  # type: ignore[attr-defined]


def test_service_description_and_query_page(client: Client) -> None:
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    graph = Graph().parse(data=described.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    void = "http://rdfs.org/ns/void#"
    assert any(str(p) == sd + "namedGraph" for p in graph.predicates())
    counts = {str(s): int(o) for s, p, o in graph if str(p) == void + "triples"}
    dataset = counts.pop("http://testserver/sparql#dataset")
    counts.pop("http://testserver/sparql#default-graph")
    assert dataset == sum(counts.values()) > 0 and len(counts) == 5
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "claims-by-source" in page.text and "/static/query.js" in page.text
    assert client.get("/static/query.js").status_code == 200


def test_trailing_slash(client: Client) -> None:
    assert client.get("/sparql/", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
def test_uncapped_results_stream_row_by_row(handmade_store, accept: str) -> None:  # type: ignore[no-untyped-def]
    """With no row cap, rows stream from the first one (serialised here, not by the engine)."""
    capped = Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))
    uncapped = Client(create_app(load_config({"store": "memory", "max_rows": "0"}, environ={}), handmade_store))
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    first = capped.get("/sparql", params={"query": query}, headers={"Accept": accept})
    second = uncapped.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert second.headers["x-results-truncated"] == "false"
    if accept.endswith("json"):
        assert first.json() == second.json() and len(first.json()["results"]["bindings"]) > 300
    elif accept == "text/csv":
        assert first.text == second.text
    else:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(first.text).findall(".//r:result", ns)) == \
            len(ET.fromstring(second.text).findall(".//r:result", ns))


def test_bad_dataset_iris_are_400_and_workers_survive(client: Client) -> None:
    for _ in range(6):  # more than the workers: none may be lost
        bad = client.get("/sparql", params={"query": CLAIMS, "default-graph-uri": "not an iri"})
        assert bad.status_code == 400 and "absolute IRIs" in bad.json()["detail"]
        assert client.post("/sparql", data={"query": CLAIMS, "named-graph-uri": "^x"}).status_code == 400
    assert client.get("/sparql", params={"query": CLAIMS}).status_code == 200


def test_a_failing_engine_does_not_cost_a_worker(handmade_store) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.protocol import QueryRunner

    class Broken(OxigraphStore):
        def stream(self, query, dataset=None):  # type: ignore[no-untyped-def]
            raise RuntimeError("engine bug")

    runner = QueryRunner(Broken(None), workers=1)
    for _ in range(3):
        with pytest.raises(QueryError, match="failed unexpectedly"):
            runner.run("ASK {}")


# Values that look like the row marks of the formats the endpoint writes directly.
TRICKY = ['plain', 'ends in }},{', 'holds }},{"x":{"type":"uri"} inside', '<result> in text', 'two\nlines',
          'braces {} here', 'a quote " and a \\ backslash', '},{"v":', '', 'a row mark },{} inside']
TRICKY_SELECT = "SELECT ?s ?v WHERE { ?s <urn:p> ?v } ORDER BY ?s"
NOTHING_BOUND = "SELECT ?x WHERE { ?s <urn:p> ?v OPTIONAL { ?s <urn:none> ?x } }"
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "tsv": ox.QueryResultsFormat.TSV}


@pytest.fixture(scope="module")
def tricky_store() -> OxigraphStore:
    store = OxigraphStore(None)
    store.inner.extend(ox.Quad(ox.NamedNode(f"urn:s{i:02d}"), ox.NamedNode("urn:p"), ox.Literal(value),
                               ox.NamedNode("urn:g")) for i, value in enumerate(TRICKY * 3))
    return store


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("max_rows", [1, 2, 5, 26, 27, 100])
@pytest.mark.parametrize("query", [TRICKY_SELECT, NOTHING_BOUND])
def test_row_cap_is_exact_in_every_format_whatever_the_values(tricky_store, fmt: str, max_rows: int,  # type: ignore[no-untyped-def]
                                                              query: str) -> None:
    total = len(TRICKY) * 3
    client = Client(create_app(load_config({"store": "memory", "max_rows": str(max_rows)}, environ={}),
                               tricky_store))
    response = client.get("/sparql", params={"query": query, "format": fmt})
    assert response.status_code == 200
    expected = [tuple(None if t is None else t.value for t in row)
                for row in tricky_store.inner.query(query, use_default_graph_as_union=True)]
    if fmt == "csv":  # CSV keeps no term types: compare the text
        rows = [tuple(row) or ("",) for row in csv.reader(io.StringIO(response.text, newline=""))][1:]
        expected = [tuple("" if v is None else v for v in row) for row in expected]
    else:
        rows = [tuple(None if t is None else t.value for t in row)
                for row in ox.parse_query_results(response.content, format=RESULT_FORMATS[fmt])]
    assert rows == expected[:max_rows] and len(rows) == min(total, max_rows)
    assert response.headers["x-results-truncated"] == str(total > max_rows).lower()


def test_json_is_written_directly_unless_a_row_has_nothing_bound(tricky_store) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.protocol import QueryRunner

    runner = QueryRunner(tricky_store, max_rows=4)
    direct = runner.run(TRICKY_SELECT, fmt="json")
    assert direct.body_format == "json" and direct.truncated
    assert len(json.loads(direct.body or b"")["results"]["bindings"]) == 4
    assert runner.run(NOTHING_BOUND, fmt="json").body_format == "tsv"  # counted in TSV, converted after
    first_empty = runner.run("SELECT ?x WHERE { VALUES ?x { UNDEF <urn:a> <urn:b> <urn:c> <urn:d> } }", fmt="json")
    assert first_empty.body_format == "json" and first_empty.truncated  # a first row with nothing bound is counted
    assert json.loads(first_empty.body or b"")["results"]["bindings"] == [
        {}, *({"x": {"type": "uri", "value": f"urn:{c}"}} for c in "abc")]
    assert runner.run(TRICKY_SELECT, fmt="csv").body_format == "tsv"
