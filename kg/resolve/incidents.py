"""Claims to incidents, within and across articles.

1. In each article, claims are grouped by the extractor's in-article key (`Claim.group`, such as
   "e1"); an article without keys is grouped by discourse: consecutive claims stay on the current
   incident until the text shifts event type, time or place.
2. Groups (and incidents already in the store, `previous`) are compared pairwise within blocks of
   nearby days (`kg.resolve.linking`), and merged best pair first while no two members conflict.
3. Each cluster becomes an incident whose key is derived from its earliest claim, so the same
   input always gives the same keys; a cluster that takes in stored incidents keeps the oldest
   one's key and lists the others in `same_as`.

A pair's score depends on the two groups alone (word weights come from a fixed reference,
`kg.resolve.word_weights`), and clusters only grow along links (pairs in one block, without a
conflict, scoring over the threshold). So the clusters of a set of groups closed under links are
those the whole store gives them, whatever else the store holds and in whatever order articles came:
incremental linking (`kg.relinking`) gathers that closed set around a new or changed article
(`linked_to`), clusters it (`partition`) and names the clusters after the stored incidents they take
over (`name_clusters`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from kg.model import Claim, Evidence, Extraction, Incident, Link, Place
from kg.resolve import linking
from kg.resolve.geo import distance_km
from kg.resolve.linking import Group, PairScore
from kg.resolve.summary import country_of, related_places
from kg.resolve.timespan import Interval, as_text, claim_interval, gap_days, narrowest

LINK_THRESHOLD = 3.0
SAME_ARTICLE_THRESHOLD = 6.0
UNTIMED_PENALTY = 2.0
UNTIMED_MIN_WORDS = 0.15  # word similarity (`linking.similarity`) an untimed group needs to link at all
UNTIMED_SAME_WORDS = 0.5  # ... and, sharing no town, village or landmark, to link: the same story retold
FINAL_PREFIX = "incident/"


def incident_key(claim_key: str) -> str:
    """A stable incident key from the key of its earliest claim."""
    return FINAL_PREFIX + hashlib.sha1(claim_key.encode()).hexdigest()[:12]


def _is_event(claim: Claim) -> bool:
    return bool(claim.event_type) or any(f.category in ("killed", "injured") for f in claim.figures)


def discourse_groups(claims: list[Claim]) -> dict[str, list[Claim]]:
    """In-article grouping for claims without extractor keys: an event claim opens an incident, and the
    claims after it stay on it until one names another event type, another time or other places."""
    groups: dict[str, list[Claim]] = {}
    current: list[Claim] | None = None
    for claim in claims:
        if current is not None and _continues(current, claim):
            current.append(claim)
        elif _is_event(claim):
            current = groups.setdefault(f"d{len(groups) + 1}", [claim])
        else:
            current = None
    return groups


def _continues(current: list[Claim], claim: Claim) -> bool:
    kinds = {c.event_type for c in current if c.event_type}
    if claim.event_type and kinds and claim.event_type not in kinds:
        return False
    mine = claim_interval(claim.date, claim.date_range)
    theirs = narrowest(i for c in current if (i := claim_interval(c.date, c.date_range)))
    if mine and theirs and gap_days(mine, theirs) > 0:
        return False
    places = {k for c in current for k in c.place_keys}
    if claim.place_keys and places and not (set(claim.place_keys) & places):
        return _is_event(claim) is False and not claim.figures
    return _is_event(claim) or not (claim.place_keys or mine)


_WIDE = ("country", "governorate", "region")
_EVENT_WORDS = re.compile(
    r"\b(?:attacks?|bomb(?:ing|ings|s)?|blasts?|explosions?|(?:air ?)?strikes?|raids?|shelling|massacre|"
    r"bodies|wounded|injured|victims|dead|slain|toll|killings?|executions?|convoy|assault|clashes|"
    r"evacuat\w*|displace\w*)\b", re.I)


def returns_without_anchor(claims: list[Claim], places: dict[str, Place] | None = None) -> set[str]:
    """Keys of claims that come back to an incident after the text left it, with nothing tying them to it.

    Articles close with background ("Since 2014 the coalition has acknowledged 1,100 deaths", "The war
    has killed 360,000"); an in-article grouping that carries the last incident over to it would put a
    war's toll in a strike's summary. A claim returning to an incident stays only if it names one of the
    incident's places or speaks of the event ("the bombing", "the wounded", "the toll").
    """
    known = places or {}
    dropped: set[str] = set()
    seen: dict[str, set[str]] = defaultdict(set)
    last: str | None = None
    for claim in claims:
        key = claim.group
        if key is None:
            last = None
            continue
        # "Syria" or a province named again ties nothing to the incident; a village or town does
        own = {k for k in claim.place_keys if (p := known.get(k)) is None or p.feature not in _WIDE}
        returning = key in seen and last != key
        anchored = bool(own & seen[key]) or bool(_EVENT_WORDS.search(claim.span.text))
        if returning and not anchored:
            dropped.add(claim.key)
            continue
        seen[key].update(own)
        last = key
    return dropped


def article_groups(extraction: Extraction, places: dict[str, Place]) -> list[Group]:
    """The groups of one article: by extractor key (less unanchored returns), else by discourse."""
    claims = extraction.claims
    if any(c.group or c.incident for c in claims):
        fresh = [c for c in claims if c.incident is None]  # not linked before in this process
        dropped = returns_without_anchor(fresh, places)
        keyed: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            key = claim.incident or claim.group  # linked before: the incident holds the claims together
            if key and claim.key not in dropped:
                keyed[key].append(claim)
    else:
        keyed = discourse_groups(claims)
    article = extraction.article
    return [linking.group_from_claims(f"{article.id}#{key}" + (f"~{n}" if n else ""), part, article.published, places)
            for key, members in keyed.items() for n, part in enumerate(far_apart(members, places))]


def far_apart(claims: list[Claim], places: dict[str, Place]) -> list[list[Claim]]:
    """An article's incident split where its casualties lie far apart: "19 civilians were killed in Eastern
    Ghouta ... In the east of Syria air strikes killed 34 civilians in Deir ez-Zor province" tells two.

    A claim that counts dead or wounded only at places far from every part so far (none containing
    another, and more than `linking.FAR_APART_KM` apart: too far for one incident) opens a part of its
    own; any other claim joins the part whose places it names, else the part of the claim before it.
    Only places on the map count (a place the gazetteer does not know tells no distance). One part
    (the claims as given) when nothing lies far apart."""
    parts: list[tuple[set[str], list[Claim]]] = []
    current: tuple[set[str], list[Claim]] | None = None
    for claim in claims:
        mine = {k for k in claim.place_keys if k in places and places[k].lat is not None
                and places[k].lon is not None and not linking.is_country(k, places)}  # on the map
        near = next((part for part in parts if any(_near(a, b, places) for a in part[0] for b in mine)), None)
        counts = any(f.category in ("killed", "injured") for f in claim.figures)
        if near is not None:
            current = near
        elif current is None or (mine and counts and all(part[0] for part in parts)):
            current = (set(), [])
            parts.append(current)
        current[0].update(mine)
        current[1].append(claim)
    return [members for _, members in parts] or [claims]


def _near(a: str, b: str, places: dict[str, Place]) -> bool:
    """Whether two mapped places can hold one incident: one inside the other, or close together."""
    if related_places(a, b, places):
        return True
    pa, pb = places[a], places[b]
    return distance_km(pa.lat or 0.0, pa.lon or 0.0, pb.lat or 0.0, pb.lon or 0.0) <= linking.FAR_APART_KM


def _order(group: Group) -> tuple[date, str, int]:
    start = group.claims[0].span.start if group.claims else 0
    return group.published or date.max, group.article_id or "", start


def place_keys(group: Group) -> set[str]:
    """The places of a group and the districts and governorates they lie in: what an undated group is
    blocked by."""
    return group.place_keys | group.areas


def _blocks(groups: list[Group], sides: list[bool] | None = None) -> set[tuple[int, int]]:
    """Pairs worth scoring: groups whose days (stated, or the days before publication) are within a day;
    a group allowing months pairs with every dated group, one allowing any day (undated, in an undated
    article) with every group sharing a place or the district or governorate of one. With `sides`, only
    pairs of a group on one side and a group on the other."""

    def across(a: int, b: int) -> bool:
        return sides is None or sides[a] != sides[b]

    def pair(a: int, b: int) -> tuple[int, int]:
        return (a, b) if a < b else (b, a)

    by_day: dict[date, list[int]] = defaultdict(list)
    floating: list[int] = []
    undated: list[int] = []
    with_window: list[int] = []
    by_place: dict[str, list[int]] = defaultdict(list)  # place (or area) key -> the groups naming it
    for i, g in enumerate(groups):
        for key in place_keys(g):
            by_place[key].append(i)
        if g.window is None:
            undated.append(i)
            continue
        with_window.append(i)
        if (g.window[1] - g.window[0]).days > 62:
            floating.append(i)
            continue
        day = g.window[0] - timedelta(days=1)
        while day <= g.window[1] + timedelta(days=1):
            by_day[day].append(i)
            day += timedelta(days=1)
    pairs: set[tuple[int, int]] = set()
    for members in by_day.values():
        if sides is None:
            pairs.update((a, b) for a in members for b in members if a < b)
        else:
            ones = [a for a in members if sides[a]]
            if ones:
                pairs.update(pair(a, b) for a in ones for b in members if not sides[b])
    for i in floating:
        pairs.update(pair(i, j) for j in with_window if j != i and across(i, j))
    for i in undated:
        sharing = {j for key in place_keys(groups[i]) for j in by_place[key]}
        pairs.update(pair(i, j) for j in sharing if j != i and across(i, j))
    return pairs


def _links(groups: list[Group], pair_score: Callable[[int, int], float],
           threshold: float = LINK_THRESHOLD, sides: list[bool] | None = None) -> list[tuple[float, int, int]]:
    """The pairs worth merging, as (-score, i, j): in one block, without a conflict, over the threshold
    (with `sides`, of a group on one side and a group on the other)."""
    out = []
    for i, j in _blocks(groups, sides):
        if linking.conflict(groups[i], groups[j]):
            continue
        s = pair_score(i, j)
        if groups[i].window is None or groups[j].window is None:
            # nothing says when: only strong agreement elsewhere links it, the story told in words of its own
            # among it and a town, village or landmark both name, or the same story in the same words (a city
            # and a kind of attack are shared by the incidents of years, and so are a chemical attack's words)
            words = linking.similarity(groups[i], groups[j])
            if words < UNTIMED_MIN_WORDS or words < UNTIMED_SAME_WORDS and not groups[i].local & groups[j].local:
                continue
            s -= UNTIMED_PENALTY
        if s >= threshold:
            out.append((-s, i, j))
    return out


def cluster(groups: list[Group], *, threshold: float = LINK_THRESHOLD,
            same_article_threshold: float = SAME_ARTICLE_THRESHOLD,
            joined: Iterable[tuple[int, int]] = (), score: PairScore = linking.score) -> list[list[Group]]:
    """Merge groups best-scoring pair first; never merge clusters with a conflicting pair of members,
    nor two groups of one article that score below `same_article_threshold` (the extractor kept them apart)."""
    parent = list(range(len(groups)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(groups))}
    cache: dict[tuple[int, int], float] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def pair_score(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = score(groups[key[0]], groups[key[1]])
        return cache[key]

    def union(i: int, j: int) -> None:
        ri, rj = sorted((find(i), find(j)))
        if ri != rj:
            parent[rj] = ri
            members[ri] += members.pop(rj)

    def may_join(ri: int, rj: int) -> bool:
        for a in members[ri]:
            for b in members[rj]:
                ga, gb = groups[a], groups[b]
                same = ga.article_id is not None and ga.article_id == gb.article_id
                if linking.conflict(ga, gb, same_article=same):
                    return False
                if same and pair_score(a, b) < same_article_threshold:
                    return False
        return True

    for i, j in joined:
        union(i, j)
    for _, i, j in sorted(_links(groups, pair_score, threshold)):
        ri, rj = find(i), find(j)
        if ri != rj and may_join(ri, rj):
            union(ri, rj)
    return [[groups[i] for i in sorted(m)] for m in members.values()]


def link_incidents(extractions: Iterable[Extraction], previous: Iterable[Incident] | None = None, *,
                   places: dict[str, Place] | None = None) -> list[Incident]:
    """Group all claims of all extractions into incidents; set `claim.incident` (a claim left out of
    every incident loses its `group` too); return the incidents.

    `previous` are incidents read back from the store: new claims may join them (the incident keeps
    its key) and a cluster that joins several keeps the oldest key, the others becoming `same_as`.
    Previous incidents that no new claim joins are not returned. `places` adds place records (from
    the store) for place keys the extractions do not carry.
    """
    extractions = list(extractions)
    place_index = dict(places or {})
    for extraction in extractions:
        place_index.update(extraction.places)
    groups = [g for e in extractions for g in article_groups(e, place_index)]
    groups.sort(key=_order)
    old = sorted(previous or (), key=lambda inc: (inc.first_reported or "9999", inc.key))
    groups += [linking.group_from_incident(inc, place_index) for inc in old]
    joined = _already_joined(groups)
    published = {e.article.id: e.article.published for e in extractions}
    incidents = []
    for members in cluster(groups, joined=joined):
        incidents.append(_incident(members, published, place_index))
    claimed = {k for inc in incidents for k in inc.claim_keys}
    for extraction in extractions:
        for claim in extraction.claims:
            if claim.key not in claimed:  # left out (background): linked again, it stays out
                claim.incident = claim.group = None
    return sorted(incidents, key=lambda inc: inc.key)


def _already_joined(groups: list[Group]) -> list[tuple[int, int]]:
    """Groups that must stay together: claims already linked to one stored incident, or to one key of a
    previous run over the same input (so that linking twice gives what linking once gave)."""
    first_with: dict[str, int] = {}
    stored_claim: dict[str, int] = {}
    for j, h in enumerate(groups):
        for claim_key in h.previous.claim_keys if h.previous else ():
            stored_claim.setdefault(claim_key, j)
    pairs = []
    for i, g in enumerate(groups):
        keys = {g.previous.key, *g.previous.same_as} if g.previous else set()
        keys |= {c.incident for c in g.claims if c.incident}
        pairs += [(i, stored_claim[c.key]) for c in g.claims if c.key in stored_claim]
        for key in sorted(keys):
            if key in first_with:
                pairs.append((first_with[key], i))
            else:
                first_with[key] = i
    return pairs


def _incident(members: list[Group], published: dict[str, date | None], places: dict[str, Place]) -> Incident:
    claims = [c for g in members for c in g.claims]
    olds = [g.previous for g in members if g.previous is not None]
    if olds:
        key = olds[0].key
        same_as = sorted({k for inc in olds for k in (inc.key, *inc.same_as)} - {key})
    else:
        key = incident_key(claims[0].key)
        same_as = []
    return _describe(members, key, same_as, published, places, olds)


def _describe(members: list[Group], key: str, same_as: list[str], published: dict[str, date | None],
              places: dict[str, Place], olds: list[Incident] | None = None) -> Incident:
    """The incident of a cluster under `key`: type, days, places and actors its claims (and the stored
    incidents it takes in whole, `olds`) state; it sets each claim's `incident`. Its places are those of
    the country where it happened (`in_its_country`)."""
    olds = olds or []
    claims = [c for g in members for c in g.claims]
    for claim in claims:
        claim.incident = key
    claim_keys = list(dict.fromkeys([*(k for inc in olds for k in inc.claim_keys), *(c.key for c in claims)]))
    types = Counter(c.event_type for c in claims if c.event_type)
    types.update(inc.event_type for inc in olds if inc.event_type)
    event_type = max(types.items(), key=lambda kv: (kv[0] != "other", kv[1], kv[0]))[0] if types else None
    interval = narrowest(g.interval for g in members if g.interval)
    day, day_range = as_text(interval) if interval else (None, None)
    place_counts = Counter(k for c in claims for k in c.place_keys)
    place_counts.update(k for inc in olds for k in inc.place_keys)
    actors = list(dict.fromkeys([*(a for inc in olds for a in inc.actors), *(c.actor for c in claims if c.actor)]))
    dates = [d for c in claims if (d := published.get(c.article_id))]
    dates += [date.fromisoformat(inc.first_reported) for inc in olds if inc.first_reported]
    return Incident(
        key=key, event_type=event_type, date=day, date_range=day_range,
        place_keys=in_its_country(place_counts, places),
        actors=actors, claim_keys=claim_keys, same_as=same_as,
        first_reported=min(dates).isoformat() if dates else None,
        window=_window_text(members),
        links=why_joined(members),
    )


def in_its_country(counts: Counter[str], places: dict[str, Place]) -> list[str]:
    """An incident's places, the most named first, less those abroad: the country holding most of its
    claims' mentions of places (a mention of the country itself counts too) is where it happened; a
    strike's background sentence naming talks in Astana, or Russia, Iran and Turkey, names no place of
    it. Without such a country (one mention of Syria, one of Washington) all stay, and so does a place
    whose country is unknown."""
    ordered = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    country = {k: country_of(k, places) for k in ordered}
    votes: Counter[str] = Counter()
    for k in ordered:
        if (home_of := country[k]) is not None:
            votes[home_of] += counts[k]
    if len(votes) < 2:
        return ordered
    home, most = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    if 2 * most <= sum(votes.values()):
        return ordered  # no country holds most of the mentions: nothing to drop
    return [k for k in ordered if country[k] in (None, home)]


def why_joined(members: list[Group]) -> list[Link]:
    """Each report (an article's group) joined to the report it shares most with: a maximum spanning
    tree of the linking scores (Prim's), grown from the first report in linking order."""
    reports = [g for g in members if g.claims]
    placed = {0}
    best: dict[int, tuple[Evidence, int]] = {}  # a report not yet placed -> its best link to a placed one
    links: list[Link] = []
    newest = 0
    while len(placed) < len(reports):
        for i, report in enumerate(reports):
            if i not in placed:
                found = linking.evidence(report, reports[newest])
                if i not in best or found.score > best[i][0].score:
                    best[i] = (found, newest)
        newest = max(best, key=lambda i: (best[i][0].score, -i))
        found, to = best.pop(newest)
        placed.add(newest)
        links.append(Link(reports[newest].claims[0].key, reports[to].claims[0].key, found))
    return links


def _window_text(members: list[Group]) -> tuple[str, str] | None:
    hull = window_hull(members)
    return (hull[0].isoformat(), hull[1].isoformat()) if hull else None


def window_hull(groups: Iterable[Group]) -> Interval | None:
    """The first and last day the windows of the dated groups allow; None when none is dated."""
    windows = [g.window for g in groups if g.window]
    if not windows:
        return None
    return min(w[0] for w in windows), max(w[1] for w in windows)


class Reach:
    """Which stored incidents some groups may link to, as `linking.conflict` and `_blocks` allow: a dated
    group only one whose dated groups lie within a day of its days (the incident's `hull`), or one that
    may hold an undated group and shares a place; an undated group only one sharing a place or the
    district or governorate of one. Decided for an incident at once, not group by group."""

    def __init__(self, groups: Iterable[Group]) -> None:
        groups = list(groups)
        dated = [g for g in groups if g.window is not None]
        self.undated_places: set[str] = set().union(*(place_keys(g) for g in groups if g.window is None))
        self.dated_places: set[str] = set().union(*(place_keys(g) for g in dated))
        merged: list[list[date]] = []  # the dated groups' days widened by a day each side, joined where they overlap
        for start, end in sorted((g.window[0] - timedelta(days=1), g.window[1] + timedelta(days=1))
                                 for g in dated if g.window):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [m[0] for m in merged]
        self._ends = [m[1] for m in merged]

    def reaches(self, hull: Interval | None, places: set[str], undated: bool) -> bool:
        """Whether one of the groups may link to a stored incident whose dated groups lie within `hull`,
        whose places (with their districts and governorates) are `places`, and which may hold an
        `undated` group."""
        if self.undated_places & places:
            return True
        if hull is not None:
            i = bisect.bisect_left(self._ends, hull[0])  # the first widened stretch not over before the hull
            if i < len(self._ends) and self._starts[i] <= hull[1]:
                return True
        return undated and bool(self.dated_places & places)


def article_groups_of(extractions: Iterable[Extraction], places: dict[str, Place]) -> list[Group]:
    """The groups of these articles, in linking order (publication, article, position)."""
    return sorted((g for e in extractions for g in article_groups(e, places)), key=_order)


def partition(groups: Iterable[Group], score: PairScore = linking.score) -> list[list[Group]]:
    """The clusters of a set of groups, each in linking order, in the order of their first groups.
    Closed under links (see `linked_to`), they are the clusters the whole store gives these groups."""
    ordered = sorted(groups, key=_order)
    return sorted(cluster(ordered, score=score), key=lambda members: _order(members[0]))


def linked_to(seeds: list[Group], others: list[Group], score: PairScore = linking.score) -> list[Group]:
    """The groups of `others` with a link to one of `seeds` (a pair that `cluster` may merge)."""
    groups = sorted([*seeds, *others], key=_order)
    seed_ids = {id(g) for g in seeds}
    seeded = [id(g) in seed_ids for g in groups]
    hit: dict[int, Group] = {}
    # only pairs of a seed and another are scored: a pair of two others is never a hit
    for _, i, j in _links(groups, lambda a, b: score(groups[a], groups[b]), sides=seeded):
        a, b = groups[i], groups[j]
        other = b if seeded[i] else a
        hit[id(other)] = other
    return sorted(hit.values(), key=_order)


def name_clusters(clusters: list[list[Group]], stored: Iterable[Incident],
                  published: dict[str, date | None], places: dict[str, Place]) -> list[Incident]:
    """Incidents of clusters that take over stored incidents (those whose claims they hold).

    A stored incident goes to the cluster holding most of its claims (the first on a tie). A cluster
    keeps the key of the oldest incident that went to it (first reported, then key) and lists the
    others, with what they had absorbed, in `same_as` (a merge); a cluster that took over none gets a
    key from its earliest claim (a new incident, or the smaller part of a split). A stored incident
    that went nowhere (its claims are gone) is not named again: the caller removes it."""
    stored = list(stored)
    owner = {k: inc.key for inc in stored for k in inc.claim_keys}
    held: dict[str, Counter[int]] = defaultdict(Counter)
    for index, members in enumerate(clusters):
        for claim in (c for g in members for c in g.claims):
            if claim.key in owner:
                held[owner[claim.key]][index] += 1
    heirs: dict[int, list[Incident]] = defaultdict(list)
    for incident in stored:
        if incident.key in held:
            counts = held[incident.key]
            heirs[min(counts, key=lambda i: (-counts[i], i))].append(incident)
    taken = {k for inc in stored for k in (inc.key, *inc.same_as)}
    out = []
    for index, members in enumerate(clusters):
        olds = sorted(heirs.get(index, []), key=lambda inc: (inc.first_reported or "9999", inc.key))
        if olds:
            key = olds[0].key
            same_as = sorted({k for inc in olds for k in (inc.key, *inc.same_as)} - {key})
        else:
            key = _fresh_key(members, taken)
            same_as = []
        taken.add(key)
        out.append(_describe(members, key, same_as, published, places))
    return out


def _fresh_key(members: list[Group], taken: set[str]) -> str:
    """The key of the cluster's earliest claim; the next claim's when a stored incident has that one."""
    claims = [c.key for g in members for c in g.claims]
    for claim_key in claims:
        if (key := incident_key(claim_key)) not in taken:
            return key
    return incident_key(f"{claims[0]}#{len(taken)}")


__all__ = ["link_incidents", "incident_key", "why_joined", "discourse_groups", "cluster", "partition", "linked_to",
           "name_clusters", "article_groups_of", "window_hull", "Reach", "place_keys", "in_its_country"]
