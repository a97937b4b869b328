"""Incremental incident linking: an article linked against the stored incidents near it gives the
partition of claims into incidents that linking the whole store gives, whatever the order articles
come in (compared as sets of claim IRIs, not incident IRIs); merges keep the older IRI and record
`owl:sameAs`; a changed article leaves its incidents before it is linked again.

Exact equality holds because a pair's score depends on the two groups alone: the word weights come
from a fixed reference (`kg.resolve.word_weights`), not from the store, so no article changes how
two others compare (see `kg.relinking`)."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import SEED, SHARED

from kg.ingest import load_paths
from kg.model import Article, Claim, Extraction, Figure, Hop, Incident, Span
from kg.operations import PENDING, ingest, relink
from kg.rdf.readback import incident_windows, load_incidents
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.validate import validate_store
from kg.rdf.vocab import Iris
from kg.rdf.writer import Provenance, save_agents, save_extraction, save_places
from kg.relinking import link_articles, relink_all
from kg.resolve.incidents import Reach, name_clusters, partition
from kg.resolve.linking import Group, group_from_claims

DEV = SHARED / "gold" / "dev"
ORDERS = (11, 23, 37)  # seeds of the shuffled orders

Partition = set[frozenset[str]]


def _partition(store: Store, iris: Iris) -> Partition:
    return {frozenset(str(iris.claim(k)) for k in inc.claim_keys) for inc in load_incidents(store, iris)}


def _dev_paths() -> list[Path]:
    if not DEV.exists():
        pytest.skip(f"shared data not available: {DEV}")
    return [SEED, *sorted(DEV.glob("*.txt"))]


def _gold_extractions() -> list[Extraction]:
    from kg.resolve.goldclaims import gold_extractions
    from kg.resolve.places import load_gazetteer

    gazetteer = load_gazetteer()
    found = gold_extractions(DEV) + gold_extractions(SHARED / "gold")
    for extraction in found:
        extraction.places = gazetteer.resolve(extraction.claims)
    return found


def _write(store: Store, extraction: Extraction, iris: Iris) -> None:
    save_agents(store, extraction.agents.values(), iris)
    save_places(store, extraction.places.values(), iris)
    save_extraction(store, extraction, iris, Provenance("test", "gold", "1"))


def test_gold_claims_linked_one_article_at_a_time_give_the_whole_store_partition(iris: Iris) -> None:
    if not DEV.exists():
        pytest.skip(f"shared data not available: {DEV}")
    found = _gold_extractions()
    whole = OxigraphStore(None)
    for extraction in found:
        _write(whole, copy.deepcopy(extraction), iris)
    relink_all(whole, iris)
    expected = _partition(whole, iris)
    assert len(expected) > 5
    for seed in ORDERS:
        order = list(found)
        random.Random(seed).shuffle(order)
        store = OxigraphStore(None)
        for extraction in order:
            _write(store, copy.deepcopy(extraction), iris)
            link_articles(store, iris, [extraction.article.id])
        assert _partition(store, iris) == expected, f"order of seed {seed}"


class _Memo:
    """The session's extractor, each article extracted once (the orders only reorder the same texts)."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.name, self.version = inner, inner.name, inner.version
        self.seen: dict[tuple[str, str], list[Claim]] = {}

    def __call__(self, article: Article) -> list[Claim]:
        return next(claims for _, claims in self.pipe([article]))

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]:
        for article in articles:
            key = (article.id, article.text)
            if key not in self.seen:
                self.seen[key] = next(iter(self.inner.pipe([article])))[1]
            yield article, copy.deepcopy(self.seen[key])


def test_ingest_article_by_article_in_shuffled_orders_gives_the_relink_partition(
        extractor, resolvers, iris: Iris) -> None:  # type: ignore[no-untyped-def]
    paths = _dev_paths()
    memo = _Memo(extractor)
    whole = OxigraphStore(None)
    assert not ingest(load_paths(paths), whole, memo, resolvers, iris).errors
    relink(whole, iris)  # `kg relink`: the whole store from scratch
    expected = _partition(whole, iris)
    assert len(expected) > 5 and any(len({k.rsplit("/", 2)[-2] for k in p}) > 1 for p in expected)
    for seed in ORDERS:
        order = list(paths)
        random.Random(seed).shuffle(order)
        store = OxigraphStore(None)
        for path in order:
            report = ingest(load_paths([path]), store, memo, resolvers, iris)
            assert report.relinked and not report.errors
        assert _partition(store, iris) == expected, f"order of seed {seed}"
    assert validate_store(store).conforms, "the last order's store"  # once: validation takes a while


