"""Incident linking against the store: the whole store at once (`relink_all`, `kg relink`), or only
around the articles an ingest added or changed (`link_articles`). Store reads and writes happen here;
the decisions are the pure functions of `kg.resolve.incidents`.

Both give the same partition of claims into incidents. Clusters only grow along links (pairs of
groups in one block, without a conflict, scoring over the threshold), and a pair's score depends on
the two groups alone. So linking an article needs every group a chain of links ties to its groups,
and nothing else: the groups of the stored incidents that held the article's claims before (a
changed article leaves them), then, round after round, the groups of the stored incidents that link
to a group gathered so far. Candidates come from the days each stored incident's reports allow
(`sem:hasEarliestBeginTimeStamp`, `sem:hasLatestEndTimeStamp`): a link needs days within a day of
each other, so only incidents near in time are read and scored; a group that allows any day (an
undated article saying no day) links only to groups sharing a place or its district or governorate
(`incidents._blocks`), so it is looked for by place (`sem:hasPlace`), among every incident for an
undated group, among those holding a claim of an undated article for a dated one. The gathered groups are clustered
anew; the stored incidents they held are replaced by the clusters (with their summaries), each
cluster keeping the IRI of the oldest incident it takes over, the others becoming `owl:sameAs` it;
an incident whose claims are all gone is removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.model import Agent, Extraction, Incident, Place
from kg.rdf.readback import (
    incident_places,
    incident_windows,
    incidents_about,
    load_agents,
    load_extractions,
    load_incidents,
    load_linking_records,
    load_places,
    undated_incidents,
)
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.rdf.writer import replace_incidents, save_incidents
from kg.resolve.incidents import Reach, article_groups_of, linked_to, name_clusters, partition
from kg.resolve.linking import Group, ScoreMemo, place_features
from kg.resolve.summary import summarize_all


@dataclass(slots=True)
class LinkReport:
    """What one linking pass read and wrote."""

    articles_read: int = 0  # articles whose claims were read back
    incidents_read: int = 0  # stored incidents taken over (replaced or removed)
    incidents_written: int = 0
    incidents_removed: int = 0
    rounds: int = 0  # rounds of candidates fetched by days
    seconds: float = 0.0  # set by the caller that timed it

    def plus(self, other: LinkReport) -> LinkReport:
        """Two passes of one run, added up."""
        return LinkReport(*(getattr(self, f) + getattr(other, f) for f in self.__slots__))


def relink_all(store: Store, iris: Iris) -> LinkReport:
    """Link every stored claim again from scratch and replace the incidents graph (keeping the IRIs
    of the stored incidents the new clusters take over)."""
    extractions = load_extractions(store, iris)
    stored = load_incidents(store, iris)
    places = load_places(store, iris)
    groups = article_groups_of(extractions, places)
    incidents = name_clusters(partition(groups), stored, _published(extractions), places)
    save_incidents(store, incidents, iris, summarize_all(incidents, extractions))
    kept = {i.key for i in incidents}
    return LinkReport(articles_read=len(extractions), incidents_read=len(stored),
                      incidents_written=len(incidents), incidents_removed=sum(i.key not in kept for i in stored))


class _Gatherer:
    """The articles and stored incidents read so far, and the groups of both."""

    def __init__(self, store: Store, iris: Iris) -> None:
        self.store, self.iris = store, iris
        self.places: dict[str, Place] = load_places(store, iris)
        self._agents: dict[str, Agent] | None = None
        self.extractions: dict[str, Extraction] = {}
        self.groups: dict[str, list[Group]] = {}  # article id -> its groups
        self.incidents: dict[str, Incident] = {}  # stored incidents read, by key

    @property
    def agents(self) -> dict[str, Agent]:
        """The stored agents, read when first needed (linking records name none: only whole
        extractions do)."""
        if self._agents is None:
            self._agents = load_agents(self.store, self.iris)
        return self._agents

    def read_articles(self, article_ids: Iterable[str]) -> None:
        """The articles' groups, from their linking records (their claims' triples for an article stored
        without one)."""
        missing = sorted(set(article_ids) - self.extractions.keys())
        recorded = load_linking_records(self.store, self.iris, missing)
        unrecorded = [a for a in missing if a not in recorded]
        whole = load_extractions(self.store, self.iris, unrecorded, self.agents) if unrecorded else []
        for extraction in [*recorded.values(), *whole]:
            self.extractions[extraction.article.id] = extraction
            self.groups[extraction.article.id] = article_groups_of([extraction], self.places)
        for article_id in missing:
            self.groups.setdefault(article_id, [])  # not stored (any more)

    def whole(self, article_ids: Iterable[str]) -> list[Extraction]:
        """The articles' extractions as stored, every claim whole (what incident summaries read)."""
        return load_extractions(self.store, self.iris, article_ids, self.agents)

    def read_incidents(self, keys: Iterable[str]) -> list[Incident]:
        missing = sorted(set(keys) - self.incidents.keys())
        for incident in load_incidents(self.store, self.iris, missing):
            self.incidents[incident.key] = incident
        found = [self.incidents[k] for k in sorted(set(keys)) if k in self.incidents]
        self.read_articles(k.rpartition("/")[0] for inc in found for k in inc.claim_keys)
        return found

    def members(self, incidents: Iterable[Incident]) -> list[Group]:
        """The groups whose claims the incidents hold (as they were linked)."""
        held = {k for inc in incidents for k in inc.claim_keys}
        articles = {k.rpartition("/")[0] for k in held}
        return [g for a in sorted(articles) for g in self.groups.get(a, ())
                if g.claims and g.claims[0].key in held]


