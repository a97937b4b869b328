"""Every page and JSON resource reads the store in a few batched queries, never one per row: on the
seed and the first 60 FA-KES records, each answers in at most `MAX_QUERIES` store queries (counted by
a wrapper the app reads through), as JSON and as the HTML page, and a longer page of a list costs
no more queries than a shorter one. A source's claims are paged; its counts, chains, incidents and
disagreements still cover all its claims."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from apiclient import Client
from conftest import SEEDS, shared_path
from counting import CountingStore

from api.app import create_app
from kg.settings import load_config

MAX_QUERIES = 10
RECORDS = 60


@pytest.fixture(scope="module")
def store(extractor: Any, resolvers: Any, iris: Any, tmp_path_factory: pytest.TempPathFactory) -> CountingStore:
    """The seed and the first `RECORDS` FA-KES records (rules extractor), read through a counting wrapper."""
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    lines = shared_path("corpus", "fa-kes", "articles.jsonl").read_text(encoding="utf-8").splitlines()[:RECORDS]
    path = tmp_path_factory.mktemp("fakes") / "slice.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inner = OxigraphStore(None)
    report = ingest(load_paths([SEEDS, path]), inner, extractor, resolvers, iris)
    assert report.articles == RECORDS + 1 and not report.errors
    return CountingStore(inner)


@pytest.fixture(scope="module")
def client(store: CountingStore) -> Client:
    return Client(create_app(load_config({"store": "memory"}, environ={}), store))


@pytest.fixture(scope="module")
def ids(client: Client) -> dict[str, str]:
    """The largest incident, an article and a claim about it, the two sources with the most claims."""
    incident = client.get("/incidents", params={"sort": "-claims", "limit": 1}).json()["items"][0]
    claim = client.get("/claims", params={"incident": incident["id"], "limit": 1}).json()["items"][0]
    first, second = client.get("/sources", params={"limit": 2}).json()["items"]
    return {"incident": incident["id"], "article": claim["article"], "claim": claim["id"],
            "source": first["id"], "other": second["id"], "source_claims": str(first["claims"]),
            "other_claims": str(second["claims"])}


def reads(store: CountingStore, client: Client, url: str, **params: Any) -> tuple[int, list[str]]:
    """The status of GET `url` and the store reads it made."""
    with store.counting() as seen:
        response = client.get(url, params=params)
    return response.status_code, seen


PAGES: dict[str, tuple[str, dict[str, Any]]] = {
    "front page": ("/", {}),
    "incident list": ("/incidents", {}),
    "incident list, filtered": ("/incidents", {"place": "Syria", "source": "SOHR", "date_from": "2011-01-01",
                                               "type": "airstrike", "sort": "-sources"}),
    "incident list, words and conflicts": ("/incidents", {"text": "killed", "has_conflicts": "true"}),
    "incident": ("/incidents/{incident}", {}),
    "incident claims": ("/incidents/{incident}/claims", {}),
    "article list": ("/articles", {}),
    "article": ("/articles/{article}", {}),
    "claim list": ("/claims", {}),
    "claims of a source, by name": ("/claims", {"source": "SOHR", "has_figure": "true"}),
    "claims, every filter": ("/claims", {"source": "{source}", "outlet": "{source}", "via": "{other}",
                                         "place": "Syria", "date_from": "2011-01-01", "date_to": "2030-01-01",
                                         "event_type": "airstrike", "hedged": "false", "quote": "indirect",
                                         "sort": "-published"}),
    "claims about an incident": ("/claims", {"incident": "{incident}", "limit": 500}),
    "claim": ("/claims/{claim}", {}),
    "source list": ("/sources", {}),
    "source": ("/sources/{source}", {}),
    "source, a later page": ("/sources/{source}", {"offset": 50, "limit": 50}),
    "compare": ("/compare", {"sources": "{source},{other}"}),
    "compare, by names": ("/compare", {"sources": "SOHR,SANA,{source}"}),
    "named queries": ("/queries", {}),
}
OTHERS: dict[str, tuple[str, dict[str, Any]]] = {  # one representation only
    "named query": ("/queries/incidents-with-conflicting-figures", {}),
    "SPARQL": ("/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}),
    "minted IRI": ("/id/{source}", {"format": "turtle"}),
    "minted IRI, page": ("/id/{source}", {"format": "html"}),
    "export, sources": ("/export/sources.gexf", {}),
    "export, incidents": ("/export/incidents.graphml", {}),
    "export, claims": ("/export/claims.csv", {"table": "nodes"}),
}


def _fill(template: str, ids: dict[str, str]) -> str:
    return template.format(**ids)


@pytest.mark.parametrize("fmt", ["json", "html"])
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_reads_the_store_in_a_few_queries(store: CountingStore, client: Client, ids: dict[str, str],
                                                     name: str, fmt: str) -> None:
    url, params = PAGES[name]
    status, seen = reads(store, client, _fill(url, ids), format=fmt,
                         **{k: _fill(str(v), ids) for k, v in params.items()})
    assert status == 200
    assert len(seen) <= MAX_QUERIES, "\n".join(seen)
    assert seen or url == "/queries"  # the catalog of named queries is read from files, not the store


@pytest.mark.parametrize("name", list(OTHERS))
def test_named_queries_sparql_iris_and_exports_read_in_a_few_queries(store: CountingStore, client: Client,
                                                                     ids: dict[str, str], name: str) -> None:
    url, params = OTHERS[name]
    status, seen = reads(store, client, _fill(url, ids), **params)
    assert status == 200
    assert 0 < len(seen) <= MAX_QUERIES, "\n".join(seen)


@pytest.mark.parametrize(("url", "small", "large"), [
    ("/sources/{source}", 5, 130), ("/incidents", 2, 200), ("/claims", 2, 300), ("/articles", 2, 60),
    ("/sources", 2, 100), ("/compare", 1, 50)])
def test_a_longer_page_costs_no_more_queries(store: CountingStore, client: Client, ids: dict[str, str], url: str,
                                             small: int, large: int) -> None:
    params = {"sources": f"{ids['source']},{ids['other']}"} if url == "/compare" else {}
    counts = []
    for limit in (small, large):
        status, seen = reads(store, client, _fill(url, ids), limit=limit, format="html", **params)
        assert status == 200
        counts.append(len(seen))
    assert counts[0] == counts[1]


def test_the_incident_claims_page_reads_every_article_text_in_one_query(store: CountingStore, client: Client,
                                                                        ids: dict[str, str]) -> None:
    _, as_json = reads(store, client, f"/incidents/{ids['incident']}/claims", format="json")
    _, as_html = reads(store, client, f"/incidents/{ids['incident']}/claims", format="html")
    assert len(as_html) == len(as_json) + 1


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.rel: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("rel") and a.get("href"):
            self.rel[str(a["rel"])] = str(a["href"])


def test_a_source_pages_its_claims_and_its_record_covers_them_all(client: Client, ids: dict[str, str]) -> None:
    # of the two sources with the most claims, the first whose figures disagree with another source's
    [(source, total), *_] = [(ids[key], int(ids[f"{key}_claims"])) for key in ("source", "other")
                             if client.get(f"/sources/{ids[key]}", params={"limit": 500}).json()["disagreements"]]
    assert total > 100  # three pages of 50
    first = client.get(f"/sources/{source}").json()
    assert (first["total"], first["claims"], first["limit"], first["offset"]) == (total, total, 50, 0)
    assert len(first["items"]) == 50 and "previous" not in first
    seen, page, pages, disagreements = [], first, 0, []
    while True:
        pages += 1
        seen += [c["id"] for c in page["items"]]
        for key in ("claims", "relayed", "outlets", "through", "incidents"):
            assert page[key] == first[key], key  # the record is the same on every page
        shown = {c["id"] for c in page["items"]}
        assert all(d["claim"] in shown for d in page["disagreements"])
        disagreements += page["disagreements"]
        if "next" not in page:
            break
        page = client.get(page["next"]).json()
        assert page["previous"]
    assert pages == -(-total // 50) and len(seen) == len(set(seen)) == total
    # by article and offset, as before the claims were paged
    records = client.get("/claims", params={"source": source, "limit": 500}).json()["items"]
    assert seen == [c["id"] for c in sorted(records, key=lambda c: (c["article"], c["begin"]))]
    assert sum(t["claims"] for t in first["through"]) == total
    assert first["incidents"] == sorted({c["incident"] for c in records if c["incident"]})
    assert first["outlets"] == sorted({c["outlet"] for c in records if c["outlet"]})
    chains: dict[str, int] = {}
    for claim in records:
        chain = " → ".join(claim["via"]) or "(directly)"
        chains[chain] = chains.get(chain, 0) + 1
    assert {t["chain"]: t["claims"] for t in first["through"]} == chains
    # each disagreement on the page of the claim that states this source's side, on one page only
    whole = client.get(f"/sources/{source}", params={"limit": 500}).json()["disagreements"]
    assert sorted(disagreements, key=_identity) == sorted(whole, key=_identity) and len(whole) > 0


def _identity(disagreement: dict[str, Any]) -> tuple[str, ...]:
    return tuple(disagreement[k] for k in ("incident", "claim", "other_claim", "category", "victims"))


def test_the_source_page_links_its_next_and_previous_claims(client: Client, ids: dict[str, str]) -> None:
    source, total = ids["source"], int(ids["source_claims"])
    page = client.get(f"/sources/{source}", params={"format": "html", "limit": 50, "offset": 50})
    assert page.status_code == 200
    links = Links(page.text).rel
    assert "offset=100" in links["next"] and "offset=0" in links["prev"] and "format=html" in links["next"]
    assert f"{total:,} claims, showing 51–100." in page.text
    assert f"Those of its claims 51–100 of {total:,}" in page.text  # the disagreements are this page's
    last = client.get(f"/sources/{source}", params={"format": "html", "offset": total - 1, "limit": 50})
    assert "next" not in Links(last.text).rel and "prev" in Links(last.text).rel


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}])
def test_a_source_page_outside_the_bounds_is_refused(client: Client, ids: dict[str, str],
                                                     params: dict[str, int]) -> None:
    response = client.get(f"/sources/{ids['source']}", params=params)
    assert response.status_code == 400 and response.headers["content-type"].startswith(
        "application/problem+json")


def test_a_sources_disagreements_are_its_incidents_conflicts(client: Client, ids: dict[str, str]) -> None:
    """What the source's record lists (all its claims on one page) is what the incident pages show:
    each stored conflict in which this source gave one of the two figures and another source the
    other, this source's side first."""
    for source in (ids["source"], "agent/sohr", ids["other"]):
        record = client.get(f"/sources/{source}", params={"limit": 500}).json()
        assert record["total"] == len(record["items"])
        expected = []
        for incident in record["incidents"]:
            for conflict in client.get(f"/incidents/{incident}/claims").json()["conflicts"]:
                sides = (conflict["source"], conflict["other_source"])
                if source not in sides or sides[0] == sides[1]:
                    continue
                if conflict["other_source"] == source:
                    conflict = {**conflict, **{k: conflict[f"other_{k}"] for k in (
                        "claim", "source", "stated", "text", "claims")},
                        **{f"other_{k}": conflict[k] for k in ("claim", "source", "stated", "text", "claims")}}
                expected.append({"incident": incident, **conflict})
        assert record["disagreements"] == expected