def test_one_ingest_that_links_as_it_goes_gives_the_relink_partition(extractor, resolvers, iris: Iris) -> None:  # type: ignore[no-untyped-def]
    """A large ingest links every `link_every` new articles (its memory stays bounded); here every 3,
    into an in-memory store and through the bulk loader alike."""
    paths = _dev_paths()
    memo = _Memo(extractor)
    whole = OxigraphStore(None)
    assert not ingest(load_paths(paths), whole, memo, resolvers, iris).errors
    relink(whole, iris)
    expected = _partition(whole, iris)
    for bulk in (False, True):
        store = OxigraphStore(None)
        report = ingest(load_paths(paths), store, memo, resolvers, iris, link_every=3, bulk=bulk)
        assert report.relinked and report.linked is not None and not report.errors
        assert report.linked.articles_read >= len(paths)  # every pass read its articles back
        assert _partition(store, iris) == expected, f"bulk={bulk}"
        assert not store.ask(f"ASK {{ GRAPH <{iris.graph(PENDING)}> {{ ?s ?p ?o }} }}")


def _claim(article: str, start: int, text: str) -> Claim:
    return Claim(article_id=article, span=Span(start, start + len(text), text), source=Hop("SANA"),
                 event_type="airstrike", date="2018-11-17", place_keys=["place/x"], figures=[Figure(40, "at_least")],
                 group="e1")


def test_a_merge_keeps_the_older_iri_and_the_retired_one_becomes_same_as() -> None:
    text = "At least 40 people were killed in airstrikes on Al-Buqa'an on Saturday."
    a, b, c = (_claim(x, 0, text) for x in "abc")
    older = Incident(key="incident/old", claim_keys=[a.key], first_reported="2018-11-17", same_as=["incident/older"])
    newer = Incident(key="incident/new", claim_keys=[b.key], first_reported="2018-11-18")
    groups = [group_from_claims(f"{x.article_id}#e1", [x], date(2018, 11, 18), {}) for x in (a, b, c)]
    [merged] = name_clusters(partition(groups), [newer, older], {}, {})
    assert merged.key == "incident/old" and merged.same_as == ["incident/new", "incident/older"]
    assert set(merged.claim_keys) == {a.key, b.key, c.key} and c.incident == "incident/old"