def link_articles(store: Store, iris: Iris, article_ids: Iterable[str]) -> LinkReport:
    """Link the claims of these (new or changed) articles into the stored incidents, rewriting only
    the incidents they touch: the same partition as `relink_all` (see the module's docstring)."""
    changed = sorted(set(article_ids))
    report = LinkReport()
    if not changed:
        return report
    windows = incident_windows(store, iris)
    if windows and all(w is None for w in windows.values()):
        return relink_all(store, iris)  # linked by an earlier version (no days recorded): all, once
    undated = undated_incidents(store, iris)
    got = _Gatherer(store, iris)
    places = {k: _with_areas(keys, got.places) for k, keys in incident_places(store, iris).items()}
    got.read_articles(changed)
    taken = got.read_incidents(incidents_about(store, iris, changed))  # what the articles were in
    pool = [g for a in changed for g in got.groups[a]]
    pool += [g for g in got.members(taken) if g.article_id not in changed]
    gathered = {inc.key for inc in taken}
    frontier = list(pool)
    scores = ScoreMemo()
    while frontier:
        report.rounds += 1
        reach = Reach(frontier)
        near = [k for k, hull in windows.items() if k not in gathered
                and reach.reaches(hull, places.get(k, set()), k in undated)]
        candidates = got.read_incidents(near)
        by_claim = {k: inc for inc in candidates for k in inc.claim_keys}
        hit = {by_claim[g.claims[0].key].key for g in linked_to(frontier, got.members(candidates), scores)}
        joining = [inc for inc in candidates if inc.key in hit]
        gathered |= hit
        frontier = [g for g in got.members(joining) if g.article_id not in changed]
        pool += frontier
    stored = [got.incidents[k] for k in sorted(gathered)]
    extractions = [got.extractions[a] for a in sorted({g.article_id for g in pool if g.article_id})]
    incidents = name_clusters(partition(pool, scores), stored, _published(extractions), got.places)
    before = {inc.key: inc for inc in stored}
    touched = [inc for inc in incidents if not _unchanged(before.get(inc.key), inc, set(changed))]
    kept = {i.key for i in incidents}
    retired = gathered - (kept - {i.key for i in touched})  # rewritten or gone; the unchanged stay as stored
    whole = got.whole({k.rpartition("/")[0] for inc in touched for k in inc.claim_keys})
    replace_incidents(store, iris, retired, touched, summarize_all(touched, whole))
    report.articles_read = len(got.extractions)
    report.incidents_read = len(stored)
    report.incidents_written = len(touched)
    report.incidents_removed = sum(k not in kept for k in gathered)
    return report


def _unchanged(old: Incident | None, new: Incident, changed: set[str]) -> bool:
    """Whether a gathered incident comes out as it was stored: the same claims and merges, none of them
    from a changed article (the rest of an incident, its summary included, follows from those)."""
    return old is not None and set(old.claim_keys) == set(new.claim_keys) and \
        set(old.same_as) == set(new.same_as) and not any(k.rsplit("/", 1)[0] in changed for k in new.claim_keys)


def _with_areas(keys: set[str], places: dict[str, Place]) -> set[str]:
    """Place keys with the districts and governorates they lie in (what `incidents.place_keys` gives a group)."""
    return keys | place_features(keys, places)[0]


def _published(extractions: Iterable[Extraction]) -> dict[str, date | None]:
    return {e.article.id: e.article.published for e in extractions}
