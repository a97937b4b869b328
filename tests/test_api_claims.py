"""/claims, /sources, /articles (GET): filters, one resource each, JSON-LD."""

from __future__ import annotations

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config


@pytest.fixture(scope="module")
def client(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


def _texts(client: Client, **params: str) -> list[str]:
    response = client.get("/claims", params=params)
    assert response.status_code == 200, response.text
    return [c["text"][:20] for c in response.json()["items"]]


# event_type: the claim's own or its incident's (one claim states none, its incident is an airstrike)
@pytest.mark.parametrize(("params", "count"), [
    ({}, 6), ({"source": "agent/sohr"}, 3), ({"source": "SOHR"}, 3), ({"via": "AFP"}, 2),
    ({"outlet": "outlet/al-masdar"}, 1), ({"incident": "2018-11-11-al-shaafa"}, 1),
    ({"place": "Deir ez-Zor"}, 6), ({"place": "place/al-shaafa"}, 1), ({"date_from": "2018-11-17"}, 5),
    ({"date_to": "2018-11-11"}, 1), ({"event_type": "airstrike"}, 6), ({"has_figure": "true"}, 5),
    ({"has_figure": "false"}, 1), ({"hedged": "true"}, 1), ({"quote": "direct"}, 1),
    ({"source": "SOHR", "via": "AFP"}, 1),
])
def test_claim_filters(client: Client, params: dict[str, str], count: int) -> None:
    assert len(_texts(client, **params)) == count


def test_claims_paged_and_sorted(client: Client) -> None:
    data = client.get("/claims", params={"limit": 2, "sort": "-published"}).json()
    assert data["total"] == 6 and len(data["items"]) == 2 and data["items"][0]["article"] == "al-masdar-1"
    assert client.get("/claims", params={"quote": "sideways"}).status_code == 400


def test_one_claim(client: Client) -> None:
    first = client.get("/claims", params={"via": "AFP", "source": "SOHR"}).json()["items"][0]
    one = client.get(f"/claims/{first['id']}")
    assert one.status_code == 200 and one.json() == first
    assert first["outlet"] == "outlet/press-tv" and first["places"][0]["label"] == "Al-Buqa'an"
    assert client.get(f"/claims/{first['id']}/").json() == first
    assert client.get("/claims/press-tv-1/0-1").status_code == 404
    ld = client.get(f"/claims/{first['id']}", headers={"Accept": "application/ld+json"}).json()
    assert ld["iri"] == first["iri"] and "@context" in ld


def test_sources(client: Client) -> None:
    listing = client.get("/sources").json()
    top = listing["items"][0]
    assert top["id"] == "agent/sohr" and top["claims"] == 3
    afp = next(s for s in listing["items"] if s["id"] == "agent/afp")
    assert afp["relayed"] == 2 and afp["role"] == "news_agency"
    sohr = client.get("/sources/agent/sohr").json()
    assert sohr["label"] == "SOHR" and "Syrian Observatory for Human Rights" in sohr["aliases"]
    assert {t["chain"] for t in sohr["through"]} == {"AFP", "(directly)"}
    assert sohr["incidents"] == ["2018-11-11-al-shaafa", "2018-11-17-al-buqaan"]
    assert [d["other_stated"] for d in sohr["disagreements"]] == ["22"]
    items = sohr["items"]  # by article, then by place in it (numbers, not text: 95 before 100)
    assert [(c["article"], c["begin"]) for c in items] == sorted((c["article"], c["begin"]) for c in items)
    rami = client.get("/sources/agent/rami-abdel-rahman").json()
    assert rami["member_of"] == "agent/sohr"
    assert client.get("/sources/agent/nobody").status_code == 404


def test_articles(client: Client) -> None:
    listing = client.get("/articles").json()
    assert [a["id"] for a in listing["items"]] == ["press-tv-1", "al-masdar-1"]
    article = client.get("/articles/press-tv-1").json()
    assert article["outlet_label"] == "Press TV" and len(article["items"]) == 5
    for claim in article["items"]:
        assert article["text"][claim["begin"]:claim["end"]] == claim["text"]
    page = client.get("/articles/press-tv-1", params={"format": "html"})
    assert page.status_code == 200 and "Strikes kill 40" in page.text
    assert client.get("/articles/nope").status_code == 404


def test_seed_claims_are_anchored(seed_store) -> None:  # type: ignore[no-untyped-def]
    """On the real seed: every claim's offsets cut its sentence out of the article text."""
    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    article_id = client.get("/articles").json()["items"][0]["id"]
    article = client.get(f"/articles/{article_id}").json()
    assert article["items"]
    for claim in article["items"]:
        assert article["text"][claim["begin"]:claim["end"]] == claim["text"]
        # every claim has its source, but the seed names no outlet: its own voice is nobody's
        assert (claim["chain"] and claim["source"]) or (claim["own_voice"] and claim["source"] is None)
    assert client.get("/claims", params={"limit": 500}).json()["total"] == len(article["items"])


def test_claim_keys_order_claims_by_article_then_offset() -> None:
    """What a source's page sorts its claims by: offsets as numbers; a key not made so does not fail."""
    from kg.model import claim_order

    keys = ["b/1-2", "a/100-120", "weird", "a/95-99"]
    assert sorted(keys, key=claim_order) == ["a/95-99", "a/100-120", "b/1-2", "weird"]
