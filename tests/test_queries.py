"""The named queries of queries/: documented, parsed, run on the seed and the hand-made graph."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.errors import ParameterError
from kg.queries import QueryCatalog, term_for

CATALOG = QueryCatalog.load()
BASE = "https://claimgraph.org/id/"
# Required parameters, for running every query.
REQUIRED = {"chains-through-agency": {"agency": "agent/afp"}, "incidents-in-place": {"place": "place/deir-ez-zor"}}


def _run(store, iris, name: str, **params: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    rows = store.select(CATALOG.bound(name, params, iris))
    return [{k: str(v) for k, v in row.items()} for row in rows]


def test_catalog_is_documented() -> None:
    assert len(CATALOG) >= 12
    for query in CATALOG:
        assert query.title and len(query.description) > 30 and query.text.lstrip().startswith("# name:")


@pytest.mark.parametrize("name", sorted(CATALOG.queries))
def test_every_query_runs_on_both_graphs(name: str, seed_store, handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(_run(seed_store, iris, name, **REQUIRED.get(name, {})), list)
    assert _run(handmade_store, iris, name, **REQUIRED.get(name, {})), f"{name} found nothing in the hand-made graph"


def test_claims_by_source(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    rows = _run(handmade_store, iris, "claims-by-source", source="agent/sohr")
    assert len(rows) == 3 and {r["sourceLabel"] for r in rows} == {"SOHR"}
    assert len(_run(handmade_store, iris, "claims-by-source")) == 6


def test_chains_through_agency(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    rows = _run(handmade_store, iris, "chains-through-agency", agency="agent/afp")
    chains: dict[str, list[str]] = {}
    for row in rows:
        chains.setdefault(row["claim"], []).append(row["label"])
    assert sorted(chains.values()) == [["Rami Abdel Rahman", "AFP"], ["SOHR", "AFP"]]


def test_conflicting_figures(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    rows = _run(handmade_store, iris, "incidents-with-conflicting-figures")
    assert {(r["lowerSource"], r["lowerCount"], r["higherCount"]) for r in rows} == {
        ("Rami Abdel Rahman", "22", "40"), ("Rami Abdel Rahman", "22", "36")}


def test_first_reporters(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    rows = _run(handmade_store, iris, "first-reporters", incident="incident/2018-11-17-al-buqaan")
    assert {r["first"] for r in rows} == {"2018-11-18"}
    assert {r["sourceLabel"] for r in rows} == {"SANA", "SOHR", "Press TV"}


def test_own_voice_and_hedged(handmade_store, seed_store, iris) -> None:  # type: ignore[no-untyped-def]
    rows = _run(handmade_store, iris, "outlet-own-voice", outlet="outlet/press-tv")
    assert len(rows) == 1 and rows[0]["hedged"] == "true"
    assert len(_run(handmade_store, iris, "hedged-claims")) == 1
    seed = _run(seed_store, iris, "outlet-own-voice")
    assert all(r["text"] for r in seed)


def test_sources_cited_single_source_and_relays(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    cited = _run(handmade_store, iris, "sources-cited-by-outlet")
    assert (cited[0]["outletLabel"], cited[0]["sourceLabel"], cited[0]["claims"]) == ("Al Masdar",
                                                                                      "Rami Abdel Rahman", "1")
    assert ("Press TV", "SOHR", "3") in {(r["outletLabel"], r["sourceLabel"], r["claims"]) for r in cited}
    single = _run(handmade_store, iris, "single-source-claims")
    assert [r["incident"] for r in single] == [BASE + "incident/2018-11-11-al-shaafa"]
    relays = _run(handmade_store, iris, "who-relays-whom")
    assert {(r["relayerLabel"], r["citedLabel"], r["claims"]) for r in relays} == {
        ("AFP", "SOHR", "1"), ("AFP", "Rami Abdel Rahman", "1")}


def test_places_timeline_and_people(handmade_store, iris) -> None:  # type: ignore[no-untyped-def]
    inside = _run(handmade_store, iris, "incidents-in-place", place="place/deir-ez-zor")
    assert len(inside) == 2
    assert _run(handmade_store, iris, "incidents-in-place", place="place/aleppo") == []
    later = _run(handmade_store, iris, "incident-timeline", since="2018-11-12")
    assert [r["incident"] for r in later] == [BASE + "incident/2018-11-17-al-buqaan"] and later[0]["sources"] == "4"
    people = _run(handmade_store, iris, "people-and-their-organisations")
    assert (people[0]["personLabel"], people[0]["organisationLabel"]) == ("Rami Abdel Rahman", "SOHR")


def test_parameters_are_bound_as_terms_never_pasted(iris) -> None:  # type: ignore[no-untyped-def]
    query = CATALOG.get("claims-by-source")
    source = query.parameters[0]
    assert term_for(source, "agent/sohr", iris) == URIRef(BASE + "agent/sohr")
    for evil in ("agent/x> } DROP ALL {", "<http://a> } ", "javascript:alert(1)"):
        with pytest.raises(ParameterError):
            term_for(source, evil, iris)
    text = CATALOG.bound("incident-timeline", {"since": "2018-11-12"}, iris)
    assert 'VALUES (?since) { ("2018-11-12"^^<http://www.w3.org/2001/XMLSchema#date>) }' in text
    with pytest.raises(ParameterError):
        CATALOG.bound("incident-timeline", {"since": "yesterday"}, iris)
    string = term_for(type(source)("q", "string"), 'a" } DROP ALL { "', iris)
    assert isinstance(string, Literal) and string.n3().startswith('"a\\" }')