def test_a_changed_article_leaves_its_incidents_and_is_linked_again(
        tmp_path: Path, extractor, resolvers, iris: Iris) -> None:  # type: ignore[no-untyped-def]
    memo = _Memo(extractor)
    store = OxigraphStore(None)
    ingest(load_paths([SEED]), store, memo, resolvers, iris)
    before = load_incidents(store, iris)
    assert len(before) >= 3
    text = SEED.read_text(encoding="utf-8")
    cut = tmp_path / SEED.name
    cut.write_text(text[: len(text) // 2], encoding="utf-8")  # the same article, re-extracted shorter
    report = ingest(load_paths([cut]), store, memo, resolvers, iris, replace=True)
    assert report.replaced == 1 and report.relinked
    after = load_incidents(store, iris)
    stored_claims = {str(row["c"]) for row in store.select(
        "SELECT ?c WHERE { ?c a <https://claimgraph.org/ontology#Claim> }")}
    assert {str(iris.claim(k)) for inc in after for k in inc.claim_keys} <= stored_claims  # no claim left behind
    assert report.linked is not None and report.linked.incidents_removed >= 1  # left empty: removed
    gone = {i.key for i in before} - {i.key for i in after}
    assert gone and not store.ask(f"ASK {{ ?s ?p ?o FILTER(?s IN ({', '.join(iris.key(k).n3() for k in gone)})) }}")
    before_claims = {k for i in before for k in i.claim_keys}
    going_on = [i for i in after if set(i.claim_keys) & before_claims]
    assert going_on and {i.key for i in going_on} <= {i.key for i in before}  # they keep their IRIs
    assert any(w is not None for w in incident_windows(store, iris).values())
    incremental = _partition(store, iris)
    relink(store, iris)
    assert _partition(store, iris) == incremental
    assert validate_store(store).conforms


def test_a_split_leaves_the_key_with_the_larger_part_and_an_emptied_incident_is_not_named() -> None:
    text = "At least 40 people were killed in airstrikes on Al-Buqa'an on Saturday."
    a, b, c = (_claim(x, 0, text) for x in "abc")
    c.date, c.place_keys = "2018-11-25", ["place/y"]  # re-extracted: another day, another village
    split = Incident(key="incident/ab", claim_keys=[a.key, b.key, c.key], first_reported="2018-11-17")
    gone = Incident(key="incident/gone", claim_keys=["d/0-5"], first_reported="2018-11-16")
    groups = [group_from_claims(f"{x.article_id}#e1", [x], date(2018, 11, 26), {}) for x in (a, b, c)]
    incidents = name_clusters(partition(groups), [split, gone], {}, {})
    assert [sorted(i.claim_keys) for i in incidents] == [[a.key, b.key], [c.key]]
    assert incidents[0].key == "incident/ab" and incidents[1].key not in {"incident/ab", "incident/gone"}
    assert all(not i.same_as for i in incidents)


def _reporting(day: date | None, places: set[str], areas: frozenset[str] = frozenset()) -> Group:
    """A group stating `day` (or, None, any day), naming `places` in `areas`."""
    return Group(gid="g", article_id="a", claims=[], window=(day, day) if day else None, place_keys=set(places),
                 areas=set(areas))


def test_where_linking_looks_for_a_frontier_incident_by_incident() -> None:
    """`Reach`: a dated report looks at incidents within a day of its day, and at those that may hold an
    undated report when they share a place; an undated report at those sharing a place or its area."""
    reach = Reach([_reporting(date(2017, 4, 4), {"place/khan-sheikhoun"}, frozenset({"place/idlib"})),
                   _reporting(date(2017, 5, 20), set())])
    near = (date(2017, 4, 5), date(2017, 4, 5))
    assert reach.reaches(near, set(), undated=False)
    assert reach.reaches((date(2017, 3, 1), date(2017, 4, 3)), set(), undated=False)  # ends the day before
    assert reach.reaches((date(2017, 5, 21), date(2017, 6, 30)), set(), undated=False)  # the second report
    assert not reach.reaches((date(2017, 4, 6), date(2017, 4, 30)), set(), undated=False)  # two days after
    assert not reach.reaches(None, {"place/khan-sheikhoun"}, undated=False)
    assert reach.reaches(None, {"place/idlib"}, undated=True)  # may hold an undated report: a shared area
    assert not reach.reaches(None, {"place/aleppo"}, undated=True)
    anyday = Reach([_reporting(None, {"place/saraqeb"})])
    assert anyday.reaches(None, {"place/saraqeb"}, undated=False)
    assert not anyday.reaches((date(2016, 8, 1), date(2016, 8, 1)), {"place/aleppo"}, undated=False)
    assert not Reach([]).reaches(near, {"place/idlib"}, undated=True)


def test_the_incidents_of_many_articles_are_found_as_those_of_each(iris: Iris, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by one read of every claim's incident (a pass of a large ingest) or article by article, the same."""
    import kg.rdf.readback as readback

    if not DEV.exists():
        pytest.skip(f"shared data not available: {DEV}")
    store = OxigraphStore(None)
    found = _gold_extractions()
    for extraction in found:
        _write(store, copy.deepcopy(extraction), iris)
    relink_all(store, iris)
    ids = [e.article.id for e in found]
    monkeypatch.setattr(readback, "ABOUT_ONE_BY_ONE", 0)
    together = readback.incidents_about(store, iris, ids)
    monkeypatch.setattr(readback, "ABOUT_ONE_BY_ONE", len(ids))
    assert together == readback.incidents_about(store, iris, ids) == {inc.key for inc in load_incidents(store, iris)}
    assert readback.incidents_about(store, iris, ids[:1]) < together
