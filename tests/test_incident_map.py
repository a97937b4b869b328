"""The incident page's locator map: an inline SVG drawn server-side from the incident's places and their
containment over the bundled boundary file (kg/data/boundaries/), with a scale bar and a north arrow."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

from apiclient import Client
from conftest import ROOT

from api.app import create_app
from kg.resolve.geo import distance_km
from kg.settings import load_config
from kg.views.locator_map import Projection, _base, locator_map

BOUNDARIES = ROOT / "kg" / "data" / "boundaries"


def _client(store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), store))


def _strike(client: Client) -> str:
    return next(i["id"] for i in client.get("/incidents").json()["items"] if i["date"] == "2018-11-17")


class Svg(HTMLParser):
    """The map's markers (title and label) and the titles of its scale and north arrow."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.markers: list[dict[str, str]] = []
        self.titles: list[str] = []
        self.classes: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []
        self.feed(page[page.index("<svg"):page.index("</svg>") + 6])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.classes.append(str(a.get("class") or ""))
        if tag == "g" and "marker" in (a.get("class") or ""):
            self.markers.append({})
        if tag in ("title", "text"):
            self._in, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            value = "".join(self._text).strip()
            if tag == "title":
                self.titles.append(value)
            if self.markers and tag not in self.markers[-1]:
                self.markers[-1][tag] = value
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)


def test_boundary_file_is_small_and_names_every_governorate() -> None:
    data_file = BOUNDARIES / "syria_region.json"
    assert data_file.stat().st_size < 60_000
    data = json.loads(data_file.read_text(encoding="utf-8"))
    admin = json.loads((ROOT / "kg" / "data" / "syria_admin.json").read_text(encoding="utf-8"))
    assert sorted(g["key"] for g in data["governorates"]) == sorted(g["key"] for g in admin["governorates"])
    assert {"SYR", "TUR", "IRQ", "JOR", "LBN"} <= {c["iso"] for c in data["countries"]}
    readme = (BOUNDARIES / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme and "build_boundaries.py" in readme
    assert (ROOT / "scripts" / "build_boundaries.py").is_file()


def test_an_enclosed_governorate_is_drawn_over_the_one_around_it() -> None:
    order = list(_base()["governorates"])
    assert order.index("place/sy/damascus") > order.index("place/sy/rif-dimashq")


def test_scale_bar_measures_what_it_says() -> None:
    projection = Projection(34.2, 31.6, 43.4, 38.1)
    drawn = locator_map([{"key": "place/x", "label": "X", "within": ["Syria"], "within_keys": ["place/sy"],
                          "lon": 38.0, "lat": 35.0, "located_at": None, "named_by": []}])
    assert drawn is not None
    # the bar's length in pixels, taken back to degrees of longitude at the middle latitude, is 100 km
    degrees = drawn["scale"]["length"] / (projection.px_per_degree * projection.stretch)
    middle = (projection.south + projection.north) / 2
    assert math.isclose(distance_km(middle, 38.0, middle, 38.0 + degrees), 100, rel_tol=0.05)
    assert drawn["scale"]["label"] == "100 km"


def test_seed_strike_on_the_map(seed_store) -> None:  # type: ignore[no-untyped-def]
    client = _client(seed_store)
    strike = _strike(client)
    locations = {p["label"]: p for p in client.get(f"/incidents/{strike}").json()["locations"]}
    # a village without coordinates of its own is placed where the place containing it is, and says so
    hassan = locations["Abu Hassan village"]
    assert hassan["within"] == ["Deir ez-Zor Governorate", "Syria"]
    assert hassan["located_at"] == "Deir ez-Zor Governorate" and hassan["lat"] is not None
    assert [(v["label"], v["figures"]) for v in hassan["named_by"]] == [
        ("Syrian Observatory for Human Rights", ["17 children killed"])]
    assert "at least 40 people killed" in next(v for v in locations["Deir ez-Zor"]["named_by"]
                                               if v["label"] == "SANA")["figures"]
    assert locations["Al-Buqa'an"]["lat"] is None  # the gazetteer has no point for it, nor a district

    page = client.get(f"/incidents/{strike}", headers={"Accept": "text/html"}).text
    assert "Where it happened" in page
    svg = Svg(page)
    labels = {m["text"] for m in svg.markers}
    assert "Abu Hassan village; Deir ez-Zor" in labels and "Abu Kamal District; Al-Baghuz" in labels
    hassan_title = next(m["title"] for m in svg.markers if "Abu Hassan" in m["text"])
    assert "drawn at Deir ez-Zor Governorate" in hassan_title and "17 children killed" in hassan_title
    assert "Scale: 100 km" in svg.titles and "North is up" in svg.titles
    assert "governorate shaded" in svg.classes  # Deir ez-Zor's area
    assert len([c for c in svg.classes if c == "governorate shaded"]) == 1
    # the places that cannot be drawn are listed under the map, in words
    assert re.search(r"Al-Buqa&#39;an</strong>, in Syria: not on the map", page)
    assert 'role="img" aria-labelledby="map-title map-desc"' in page


def test_no_map_without_places(seed_store) -> None:  # type: ignore[no-untyped-def]
    assert locator_map([]) is None
    client = _client(seed_store)
    for item in client.get("/incidents").json()["items"]:
        data = client.get(f"/incidents/{item['id']}").json()
        page = client.get(f"/incidents/{item['id']}", headers={"Accept": "text/html"}).text
        assert ("Where it happened" in page) == bool(data["locations"])
