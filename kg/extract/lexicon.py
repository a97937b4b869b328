"""The words the rules read, as data: one file per concern under kg/data/lexicon/, loaded once.

Each file is plain text, one entry a line, with a "#" header saying what the list is for, where it
is used and how it was made. A list of words is one word (or phrase) a line; a table is the word, a
tab, its value; a grouped list is the group, a tab, the entry (groups keep the order of their first
line). `load_lexicon()` reads every file once into a frozen `Lexicon`; the rule modules take their
lists from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list of the rules extractor (the file each comes from in brackets)."""

    # reporting expressions (cues.py)
    speech_verbs: frozenset[str]  # speech_verbs.txt
    clause_verbs: frozenset[str]  # clause_verbs.txt
    number_nouns: frozenset[str]  # number_nouns.txt
    claim_objects: frozenset[str]  # claim_objects.txt
    state_nouns: frozenset[str]  # state_nouns.txt
    # who speaks (cues.py, speakers.py, attribution.py, rules.py)
    headline_credits: frozenset[str]  # headline_credits.txt
    speaker_nouns: frozenset[str]  # speaker_nouns.txt, with every headline credit
    document_nouns: frozenset[str]  # document_nouns.txt
    manner_nouns: frozenset[str]  # manner_nouns.txt
    # numbers and casualty figures (numbers.py, figures.py)
    number_units: Mapping[str, int]  # number_words.txt, values below 20
    number_tens: Mapping[str, int]  # number_words.txt, 20 to 90
    number_scales: Mapping[str, int]  # number_words.txt, 100 and above
    victim_nouns: Mapping[str, str]  # victim_nouns.txt: word -> victim group
    victim_fillers: frozenset[str]  # victim_fillers.txt
    casualty_words: Mapping[str, str]  # casualty_words.txt: word -> category
    not_victims: frozenset[str]  # not_victims.txt
    figure_followers: frozenset[str]  # figure_followers.txt
    life_taking_verbs: frozenset[str]  # life_taking_verbs.txt
    casualty_verbs: frozenset[str]  # casualty_verbs.txt
    figure_qualifiers: tuple[tuple[str, tuple[str, ...]], ...]  # figure_qualifiers.txt: qualifier -> phrases
    future_markers: tuple[str, ...]  # future_markers.txt
    other_event_words: tuple[str, ...]  # other_event_words.txt (discourse.py)
    partial_counts: Mapping[str, tuple[str, ...]]  # partial_counts.txt (resolve/summary.py)
    # hedges and incidents (hedges.py, discourse.py)
    hedges: tuple[str, ...]  # hedges.txt
    casualty_phrases: tuple[str, ...]  # casualty_phrases.txt
    # speakers and names (speakers.py, phrases.py)
    inverting_verbs: frozenset[str]  # inverting_verbs.txt
    role_nouns: frozenset[str]  # role_nouns.txt
    issuing_verbs: frozenset[str]  # issuing_verbs.txt
    document_like_nouns: frozenset[str]  # document_like_nouns.txt
    titles: frozenset[str]  # titles.txt
    # segmentation (sentences.py)
    story_openers: frozenset[str]  # story_openers.txt
    quantity_openers: frozenset[str]  # quantity_openers.txt
    vague_counts: frozenset[str]  # vague_counts.txt
    no_count_before: frozenset[str]  # no_count_before.txt
    numbered_names: frozenset[str]  # numbered_names.txt
    # places (placenames.py)
    not_places: frozenset[str]  # not_places.txt
    not_place_heads: frozenset[str]  # not_place_heads.txt
    region_places: frozenset[str]  # region_places.txt
    # attribution (attribution.py, neural.py)
    pronouns: frozenset[str]  # pronouns.txt
    no_speakers: frozenset[str]  # no_speakers.txt
    chain_cues: frozenset[str]  # chain_cues.txt
    clause_links: frozenset[str]  # clause_links.txt
    link_starts: frozenset[str]  # link_starts.txt
    event_nouns: frozenset[str]  # event_nouns.txt
    place_nouns: frozenset[str]  # place_nouns.txt
    nominal_cues: frozenset[str]  # nominal_cues.txt
    clause_breaks: frozenset[str]  # clause_breaks.txt
    event_cues: frozenset[str]  # event_cues.txt: cue lemmas that tell an event (the conflict domain's veto)
    non_report_cues: frozenset[str]  # non_report_cues.txt: copulas and light verbs (vetoed with them)
    going_on_cues: frozenset[str]  # going_on_cues.txt: a speaker going on in a participle (one claim)
    body_words: frozenset[str]  # body_words.txt
    agent_roles: frozenset[str]  # agent_roles.txt (source resolution from here on)
    speaking_roles: frozenset[str]  # speaking_roles.txt
    reporter_roles: frozenset[str]  # reporter_roles.txt
    person_titles: frozenset[str]  # person_titles.txt
    person_nouns: frozenset[str]  # person_nouns.txt: nouns for one person ("another activist said ... he said")
    singular_s_nouns: frozenset[str]  # singular_s_nouns.txt: one body though it ends in s ("corps")
    name_particles: frozenset[str]  # name_particles.txt: lower-case words inside a person's name ("al-", "bin")
    naming_verbs: frozenset[str]  # naming_verbs.txt: verbs that give a name ("dubbed", "known as")
    caption_nouns: frozenset[str]  # caption_nouns.txt: "a picture ... shows" is a caption
    voice_documents: frozenset[str]  # voice_documents.txt
    document_leads: frozenset[str]  # document_leads.txt
    media_words: frozenset[str]  # media_words.txt
    relation_compounds: frozenset[str]  # relation_compounds.txt
    kind_nouns: Mapping[str, tuple[str, ...]]  # kind_nouns.txt: an agent kind -> the nouns that point back at it
    # the words inside regular expressions, by group (the modules build their patterns from them)
    place_frames: Mapping[str, tuple[str, ...]]  # place_frames.txt (placenames.py)
    place_name_parts: Mapping[str, tuple[str, ...]]  # place_name_parts.txt (placenames.py)
    group_name_parts: Mapping[str, tuple[str, ...]]  # group_name_parts.txt (placenames.py)
    place_hints: Mapping[str, tuple[str, ...]]  # place_hints.txt (kg/resolve/places.py)
    capitals: Mapping[str, str]  # capitals.txt: a country's adjective -> its capital (placenames.py, places.py)
    wires: tuple[str, ...]  # wires.txt (sentences.py)
    page_chrome: tuple[str, ...]  # page_chrome.txt (sentences.py)
    credits: Mapping[str, tuple[str, ...]]  # credits.txt (sentences.py)
    segment_words: Mapping[str, tuple[str, ...]]  # segment_words.txt (sentences.py)
    months: Mapping[str, int]  # months.txt: spelling -> month number (dates.py, sentences.py, figures.py)
    weekdays: Mapping[str, int]  # weekdays.txt: day -> number, Monday 0 (dates.py, sentences.py)
    date_words: Mapping[str, tuple[str, ...]]  # date_words.txt (dates.py)
    name_leads: tuple[str, ...]  # name_leads.txt (kg/resolve/agents.py)
    airwars_locations: Mapping[str, tuple[str, ...]]  # airwars_locations.txt (kg/resolve/gazetteer_sources.py)
    event_patterns: tuple[tuple[str, tuple[str, ...]], ...]  # event_patterns.txt: (type, regex alternatives), in order
    actor_patterns: tuple[tuple[str, tuple[str, ...]], ...]  # actor_patterns.txt: (actor, regex alternatives), in order


