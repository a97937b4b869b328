"""Casualty figures in a stretch of text: count, qualifier, category and victim group.

Pure text rules (no parse): the FA-KES corpus has no commas, where parse-based number
attachment goes wrong, while the lexical neighbourhood of a number stays reliable.
"""

from __future__ import annotations

import re

from kg.extract.numbers import NUMBER, number_value
from kg.model import Figure, Span

_WORDS = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d[\d,.]*|[^\sA-Za-z\d]")

QUALIFIER_BEFORE = (
    (re.compile(r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of)\s+$", re.I),
     "at_least"),
    (re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding)\s+$", re.I), "more_than"),
    (re.compile(r"\b(?:up\s+to|as\s+many\s+as|at\s+most|a\s+maximum\s+of)\s+$", re.I), "at_most"),
    (re.compile(r"\b(?:less\s+than|fewer\s+than|under|nearly|almost|close\s+to|just\s+under)\s+$", re.I),
     "fewer_than"),
    (re.compile(r"\b(?:about|around|some|approximately|roughly|an\s+estimated|estimated|circa|nearly\s+some)\s+$",
                re.I), "approximately"),
)

# Words that make a number a count of people, and the victim group they name.
VICTIMS = {
    "people": "people", "persons": "people", "person": "people", "individuals": "people", "syrians": "people",
    "residents": "people", "others": "people", "villagers": "people", "family": "people",
    "civilians": "civilians", "civilian": "civilians",
    "children": "children", "child": "children", "kids": "children", "boys": "children", "girls": "children",
    "infants": "children", "minors": "children",
    "women": "women", "woman": "women", "men": "men", "man": "men",
    "fighters": "fighters", "militants": "fighters", "rebels": "fighters", "jihadists": "fighters",
    "terrorists": "fighters", "gunmen": "fighters", "insurgents": "fighters", "members": "people",
    "loyalists": "fighters", "militiamen": "fighters", "combatants": "fighters", "extremists": "fighters",
    "mercenaries": "fighters",
    "medics": "medics", "doctors": "medics", "nurses": "medics", "paramedics": "medics", "staff": "medics",
    "staffers": "aid workers", "rescuers": "aid workers", "journalists": "journalists", "pilgrims": "people",
    "more": "people",
    "soldiers": "soldiers", "troops": "soldiers", "servicemen": "soldiers", "policemen": "soldiers",
    "officers": "soldiers", "personnel": "soldiers", "guards": "soldiers",
    "evacuees": "evacuees", "refugees": "refugees", "workers": "aid workers", "volunteers": "aid workers",
    "patients": "patients", "students": "students", "worshippers": "people", "passengers": "people",
    "bodies": "people", "dead": "people", "victims": "people", "casualties": "people",
}
# Modifiers that may sit between the number and the victim noun.
_FILLERS = frozenset({"other", "more", "syrian", "us", "russian", "iraqi", "turkish", "kurdish", "government",
                      "pro-government", "regime", "rebel", "opposition", "isis", "isil", "daesh", "is", "innocent",
                      "unarmed", "of", "the", "its", "their", "his", "her", "our", "those", "these", "family",
                      "aid", "local", "foreign", "civil", "defence", "defense", "pro-regime", "army"})

CATEGORY_WORDS = {
    "killed": "killed", "kill": "killed", "kills": "killed", "killing": "killed", "dead": "killed",
    "death": "killed", "deaths": "killed", "died": "killed", "die": "killed", "dying": "killed",
    "lives": "killed", "toll": "killed", "executed": "killed", "execute": "killed", "executes": "killed",
    "massacred": "killed", "slain": "killed", "fallen": "killed",
    "fatalities": "killed", "perished": "killed", "lost": "killed",
    "casualties": "killed", "murdered": "killed", "beheaded": "killed", "claimed": "killed",
    "wounded": "injured", "injured": "injured", "hurt": "injured", "injuries": "injured",
    "wounding": "injured", "injuring": "injured", "injures": "injured", "wounds": "injured", "injury": "injured",
    "missing": "missing", "disappeared": "missing",
    "bodies": "bodies_recovered", "remains": "bodies_recovered", "retrieved": "bodies_recovered",
    "recovered": "bodies_recovered", "corpses": "bodies_recovered", "exhumed": "bodies_recovered",
    "displaced": "displaced", "evacuated": "displaced", "fled": "displaced", "left": "displaced",
    "passage": "displaced", "transported": "displaced", "relocated": "displaced", "evacuation": "displaced",
    "carrying": "displaced", "uprooted": "displaced", "homeless": "displaced",
    "detained": "detained", "arrested": "detained", "abducted": "detained", "kidnapped": "detained",
    "captured": "detained", "detention": "detained", "arrests": "detained", "imprisoned": "detained",
}
# Nouns after a number that make it anything but a count of people.
NOT_VICTIMS = frozenset("""
    hours hour days day weeks week months month years year minutes km kilometers kilometres miles mile metres
    meters feet percent per cent airstrikes strikes raids attacks buses vehicles villages towns cities
    times rockets missiles shells bombs barrels tonnes tons dollars euros pounds points districts kilometer
    sorties targets homes houses buildings aircraft planes jets tanks positions sites incidents incident
    explosions blasts bombings clashes operations rounds waves areas neighbourhoods neighborhoods schools
    hospitals markets mosques provinces locations fronts
""".split())
_FUTURE = re.compile(r"\b(?:will|would|set\s+(?:for|to)|are\s+to|is\s+to|expected\s+to|plan(?:s|ned)?\s+to)\b",
                     re.I)
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)
_WINDOW = 12
_TOLL = re.compile(r"\btoll\b", re.I)
_BARE_FOLLOWERS = frozenset({"of", "in", "on", "and", "as", "when", "after", "since", "from", "at", "by", "with",
                             "while", "including", "among", "during", "over", "across", "amid", "but"})


