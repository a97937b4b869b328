"""One wording of a stated figure everywhere: for every incident of the seed and of the dev folder,
each figure a claim gives reads the same in the incident's JSON, on its HTML page, on the claim's page
and in the GEXF export of the claims ("at least 36", "up to 20": `kg.model.stated_count`), and each range of the
incident's figures, as linking stored it, reads the same in the incident list, the incident's JSON and
HTML page and the GEXF export's incident node ("at least 36 to more than 40 people killed")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from apiclient import Client
from conftest import SEED, SHARED

from api.app import create_app
from kg.export import build_view
from kg.export.formats import render
from kg.ingest import load_paths
from kg.model import stated_count
from kg.operations import ingest
from kg.rdf.store import OxigraphStore
from kg.rdf.vocab import Iris
from kg.settings import load_config
from kg.views.incident_rows import figure_phrase

DEV = SHARED / "gold" / "dev"
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module")
def store(extractor, resolvers, iris: Iris) -> OxigraphStore:  # type: ignore[no-untyped-def]
    if not DEV.exists():
        pytest.skip(f"shared data not available: {DEV}")
    store = OxigraphStore(None)
    assert not ingest(load_paths([SEED, DEV]), store, extractor, resolvers, iris).errors
    return store


def _gexf_figures(store: OxigraphStore, iris: Iris) -> dict[str, str]:
    """The `figures` attribute of every node (claims and incidents) of the GEXF claims export, by node id."""
    data = b"".join(render(build_view(store, iris, "claims"), "gexf").chunks)
    root = ET.fromstring(data)
    ids = {a.get("title"): a.get("id") for a in root.iter(f"{GEXF}attribute")}
    out = {}
    for node in root.iter(f"{GEXF}node"):
        for value in node.iter(f"{GEXF}attvalue"):
            if value.get("for") == ids.get("figures"):
                out[node.get("id") or ""] = value.get("value") or ""
    return out


def _ungrouped(text: str) -> str:
    """A page groups thousands ("1,200"); the words around the number are what must agree."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def test_every_figure_reads_the_same_in_json_html_and_gexf(store: OxigraphStore, iris: Iris) -> None:
    client = Client(create_app(load_config({"store": "memory"}, environ={}), store))
    exported = _gexf_figures(store, iris)
    incidents = client.get("/incidents", params={"limit": 500}).json()["items"]
    assert len(incidents) > 5
    checked = 0
    for item in incidents:
        data = client.get(f"/incidents/{item['id']}").json()
        page = _ungrouped(client.get(f"/incidents/{item['id']}", params={"format": "html"}).text)
        for measure in data["figures"]:
            for source in measure["sources"]:
                for figure in source["figures"]:
                    wording = stated_count(figure["qualifier"], figure["count"])
                    assert figure["stated"] == wording
                    assert wording in page, (item["id"], wording)
                    claim_page = _ungrouped(client.get(f"/claims/{figure['claim']}", params={"format": "html"}).text)
                    assert f'<td class="num">{wording}</td>' in claim_page, (figure["claim"], wording)
                    node = f"claim/{figure['claim']}"
                    assert f"{wording} {measure['victims']} {measure['category']}" in exported[node], node
                    checked += 1
    assert checked > 20


def test_every_range_reads_the_same_in_the_list_json_html_and_gexf(store: OxigraphStore, iris: Iris) -> None:
    client = Client(create_app(load_config({"store": "memory"}, environ={}), store))
    exported = _gexf_figures(store, iris)
    incidents = client.get("/incidents", params={"limit": 500}).json()["items"]
    checked = 0
    for item in incidents:
        listed = {(m["category"], m["victims"]): figure_phrase(m) for m in item["figures"]}
        data = client.get(f"/incidents/{item['id']}").json()
        page = client.get(f"/incidents/{item['id']}/claims", params={"format": "html"}).text
        assert len(data["figures"]) == len(listed), item["id"]
        for measure in data["figures"]:
            spread = measure["spread"]
            phrase = listed[(measure["category"], measure["victims"])]
            # the list's phrase is the stored range with what it counts: "at least 36 to more than 40 people killed"
            assert phrase.startswith(spread["stated"] + " "), (phrase, spread)
            assert f'<td class="num spread">{spread["stated"]}</td>' in page, (item["id"], spread["stated"])
            assert phrase in exported[f"incident/{item['id']}"], (item["id"], phrase)
            stated = {f["stated"] for s in measure["sources"] for f in s["figures"]}
            assert {spread["lowest_stated"], spread["highest_stated"]} <= stated, (item["id"], spread)
            checked += 1
    assert checked > 10
