"""/incidents: filters, paging, the summary, "all claims about this incident", the HTML pages."""

from __future__ import annotations

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

STRIKE = "2018-11-17-al-buqaan"


@pytest.fixture(scope="module")
def client(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), handmade_store))


def _ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_sorted_by_date_and_paged(client: Client) -> None:
    assert _ids(client.get("/incidents")) == [STRIKE, "2018-11-11-al-shaafa"]  # newest first
    assert _ids(client.get("/incidents", params={"sort": "date"})) == ["2018-11-11-al-shaafa", STRIKE]
    page = client.get("/incidents", params={"limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and "offset=1" in page["next"]
    assert _ids(client.get("/incidents/", params={"limit": 1, "offset": 1})) == ["2018-11-11-al-shaafa"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"place": "Deir ez-Zor"}, ["2018-11-11-al-shaafa", STRIKE]),  # villages inside the governorate
    ({"place": "place/al-buqaan"}, [STRIKE]),
    ({"place": "Aleppo"}, []),
    ({"date_from": "2018-11-12"}, [STRIKE]),
    ({"date_to": "2018-11-12"}, ["2018-11-11-al-shaafa"]),
    ({"type": "airstrike"}, ["2018-11-11-al-shaafa", STRIKE]),
    ({"type": "shelling"}, []),
    ({"actor": "coalition"}, ["2018-11-11-al-shaafa", STRIKE]),
    ({"text": "seventeen children"}, [STRIKE]),
    ({"source": "SANA"}, [STRIKE]),
    ({"source": "agent/afp"}, []),  # the original source only, as in /claims and the exports
    ({"via": "agent/afp"}, [STRIKE]),
    ({"outlet": "outlet/al-masdar"}, [STRIKE]),
    ({"has_conflicts": "true"}, [STRIKE]),
    ({"has_conflicts": "false"}, ["2018-11-11-al-shaafa"]),
])
def test_filters(client: Client, params: dict[str, str], expected: list[str]) -> None:
    assert _ids(client.get("/incidents", params={"sort": "date", **params})) == expected


@pytest.mark.parametrize("params", [{"date_from": "17/11/2018"}, {"type": "picnic"}, {"sort": "colour"},
                                    {"limit": "0"}, {"source": "nobody at all"}])
def test_bad_filters_are_400_problems(client: Client, params: dict[str, str]) -> None:
    response = client.get("/incidents", params=params)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]


def test_summary(client: Client) -> None:
    data = client.get(f"/incidents/{STRIKE}").json()
    assert data["event_type"] == "airstrike" and data["date"] == "2018-11-17"
    assert data["claims"] == 5 and data["articles"] == 2 and data["first_reported"] == "2018-11-18"
    # SANA, SOHR (Rami Abdel Rahman speaks for it) and the outlet's own statement
    assert data["independent_sources"] == 3
    people = next(m for m in data["figures"] if m["victims"] == "people")
    assert people["spread"]["counts"] == [22, 36, 40] and people["spread"]["highest"] is None
    # each conflict gives the lower value first, then the higher one it cannot agree with
    assert {c["stated"] for c in data["conflicts"]} == {"22"}
    assert {c["other_stated"] for c in data["conflicts"]} == {"at least 36", "at least 40"}
    # each names both sentences and says why they cannot both be true, as stored when incidents were linked
    for conflict in data["conflicts"]:
        assert conflict["claim"] != conflict["other_claim"] and conflict["text"] and conflict["other_text"]
        assert conflict["claim"] in conflict["claims"] and conflict["other_claim"] in conflict["other_claims"]
    sana = next(c for c in data["conflicts"] if c["other_stated"] == "at least 40")
    assert sana["reason"] == "SOHR says 22 people were killed; SANA says at least 40, more than SOHR's 22 allows"
    assert client.get("/incidents/no-such-thing").status_code == 404


