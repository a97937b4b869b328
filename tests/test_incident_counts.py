"""One meaning for an incident's counts: the incident list and the incident's own page give the same
number of claims and of source agents (the own voice of an article whose outlet is not given is no agent)."""

from __future__ import annotations

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def seed_client(seed_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))


def test_the_list_and_the_page_count_the_same_claims_and_sources(seed_client: Client) -> None:
    rows = seed_client.get("/incidents", params={"limit": 500}, headers=JSON).json()["items"]
    assert rows
    for row in rows:
        page = seed_client.get(f"/incidents/{row['id']}", headers=JSON).json()
        claims = seed_client.get(f"/incidents/{row['id']}/claims", headers=JSON).json()
        agents = {g["source"] for g in claims["sources"] if g["source"] is not None}
        assert (page["claims"], page["sources"]) == (row["claims"], row["sources"]), row["id"]
        assert page["sources"] == len(agents), row["id"]
