"""Incident linking on annotated claims: the seed's four incidents, the dev folder across articles,
stable keys, and incidents read back from the store."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from kg.ingest.text import article_from_text
from kg.model import Claim, Extraction, Figure, Hop, Incident, Span
from kg.resolve.goldclaims import claim_records, gold_extractions
from kg.resolve.incidents import discourse_groups, link_incidents
from kg.resolve.places import load_gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="shared gold annotations not present")


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def linked(folder: Path) -> tuple[list[Extraction], list[Incident]]:
    gazetteer = load_gazetteer()
    extractions = gold_extractions(folder)
    for extraction in extractions:
        extraction.places = gazetteer.resolve(extraction.claims)
    return extractions, link_incidents(extractions)


def incident_f1(folder: Path, extractions: list[Extraction], tmp_path: Path) -> float:
    out = tmp_path / "system.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in claim_records(extractions)), encoding="utf-8")
    return scorer().score(folder, out)["incident_f1"]


def test_seed_has_four_incidents(tmp_path: Path) -> None:
    extractions, incidents = linked(GOLD)
    assert len(incidents) == 4
    assert incident_f1(GOLD, extractions, tmp_path) >= 0.9
    main = next(i for i in incidents if i.date == "2018-11-17")
    assert main.event_type == "airstrike" and len(main.claim_keys) == 6


def test_dev_links_across_articles(tmp_path: Path) -> None:
    folder = GOLD / "dev"
    extractions, incidents = linked(folder)
    assert incident_f1(folder, extractions, tmp_path) >= 0.85
    bombing = next(i for i in incidents if i.event_type == "bombing")
    assert len({k.split("/")[0] for k in bombing.claim_keys}) == 4  # the Aleppo convoy bombing, in four articles
    assert bombing.date == "2017-04-15" and bombing.first_reported == "2017-04-16"


def test_each_report_of_an_incident_says_why_it_is_there() -> None:
    """Every report (one article's claims) but the first is joined to another by a link that names what
    the two share; the bombing told by four outlets shares its day, its place and its type."""
    _, incidents = linked(GOLD / "dev")
    for incident in incidents:
        reports = {k.rsplit("/", 1)[0] for k in incident.claim_keys}
        joined = {link.claim for link in incident.links} | {link.to for link in incident.links}
        assert joined <= set(incident.claim_keys)
        assert len(incident.links) == len({link.claim for link in incident.links})
        if len(reports) == 1:
            continue
        assert len(incident.links) >= len(reports) - 1
    bombing = next(i for i in incidents if i.event_type == "bombing")
    across = [link for link in bombing.links if link.claim.split("/")[0] != link.to.split("/")[0]]
    assert len({link.claim.split("/")[0] for link in across} | {link.to.split("/")[0] for link in across}) == 4
    for link in across:
        e = link.evidence
        assert e.score >= 3.0 and e.event_type == "bombing"
        assert e.same_day or e.place_keys or e.figures, link


def test_keys_are_stable() -> None:
    first = {i.key: i.claim_keys for i in linked(GOLD / "dev")[1]}
    extractions, again = linked(GOLD / "dev")
    assert {i.key: i.claim_keys for i in again} == first
    # linking already linked claims again changes nothing
    assert {i.key: i.claim_keys for i in link_incidents(extractions)} == first


def test_previous_incidents_keep_their_keys() -> None:
    extractions, stored = linked(GOLD / "dev")
    articles = sorted({e.article.id for e in extractions})
    # the store knows the incidents of all but one article; that article arrives again
    last = [e for e in extractions if e.article.id == articles[-1]]
    for claim in last[0].claims:
        claim.incident = None
    fresh = gold_extractions(GOLD / "dev")
    newcomer = [e for e in fresh if e.article.id == articles[-1]]
    gazetteer = load_gazetteer()
    newcomer[0].places = gazetteer.resolve(newcomer[0].claims)
    places = {k: v for e in extractions for k, v in e.places.items()}
    result = link_incidents(newcomer, previous=stored, places=places)
    assert {i.key for i in result} <= {i.key for i in stored}


def test_merging_previous_incidents_keeps_the_older_key() -> None:
    older = Incident(key="incident/old", event_type="airstrike", date="2018-11-17", place_keys=["place/x"],
                     claim_keys=["a/0-5"], first_reported="2018-11-17")
    newer = Incident(key="incident/new", event_type="airstrike", date="2018-11-17", place_keys=["place/x"],
                     claim_keys=["b/0-5"], first_reported="2018-11-18")
    text = "At least 40 people were killed in airstrikes on Al-Buqa'an on Saturday."
    bridge = article_from_text("c", "date 2018-11-19 " + text, "c.txt")
    claim = Claim(article_id="c", span=Span(16, 16 + len(text), text), source=Hop("SANA"), event_type="airstrike",
                  date="2018-11-17", place_keys=["place/x"], figures=[Figure(40, "at_least")], group="e1")
    extraction = Extraction(article=bridge, claims=[claim])
    [merged] = link_incidents([extraction], previous=[newer, older])
    assert merged.key == "incident/old" and merged.same_as == ["incident/new"]
    assert claim.incident == "incident/old"
    assert set(merged.claim_keys) == {"a/0-5", "b/0-5", claim.key}


def _claim(start: int, text: str, **kw: object) -> Claim:
    return Claim(article_id="d", span=Span(start, start + len(text), text), source=Hop.outlet_voice(), **kw)  # type: ignore[arg-type]


def test_discourse_grouping_without_extractor_keys() -> None:
    claims = [
        _claim(0, "At least 40 people were killed Saturday in airstrikes.", event_type="airstrike", date="2018-11-17",
               figures=[Figure(40, "at_least")]),
        _claim(60, "The monitor reported at least 36 people killed."),
        _claim(120, "Two days earlier 17 people died in Albu Badran.", event_type="airstrike",
                date="2018-11-15", figures=[Figure(17)]),
        _claim(180, "The war began in 2011.", date="2011"),
        _claim(220, "It has killed 360,000 people."),
    ]
    groups = discourse_groups(claims)
    assert [[c.span.start for c in g] for g in groups.values()] == [[0, 60], [120]]


def test_background_returning_to_an_incident_is_left_out() -> None:
    from kg.resolve.incidents import returns_without_anchor

    claims = [
        _claim(0, "At least 40 people were killed Saturday in airstrikes on Al-Buqa'an.", group="e1",
               place_keys=["place/buqaan"]),
        _claim(80, "Two days earlier 17 people died in Albu Badran.", group="e2"),
        _claim(140, "Most of the slain civilians had been displaced from Al-Baghuz.", group="e1"),
        _claim(210, "Daesh overran large parts of Syria in 2014."),
        _claim(260, "Since 2014 the coalition has acknowledged 1,100 civilian deaths,", group="e1"),
        _claim(330, "but rights groups put the number much higher.", group="e1"),
        _claim(380, "The bombing of the village drew condemnation.", group="e1"),
    ]
    assert returns_without_anchor(claims) == {claims[4].key, claims[5].key}


def test_casualties_far_from_the_incident_told_so_far_are_another_incident() -> None:
    from kg.model import Place
    from kg.resolve.incidents import far_apart

    places = {
        "place/damascus": Place("place/damascus", "Damascus", lat=33.51, lon=36.29),
        "place/douma": Place("place/douma", "Douma", lat=33.57, lon=36.40),
        "place/deir-ez-zor": Place("place/deir-ez-zor", "Deir ez-Zor Governorate", lat=35.34, lon=40.14,
                                   feature="governorate"),
        "place/shafah": Place("place/shafah", "Al-Shafah", lat=34.85, lon=40.55, contained_in="place/deir-ez-zor"),
        "place/ghouta": Place("place/ghouta", "Eastern Ghouta"),  # not on the map: tells no distance
    }
    claims = [
        _claim(0, "More than 19 civilians were killed in Eastern Ghouta near Damascus.", group="e1",
               place_keys=["place/ghouta", "place/damascus"], figures=[Figure(19, "more_than")]),
        _claim(80, "Five died in Douma.", group="e1", place_keys=["place/douma"], figures=[Figure(5)]),
        _claim(110, "In the east air strikes killed 34 civilians in Deir ez-Zor province.", group="e1",
               place_keys=["place/deir-ez-zor"], figures=[Figure(34)]),
        _claim(190, "The strikes hit the village of Al-Shafah.", group="e1", place_keys=["place/shafah"]),
        _claim(240, "The toll is expected to rise.", group="e1"),
    ]
    parts = far_apart(claims, places)
    assert [[c.span.start for c in part] for part in parts] == [[0, 80], [110, 190, 240]]
    assert far_apart(claims[:2], places) == [claims[:2]]  # a suburb beside the city: one incident


def test_an_undated_report_links_only_where_its_words_tell_the_same_story() -> None:
    """An article with no date anywhere shares a city and a kind of attack with the incidents of years: it is
    joined to one only where the two tell the same story in the same words, or in words of their own and at
    a town, village or landmark both name."""
    def article(article_id: str, head: str, text: str, date: str | None, *landmarks: str) -> Extraction:
        claim = Claim(article_id=article_id, span=Span(len(head), len(head) + len(text), text), source=Hop("SANA"),
                      event_type="bombing", date=date, place_keys=["place/geonames/170063", *landmarks],
                      figures=[Figure(6)], group="e1")
        return Extraction(article=article_from_text(article_id, head + text, f"{article_id}.txt"), claims=[claim])

    aleppo = load_gazetteer().get("place/geonames/170063")
    assert aleppo is not None
    places = {aleppo.key: aleppo}
    dated = article("dated", "date 2017-04-20 ", "A bomb blast in Aleppo killed six people near the Salaheddine "
                    "roundabout on Wednesday where evacuees from Foua were waiting.", "2017-04-19")
    same_story = article("same", "", "Six people were killed when a bomb blast hit the Salaheddine roundabout in "
                         "Aleppo where evacuees from Foua were waiting state media said.", None)
    other_story = article("other", "", "A suicide bomber killed six people in a crowded restaurant in Aleppo "
                          "frequented by soldiers the monitor said.", None)
    joined = link_incidents([dated, same_story], places=places)
    assert len(joined) == 1
    apart = link_incidents([dated, other_story], places=places)
    assert len(apart) == 2
    # words in common, a city in common: no more than incidents of other years share
    retold = "A car bomb killed six people waiting at a bus station in Aleppo state media said."
    assert len(link_incidents([dated, article("retold", "", retold, None)], places=places)) == 2
    station = "place/sy/aleppo/ramouseh-bus-station"  # a landmark the gazetteer does not know
    at_station = article("dated", "date 2017-04-20 ", "A bomb blast in Aleppo killed six people at the Ramouseh bus "
                         "station on Wednesday where evacuees were waiting.", "2017-04-19", station)
    assert len(link_incidents([at_station, article("retold", "", retold, None, station)], places=places)) == 1


def test_an_incidents_places_are_those_of_the_country_where_it_happened() -> None:
    """A strike's claims name its town five times; a background sentence names the capitals of two other
    countries where talks were held: those are no places of the strike. With no country holding most of
    the mentions (one of the country, one of a foreign capital) every place stays, as does an unknown one."""
    from collections import Counter

    from kg.model import Place
    from kg.resolve.incidents import in_its_country

    places = {p.key: p for p in [
        Place("place/sy", "Syria", feature="country"), Place("place/ru", "Russia", feature="country"),
        Place("place/kz", "Kazakhstan", feature="country"),
        Place("place/idlib", "Idlib", contained_in="place/sy", feature="governorate"),
        Place("place/saraqeb", "Saraqeb", contained_in="place/idlib", feature="town"),
        Place("place/moscow", "Moscow", contained_in="place/ru", feature="city"),
        Place("place/astana", "Astana", contained_in="place/kz", feature="city")]}
    strike = Counter({"place/saraqeb": 4, "place/idlib": 2, "place/moscow": 1, "place/astana": 1,
                      "place/ru": 1, "place/named/qusour": 1})
    assert in_its_country(strike, places) == ["place/saraqeb", "place/idlib", "place/named/qusour"]
    even = Counter({"place/sy": 1, "place/moscow": 1})
    assert in_its_country(even, places) == ["place/moscow", "place/sy"]