def _entries(name: str) -> list[str]:
    """The entries of kg/data/lexicon/NAME.txt, in file order (comments and blank lines skipped)."""
    text = resources.files("kg.data").joinpath("lexicon", f"{name}.txt").read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _phrases(name: str) -> tuple[str, ...]:
    return tuple(_entries(name))


def _words(name: str) -> frozenset[str]:
    return frozenset(_entries(name))


def _table(name: str) -> Mapping[str, str]:
    """A word, a tab, its value, a line: a read-only mapping in file order."""
    return MappingProxyType(dict(_rows(name)))


def _groups(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A group, a tab, an entry, a line: the groups in the order they first appear, each with its entries."""
    out: dict[str, list[str]] = {}
    for key, value in _rows(name):
        out.setdefault(key, []).append(value)
    return tuple((k, tuple(v)) for k, v in out.items())


def _rows(name: str) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in _entries(name)]
    bad = [r for r in rows if len(r) != 2]
    if bad:
        raise ValueError(f"kg/data/lexicon/{name}.txt: want two fields a line, split by a tab; got {bad[0]!r}")
    return [(k.strip(), v.strip()) for k, v in rows]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped in kg/data/lexicon/, read once."""
    headline_credits = _words("headline_credits")
    numbers = {w: int(v) for w, v in _rows("number_words")}
    return Lexicon(
        speech_verbs=_words("speech_verbs"),
        clause_verbs=_words("clause_verbs"),
        number_nouns=_words("number_nouns"),
        claim_objects=_words("claim_objects"),
        state_nouns=_words("state_nouns"),
        headline_credits=headline_credits,
        speaker_nouns=headline_credits | _words("speaker_nouns"),
        document_nouns=_words("document_nouns"),
        manner_nouns=_words("manner_nouns"),
        number_units=MappingProxyType({w: v for w, v in numbers.items() if v < 20}),
        number_tens=MappingProxyType({w: v for w, v in numbers.items() if 20 <= v < 100}),
        number_scales=MappingProxyType({w: v for w, v in numbers.items() if v >= 100}),
        victim_nouns=_table("victim_nouns"),
        victim_fillers=_words("victim_fillers"),
        casualty_words=_table("casualty_words"),
        not_victims=_words("not_victims"),
        figure_followers=_words("figure_followers"),
        life_taking_verbs=_words("life_taking_verbs"),
        casualty_verbs=_words("casualty_verbs"),
        figure_qualifiers=_groups("figure_qualifiers"),
        future_markers=_phrases("future_markers"),
        other_event_words=_phrases("other_event_words"),
        partial_counts=MappingProxyType(dict(_groups("partial_counts"))),
        hedges=_phrases("hedges"),
        casualty_phrases=_phrases("casualty_phrases"),
        inverting_verbs=_words("inverting_verbs"),
        role_nouns=_words("role_nouns"),
        issuing_verbs=_words("issuing_verbs"),
        document_like_nouns=_words("document_like_nouns"),
        titles=_words("titles"),
        story_openers=_words("story_openers"),
        quantity_openers=_words("quantity_openers"),
        vague_counts=_words("vague_counts"),
        no_count_before=_words("no_count_before"),
        numbered_names=_words("numbered_names"),
        not_places=_words("not_places"),
        not_place_heads=_words("not_place_heads"),
        region_places=_words("region_places"),
        pronouns=_words("pronouns"),
        no_speakers=_words("no_speakers"),
        chain_cues=_words("chain_cues"),
        clause_links=_words("clause_links"),
        link_starts=_words("link_starts"),
        event_nouns=_words("event_nouns"),
        place_nouns=_words("place_nouns"),
        nominal_cues=_words("nominal_cues"),
        clause_breaks=_words("clause_breaks"),
        event_cues=_words("event_cues"),
        non_report_cues=_words("non_report_cues"),
        going_on_cues=_words("going_on_cues"),
        body_words=_words("body_words"),
        agent_roles=_words("agent_roles"),
        speaking_roles=_words("speaking_roles"),
        reporter_roles=_words("reporter_roles"),
        person_titles=_words("person_titles"),
        person_nouns=_words("person_nouns"),
        singular_s_nouns=_words("singular_s_nouns"),
        name_particles=_words("name_particles"),
        naming_verbs=_words("naming_verbs"),
        caption_nouns=_words("caption_nouns"),
        voice_documents=_words("voice_documents"),
        document_leads=_words("document_leads"),
        media_words=_words("media_words"),
        relation_compounds=_words("relation_compounds"),
        kind_nouns=MappingProxyType(dict(_groups("kind_nouns"))),
        place_frames=MappingProxyType(dict(_groups("place_frames"))),
        place_name_parts=MappingProxyType(dict(_groups("place_name_parts"))),
        group_name_parts=MappingProxyType(dict(_groups("group_name_parts"))),
        place_hints=MappingProxyType(dict(_groups("place_hints"))),
        capitals=_table("capitals"),
        wires=_phrases("wires"),
        page_chrome=_phrases("page_chrome"),
        credits=MappingProxyType(dict(_groups("credits"))),
        segment_words=MappingProxyType(dict(_groups("segment_words"))),
        months=MappingProxyType({w: int(v) for w, v in _rows("months")}),
        weekdays=MappingProxyType({w: int(v) for w, v in _rows("weekdays")}),
        date_words=MappingProxyType(dict(_groups("date_words"))),
        name_leads=_phrases("name_leads"),
        airwars_locations=MappingProxyType(dict(_groups("airwars_locations"))),
        event_patterns=_groups("event_patterns"),
        actor_patterns=_groups("actor_patterns"),
    )


def alternation(phrases: Iterable[str], *, longest_first: bool = False, spaces: str = r"\s+") -> str:
    """A regular-expression alternation of plain phrases, in their order: the words of a phrase escaped,
    any run of spaces between them ("at least" -> `at\\s+least`). Wrap it in a group of your own.

    `longest_first` puts longer phrases first (ties keep their order), so that where one phrase begins
    another ("village", "villages") the longer is tried first, as an optional ending (`villages?`) would.
    `spaces` is the pattern between words (" " for exactly one space)."""
    ordered = sorted(phrases, key=len, reverse=True) if longest_first else list(phrases)
    return "|".join(spaces.join(re.escape(word) for word in phrase.split()) for phrase in ordered)


def one_of(phrases: Iterable[str], *, spaces: str = r"\s+") -> str:
    """A non-capturing group matching any of the phrases, longer ones tried first: `(?:villages|village)`."""
    return f"(?:{alternation(phrases, longest_first=True, spaces=spaces)})"


__all__ = ["Lexicon", "alternation", "load_lexicon", "one_of"]