def find_figures(text: str, offset: int = 0, *, default_category: str | None = None) -> list[Figure]:
    """Every casualty figure in `text`; spans are shifted by `offset` (the text's start in the article).

    `default_category` is the category of a figure stated just before (in the sentence this clause
    belongs to): "36 people killed, with local media reporting upwards of 40".
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text)]
    starts = {s: i for i, (s, _, _) in enumerate(words)}
    figures: list[Figure] = []
    pending_between: int | None = None
    for m in NUMBER.finditer(text):
        count = number_value(m)
        if count is None or count <= 0 or m.start() not in starts:
            continue
        i = starts[m.start()]
        j = i + 1 + (1 if m.group("scale") else 0)
        if _is_date_part(words, i, j, count):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        victims, after = _victims(words, j)
        toll = bool(_TOLL.search(text[:m.start()]))
        if victims is None:
            nxt = words[after][2] if after < len(words) else ""
            if nxt.lower() in NOT_VICTIMS:
                continue
            if nxt[:1].isalpha() and nxt.lower() not in CATEGORY_WORDS and nxt.lower() not in _BARE_FOLLOWERS:
                if not (toll and (nxt[:1].isupper() or nxt.lower() in ("a", "an", "the"))):
                    continue
        category = _category(words, i, after, figures)
        if toll and (category is None or category == "displaced"):
            category = "killed"
        if category is None and victims is None:
            category = default_category
        if category is None:
            continue
        if _FUTURE.search(text[m.end():words[min(after + 5, len(words) - 1)][1]]):
            continue
        qualifier = "exact"
        if pending_between is not None and re.match(r"\s*and\s*$", text[words[pending_between][1]:m.start()]):
            qualifier = "at_most"
            pending_between = None
        elif _BETWEEN.search(before):
            qualifier, pending_between = "at_least", j - 1
        else:
            for pattern, name in QUALIFIER_BEFORE:
                if pattern.search(before):
                    qualifier = name
                    break
        span = Span(offset + m.start(), offset + m.end(), m.group())
        figures.append(Figure(count=count, qualifier=qualifier, category=category,
                              victims=victims or "people", span=span))
    return figures


def _is_date_part(words: list[tuple[int, int, str]], i: int, j: int, count: int) -> bool:
    prev = words[i - 1][2] if i > 0 else ""
    nxt = words[j][2] if j < len(words) else ""
    if _MONTH.match(prev) or _MONTH.match(nxt):
        return True
    return 1900 <= count <= 2100 and (nxt.lower() not in VICTIMS)


def _victims(words: list[tuple[int, int, str]], j: int) -> tuple[str | None, int]:
    """The victim group named after a number, and the index of the first word not consumed."""
    k = j
    while k < len(words) and k - j < 4:
        w = words[k][2].lower()
        if w in VICTIMS:
            if w == "dead" and k == j:
                return None, k
            if w == "more" and (k + 1 >= len(words) or words[k + 1][2].lower() in VICTIMS):
                k += 1
                continue  # "two more civilians"
            if w == "more" and k + 1 < len(words) and words[k + 1][2].lower() in NOT_VICTIMS:
                return None, j  # "two more incidents": not people
            return VICTIMS[w], k + 1
        if w in _FILLERS or w == "-":
            k += 1
            continue
        break
    return None, j


_TAKING = frozenset({"claimed", "claim", "claims", "claiming", "cost", "costs", "costing", "took", "take", "takes",
                     "taken", "taking"})


def _took_lives(words: list[tuple[int, int, str]], k: int) -> bool:
    """ "claimed the lives of over 470000 people": killed, whatever word follows the victims."""
    return words[k][2].lower() == "lives" and 2 <= k < len(words) - 1 and words[k + 1][2].lower() == "of" \
        and words[k - 1][2].lower() == "the" and words[k - 2][2].lower() in _TAKING


def _category(words: list[tuple[int, int, str]], i: int, after: int, figures: list[Figure]) -> str | None:
    """The nearest category word around the number; the previous figure's when none is near."""
    best: tuple[int, str] | None = None
    joined = False  # an "and" between the number and the word after: that word goes with what follows
    for k in range(max(0, after - 1), min(len(words), after + _WINDOW)):
        word = words[k][2].lower()
        cat = CATEGORY_WORDS.get(word)
        if cat and (k > i or word == "bodies"):
            best = (k - after, cat)
            break
        joined = joined or (k >= after and word in ("and", "while", "but"))
    for k in range(i - 1, max(-1, i - _WINDOW), -1):
        cat = CATEGORY_WORDS.get(words[k][2].lower())
        if cat and words[k][2].lower() == "left" and best is not None and best[0] <= 1:
            break  # "left 20 others wounded": what they were left, not who left
        if cat:
            distance = i - k
            if best is None or distance < best[0] or distance == 1 or (joined and distance <= 4) or (
                    cat == "bodies_recovered" and best[1] != "killed" and best[0] > 2) or (
                    distance <= 4 and _took_lives(words, k)):
                best = (distance, cat)  # "killed more than 132 civilians and injured around 900"
            break
    if best is not None:
        if best[1] == "displaced" and figures and best[0] > 4:
            return figures[-1].category
        return best[1]
    return figures[-1].category if figures else None


__all__ = ["find_figures"]
