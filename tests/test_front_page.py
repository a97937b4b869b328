"""The front door: `/` says what the store holds and leads to the incidents, as a page and as JSON."""

from __future__ import annotations

from html.parser import HTMLParser

from apiclient import Client

from api.app import create_app
from kg.settings import load_config


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.labels: set[str] = set()
        self.inputs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        if tag in ("input", "select") and a.get("type") != "hidden" and a.get("id"):
            self.inputs.add(str(a["id"]))


def test_the_front_page_counts_the_seed_and_every_link_answers(seed_store) -> None:  # type: ignore[no-untyped-def]
    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    data = client.get("/", headers={"Accept": "application/json"}).json()
    assert (data["articles"], data["claims"], data["incidents"]) == (1, 20, 4)
    assert data["published_from"] == data["published_to"] == "2018-11-18"
    assert data["sources"] >= 5
    # the lists are the incident list's own rows (read back as stored at linking), not a second reading
    ranked = client.get("/incidents", params={"sort": "-sources", "limit": 5},
                        headers={"Accept": "application/json"}).json()["items"]
    assert [i["id"] for i in data["most_reported"]] == [i["id"] for i in ranked]
    assert data["most_reported"][0]["independent_sources"] == max(
        i["independent_sources"] or 0 for i in data["most_reported"])
    assert all(i["has_conflicts"] for i in data["in_conflict"])
    assert [a["id"] for a in data["latest_articles"]] == ["000_e7699034f6b04b7f"]
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parsed = _Links()
    parsed.feed(page.text)
    assert parsed.inputs and parsed.inputs <= parsed.labels  # every form control has its label
    for link in parsed.links:
        if link.startswith("/"):
            assert client.get(link).status_code == 200, link
    assert {"q-place", "q-from", "q-to", "q-type", "q-source", "q-text"} <= parsed.inputs
    # the search by type is the incident list's filter: the seed's air strike is found by it
    found = client.get("/incidents", params={"type": "airstrike"}, headers={"Accept": "application/json"}).json()
    assert found["items"] and all(i["event_type"] == "airstrike" for i in found["items"])


def test_an_empty_store_has_a_front_page_too() -> None:
    from kg.rdf.store import OxigraphStore

    client = Client(create_app(load_config({"store": "memory"}, environ={}), OxigraphStore(None)))
    data = client.get("/", headers={"Accept": "application/json"}).json()
    assert data["claims"] == 0 and data["published_from"] is None
    assert data["most_reported"] == data["in_conflict"] == data["latest_articles"] == []
    assert "no dates given" in client.get("/", headers={"Accept": "text/html"}).text


def test_an_undated_article_leaves_the_date_range_of_the_dated_ones(extractor, resolvers, iris, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The range of publication dates is that of the articles that have one, whatever the others."""
    import json

    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    records = tmp_path / "three.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "published": "2017-04-04", "text": "An air strike killed 12 people in Idlib, activists said."},
        {"id": "b", "text": "Shelling killed three civilians in Aleppo, the Observatory said."},
        {"id": "c", "published": "2017-04-09", "text": "A car bomb killed 5 people in Azaz, SANA reported."},
    ]), encoding="utf-8")
    store = OxigraphStore(None)
    ingest(load_paths([records]), store, extractor, resolvers, iris)
    data = Client(create_app(load_config({"store": "memory"}, environ={}), store)).get(
        "/", headers={"Accept": "application/json"}).json()
    assert data["articles"] == 3
    assert (data["published_from"], data["published_to"]) == ("2017-04-04", "2017-04-09")