def test_claims_grouped_by_original_source(client: Client) -> None:
    data = client.get(f"/incidents/{STRIKE}/claims").json()
    groups = {g["label"]: g["claims"] for g in data["sources"]}
    assert set(groups) == {"SANA", "SOHR", "Press TV", "Rami Abdel Rahman"}
    via_afp = next(c for c in groups["SOHR"] if c["via"])
    assert [hop["label"] for hop in via_afp["chain"]] == ["SOHR", "AFP"]
    assert via_afp["figures"][0]["victims"] == "children" and via_afp["cue"] == "say"
    sana = groups["SANA"][0]
    assert sana["text"].startswith("At least 40") and sana["begin"] == 0 and sana["end"] == len(sana["text"])
    assert sana["conflicting"] is True and sana["article"] == "press-tv-1"
    assert groups["Press TV"][0]["hedged"] is True and groups["Press TV"][0]["own_voice"] is True


def test_claims_are_paged_and_the_figures_cover_every_page(client: Client) -> None:
    """Pages of two claims hold, in order and once each, the claims of one page of them all; the
    summary, the figures and the conflicts are the same on every page; the HTML page links a figure to
    its claim on this page, or to the claim's own page when it is on another."""
    whole = client.get(f"/incidents/{STRIKE}/claims").json()
    everything = [c["id"] for g in whole["sources"] for c in g["claims"]]
    assert whole["total"] == len(everything) == 5 and "next" not in whole
    paged: list[str] = []
    url: str | None = f"/incidents/{STRIKE}/claims?limit=2"
    while url:
        page = client.get(url).json()
        assert page["total"] == 5 and page["limit"] == 2
        assert {k: page[k] for k in ("summary", "figures", "conflicts")} == \
            {k: whole[k] for k in ("summary", "figures", "conflicts")}
        paged += [c["id"] for g in page["sources"] for c in g["claims"]]
        url = page.get("next")
    assert sorted(paged) == sorted(everything) and len(paged) == 5
    last = client.get(f"/incidents/{STRIKE}/claims", params={"limit": 2, "offset": 4}).json()
    assert "next" not in last and "offset=2" in last["previous"]
    beyond = client.get(f"/incidents/{STRIKE}/claims", params={"offset": 50}).json()
    assert beyond["sources"] == [] and beyond["total"] == 5 and beyond["figures"] == whole["figures"]
    html = client.get(f"/incidents/{STRIKE}/claims", params={"limit": 1, "format": "html"}).text
    shown = next(c["id"] for g in client.get(f"/incidents/{STRIKE}/claims?limit=1").json()["sources"]
                 for c in g["claims"])
    assert "Claims 1–1 of 5" in html and 'rel="next"' in html
    assert f'href="#{shown.replace("/", "-")}"' in html
    assert any(f'/claims/{other}?format=html"' in html for other in everything if other != shown)
    assert client.get(f"/incidents/{STRIKE}/claims", params={"limit": 0}).status_code in (400, 422)


def test_json_ld(client: Client) -> None:
    response = client.get(f"/incidents/{STRIKE}", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json"
    assert response.json()["@context"]["iri"] == "@id"
    assert 'rel="alternate"' in response.headers["link"]


def test_html_pages(client: Client) -> None:
    page = client.get(f"/incidents/{STRIKE}/claims", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "class=\"conflict\"" in page.text and "at least 36" in page.text and "Rami Abdel Rahman" in page.text
    assert "Al-Buqa&#39;an" in page.text
    listing = client.get("/incidents", params={"format": "html"})
    assert STRIKE in listing.text
    assert client.get(f"/incidents/{STRIKE}", headers={"Accept": "text/html"}).status_code == 200


def test_seed_structure(seed_store) -> None:  # type: ignore[no-untyped-def]
    """On the real seed: every listed incident has a summary and its claims; holds once incidents appear."""
    client = Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))
    listing = client.get("/incidents", params={"limit": 500}).json()
    assert listing["total"] == len(listing["items"])
    for item in listing["items"]:
        claims = client.get(f"/incidents/{item['id']}/claims", params={"limit": 500}).json()
        assert sum(len(g["claims"]) for g in claims["sources"]) == item["claims"] == claims["total"]
