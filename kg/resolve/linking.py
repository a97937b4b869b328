"""Whether two groups of claims describe the same incident: features, hard conflicts and a score.

A group is what one article says about one incident (the extractor's in-article grouping), or an
incident already in the store. Two groups are compared on:

- event type: equal, compatible (air strike and shelling are often confused), or incompatible;
- time: the interval of days each allows (an undated report: the few days before publication,
  since news tells the latest);
- place: shared places, distance between located places, shared district or governorate;
- actor, casualty figures, and the words of the claims (TF-IDF cosine, the IDF of a fixed reference:
  `kg.resolve.word_weights`).

Type and time give hard conflicts (never the same incident); the rest adds up to a score
whose scale is "about one point per independent piece of agreeing evidence".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from kg.model import Claim, Evidence, Figure, Incident, Place
from kg.resolve import word_weights
from kg.resolve.geo import distance_km
from kg.resolve.timespan import Interval, before, claim_interval, gap_days, narrowest, parse_interval, width

UNDATED_WINDOW_DAYS = 3
_COMPATIBLE = {
    frozenset({"airstrike", "shelling"}),
    frozenset({"bombing", "explosion"}),
    frozenset({"shooting", "massacre"}),
    frozenset({"ground_attack", "massacre"}),
    frozenset({"ground_attack", "armed_clash"}),
    frozenset({"shooting", "ground_attack"}),
}
_STOP = set(
    "the a an and or of in on at to for from by with as is are was were be been has have had that this these those "
    "it its their they them he she his her said says say told according reported report reports monitor group "
    "syria syrian observatory human rights people killed including least more than also after before which who "
    "while where when there not but would could will can about into over since last week day days".split()
)


@dataclass(slots=True)
class Group:
    """What one article says about one incident, or an incident read back from the store."""

    gid: str
    article_id: str | None
    claims: list[Claim]
    published: date | None = None
    event_type: str | None = None
    interval: Interval | None = None  # as the claims state it
    window: Interval | None = None  # stated, or the days before publication
    place_keys: set[str] = field(default_factory=set)
    local: set[str] = field(default_factory=set)  # the places no bigger than a town ("Atareb", not "Aleppo")
    areas: set[str] = field(default_factory=set)  # districts and governorates containing the places
    points: list[tuple[float, float]] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    figures: list[Figure] = field(default_factory=list)
    tokens: Counter[str] = field(default_factory=Counter)
    norm: float = 0.0  # length of the IDF-weighted word vector (set with the words: `with_words`)
    previous: Incident | None = None

    def with_words(self, words: Counter[str]) -> Group:
        """The group with these words and the length of their weighted vector."""
        idf = word_weights.reference()
        self.tokens = words
        self.norm = math.sqrt(sum((c * idf.get(w)) ** 2 for w, c in words.items()))
        return self


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else None


def _normal_actor(actor: str) -> str:
    words = re.sub(r"[^a-z ]", " ", actor.lower()).split()
    return " ".join(w for w in words if w not in {"the", "forces", "force", "led", "backed", "jets", "warplanes"})


_WORD = re.compile(r"[a-z][a-z'-]{2,}|\d+")


def words(text: str) -> list[str]:
    """The words of a text that tell incidents apart, in order (stop words left out)."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def tokens(text: str) -> Counter[str]:
    return Counter(words(text))


def place_features(keys: Iterable[str], places: dict[str, Place]) -> tuple[set[str], list[tuple[float, float]]]:
    areas: set[str] = set()
    points: list[tuple[float, float]] = []
    for key in keys:
        place = places.get(key)
        seen = 0
        while place is not None and seen < 8:
            if place.feature in ("district", "subdistrict", "governorate"):
                areas.add(place.key)
            elif seen == 0 and place.lat is not None and place.lon is not None and place.feature != "country":
                points.append((place.lat, place.lon))
            place = places.get(place.contained_in) if place.contained_in else None
            seen += 1
    return areas, points


def group_from_claims(gid: str, claims: list[Claim], published: date | None, places: dict[str, Place]) -> Group:
    intervals = [i for c in claims if (i := claim_interval(c.date, c.date_range))]
    interval = narrowest(intervals)
    window = interval or (before(published, UNDATED_WINDOW_DAYS) if published else None)
    keys = {k for c in claims for k in c.place_keys if not is_country(k, places)}
    areas, points = place_features(keys, places)
    return Group(
        gid=gid, article_id=claims[0].article_id, claims=claims, published=published, local=_local(keys, places),
        event_type=_majority(c.event_type for c in claims if c.event_type != "other") or _majority(
            c.event_type for c in claims),
        interval=interval, window=window, place_keys=keys, areas=areas, points=points,
        actors={_normal_actor(c.actor) for c in claims if c.actor},
        figures=[f for c in claims for f in c.figures],
    ).with_words(Counter(w for c in claims for w in words(c.span.text)))


def group_from_incident(incident: Incident, places: dict[str, Place]) -> Group:
    """An incident from the store as a group: no claims text, but its type, time, places and actors."""
    interval = None
    if incident.date_range:
        first, last = parse_interval(incident.date_range[0]), parse_interval(incident.date_range[1])
        interval = (first[0], last[1]) if first and last else None
    interval = interval or parse_interval(incident.date)
    keys = {k for k in incident.place_keys if not is_country(k, places)}
    areas, points = place_features(keys, places)
    return Group(gid=incident.key, article_id=None, claims=[], local=_local(keys, places),
                 event_type=incident.event_type, interval=interval,
                 window=interval, place_keys=keys, areas=areas, points=points,
                 actors={_normal_actor(a) for a in incident.actors}, previous=incident)


