"""Why an incident's reports are together, as the store keeps it and the read side says it: the dev
folder ingested, the Aleppo convoy bombing told by four outlets."""

from __future__ import annotations

import pytest
from conftest import SHARED

from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.store import OxigraphStore
from kg.rdf.vocab import CG, Iris
from kg.views.links import incident_links

DEV = SHARED / "gold" / "dev"


@pytest.fixture(scope="module")
def dev_store(extractor, resolvers, iris: Iris) -> OxigraphStore:  # type: ignore[no-untyped-def]
    if not DEV.exists():
        pytest.skip(f"shared data not available: {DEV}")
    store = OxigraphStore(None)
    assert not ingest(load_paths([DEV]), store, extractor, resolvers, iris).errors
    return store


def _incidents_with_links(store: OxigraphStore) -> list:  # type: ignore[type-arg]
    rows = store.select(f"SELECT DISTINCT ?i WHERE {{ ?i <{CG.link}> ?l }} ORDER BY ?i")
    return [row["i"] for row in rows]


def test_every_report_but_the_first_is_joined_with_its_reasons(dev_store: OxigraphStore, iris: Iris) -> None:
    incidents = _incidents_with_links(dev_store)
    assert incidents
    for incident in incidents:
        claims = {str(row["c"]) for row in dev_store.select(
            f"SELECT ?c WHERE {{ ?c <{CG.about}> <{incident}> }}")}
        links = incident_links(dev_store, iris, incident)
        joined = [link["claim"] for link in links]
        assert len(joined) == len(set(joined))
        for link in links:
            assert str(iris.claim(link["claim"])) in claims and str(iris.claim(link["to"])) in claims
            assert link["score"] >= 3.0 and link["reasons"], link


def test_the_bombing_told_by_four_outlets_is_joined_by_its_day_place_and_type(
        dev_store: OxigraphStore, iris: Iris) -> None:
    bombing = next(i for i in _incidents_with_links(dev_store)
                   if any(link["event_type"] == "bombing" for link in incident_links(dev_store, iris, i)))
    links = incident_links(dev_store, iris, bombing)
    articles = {link["article"] for link in links} | {link["to_article"] for link in links}
    assert len(articles) == 4
    assert all("both report a bombing" in link["reasons"] for link in links)
    assert any("the same day" in link["reasons"] for link in links)
    assert all(any(r.startswith("both name ") for r in link["reasons"]) for link in links)


def test_the_incident_page_and_json_say_why_its_reports_are_together(
        dev_store: OxigraphStore, iris: Iris) -> None:
    from apiclient import Client

    from api.app import create_app
    from kg.settings import load_config

    client = Client(create_app(load_config({"store": "memory"}, environ={}), dev_store))
    bombing = next(i for i in _incidents_with_links(dev_store)
                   if any(link["event_type"] == "bombing" for link in incident_links(dev_store, iris, i)))
    incident_id = iris.local(str(bombing)).removeprefix("incident/")
    data = client.get(f"/incidents/{incident_id}").json()
    links = data["why_together"]
    stored = incident_links(dev_store, iris, bombing)
    assert [(x["claim"], x["to"], x["reasons"]) for x in links] == [(x["claim"], x["to"], x["reasons"]) for x in stored]
    assert len(links) == 3 and all(link["report"]["outlet_label"] and link["reasons"] for link in links)
    page = client.get(f"/incidents/{incident_id}", params={"format": "html"}).text
    assert "Why these reports are together" in page
    for link in links:
        assert link["report"]["headline"] in page and link["reasons"][0] in page
