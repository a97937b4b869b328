"""The incident page's timeline: when each outlet reported the incident (its articles' publication
dates, oldest first, undated last) and which figures each gave, on the seed and FA-KES."""

from __future__ import annotations

import pytest
from apiclient import Client
from conftest import SEED

from api.app import create_app
from kg.settings import load_config

KHAN_SHEIKHOUN = "633d1403789b"  # 4 Apr 2017, as FA-KES's articles link it


def _client(store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), store))


def test_seed_strike_reported_once_with_four_voices(seed_store) -> None:  # type: ignore[no-untyped-def]
    client = _client(seed_store)
    strike = next(i for i in client.get("/incidents").json()["items"] if i["date"] == "2018-11-17")
    [entry] = client.get(f"/incidents/{strike['id']}").json()["timeline"]
    assert entry["published"] == "2018-11-18" and entry["outlet"] is None
    assert entry["outlet_label"] == "outlet not given" and entry["loaded_from"] == SEED.name
    given = {(f["source_label"], f["stated"], f["victims"]) for f in entry["figures"]}
    sohr = "Syrian Observatory for Human Rights"
    assert {("SANA", "at least 40", "people"), (sohr, "at least 36", "people"), (sohr, "17", "children"),
            ("local media", "more than 40", "people")} <= given
    page = client.get(f"/incidents/{strike['id']}", headers={"Accept": "text/html"}).text
    assert "When each outlet reported it" in page and "outlet not given" in page
    assert '<time datetime="2018-11-18">' in page and "17 children killed</a> (Syrian Observatory for Human " \
        "Rights via AFP)" in page


def test_fakes_outlets_in_order_of_publication(khan_sheikhoun_store) -> None:  # type: ignore[no-untyped-def]
    client = _client(khan_sheikhoun_store)
    data = client.get(f"/incidents/{KHAN_SHEIKHOUN}").json()
    timeline = data["timeline"]
    assert len(timeline) == data["articles"] and len({e["outlet"] for e in timeline}) >= 5
    dates = [e["published"] for e in timeline]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[:len(dated)] == dated  # oldest first, undated last
    assert all(e["outlet"] and e["outlet_label"] != "outlet not given" for e in timeline)
    # each entry gives exactly the figures of that article's claims about the incident
    claims = client.get(f"/incidents/{KHAN_SHEIKHOUN}/claims", params={"limit": 500}).json()["sources"]
    for entry in timeline:
        mine = [c for g in claims for c in g["claims"] if c["article"] == entry["article"]]
        assert entry["claims"] == len(mine)
        assert sorted(f["claim"] for f in entry["figures"]) == sorted(c["id"] for c in mine for _ in c["figures"])
    page = client.get(f"/incidents/{KHAN_SHEIKHOUN}", headers={"Accept": "text/html"}).text
    table = page[page.index('id="timeline"'):]
    positions = [table.index(f'datetime="{d}"') for d in dict.fromkeys(dated)]
    assert positions == sorted(positions)


@pytest.mark.parametrize("fmt", ["json", "jsonld"])
def test_incident_page_links_its_alternates(seed_store, fmt: str) -> None:  # type: ignore[no-untyped-def]
    client = _client(seed_store)
    incident = client.get("/incidents").json()["items"][0]["id"]
    page = client.get(f"/incidents/{incident}", headers={"Accept": "text/html"}).text
    assert f'<link rel="alternate" type="application/{"json" if fmt == "json" else "ld+json"}"' in page
