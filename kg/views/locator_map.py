"""The incident page's locator map: where the incident's places are, drawn server-side as the parts of
an inline SVG over the bundled boundaries of Syria's governorates and its neighbours
(kg/data/boundaries/syria_region.json, simplified from Natural Earth; see its README).

Each place the incident names is followed up its containment (village -> district -> governorate ->
country). A place with coordinates of its own is marked where it is; one without is marked at the first
place containing it that has coordinates, and says so. A governorate is shown by shading its area, the
country by nothing more than the map itself. The page only renders what `locator_map` returns.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import URIRef

from kg.rdf.store import Query, TextRow
from kg.rdf.vocab import Iris
from kg.resolve.geo import EARTH_RADIUS_KM
from kg.resources import resource_text
from kg.views.common import PREFIX, key_id, text
from kg.views.figures import _stated

WIDTH = 640  # px; the height follows from the extent
SCALE_KM = 100
LABEL_CHAR_PX = 7  # about the width of a character of the map's 12 px labels
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular, scaled by the cosine of the extent's middle latitude (true to within 5% over it)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def stretch(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def px_per_degree(self) -> float:
        return WIDTH / ((self.east - self.west) * self.stretch)

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.px_per_degree)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        k = self.px_per_degree
        return round((lon - self.west) * self.stretch * k, 1), round((self.north - lat) * k, 1)

    def inside(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def _path(projection: Projection, rings: list[list[list[float]]]) -> str:
    parts = []
    for ring in rings:
        points = [projection.point(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def _box_area(ring: list[list[float]]) -> float:
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return (max(lons) - min(lons)) * (max(lats) - min(lats))


@lru_cache(maxsize=1)
def _base() -> dict[str, Any]:
    """The boundary file projected once: extent, country and governorate outlines as SVG paths."""
    data = json.loads(resource_text("data", "boundaries/syria_region.json"))
    projection = Projection(*data["extent"])
    countries = []
    for country in data["countries"]:
        lon, lat = country["label"]
        x, y = projection.point(lon, lat)
        half = len(country["name"]) * LABEL_CHAR_PX / 2 + 4
        x = min(max(x, half), WIDTH - half)  # the whole name inside the map
        countries.append({"iso": country["iso"], "name": country["name"], "path": _path(projection, country["rings"]),
                          "label_x": x, "label_y": y, "home": country["iso"] == "SYR",
                          "labelled": projection.inside(lon, lat) and country["iso"] != "SYR"})
    # larger areas first, so that one lying inside another (Damascus in Rif Dimashq) is drawn over it
    by_size = sorted(data["governorates"], key=lambda g: -sum(_box_area(ring) for ring in g["rings"]))
    governorates = {g["key"]: {"key": g["key"], "label": g["label"], "path": _path(projection, g["rings"])}
                    for g in by_size}
    return {"projection": projection, "countries": countries, "governorates": governorates}


def locations_query(incident: URIRef) -> Query:
    """The query whose rows `incident_locations` reads: the incident's places and every place containing
    them, with labels, coordinates and the place directly containing each."""
    return PREFIX + """SELECT ?named ?place ?label ?lat ?lon ?parent WHERE {
      ?incident sem:hasPlace ?named . ?named schema:containedInPlace* ?place .
      OPTIONAL { ?place skos:prefLabel ?label }
      OPTIONAL { ?place geo:lat ?lat ; geo:long ?lon }
      OPTIONAL { ?place schema:containedInPlace ?parent } }""", {"incident": incident}


def _places(iris: Iris, rows: list[TextRow]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The incident's places (keys, in label order) and every place containing them: label, coordinates,
    the place directly containing it."""
    places: dict[str, dict[str, Any]] = {}
    named: set[str] = set()
    for row in rows:
        key = key_id(iris, row["place"])
        named.add(key_id(iris, row["named"]))
        place = places.setdefault(key, {"key": key, "label": text(row, "label") or key, "lat": None, "lon": None,
                                        "parent": None})
        if "lat" in row and "lon" in row:
            place["lat"], place["lon"] = float(str(row["lat"])), float(str(row["lon"]))
        if "parent" in row and place["parent"] is None:
            place["parent"] = key_id(iris, row["parent"])
    return sorted(named, key=lambda k: (places[k]["label"].lower(), k)), places


