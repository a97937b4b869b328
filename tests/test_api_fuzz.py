"""Property-based requests from the OpenAPI schema (schemathesis) against the app over the seed, in an
embedded store and as `kg serve` serves it:
whatever a client sends that the schema allows, the answer is never a 5xx, and every answer (GET and
POST alike) comes in a content type its operation documents for the status, with a body that matches
the schema documented for it (the models of api/models.py for the JSON resources, the problem schema
for errors).

The app loads its own configured pipeline for POST /articles, as `kg serve` does.
"""

from __future__ import annotations

import pytest
import schemathesis
import schemathesis_hooks  # noqa: F401 - teaches schemathesis the application/sparql-query body
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

TOKEN = "fuzz-token"


@pytest.fixture(scope="module", params=["embedded", "served"])
def fuzz_schema(request, extractor, resolvers, iris):  # type: ignore[no-untyped-def]
    """The app over the seed in an embedded store, and as `kg serve` serves it (a replica read in killable
    processes behind the gate, with answers and whole pages kept until the next write)."""
    from api.app import create_app
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.evaluator import IsolatedStore
    from kg.rdf.store import OxigraphStore
    from kg.settings import load_config

    config = load_config({"store": "memory", "api_token": TOKEN, "query_timeout": "5"}, environ={})
    if request.param == "embedded":
        store = OxigraphStore(None)
        app = create_app(config, store)
    else:
        app = create_app(config)
        store = app.state.ctx.store
        assert isinstance(store, IsolatedStore)
    ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


def test_requests_the_schema_allows_get_no_server_error_and_documented_answers(fuzz_schema) -> None:  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        fuzz(operation, [not_a_server_error, response_schema_conformance, content_type_conformance])


def fuzz(operation, checks) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def call(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=checks, headers={"Authorization": f"Bearer {TOKEN}"})

    call()
