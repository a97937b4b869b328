"""The models of api/models.py against what the API documents and answers: every GET resource with a
JSON answer has a schema in /openapi.json, every example the routes give (api/examples.py) validates
against its model, and so do the real answers over the seed, the hand-made graph, the FA-KES articles
about Khan Sheikhoun, and those of POST /articles and GET /jobs/{id}."""

from __future__ import annotations

import json
from typing import Any, get_args
from urllib.parse import quote

import pytest
from apiclient import Client
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api import models
from api.app import create_app
from api.models import (
    Article,
    ArticlePage,
    Claim,
    ClaimPage,
    Comparison,
    FrontPage,
    Incident,
    IncidentClaims,
    IncidentPage,
    Ingested,
    IngestJob,
    NamedQueries,
    Source,
    SourcePage,
)
from kg.settings import load_config

# GET operations whose 200 answer is never application/json: SPARQL results (application/sparql-results+json
# and the other result formats), a dereferenced IRI (RDF or a page) and graph exports (files).
NOT_JSON = {"/sparql", "/queries/{name}", "/id/{path}", "/export/{view}.{fmt}"}


@pytest.fixture(scope="module")
def openapi(handmade_store) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store)).get("/openapi.json").json()


def _gets(openapi: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {path: item["get"] for path, item in openapi["paths"].items() if "get" in item}


def _model(schema: dict[str, Any]) -> type[BaseModel]:
    """The model of api/models.py a schema refers to."""
    name = schema["$ref"].removeprefix("#/components/schemas/")
    model = getattr(models, name)
    assert issubclass(model, BaseModel)
    return model


def test_every_get_with_a_json_answer_has_a_schema(openapi: dict[str, Any]) -> None:
    gets = _gets(openapi)
    assert NOT_JSON <= gets.keys()
    for path, operation in gets.items():
        if path in NOT_JSON:
            continue
        schema = operation["responses"]["200"]["content"]["application/json"].get("schema")
        assert schema, f"GET {path} has no schema for its 200 application/json answer"
        if path != "/health":
            assert _model(schema).__module__ == "api.models", path


def test_the_rendered_resources_document_their_models(openapi: dict[str, Any]) -> None:
    expected = {"/": FrontPage, "/claims": ClaimPage, "/claims/{claim_id}": Claim, "/articles": ArticlePage,
                "/articles/{article_id}": Article, "/sources": SourcePage, "/sources/{source_id}": Source,
                "/compare": Comparison, "/incidents": IncidentPage, "/incidents/{incident_id}": Incident,
                "/incidents/{incident_id}/claims": IncidentClaims, "/queries": NamedQueries}
    gets = _gets(openapi)
    for path, model in expected.items():
        content = gets[path]["responses"]["200"]["content"]
        assert _model(content["application/json"]["schema"]) is model, path
        # the same data as JSON-LD, the model's schema with an @context; the page, documented without a schema
        ld_schema = content["application/ld+json"]["schema"]
        assert ld_schema["title"] == model.__name__ and ld_schema["required"][0] == "@context", path
        assert set(ld_schema["properties"]) == {"@context", *model.model_fields} and content["text/html"] == {}, path


def test_every_example_validates_against_its_model(handmade_store) -> None:  # type: ignore[no-untyped-def]
    """The examples as the routes declare them (tests/test_api_examples.py checks them as /openapi.json
    publishes them, against the published schemas, and their ids over the seed)."""
    from api.routes import articles, claims, home, incidents, jobs, named_queries, sources

    ctx = create_app(load_config({"store": "memory"}, environ={}), handmade_store).state.ctx
    checked = []
    for module in (home, incidents, claims, sources, articles, jobs, named_queries):
        for route in module.router(ctx).routes:
            assert isinstance(route, APIRoute)
            for status, response in route.responses.items():
                example = response.get("content", {}).get("application/json", {}).get("example")
                if example is None:
                    continue
                assert "model" in response, f"{route.path} {status}: an example without a model"
                response["model"].model_validate_json(json.dumps(example), strict=True)
                checked.append((route.path, status))
    # every resource documented with a model has an example but the front page; POST /articles two
    assert len(checked) == 14, checked


def test_closed_vocabularies_match_the_model() -> None:
    from kg.model import CATEGORIES, QUALIFIERS, QUOTE_TYPES
    from kg.queries import KINDS

    assert set(get_args(models.Qualifier)) == set(QUALIFIERS)
    assert set(get_args(models.Category)) == set(CATEGORIES)
    assert set(get_args(models.QuoteType)) == set(QUOTE_TYPES)
    assert set(get_args(models.ParameterKind)) == set(KINDS)


def test_victims_are_the_word_lists_groups_in_the_schema_and_in_answers(openapi: dict[str, Any]) -> None:
    """The victim groups are data (kg/data/lexicon/victim_nouns.txt): the schema lists them for every figure,
    and an answer naming another group does not validate."""
    from pydantic import ValidationError

    figure = openapi["components"]["schemas"]["ClaimFigure"]["properties"]["victims"]
    assert figure["enum"] == models.VICTIM_GROUPS and {"people", "children", "civilians"} <= set(figure["enum"])
    stated = {"figure": "f", "count": 3, "qualifier": "exact", "category": "killed", "min": 3, "max": 3,
              "begin": None, "end": None}
    assert models.ClaimFigure.model_validate({**stated, "victims": "children"})
    with pytest.raises(ValidationError, match="victim_nouns"):
        models.ClaimFigure.model_validate({**stated, "victims": "goats"})


def _json(client: Client, url: str) -> str:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200, (url, response.text)
    assert response.headers["content-type"] == "application/json", url
    return response.text


def _check(client: Client, url: str, model: type[BaseModel]) -> Any:
    """The answer at `url`, validated against `model` (strictly: no value converted)."""
    text = _json(client, url)
    model.model_validate_json(text, strict=True)
    return json.loads(text)


def check_every_resource(client: Client, sources: tuple[str, str], most: int = 50) -> int:
    """Every GET resource of the store (at most `most` of each kind) validated against its model;
    how many answers were checked."""
    checked = 0

    def check(url: str, model: type[BaseModel]) -> Any:
        nonlocal checked
        checked += 1
        return _check(client, url, model)

    check("/", FrontPage)
    check("/queries", NamedQueries)
    claims = check(f"/claims?limit={most}", ClaimPage)
    check("/claims?limit=1&offset=1", ClaimPage)  # both page links
    for claim in claims["items"]:
        check(f"/claims/{quote(claim['id'])}", Claim)
    for article in check(f"/articles?limit={most}", ArticlePage)["items"]:
        check(f"/articles/{quote(article['id'], safe='')}", Article)
    for source in check(f"/sources?limit={most}", SourcePage)["items"]:
        check(f"/sources/{quote(source['id'])}", Source)
        check(f"/sources/{quote(source['id'])}?limit=1&offset=1", Source)
    for incident in check(f"/incidents?limit={most}", IncidentPage)["items"]:
        check(f"/incidents/{quote(incident['id'], safe='')}", Incident)
        check(f"/incidents/{quote(incident['id'], safe='')}/claims", IncidentClaims)
    check(f"/compare?sources={sources[0]},{sources[1]}", Comparison)
    check(f"/compare?sources={sources[0]},{sources[1]}&limit=1&offset=1", Comparison)
    return checked


def test_the_answers_over_the_seed_validate(seed_store) -> None:  # type: ignore[no-untyped-def]
    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    assert check_every_resource(client, ("agent/sohr", "agent/sana")) > 50


def test_the_answers_over_the_handmade_graph_validate(handmade_store) -> None:  # type: ignore[no-untyped-def]
    client = Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))
    assert check_every_resource(client, ("agent/sohr", "agent/sana")) > 20
    # its conflict, on both sides' pages
    incident = _check(client, "/incidents/2018-11-17-al-buqaan", Incident)
    assert incident["conflicts"]
    comparison = _check(client, "/compare?sources=agent/sohr,agent/sana", Comparison)
    assert any(measure["conflicts"] for measure in comparison["items"][0]["measures"])


