"""POST /articles (token-protected ingest), /id/... dereferencing, /queries, OpenAPI and errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from apiclient import Client

from api.app import create_app
from kg.rdf.store import OxigraphStore
from kg.settings import load_config

TOKEN = "s3cret"
RECORD = {"id": "posted-1", "outlet": "Press TV", "published": "2018-11-18",
          "text": "At least 40 people were killed in airstrikes, state media reported."}


@pytest.fixture()
def ingest_client(extractor, resolvers) -> Client:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory", "api_token": TOKEN}, environ={})
    return Client(create_app(config, OxigraphStore(None), pipeline=lambda: (extractor, resolvers)))


@pytest.fixture(scope="module")
def client(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


def test_post_loads_the_configured_pipeline_when_none_is_given() -> None:
    config = load_config({"store": "memory", "api_token": TOKEN}, environ={})
    client = Client(create_app(config, OxigraphStore(None)))
    response = client.post("/articles", json=RECORD, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.json()["claims"] >= 1


def test_post_json_answers_with_the_claims(ingest_client: Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = ingest_client.post("/articles", json=RECORD, headers=auth)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["changed"] == 1 and data["articles"][0]["id"] == "posted-1" and data["articles"][0]["items"]
    claim = data["articles"][0]["items"][0]
    assert RECORD["text"][claim["begin"]:claim["end"]] == claim["text"]
    assert ingest_client.get("/articles/posted-1").status_code == 200
    again = ingest_client.post("/articles", json=[RECORD], headers=auth).json()
    assert again["changed"] == 0


def test_post_file_upload(ingest_client: Client) -> None:
    files = {"file": ("upload.txt", b"date 2018-11-18 Ten people were killed, the monitor said.\n", "text/plain")}
    response = ingest_client.post("/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.json()["articles"][0]["id"] == "upload"


def test_post_needs_the_token_and_good_records(ingest_client: Client, client: Client) -> None:
    assert ingest_client.post("/articles", json=RECORD).status_code == 401
    wrong = ingest_client.post("/articles", json=RECORD, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
    assert client.post("/articles", json=RECORD, headers={"Authorization": "Bearer x"}).json()["detail"].endswith(
        "(no api_token is configured)")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = ingest_client.post("/articles", json={"id": "x", "text": ""}, headers=auth)
    assert bad.status_code == 422 and "empty 'text'" in bad.json()["detail"]
    broken = ingest_client.post("/articles", content=b"{oops", headers={**auth, "Content-Type": "application/json"})
    assert broken.status_code == 400 and "not JSON" in broken.json()["detail"]
    files = {"file": ("a.pdf", b"%PDF", "application/pdf")}
    assert ingest_client.post("/articles", files=files, headers=auth).status_code == 415
    assert ingest_client.post("/articles", content=b"x", headers={**auth, "Content-Type": "text/plain"}
                              ).status_code == 415


@pytest.mark.parametrize(("accept", "media"), [("text/turtle", "text/turtle"),
                                               ("application/ld+json", "application/ld+json"),
                                               ("application/n-triples", "application/n-triples")])
def test_minted_iris_dereference(client: Client, accept: str, media: str) -> None:
    response = client.get("/id/claim/press-tv-1/0-91", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    triples = list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)))
    subjects = {t.subject.value for t in triples}
    iri = "https://claimgraph.org/id/claim/press-tv-1/0-91"
    assert iri in subjects and f"{iri}/figure/0" in subjects and f"{iri}/hop/0" in subjects
    incident = client.get("/id/incident/2018-11-17-al-buqaan", headers={"Accept": "application/n-triples"})
    assert "ontology#about" in incident.text


def test_every_minted_iri_dereferences(client: Client, handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    subjects = {str(r["s"]) for r in handmade_store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
    ours = sorted(s for s in subjects if iris.local(s))
    assert len(ours) > 20
    for iri in ours:
        assert client.get("/id/" + iris.local(iri), headers={"Accept": "text/turtle"}).status_code == 200, iri


def test_dereference_html_and_errors(client: Client) -> None:
    page = client.get("/id/agent/sohr", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "/sources/agent/sohr" in page.text
    assert client.get("/id/agent/nobody").status_code == 404
    assert client.get("/id/agent/sohr", headers={"Accept": "image/png"}).status_code == 406


def test_named_queries_listed_and_run(client: Client) -> None:
    listing = client.get("/queries").json()["items"]
    assert len(listing) >= 12 and all(q["description"] for q in listing)
    rows = client.get("/queries/claims-by-source", params={"source": "agent/sohr"}).json()["results"]["bindings"]
    assert len(rows) == 3 and {r["sourceLabel"]["value"] for r in rows} == {"SOHR"}
    csv = client.get("/queries/claims-by-source", params={"source": "agent/sana", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and len(csv.text.strip().splitlines()) == 2
    injected = client.get("/queries/claims-by-source", params={"source": "agent/x> } ; DROP ALL ; #"})
    assert injected.status_code == 400
    assert client.get("/queries/claims-by-source", params={"colour": "red"}).status_code == 400
    assert client.get("/queries/chains-through-agency").status_code == 400  # agency is required
    assert client.get("/queries/nope").status_code == 404
    assert client.get("/queries", headers={"Accept": "text/html"}).status_code == 200


def test_openapi_is_complete(client: Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/sparql", "/incidents", "/incidents/{incident_id}", "/incidents/{incident_id}/claims", "/claims",
                 "/claims/{claim_id}", "/sources", "/sources/{source_id}", "/articles", "/articles/{article_id}",
                 "/queries", "/queries/{name}", "/id/{path}"):
        assert path in paths, path
    example = paths["/incidents/{incident_id}/claims"]["get"]["responses"]["200"]["content"]["application/json"]
    assert example["example"]["sources"][0]["label"] == "SANA"
    assert "requestBody" in paths["/articles"]["post"] and "requestBody" in paths["/sparql"]["post"]


def test_errors_are_problems_never_tracebacks(client: Client) -> None:
    for response in (client.get("/nowhere"), client.post("/incidents"), client.get("/claims", params={"limit": "x"})):
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == response.status_code and body["detail"] and "Traceback" not in response.text


def test_unusable_paths_are_404_not_500(client: Client) -> None:
    for path in ("/id/2%C2%81%3E%24%07x", "/id/a%20b", "/id/%7Bx%7D"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 404, path
