"""One meaning for every filter (`kg.views.scope`): `/claims` and the export's claims view select the
same claims for the same filters, `/incidents` the incidents of those claims' scope, and a name
stands for every agent it names, on the hand-made graph and on the seed."""

from __future__ import annotations

from typing import Any

import pytest
from apiclient import Client

from api.app import create_app
from kg.errors import ParameterError
from kg.export import build_view, parse_filters
from kg.rdf.vocab import Iris
from kg.settings import load_config
from kg.views.scope import Filters, resolve

FILTERS: list[dict[str, str]] = [
    {}, {"source": "SOHR"}, {"source": "agent/sohr"}, {"via": "AFP"}, {"source": "SOHR", "via": "AFP"},
    {"outlet": "outlet/al-masdar"}, {"place": "Deir ez-Zor"}, {"place": "place/al-shaafa"},
    {"date_from": "2018-11-17"}, {"date_to": "2018-11-11"}, {"date_from": "2018-11-11", "date_to": "2018-11-11"},
    {"event_type": "airstrike"}, {"event_type": "shelling"}, {"place": "Deir ez-Zor", "event_type": "airstrike"},
]


def _claims(client: Client, params: dict[str, str]) -> set[str]:
    answer = client.get("/claims", params={**params, "limit": 500})
    assert answer.status_code == 200, answer.text
    return {c["id"] for c in answer.json()["items"]}


def _exported(store: Any, iris: Iris, params: dict[str, str]) -> set[str]:
    filters = parse_filters(since=params.get("date_from"), until=params.get("date_to"), place=params.get("place"),
                            event_type=params.get("event_type"), outlet=params.get("outlet"),
                            source=params.get("source"), via=params.get("via"))
    graph = build_view(store, iris, "claims", filters)
    return {node.removeprefix("claim/") for node, data in graph.nodes(data=True) if data.get("type") == "claim"}


@pytest.fixture(scope="module")
def handmade(handmade_store) -> tuple[Any, Client]:  # type: ignore[no-untyped-def]
    return handmade_store, Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "none")
def test_the_api_and_the_export_select_the_same_claims(handmade: tuple[Any, Client], iris: Iris,
                                                       params: dict[str, str]) -> None:
    store, client = handmade
    listed = _claims(client, params)
    assert listed == _exported(store, iris, params)


def test_the_same_on_the_seed(seed_store, iris: Iris) -> None:  # type: ignore[no-untyped-def]
    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    every = _claims(client, {})
    assert len(every) == 20
    for params in ({"source": "SOHR"}, {"place": "Syria"}, {"event_type": "airstrike"},
                   {"date_from": "2017-04-04", "date_to": "2017-04-04"}):
        chosen = _claims(client, params)
        assert chosen == _exported(seed_store, iris, params), params
        assert chosen < every or params == {"place": "Syria"}, params


def test_incidents_are_those_the_scope_of_their_claims_reaches(handmade: tuple[Any, Client]) -> None:
    _, client = handmade
    for params in ({"source": "SOHR"}, {"via": "AFP"}, {"outlet": "outlet/al-masdar"}, {"place": "place/al-shaafa"}):
        claims = client.get("/claims", params={**params, "limit": 500}).json()["items"]
        about = {c["incident"] for c in claims if c.get("incident")}
        incidents = client.get("/incidents", params={**params, "limit": 500}).json()["items"]
        assert {i["id"] for i in incidents} == about, params


def test_a_name_stands_for_every_agent_it_names_and_an_unknown_one_is_an_error(handmade_store, iris: Iris) -> None:  # type: ignore[no-untyped-def]
    handmade_store.update('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
                          f'INSERT DATA {{ GRAPH <{iris.key("graph/test-alias")}> '
                          f'{{ <{iris.key("agent/afp")}> skos:altLabel "Observatory" . '
                          f'<{iris.key("agent/sohr")}> skos:altLabel "observatory" }} }}')
    try:
        scope = resolve(handmade_store, iris, Filters(source="OBSERVATORY"))
        assert set(scope.sources) == {str(iris.key("agent/afp")), str(iris.key("agent/sohr"))}
    finally:
        handmade_store.update(f'DROP GRAPH <{iris.key("graph/test-alias")}>')
    with pytest.raises(ParameterError, match="no source matches 'nobody at all'"):
        resolve(handmade_store, iris, Filters(source="nobody at all"))
    with pytest.raises(ParameterError, match="date_from .* is after date_to"):
        parse_filters(since="2018-12-01", until="2018-11-01", names=("date_from", "date_to"))
