"""A source or place given as an IRI that no query can hold (a space, '<', '>', a quote) is a 400
problem naming it, not a server error: in the claim and incident filters and in a comparison."""

from __future__ import annotations

from typing import Any

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config


@pytest.fixture(scope="module")
def client(handmade_store: Any) -> Client:
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


@pytest.mark.parametrize("iri", ["http://a b", "https://x>", 'http://x"y', "http://x{y}"])
@pytest.mark.parametrize(("url", "param"), [("/claims", "source"), ("/claims", "place"), ("/incidents", "source"),
                                            ("/incidents", "place"), ("/compare", "sources")])
def test_an_iri_no_query_can_hold_is_a_bad_parameter(client: Client, url: str, param: str, iri: str) -> None:
    value = f"{iri},agent/sohr" if param == "sources" else iri
    response = client.get(url, params={param: value})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert repr(iri) in response.json()["detail"]
