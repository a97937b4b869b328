"""The linking record each article graph carries (`cg:linkingRecord`): linking reads it for the articles
near a new one instead of their claims' triples, so it must give linking exactly what the triples give,
and a store written before records existed must link as it did."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SHARED

from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.linking_record import from_linking_record, linking_record
from kg.rdf.readback import load_agents, load_extractions, load_incidents, load_linking_records, load_places
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.vocab import CG, Iris
from kg.relinking import relink_all
from kg.resolve.incidents import article_groups_of
from kg.resolve.linking import Group


def _features(group: Group) -> tuple[Any, ...]:
    """All that linking weighs of a group, and its claims by key (its points in any order: only their
    distances count)."""
    return (group.gid, group.article_id, [c.key for c in group.claims], group.published, group.event_type,
            group.interval, group.window, group.place_keys, group.local, group.areas, sorted(group.points),
            group.actors, [(f.count, f.qualifier, f.category, f.victims) for f in group.figures], group.tokens,
            group.norm,
            [(c.group, c.event_type, c.date, c.date_range, sorted(c.place_keys), c.actor, c.span.text)
             for c in group.claims])


def _articles(store: Store, iris: Iris) -> list[str]:
    return [e.article.id for e in load_extractions(store, iris)]


def test_the_record_gives_linking_what_the_claims_triples_give(khan_sheikhoun_store: Store, iris: Iris) -> None:
    """15 FA-KES articles: every group read from the records equals the group read from the triples."""
    store = khan_sheikhoun_store
    agents, places = load_agents(store, iris), load_places(store, iris)
    ids = _articles(store, iris)
    recorded = load_linking_records(store, iris, ids)
    assert sorted(recorded) == sorted(ids)
    groups = 0
    for extraction in load_extractions(store, iris, ids, agents):
        from_triples = article_groups_of([extraction], places)
        from_record = article_groups_of([recorded[extraction.article.id]], places)
        assert [_features(g) for g in from_record] == [_features(g) for g in from_triples], extraction.article.id
        groups += len(from_triples)
    assert groups > len(ids)  # articles of more than one incident among them


def test_a_record_of_another_version_is_not_read(khan_sheikhoun_store: Store, iris: Iris) -> None:
    [extraction] = load_extractions(khan_sheikhoun_store, iris, _articles(khan_sheikhoun_store, iris)[:1])
    record = linking_record(extraction)
    assert from_linking_record(record) is not None
    assert from_linking_record(record.replace('"version":1', '"version":0', 1)) is None


def _without_records(store: Store) -> None:
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?g <{CG.linkingRecord}> ?record }} }}")


def test_a_store_written_without_records_links_as_with_them(extractor: Any, resolvers: Any, iris: Iris) -> None:
    """Two dev articles stored, then two more linked to them incrementally: with the first two's records,
    and with those deleted (as in a store written before records existed: their claims' triples are read
    instead), the same incidents, and those that linking the whole store gives."""
    dev = sorted((SHARED / "gold" / "dev").glob("*.txt"))
    if len(dev) < 4:
        pytest.skip(f"shared data not available: {SHARED / 'gold' / 'dev'}")
    partitions = []
    for drop in (False, True):
        store = OxigraphStore(None)
        ingest(load_paths(dev[:2]), store, extractor, resolvers, iris)
        if drop:
            store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?g <{CG.linkingRecord}> ?record }} }}")
            assert not store.select(f"SELECT ?record WHERE {{ ?g <{CG.linkingRecord}> ?record }}")
        report = ingest(load_paths(dev[2:4]), store, extractor, resolvers, iris)
        assert report.linked is not None and report.linked.articles_read == 4  # the first two read back too
        linked = {frozenset(i.claim_keys) for i in load_incidents(store, iris)}
        relink_all(store, iris)
        assert {frozenset(i.claim_keys) for i in load_incidents(store, iris)} == linked
        partitions.append(linked)
    assert partitions[0] == partitions[1]