def _local(keys: Iterable[str], places: dict[str, Place]) -> set[str]:
    """Keys of villages, towns and named places the gazetteer did not know: shared, they are evidence;
    a shared city or province is weak evidence (many incidents a day happen "in Aleppo")."""
    return {k for k in keys if (p := places.get(k)) is None or p.feature in (None, "village", "town", "landmark")}


def is_country(key: str, places: dict[str, Place]) -> bool:
    place = places.get(key)
    return place is not None and place.feature == "country"


FAR_APART_KM = 100  # two groups whose places all lie farther apart than this cannot be one incident


def types_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or frozenset({a, b}) in _COMPATIBLE


def conflict(a: Group, b: Group, *, same_article: bool = False) -> bool:
    """True when the two groups cannot be one incident: incompatible types, or days too far apart."""
    if not types_compatible(a.event_type, b.event_type):
        return True
    if a.interval and b.interval and width(a.interval) <= 7 and width(b.interval) <= 7:
        if gap_days(a.interval, b.interval) > (0 if same_article else 1):
            return True
    elif a.window and b.window and gap_days(a.window, b.window) > 1:
        return True
    if a.points and b.points and not (a.local & b.local):
        return min(distance_km(*p, *q) for p in a.points for q in b.points) > FAR_APART_KM
    return False


def _actors_overlap(a: set[str], b: set[str]) -> bool:
    """Whether some actor name of one side shares a word with one of the other ("coalition", "us coalition")."""
    words_a = {w for name in a for w in name.split()}
    return any(w in words_a for name in b for w in name.split())


SHOWN_FIGURE_PAIRS = 3


def _close_figures(a: list[Figure], b: list[Figure]) -> list[tuple[Figure, Figure]]:
    """Pairs of close counts of one category, closest first, each pair of wordings once (open intervals,
    "at least 15", agree with nearly anything: only close counts are evidence)."""
    pairs = {(f.stated, g.stated): (f, g) for f in a for g in b
             if f.category == g.category and f.count > 2 and g.count > 2
             and abs(f.count - g.count) <= 0.3 * max(f.count, g.count)}
    return sorted(pairs.values(), key=lambda p: (abs(p[0].count - p[1].count) / max(p[0].count, p[1].count),
                                                   p[0].stated, p[1].stated))


def evidence(a: Group, b: Group) -> Evidence:
    """Evidence that two compatible groups describe the same incident (about 3 and up: the same)."""
    total = 0.0
    same_day, apart = False, None
    if a.interval and b.interval:
        gap = gap_days(a.interval, b.interval)
        if gap == 0:
            same_day = width(a.interval) <= 2 and width(b.interval) <= 2
            total += 2.0 if same_day else 1.0
        else:
            total -= 1.5
            apart = gap
    same_type = a.event_type if a.event_type and a.event_type == b.event_type else None
    if same_type:
        total += 1.0
    nearest = min((distance_km(*p, *q) for p in a.points for q in b.points), default=None)
    total += _place_score(a, b, nearest)
    actors = a.actors & b.actors
    if actors:
        total += 0.5
    elif a.actors and b.actors and not _actors_overlap(a.actors, b.actors):
        total -= 1.5  # "the coalition" against "ISIL": different perpetrators, likely different events
    figures = _close_figures(a.figures, b.figures)
    if figures:
        total += 1.0
    words = similarity(a, b)
    total += 4.0 * words
    return Evidence(
        score=total, same_day=same_day, days_apart=apart, event_type=same_type,
        place_keys=tuple(sorted(a.local & b.local) + sorted((a.place_keys & b.place_keys) - a.local)),
        nearest_km=nearest, area_keys=tuple(sorted(a.areas & b.areas)), actors=tuple(sorted(actors)),
        figures=tuple(figures[:SHOWN_FIGURE_PAIRS]), words=words)


def score(a: Group, b: Group) -> float:
    """The evidence's points: about one per independent piece of agreeing evidence."""
    return evidence(a, b).score


PairScore = Callable[[Group, Group], float]


class ScoreMemo:
    """`score`, each pair of groups computed once (by their ids): for one linking pass, whose rounds and
    final clustering score many of the same pairs. A pair's score depends on its two groups alone."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], float] = {}

    def __call__(self, a: Group, b: Group) -> float:
        key = (a.gid, b.gid) if a.gid <= b.gid else (b.gid, a.gid)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = score(a, b)
        return found


def _place_score(a: Group, b: Group, nearest: float | None) -> float:
    if a.local & b.local:
        return 2.5
    total = 1.0 if a.place_keys & b.place_keys else 0.0
    if nearest is not None:
        total += 2.0 if nearest <= 5 else 1.0 if nearest <= 20 else 0.0 if nearest <= 60 else -2.0
    if a.areas & b.areas:
        total += 0.5
    elif a.areas and b.areas:
        total -= 1.5
    return total


def similarity(a: Group, b: Group) -> float:
    """The cosine of the two groups' word vectors, weighted by the reference IDF."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.tokens, b.tokens) if len(a.tokens) <= len(b.tokens) else (b.tokens, a.tokens)
    idf = word_weights.reference()
    dot = sum(c * large[w] * idf.get(w) ** 2 for w, c in small.items() if w in large)
    return dot / (a.norm * b.norm)
