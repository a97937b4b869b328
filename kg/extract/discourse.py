"""What ties the claims of one article together: pronoun sources and the incidents claims are about.

Both are decisions over the sequence of claims, not over one sentence: "he said" refers back to
the last person quoted (and keeps that person's chain); a claim about "the blast" belongs to the
incident the article has been telling, while "two days after ..." or "last Sunday ..." with a
strike opens another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.extract.dates import DateMention
from kg.extract.events import EVENT_PATTERNS, PUBLIC_NAME, WEAK, event_type
from kg.extract.lexicon import alternation, load_lexicon
from kg.model import EVENT_TYPES, Claim, EventType, Hop, in_vocabulary

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
_WIRES = load_lexicon().wires
_MEDIA_WORDS = load_lexicon().media_words
CASUALTIES = re.compile(rf"\b(?:{alternation(load_lexicon().casualty_phrases)})\b", re.I)
OTHER_EVENT = re.compile(rf"\b(?:{alternation(load_lexicon().other_event_words)})\b", re.I)
BACKGROUND = re.compile(r"\b(?:the|syria'?s|its|this)\s+(?:\w+[\s-]+){0,2}(?:war|conflict|uprising|crisis)\s+"
                        r"(?:has|had|have|is|was|began|erupted|started)\b|\bsince\s+(?:the\s+)?(?:start|beginning|"
                        r"outbreak)\b|\bsince\s+(?:erupting|it\s+erupted)\b"
                        # a state that has lasted for years, or a habit: "under siege for more than two years",
                        # "has repeatedly raised concerns"
                        r"|\bfor\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+)?(?:\w+\s+)?years\b"
                        r"|\b(?:has|have|had)\s+(?:repeatedly|long|frequently|often)(?![\w-])", re.I)
_DAY_OWNER = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today)'?s"
ANAPHOR = re.compile(
    r"\b(?:the|this|those|these|its|their|" + _DAY_OWNER + r")\s+(?:\w+\s+){0,2}?(?:attacks?|blast|bombing|strike|"
    r"strikes|raid|raids|explosion|incident|massacre|bodies|dead|victims|number|toll|slain|killed|wounded|injured|"
    r"shelling|assault|offensive|perpetrators|site|scene|survivors)\b|\bthose\s+killed\b|\bwounded\s+survivors\b|\bbodies\b"
    # who did it: responsibility claimed, denied or laid on someone is about the event told
    r"|\bclaim(?:s|ed)?\s+(?:of\s+)?responsibility\b|\bden(?:y|ies|ied)\s+(?:any\s+)?(?:involvement|responsibility|role)\b"
    r"|\bblam(?:e|es|ed|ing)\b",
    re.I,
)
# An event named only to place another in time or space ("resumed after the bombing", "a few miles from
# where the attack took place"): the clause is about what it says happened, not about that event.
# So is one a span of time away ("hours after a suspected chemical attack"), named with "a" as well.
_EVENT_NOUNS = r"(?:attacks?|blasts?|bombings?|strikes?|raids?|explosions?|massacre|shelling|assault|incident)\b"
REFERENCE = re.compile(
    r"(?:\b(?:after|following|before|since|in\s+the\s+wake\s+of|(?:from|near)\s+where)\s+(?:the|this|that|its|"
    + _DAY_OWNER + r")\s+(?:\w+\s+){0,2}?" + _EVENT_NOUNS
    + r"|(?P<apart>\b(?:minutes|hours?|days?|weeks?)\s+(?:after|before)\s+an?\s+(?:[\w-]+\s+){0,3}?"
    + _EVENT_NOUNS + r"))"
    r"(?:\s+(?:took\s+place|happened|occurred|hit|struck))?", re.I)
LASTING_DAYS = 2  # how far apart two days of one non-violent incident (an evacuation, a siege) may be
_GENERIC = frozenset({"explosion", "strike"})
_VIOLENT = frozenset(n for n, _ in EVENT_PATTERNS) - {"other"}
_SPECIFIC_FOR = {"explosion": ("bombing", "airstrike", "shelling"), "strike": ("airstrike", "shelling")}


@dataclass(slots=True)
class ClaimFacts:
    """What the incident grouping needs to know of one claim."""

    event: str | None
    date: DateMention | None
    anaphor: bool
    has_casualties: bool
    background: bool = False  # about the war at large ("the war has killed", "since 2014")
    joined: bool = False  # in the same sentence as the claim before
    reference: str | None = None  # the type of an event named only as a reference point ("after the bombing")
    elsewhere: bool = False  # told as another event than the one so far ("in another town", "elsewhere")


@dataclass(slots=True)
class _Incident:
    key: str
    types: list[str] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    size: int = 0
    others: set[str] = field(default_factory=set)  # types its claims name as another event ("after the bombing")

    @property
    def type(self) -> EventType | None:
        """The first specific type its claims gave, else the first loose one."""
        specific = [t for t in self.types if t not in WEAK]
        chosen = specific[0] if specific else (self.types[0] if self.types else None)
        return _public(chosen) if chosen else None


def _public(event: str) -> EventType:
    """An event a clause states, as the event type the graph records ("strike": "airstrike")."""
    return in_vocabulary(PUBLIC_NAME.get(event, event), EVENT_TYPES, "event type")


def event_and_anaphor(text: str) -> tuple[str | None, bool, str | None]:
    """The event type a clause states, whether it refers back to an event, and the type of an event it
    names only as a reference point; that event is left out unless nothing else in the clause names one, and
    always when it lies a span of time away ("hours after a chemical attack": the clause tells of another)."""
    own = REFERENCE.sub(" ", text)
    if own != text and (event := event_type(own)) is not None:
        refs = [t for m in REFERENCE.finditer(text) if (t := event_type(m.group()))]
        return event, bool(ANAPHOR.search(own)), refs[0] if refs else None
    apart = [t for m in REFERENCE.finditer(text) if m.group("apart") and (t := event_type(m.group()))]
    if apart:
        return None, bool(ANAPHOR.search(own)), apart[0]  # "killed ... hours after a chemical attack": another event
    return event_type(text), bool(ANAPHOR.search(text)), None


def resolve_pronouns(claims: list[Claim], person: list[bool], plural: list[bool]) -> None:
    """Point pronoun sources at their antecedent and give them its chain ("he said" keeps "via AFP").

    `person[i]` says whether claim i's source names a person (so "he" skips organisations), `plural[i]`
    whether it is a plural common noun ("activists": "it" skips them; "they" skips one person).
    """
    history: list[tuple[Claim, bool, bool]] = []
    for claim, is_person, is_plural in zip(claims, person, plural, strict=True):
        src = claim.source
        word = src.name.lower()
        for hop in claim.via:  # "It quoted activists as saying": the hop is the voice before it
            pronoun = hop.name.lower()
            if hop.antecedent or pronoun not in ("he", "she", "it", "they"):
                continue
            if pronoun in PERSON_PRONOUNS:
                if is_person and not src.own_voice:
                    hop.antecedent = src.antecedent or src.name  # "X said: ... he told Reuters": X himself
            elif (found := _agreeing(pronoun, history)) is not None:
                hop.antecedent = found[0].source.antecedent or found[0].source.name
        if not src.own_voice and not src.antecedent and word in ("he", "she", "it", "they", "i", "we"):
            entry = _agreeing(word, history)
            if entry is not None:
                prev, is_person, is_plural = entry
                src.antecedent = prev.source.antecedent or prev.source.name
                chain = prev.via
                if word == "it" and chain and _plural_common(src.antecedent):
                    # "the Observatory quoted trusted sources as saying ... It said": "it" is the one quoting
                    src.antecedent, chain = chain[0].antecedent or chain[0].name, chain[1:]
                if not claim.via:
                    claim.via = [Hop(h.name, h.mention, antecedent=h.antecedent) for h in chain]
        if not src.own_voice:
            history.append((claim, is_person, is_plural))
    _share_interviewer(claims)


def _agreeing(word: str, history: list[tuple[Claim, bool, bool]]) -> tuple[Claim, bool, bool] | None:
    """The last voice a pronoun can stand for: "he" and "she" a person, "they" no single person, "it" neither
    a person nor a plural (else the last voice: "A source told SANA ... It added that ..."), "we" anyone."""
    if word == "they":
        agreeing = [entry for entry in history if not entry[1]]
    elif word == "it":
        agreeing = [entry for entry in history if not entry[1] and not entry[2]] or history
    else:
        agreeing = [entry for entry in history if entry[1] == (word in PERSON_PRONOUNS) or word == "we"]
    return agreeing[-1] if agreeing else None


def _plural_common(name: str) -> bool:
    """A source named by a plural common noun ("trusted sources", "activists"), which "it" never stands for
    (a name, "Reuters" or "United Nations", starts with a capital)."""
    words = name.split()
    return bool(words) and name[:1].islower() and words[-1].endswith("s") and not words[-1].endswith("ss")


def _share_interviewer(claims: list[Claim]) -> None:
    """A speaker who "told AFP" one thing told AFP the rest: give their unchained claims that hop (a news
    medium's: one who "told the Security Council" or "told MPs" spoke to them, not through them)."""
    chains: dict[str, list[Hop]] = {}
    for claim in claims:
        if claim.cue == "tell" and claim.via and _medium(claim.via[0].name):
            chains.setdefault(_speaker(claim), claim.via)
            if len(words := _speaker(claim).split()) >= 2:
                chains.setdefault(words[-1], claim.via)  # "Zakaria Malahifji told Reuters ... Malahifji said"
    for claim in claims:
        chain = chains.get(_speaker(claim))
        if chain and not claim.via and not claim.source.own_voice:
            claim.via = [Hop(h.name, h.mention) for h in chain]


def _medium(name: str) -> bool:
    """Whether a hop's name is a news medium's: a wire ("Reuters"), a name with a medium's word ("Anadolu
    Agency", "Al-Arabiya news channel") or one name or acronym ("Rudaw", "FNA"), not an audience ("MPs", "the
    UN Security Council", "the Syrian foreign minister")."""
    words = name.split()
    return name in _WIRES or any(w.lower() in _MEDIA_WORDS for w in words) or (
        len(words) == 1 and (name.istitle() or name.isupper()))


def _speaker(claim: Claim) -> str:
    return (claim.source.antecedent or claim.source.name).lower()


def group_incidents(claims: list[Claim], facts: list[ClaimFacts], published: date | None) -> None:
    """Set `incident`, `event_type` and (where a claim gives none) `date` from the discourse."""
    incidents: list[_Incident] = []
    chosen: list[_Incident | None] = []
    anchors: list[DateMention | None] = []
    for claim, fact in zip(claims, facts, strict=True):
        inc = _place(claim, fact, incidents, chosen, published)
        anchors.append(_referred_date(fact.reference, incidents) if fact.reference else None)
        if inc is not None:
            inc.size += 1
            if fact.reference and (inc.type is None or not _compatible(inc.type, fact.reference)):
                inc.others.add(PUBLIC_NAME.get(fact.reference, fact.reference))  # not the very event it names
            if fact.event:
                inc.types.append(fact.event)
            if fact.date:
                inc.dates.append(fact.date)
        chosen.append(inc)
    for claim, fact, inc, anchor in zip(claims, facts, chosen, anchors, strict=True):
        claim.group = inc.key if inc else None
        # its own words first ("shelling" beside the day's air strike), else its incident's
        stated = fact.event if fact.event not in (*WEAK, "other") else None
        claim.event_type = None if inc is None else _public(stated) if stated else inc.type
        if anchor is not None and inc is not None and fact.reference and _compatible(inc.type, fact.reference):
            anchor = None  # on the very incident it names: that incident's date
        own = fact.date or anchor  # "resumed after the bombing": no earlier than the bombing
        if own is None and inc is not None and inc.dates:
            own = inc.dates[0]
        if own is not None:
            claim.date = own.value
            claim.date_range = own.range


def _place(claim: Claim, fact: ClaimFacts, incidents: list[_Incident], chosen: list[_Incident | None],
           published: date | None) -> _Incident | None:
    if fact.background or _background(fact, published):
        return None
    prev = chosen[-1] if chosen else None
    if fact.joined and chosen and prev is None:
        return None  # "..., but rights groups put the number higher": the sentence stays background
    event = fact.event
    # "he said": the speaker goes on about the same incident, unless he tells of dead of another kind of event
    other_kind = event is not None and event not in ("other", *WEAK) and bool(claim.figures) \
        and prev is not None and not _compatible(prev.type, event)
    if claim.source.antecedent and prev is not None and not other_kind:
        return prev
    if fact.elsewhere and incidents and (claim.figures or event not in (None, "other", *WEAK)):
        return _new(incidents)  # "three people were also killed in another town": not the incident told so far
    if event == "other" and (fact.has_casualties or fact.anaphor) or event in WEAK and fact.anaphor and not fact.date:
        event = None  # "those killed ... guarding the convoy": the deaths, not the convoy, are the news
    recent = _by_last_mention(chosen)
    if event in WEAK and incidents and not (fact.has_casualties or fact.date):
        # the latest incident it can loosely name ("the strikes" after two air strikes: the second)
        for inc in [*(i for i in recent if i.type in _SPECIFIC_FOR.get(event, ())), *recent]:
            if _compatible(inc.type, event):
                return inc
        return None
    if event is None:
        if not (fact.anaphor or fact.has_casualties):
            return None
        if fact.date is not None and incidents:
            when = fact.date
            nearest = min(recent, key=lambda i: _distance(i, when))
            if nearest.dates and not _same_day(nearest.dates[0], when) and any(
                    f.category in ("killed", "injured") for f in claim.figures):
                # dead counted on a day no incident told so far has: another incident (bodies found later are
                # not); counted over a month or a year, a toll of the war, no incident
                return _new(incidents) if len(when.value) == 10 and when.range is None else None
            return nearest
        return incidents[0] if incidents else _new(incidents)
    for inc in recent:
        if not _compatible(inc.type, event) or PUBLIC_NAME.get(event, event) in inc.others:
            continue  # incompatible, or named by its own claims as another event than theirs
        if fact.date is not None and inc.dates and not _same_day(inc.dates[0], fact.date, event == "other"):
            continue
        return inc
    return _new(incidents)


def _by_last_mention(chosen: list[_Incident | None]) -> list[_Incident]:
    """The incidents so far, the one a claim was last placed in first (not the last one opened: a
    sentence about last week's strike does not make it the subject of the next paragraph)."""
    out: list[_Incident] = []
    for inc in reversed(chosen):
        if inc is not None and inc not in out:
            out.append(inc)
    return out


def _referred_date(kind: str, incidents: list[_Incident]) -> DateMention | None:
    """The date of the latest incident of the kind a claim names as its reference point."""
    for inc in reversed(incidents):
        if inc.types and inc.dates and inc.type != "other" and _compatible(inc.type, kind):
            return inc.dates[0]
    return None


def _new(incidents: list[_Incident]) -> _Incident:
    inc = _Incident(key=f"e{len(incidents) + 1}")
    incidents.append(inc)
    return inc


def _compatible(have: str | None, new: str) -> bool:
    have, new = PUBLIC_NAME.get(have or "", have), PUBLIC_NAME.get(new, new)
    if have is None or have == new:
        return True
    if (have == "other") != (new == "other"):
        return False
    return have in _GENERIC or new in _GENERIC or "bombing" not in (have, new) and "armed_clash" not in (have, new) \
        and "ground_attack" not in (have, new)


def _same_day(a: DateMention, b: DateMention, lasting: bool = False) -> bool:
    """Whether the two dates can be one incident's: overlapping, or (for a `lasting` one, an evacuation or a
    siege rather than a blast) within a couple of days."""
    ra = a.range or (a.value, a.value)
    rb = b.range or (b.value, b.value)
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return True
    if not lasting or min(len(ra[0]), len(rb[0])) < 10:
        return False
    gap = min(abs((date.fromisoformat(x[:10]) - date.fromisoformat(y[:10])).days) for x in ra for y in rb)
    return gap <= LASTING_DAYS


def _distance(inc: _Incident, d: DateMention) -> int:
    if not inc.dates or len(d.value) < 10 or len(inc.dates[0].value) < 10:
        return 10_000
    return abs((date.fromisoformat(inc.dates[0].value) - date.fromisoformat(d.value)).days)


def _background(fact: ClaimFacts, published: date | None) -> bool:
    """A statement about the war at large: dated by a year (or month) other than the present one."""
    if fact.date is None or fact.date.kind not in ("year", "month_year", "last_year"):
        return False
    return published is None or not fact.date.value.startswith(str(published.year))


__all__ = ["ANAPHOR", "BACKGROUND", "CASUALTIES", "OTHER_EVENT", "REFERENCE", "ClaimFacts", "event_and_anaphor",
           "group_incidents", "resolve_pronouns"]