def test_the_answers_over_khan_sheikhoun_validate(khan_sheikhoun_store) -> None:  # type: ignore[no-untyped-def]
    """Several outlets on one attack: links between reports, conflicts, disagreements, a comparison that
    conflicts (every incident and source of the 15 articles)."""
    client = Client(create_app(load_config({"store": "memory"}, environ={}), khan_sheikhoun_store))
    assert check_every_resource(client, ("agent/turkey", "agent/etilaf"), most=500) > 200
    incidents = [_check(client, f"/incidents/{quote(i['id'], safe='')}", Incident)
                 for i in _check(client, "/incidents?limit=500", IncidentPage)["items"]]
    assert any(i["why_together"] for i in incidents) and any(i["conflicts"] for i in incidents)
    assert _check(client, "/sources/agent/turkey", Source)["disagreements"]


def test_the_ingest_answers_validate(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    """POST /articles at once (200, with an error and a refused replacement), as a job (202), and the job."""
    from kg.rdf.store import OxigraphStore

    config = load_config({"store": "memory", "api_token": "t", "sync_ingest_records": 3}, environ={})
    client = Client(create_app(config, OxigraphStore(None), pipeline=lambda: (extractor, resolvers)))
    auth = {"Authorization": "Bearer t"}

    def record(n: int, text: str = "") -> dict[str, str]:
        return {"id": f"a-{n}", "outlet": "Press TV", "published": "2018-11-18",
                "text": text or f"At least {n + 3} people were killed in airstrikes on village {n}, SANA reported."}

    first = client.post("/articles", json=[record(1), {"id": "no-text"}], headers=auth)
    assert first.status_code == 200, first.text
    Ingested.model_validate_json(first.text, strict=True)
    again = client.post("/articles", json=[record(1, "Another text, said SANA."), record(2)], headers=auth)
    assert again.status_code == 200 and again.json()["conflicts"], again.text
    Ingested.model_validate_json(again.text, strict=True)

    started = client.post("/articles", json=[record(n) for n in range(3, 8)] + [{"id": "x"}], headers=auth)
    assert started.status_code == 202, started.text
    IngestJob.model_validate_json(started.text, strict=True)
    job = client.app.state.ctx.jobs.get(started.json()["id"])
    assert job.ended.wait(120), "the job did not end"
    done = client.get(f"/jobs/{job.id}", headers=auth)
    assert done.status_code == 200 and done.json()["state"] == "done" and done.json()["errors"]
    IngestJob.model_validate_json(done.text, strict=True)


def test_the_json_ld_answers_validate_against_their_published_schema(seed_store) -> None:  # type: ignore[no-untyped-def]
    """Each rendered resource asked for as JSON-LD, over the seed, against the schema /openapi.json
    publishes for its application/ld+json answer (its $refs resolved in the document)."""
    import jsonschema_rs

    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    document = client.get("/openapi.json").json()
    incident = client.get("/incidents").json()["items"][0]["id"]
    claim = client.get("/claims").json()["items"][0]["id"]
    article = client.get("/articles").json()["items"][0]["id"]
    urls = {"/": "/", "/claims": "/claims", "/claims/{claim_id}": f"/claims/{quote(claim)}",
            "/articles": "/articles", "/articles/{article_id}": f"/articles/{quote(article, safe='')}",
            "/sources": "/sources", "/sources/{source_id}": "/sources/agent/sohr",
            "/compare": "/compare?sources=agent/sohr,agent/sana", "/incidents": "/incidents",
            "/incidents/{incident_id}": f"/incidents/{incident}",
            "/incidents/{incident_id}/claims": f"/incidents/{incident}/claims?limit=2", "/queries": "/queries"}
    for path, url in urls.items():
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/ld+json"]["schema"]
        validator = jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})
        response = client.get(url, headers={"Accept": "application/ld+json"})
        assert response.status_code == 200 and response.headers["content-type"] == "application/ld+json", url
        answer = response.json()
        assert not [e.message for e in validator.iter_errors(answer)], url
        assert not validator.is_valid({k: v for k, v in answer.items() if k != "@context"}), url
