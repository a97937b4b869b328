"""The incident list a fact-checker starts from: newest first, undated last, one headline per row read
back from the summary stored at linking (figure ranges, independent sources, conflicts), a labelled
filter form, paged with a total."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

HANDMADE_STRIKE = "2018-11-17-al-buqaan"


def _client(store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), store))


@pytest.fixture(scope="module")
def seed(seed_store) -> Client:  # type: ignore[no-untyped-def]
    return _client(seed_store)


class _Form(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.labels: set[str] = set()
        self.alternates: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("input", "select") and a.get("type") != "hidden":
            self.fields.append(str(a.get("name")))
            assert a.get("id"), a
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(str(a.get("type")))


def test_seed_newest_first_and_undated_last(seed: Client) -> None:
    items = seed.get("/incidents").json()["items"]
    assert [i["date"] for i in items] == ["2018-11-17", "2018-11-15", "2018-11-11", None]
    oldest = seed.get("/incidents", params={"sort": "date"}).json()["items"]
    assert [i["date"] for i in oldest] == ["2018-11-11", "2018-11-15", "2018-11-17", None]


def test_seed_strike_headline(seed: Client) -> None:
    strike = seed.get("/incidents", params={"date_from": "2018-11-17"}).json()["items"][0]
    assert strike["event_type"] == "airstrike" and strike["independent_sources"] == 4
    killed = strike["figures"][0]  # deaths of people first
    assert (killed["category"], killed["victims"], killed["lowest"], killed["highest"]) == (
        "killed", "people", "at least 36", "more than 40")
    assert "Abu Hassan village" in strike["places"]
    assert strike["headline"].startswith("Airstrike in ")
    assert "17 Nov 2018: at least 36 to more than 40 people killed, 17 children killed; 4 independent sources" in \
        strike["headline"]
    assert strike["has_conflicts"] is False and strike["conflicts"] == 0
    undated = seed.get("/incidents").json()["items"][-1]
    assert "date not known" in undated["headline"] and undated["figures"] == []


def test_row_agrees_with_the_incident_page(seed: Client) -> None:
    """The list's figures are the stored ranges; the incident page lays out the same claims' figures."""
    for item in seed.get("/incidents").json()["items"]:
        summary = seed.get(f"/incidents/{item['id']}").json()
        assert item["independent_sources"] == summary["independent_sources"]
        assert {(m["category"], m["victims"]) for m in item["figures"]} == \
            {(m["category"], m["victims"]) for m in summary["figures"]}
        for measure in item["figures"]:
            page = next(m for m in summary["figures"] if (m["category"], m["victims"]) ==
                        (measure["category"], measure["victims"]))
            assert measure["min"] == page["spread"]["lowest"] and measure["max"] == page["spread"]["highest"]
        assert item["conflicts"] == len(summary["conflicts"])


def test_conflict_flag_and_counts_are_read_back_from_the_store(iris) -> None:  # type: ignore[no-untyped-def]
    """Change what linking stored, and the list says what is stored: it never recomputes."""
    from handmade import build

    store = build(iris)
    client = _client(store)
    strike = next(i for i in client.get("/incidents").json()["items"] if i["id"] == HANDMADE_STRIKE)
    assert strike["has_conflicts"] is True and strike["conflicts"] == 2
    assert strike["headline"].endswith("; 3 independent sources")
    incident = f"<{iris.key('incident/' + HANDMADE_STRIKE)}>"
    store.update(f"""PREFIX cg: <https://claimgraph.org/ontology#>
      DELETE {{ GRAPH ?g {{ {incident} cg:conflict ?c . {incident} cg:independentSources ?n }} }}
      INSERT {{ GRAPH ?g {{ {incident} cg:independentSources 7 }} }}
      WHERE {{ GRAPH ?g {{ {incident} cg:conflict ?c . {incident} cg:independentSources ?n }} }}""")
    strike = next(i for i in client.get("/incidents").json()["items"] if i["id"] == HANDMADE_STRIKE)
    assert strike["has_conflicts"] is False and strike["headline"].endswith("; 7 independent sources")


def test_list_page_form_rows_and_paging(iris) -> None:  # type: ignore[no-untyped-def]
    from handmade import build

    client = _client(build(iris))
    page = client.get("/incidents", params={"limit": 1}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    form = _Form(page.text)
    assert {"place", "date_from", "date_to", "type", "source", "text", "has_conflicts", "sort"} <= set(form.fields)
    assert len(form.labels) >= len(form.fields)
    assert {"application/json", "application/ld+json"} <= set(form.alternates)
    assert "2 incidents, showing 1–1." in page.text and 'rel="next"' in page.text
    assert "sources conflict" in page.text and "Airstrike in Al-Buqa&#39;an, 17 Nov 2018" in page.text
    assert '<option value="-date" selected>newest first</option>' in page.text
    second = client.get("/incidents", params={"limit": 1, "offset": 1, "format": "html"})
    assert "Al-Shaafa" in second.text and 'rel="prev"' in second.text and "sources conflict" not in second.text
