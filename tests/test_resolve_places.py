"""Place names to places: transliterations, the built-in gazetteer, GeoNames and Airwars imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.model import Claim, Hop, Span
from kg.resolve.gazetteer_sources import airwars_place_name, import_places
from kg.resolve.geo import distance_km
from kg.resolve.placenames import name_similarity, normal_name, skeleton
from kg.resolve.places import Gazetteer, load_gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AIRWARS = SHARED / "corpus" / "airwars" / "airwars_syria_incidents.jsonl"
needs_airwars = pytest.mark.skipif(not AIRWARS.exists(), reason="shared Airwars corpus not present")


def claims_naming(*groups: list[str]) -> list[Claim]:
    """One claim per group of place names, as an extractor would give their spans."""
    out = []
    for names in groups:
        text = " ".join(names)
        spans, at = [], 0
        for name in names:
            spans.append(Span(at, at + len(name), name))
            at += len(name) + 1
        out.append(Claim(article_id="a", span=Span(0, len(text), text), source=Hop.outlet_voice(), places=spans))
    return out


@pytest.mark.parametrize(("a", "b"), [
    ("Deir ez-Zor", "Dayr az Zawr"), ("Deir ez-Zor", "Deir Ezzor"), ("Al-Buqa'an", "Baq'an"),
    ("Abu Hassan", "Abou Al Hasan"), ("Abu Hassan village", "Abo Al Hassan"), ("Al-Shaafa", "Ash Sha’fa"),
    ("Al-Sha'fah", "Al Shaafa"), ("Albu Badran", "Al Boubadran"), ("Kefraya", "Kafraya"), ("Manbij", "Menbij"),
])
def test_transliterations_match(a: str, b: str) -> None:
    assert name_similarity(a, b) >= 0.84


@pytest.mark.parametrize(("a", "b"), [("Fuaa", "Fafa"), ("Syria", "Saraa"), ("Kafraya", "Kafir"), ("Rome", "Raqqa")])
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert name_similarity(a, b) < 0.84


def test_normal_form_drops_article_and_kind() -> None:
    assert normal_name("Al-Buqa'an village") == "buqaan"
    assert skeleton("Deir ez-Zor Province") == skeleton("Dayr az Zawr") == "drzr"


@pytest.fixture(scope="module")
def builtin() -> Gazetteer:
    return load_gazetteer()


def test_builtin_has_governorates_and_cities(builtin: Gazetteer) -> None:
    claims = claims_naming(["Syria’s Deir ez-Zor Province"], ["Hajin"], ["Aleppo"])
    builtin.resolve(claims)
    [province], [hajin], [aleppo] = (c.place_keys for c in claims)
    assert province == "place/sy/deir-ez-zor"
    assert builtin.places[hajin].contained_in == "place/sy/deir-ez-zor"
    assert builtin.places[aleppo].feature == "city"


def test_a_provinces_seat_is_a_city_whatever_its_size(builtin: Gazetteer) -> None:
    """Daraa and Idlib count fewer than 100,000 people in GeoNames, but each is the seat of a province of its
    name: "in Daraa" may name either, so a shared mention is no evidence of one local incident (reports
    years apart of the province's strikes linked by it)."""
    seats = {p.label: p.feature for p in builtin.places.values()
             if p.contained_in in ("place/sy/daraa", "place/sy/idlib") and p.label in ("Dar‘ā", "Idlib")}
    assert seats == {"Dar‘ā": "city", "Idlib": "city"}
    saraqeb = [p for p in builtin.places.values() if p.label == "Saraqib" or "Saraqeb" in p.aliases]
    assert saraqeb and all(p.feature == "town" for p in saraqeb)


def test_resolve_returns_containing_chain(builtin: Gazetteer) -> None:
    claims = claims_naming(["Hajin"])
    used = builtin.resolve(claims)
    assert {"place/sy/deir-ez-zor", "place/sy"} <= set(used)
    assert [p.key for p in builtin.chain(claims[0].place_keys[0])][1:] == ["place/sy/deir-ez-zor", "place/sy"]


def test_unknown_place_is_contained_in_the_area_the_text_gives(builtin: Gazetteer) -> None:
    claims = claims_naming(["Syria’s Deir ez-Zor Province"], ["Albu Badran village"],
                           ["Al-Baghuz", "Bu Kamal district", "Deir ez-Zor Province"])
    used = builtin.resolve(claims)
    badran = used[claims[1].place_keys[0]]
    assert badran.lat is None and badran.contained_in == "place/sy/deir-ez-zor"
    baghuz = used[claims[2].place_keys[0]]
    assert baghuz.contained_in == "place/sy/deir-ez-zor/abu-kamal-district"
    assert claims[2].place_keys[1] == "place/sy/deir-ez-zor/abu-kamal-district"


def test_kind_word_chooses_between_city_and_governorate(builtin: Gazetteer) -> None:
    claims = claims_naming(["Idlib province"], ["Idlib"])
    builtin.resolve(claims)
    assert claims[0].place_keys == ["place/sy/idlib"]
    assert builtin.places[claims[1].place_keys[0]].feature in ("city", "town")


def test_syrian_place_preferred_over_namesake_abroad(builtin: Gazetteer) -> None:
    claims = claims_naming(["Manbij"], ["Rome"])
    builtin.resolve(claims)
    assert builtin.places[claims[0].place_keys[0]].contained_in == "place/sy/aleppo"
    assert builtin.places[claims[1].place_keys[0]].contained_in == "place/it"


GEONAMES_ROWS = [
    ["9000001", "Test Governorate", "Test Governorate", "", "35.0", "39.0", "A", "ADM1", "SY", "", "99", "", "", "",
     "0", "", "300", "Asia/Damascus", "2020-01-01"],
    ["9000002", "Qaryat al-Ikhtibar", "Qaryat al-Ikhtibar", "Ikhtibar,Al Ikhtibar", "35.1", "39.1", "P", "PPL", "SY",
     "", "99", "", "", "", "1200", "", "310", "Asia/Damascus", "2020-01-01"],
]


def test_a_place_abroad_is_taken_only_by_a_name_it_bears(builtin: Gazetteer) -> None:
    """FA-KES: "the Sumaria area in the Syrian capital Damascus" is no Samarra (Iraq), and "Al-Hamadanyia" of
    Aleppo no Al-Hamdaniya (Iraq); spellings that near a town abroad are places of the region the gazetteer
    does not know. A place abroad named as it is named is still that place."""
    assert builtin.lookup("Sumaria") is None
    assert builtin.lookup("Hamadanyia") is None
    samarra = builtin.lookup("Samarra")
    assert samarra is not None and samarra.contained_in == "place/iq"
    [claim] = claims_naming(["Sumaria", "Damascus"])
    used = builtin.resolve([claim])
    sumaria = used[claim.place_keys[0]]
    assert sumaria.label == "Sumaria" and sumaria.lat is None


def test_geonames_dump_import(tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join("\t".join(r) for r in GEONAMES_ROWS) + "\n", encoding="utf-8")
    places = {p.key: p for p in import_places(dump)}
    village = places["place/geonames/9000002"]
    assert village.contained_in == "place/geonames/9000001"
    assert (village.lat, village.lon, village.feature) == (35.1, 39.1, "village")
    gazetteer = Gazetteer.from_places([*load_gazetteer().places.values(), *places.values()])
    assert gazetteer.lookup("al-Ikhtibar").key == "place/geonames/9000002"


def test_bad_gazetteer_file_names_file_and_line(tmp_path: Path) -> None:
    dump = tmp_path / "bad.txt"
    dump.write_text("\t".join(GEONAMES_ROWS[0][:4] + ["north"] + GEONAMES_ROWS[0][5:]) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"bad.txt:1"):
        import_places(dump)
    other = tmp_path / "notes.txt"
    other.write_text("just words\n", encoding="utf-8")
    with pytest.raises(IngestError, match="neither"):
        import_places(other)


def test_airwars_location_names() -> None:
    assert airwars_place_name("Al Sha'afa: vicinity of Zaid Ibn Thabit mosque") == "Al Sha'afa"
    assert airwars_place_name("Al-Fatih, Jableh District") == "Al-Fatih"
    assert airwars_place_name("Abou Al Hasan town") == "Abou Al Hasan"
    assert airwars_place_name("Between Al-Baghuz Fawqani town and Al-Marashdah village") is None


@pytest.fixture(scope="module")
def with_airwars() -> Gazetteer:
    if not AIRWARS.exists():
        pytest.skip("shared Airwars corpus not present")
    return load_gazetteer(import_places(AIRWARS))


def _airwars_point(code: str) -> tuple[float, float]:
    with AIRWARS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["code"] == code:
                return record["lat"], record["lon"]
    raise AssertionError(code)


@needs_airwars
def test_seed_places_resolve_near_airwars_incidents(with_airwars: Gazetteer) -> None:
    # CS1840 (17 Nov 2018, "Abo Al Hassan (al-Buqa'an Jazeera), East of Hajin") has no point of its own:
    # compare with CS1841, Hajin the same day; Al-Shaafa's strike of 11 Nov is CS1832.
    hajin, shaafa = _airwars_point("CS1841"), _airwars_point("CS1832")
    claims = claims_naming(["Syria’s Deir ez-Zor Province"], ["Al-Buqa'an"], ["Abu Hassan village"], ["Hajin"],
                           ["Al-Shaafa"])
    used = with_airwars.resolve(claims)
    for claim, reference in zip(claims[1:], [hajin, hajin, hajin, shaafa], strict=True):
        place = used[claim.place_keys[0]]
        assert place.lat is not None, claim.places[0].text
        assert distance_km(place.lat, place.lon, *reference) <= 10, (claim.places[0].text, place)


@needs_airwars
def test_airwars_import_merges_with_builtin_places(with_airwars: Gazetteer) -> None:
    hajin = with_airwars.lookup("Hajin")
    assert hajin.key.startswith("place/geonames/")
    assert with_airwars.redirects.get("place/airwars/deir-ez-zor/hajin") == hajin.key


def test_remembered_candidates_follow_added_places() -> None:
    from kg.model import Place
    from kg.resolve.places import Gazetteer

    gazetteer = Gazetteer([Place(key="place/a", label="Kafr Nabl", lat=35.6, lon=36.5, feature="PPL")])
    assert [k for k, _ in gazetteer.candidates("Kafr Nabl")] == ["place/a"]
    gazetteer.add([Place(key="place/b", label="Kafr Nabl", lat=33.0, lon=40.0, feature="PPL")])
    assert sorted(k for k, _ in gazetteer.candidates("Kafr Nabl")) == ["place/a", "place/b"]


def _claim_with_places(text: str, names: list[str], source: str, mention: str | None = None) -> Claim:
    said = Span(text.index(mention), text.index(mention) + len(mention), mention) if mention else None
    claim = Claim(article_id="a", span=Span(0, len(text), text),
                  source=Hop.outlet_voice(said) if source == "@outlet" else Hop(source, mention=said))
    claim.places = [Span(text.index(n), text.index(n) + len(n), n) for n in names]
    return claim


@pytest.mark.parametrize(
    ("text", "names", "source", "mention", "kept"),
    [
        # FA-KES (Asharq Al-Awsat, 3 Aug 2016): a registry agent's name, the source's own words, an envoy's
        # country and a byline were places of the Saraqeb incident
        ("Monitors at the Syrian Observatory for Human Rights said barrel bombs fell on Saraqeb late on Monday.",
         ["the Syrian Observatory for Human Rights", "Saraqeb"], "Monitors", "Monitors", ["Saraqeb"]),
        ("Russias Ministry of Defence said that a Russian helicopter was shot down near Saraqeb on Monday.",
         ["Russia", "Saraqeb"], "Russias Ministry of Defence", "Russias Ministry of Defence", ["Saraqeb"]),
        ("The permanent representative of Malaysia to the UN Ramlan Ibrahim said the Council will meet.",
         ["Malaysia"], "Ramlan Ibrahim", "Ramlan Ibrahim", []),
        ("Posted on August 3 2016 by Jordan Dakamseh Toxic Gas Dropped on Syrian Town", ["Jordan"], "@outlet",
         None, []),
        # a group's full name, and a name's possessive written without its apostrophe
        ("Clashes between the Islamic State of Iraq and the Levant and Kurdish units near Kobani killed 12.",
         ["Iraq", "Levant", "Kobani"], "@outlet", None, ["Kobani"]),
        ("Members of al-Qaedas local branch attacked Binnish overnight.", ["al-Qaedas", "Binnish"], "@outlet", None,
         ["Binnish"]),
        ("Fighters of the al-Qaeda-linked front shelled Binnish.", ["al-Qaeda", "Binnish"], "@outlet", None,
         ["Binnish"]),
        # a government's country is still a place where it is no voice
        ("Russian jets struck Saraqeb, a week after strikes in Damascus, SANA said.", ["Saraqeb", "Damascus"], "SANA",
         "SANA", ["Saraqeb", "Damascus"]),
    ],
)
def test_an_agent_is_never_a_place(builtin: Gazetteer, text: str, names: list[str], source: str,
                                   mention: str | None, kept: list[str]) -> None:
    claim = _claim_with_places(text, names, source, mention)
    builtin.resolve([claim])
    assert [m.text for m in claim.places] == kept
    assert not [k for k in claim.place_keys if "observatory" in k or k in ("place/ru", "place/my", "place/jo")]