def _chain(key: str, places: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    chain, seen = [], set()
    while key in places and key not in seen:
        seen.add(key)
        chain.append(places[key])
        key = places[key]["parent"]
    return chain


def _scale_bar(projection: Projection) -> dict[str, Any]:
    length = round(SCALE_KM / KM_PER_DEGREE * projection.px_per_degree, 1)
    return {"x": 16, "y": projection.height - 18, "length": length, "label": f"{SCALE_KM} km"}


def _named_by(claims: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per place key: the original sources whose claims name it, with the figures those claims state."""
    named: dict[str, dict[str, dict[str, Any]]] = {}
    for claim in claims:
        figures = [f"{_stated(f)} {f['victims'] or ''} {f['category']}".replace("_", " ").replace("  ", " ")
                   for f in claim["figures"]]
        for place in claim.get("places") or []:
            voice = named.setdefault(place["id"], {}).setdefault(
                claim["source"], {"source": claim["source"], "label": claim["source_label"], "figures": []})
            voice["figures"] += [f for f in figures if f not in voice["figures"]]
    return {key: sorted(voices.values(), key=lambda v: v["label"].lower()) for key, voices in named.items()}


def incident_locations(iris: Iris, rows: list[TextRow], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each place the incident names (by label): the places containing it, innermost first (`within`);
    where it can be drawn (`lon`, `lat`): its own coordinates, or those of the innermost place containing
    it that has some (`located_at` names that place), None when no place in the chain has any; and which
    original sources name it in `claims` (the incident's claim records), with the figures they state.
    `rows`: those of `locations_query`."""
    named, places = _places(iris, rows)
    voices = _named_by(claims)
    located_places = []
    for key in named:
        chain = _chain(key, places)
        located = next((p for p in chain if p["lat"] is not None), None)
        located_places.append({
            "key": key, "label": places[key]["label"], "within": [p["label"] for p in chain[1:]],
            "within_keys": [p["key"] for p in chain[1:]],
            "lon": located["lon"] if located else None, "lat": located["lat"] if located else None,
            "located_at": located["label"] if located and located["key"] != key else None,
            "named_by": voices.get(key, [])})
    return located_places


def locator_map(locations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The drawing of `incident_locations`: the base map's outlines, the governorates holding the places
    shaded, a marker per located point (places sharing a point share one), the places that cannot be
    drawn, a scale bar and a north arrow. None when the incident names no place."""
    if not locations:
        return None
    base = _base()
    projection: Projection = base["projection"]
    shaded: set[str] = set()
    markers: dict[tuple[float, float], dict[str, Any]] = {}
    listed, unplaced = [], []
    for place in locations:
        keys = [place["key"], *place["within_keys"]]
        shaded.update(k for k in keys if k in base["governorates"])
        entry = {"key": place["key"], "label": place["label"], "within": ", ".join(place["within"]),
                 "located_at": place["located_at"], "named_by": place["named_by"],
                 "voices": "; ".join(v["label"] + (f" ({', '.join(v['figures'])})" if v["figures"] else "")
                                     for v in place["named_by"])}
        if place["key"] in base["governorates"]:
            entry["shown"] = "area"
        elif not place["within"]:
            entry["shown"] = "map"  # a country: the map itself
        elif place["lon"] is None or not projection.inside(place["lon"], place["lat"]):
            entry["shown"] = None
            unplaced.append(entry)
        else:
            entry["shown"] = "marker"
            x, y = projection.point(place["lon"], place["lat"])
            marker = markers.setdefault((x, y), {"x": x, "y": y, "places": [], "approximate": True})
            marker["places"].append(entry)
            marker["approximate"] = marker["approximate"] and place["located_at"] is not None
        listed.append(entry)
    for number, marker in enumerate(sorted(markers.values(), key=lambda m: (m["y"], m["x"])), start=1):
        marker["number"] = number
        marker["label"] = "; ".join(p["label"] for p in marker["places"])
        marker["title"] = "; ".join(
            p["label"] + (f", in {p['within']}" if p["within"] else "")
            + (f" (no coordinates of its own: drawn at {p['located_at']})" if p["located_at"] else "")
            + (f"; named by {p['voices']}" if p["voices"] else "")
            for p in marker["places"])
        # labels left of markers in the right part of the map, so that they stay inside it
        marker["anchor"] = "end" if marker["x"] > WIDTH * 0.6 else "start"
        marker["label_x"] = marker["x"] - 9 if marker["anchor"] == "end" else marker["x"] + 9
    governorates = [{**g, "shaded": g["key"] in shaded} for g in base["governorates"].values()]
    return {
        "width": WIDTH, "height": projection.height,
        "extent": [projection.west, projection.south, projection.east, projection.north],
        "countries": base["countries"], "governorates": governorates,
        "markers": sorted(markers.values(), key=lambda m: m["number"]),
        "places": listed, "unplaced": unplaced,
        "shaded": [base["governorates"][k]["label"] for k in sorted(shaded)],
        "scale": _scale_bar(projection),
        "north": {"x": WIDTH - 28, "y": 18},
    }


__all__ = ["incident_locations", "locations_query", "locator_map"]
