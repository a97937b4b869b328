"""What kind of incident a claim is about, and who carried it out, from the claim's own words."""

from __future__ import annotations

import re

# Ordered: the first type whose pattern matches wins, so specific kinds come before general ones.
EVENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("chemical_attack", r"\b(?:chemical|sarin|chlorine|nerve\s+(?:agent|gas)|"
                            r"(?:toxic|poison(?:ous)?)\s+gas(?:es|ses)?|gas\s+attack|mustard\s+gas)\b"),
        ("massacre", r"\b(?:massacre[sd]?|execut(?:ed|es|e|ion|ions)|slaughter(?:ed)?|beheaded)\b"),
        ("bombing", r"\b(?:car[\s-]?bomb\w*|suicide\s+(?:bomb\w*|attack\w*|car)|bomb\s+(?:attack|blast)|"
                    r"bombings?|bomb\s+exploded|explosives?[\s-]*laden|ied|truck\s+bomb|bomber)\b"),
        ("airstrike", r"\b(?:air\s*strikes?|air[\s-]?raids?|warplanes?|air\s*craft|jets?|helicopters?|"
                      r"barrel\s+bombs?|bombers|aerial|drones?|bombard\w*\s+by\s+(?:the\s+)?(?:coalition|russia\w*)|"
                      r"coalition\s+strikes?|strikes?\s+(?:by|from)\s+(?:the\s+)?(?:us|u\.s\.|coalition|russia\w*))\b"),
        ("shelling", r"\b(?:shell(?:ing|ed|s)|mortars?|artillery|rockets?|missiles?|grad|howitzer)\b"),
        ("armed_clash", r"\b(?:clash(?:es|ed)?|fighting|battles?|firefight|gun\s*battle|skirmish\w*)\b"),
        ("shooting", r"\b(?:sniper|shot\s+dead|gunfire|gunmen\s+opened|shooting|shot)\b"),
        ("ground_attack", r"\b(?:assault|offensive|storm(?:ed)?|seiz(?:ed|ing)|overran|incursion|raid(?:ed)?)\b"),
        ("explosion", r"\b(?:explosions?|blasts?|exploded|detonat\w+)\b"),
        ("strike", r"\b(?:strikes?|struck|raids?|bombard\w*|bombed|bombs?)\b"),
        ("other", r"\b(?:evacuat\w+|convoys?|safe\s+passage|siege|besieged|displac\w+|refugees|relocat\w+)\b"),
    )
)

ACTOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("US-led coalition", r"\b(?:us-led|u\.s\.-led|american-led|international)\s+coalition|\bcoalition\s+"
                             r"(?:forces|jets|warplanes|aircraft|fighter\s+jets|air\s*strikes?|strikes?)\b|"
                             r"\bthe\s+coalition\s+(?:carried|struck|bombed|fired|launched|targeted)\b"),
        ("Russia", r"\brussian\s+(?:warplanes|jets|aircraft|air\s*strikes?|forces|bombers|strikes?)\b"),
        ("Syrian government", r"\b(?:syrian\s+(?:regime|government|army|warplanes|aircraft|troops|forces)|"
                              r"regime\s+(?:forces|warplanes|aircraft|troops)|government\s+(?:forces|warplanes)|"
                              r"assad\s+(?:regime|forces))\b"),
        ("ISIL", r"\b(?:isil|isis|daesh|islamic\s+state|is\s+(?:militants|fighters|group))\b(?=.{0,40}\b(?:"
                 r"execut|kill|seiz|attack|launch|bomb|massacr|overran|shell))"),
        ("terrorists", r"\bterrorists\s+(?:attacked|targeted|bombed|shelled|killed|detonated|blew)\b"),
    )
)


# Words that name an event only loosely ("strikes", "a blast", "the convoy"): they join an incident
# the article already tells rather than open one.
WEAK = frozenset({"strike", "explosion"})
PUBLIC_NAME = {"strike": "airstrike"}


def event_type(text: str) -> str | None:
    """The incident type the text describes ("strike" for a loose word), or None when it names no event."""
    for name, pattern in EVENT_PATTERNS:
        if pattern.search(text):
            return name
    return None


def actor(text: str) -> str | None:
    """Who carried out the incident, when the text says so."""
    for name, pattern in ACTOR_PATTERNS:
        if pattern.search(text):
            return name
    return None


__all__ = ["PUBLIC_NAME", "WEAK", "actor", "event_type"]
