"""Numbers written in digits or words: "1,100", "320000", "seventeen", "twenty-two", "two hundred".

Parsing numbers is its own concept (figures use it, dates must not be mistaken for it).
"""

from __future__ import annotations

import re

from kg.extract.lexicon import load_lexicon

_LEXICON = load_lexicon()
UNITS = _LEXICON.number_units  # "one" -> 1 ... "nineteen" -> 19 (kg/data/lexicon/number_words.txt)
TENS = _LEXICON.number_tens  # "twenty" -> 20 ... "ninety" -> 90
SCALES = _LEXICON.number_scales  # "hundred", "thousand", "million"

MAX_DIGITS = 15  # longest whole number read as a value (a float holds 15 digits exactly)

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "|".join(SCALES)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
NUMBER = re.compile(
    rf"(?<![\w.-])(?:(?P<digits>{_DIGITS})|(?P<words>(?:{_WORD})(?:-(?:{_WORD}))?)|(?P<one>an?)(?=\s+(?:hundred|thousand)\b))"
    rf"(?:\s+(?P<scale>{_SCALE}))?(?![\w-])",
    re.I,
)
"""A number and an optional scale word ("a hundred" with its scale only); not part of a hyphenated compound
("six-month-old")."""


def number_value(match: re.Match[str]) -> int | None:
    """The integer a `NUMBER` match denotes (None when it is not a whole number)."""
    digits, words, scale = match.group("digits"), match.group("words"), match.group("scale")
    if digits:
        text = digits.replace(",", "")
        if len(text.partition(".")[0]) > MAX_DIGITS:
            return None  # no count: a serial number, a code, or a typing error
        try:
            value = float(text)
        except ValueError:
            return None
    elif not words:  # "a hundred"
        value = 1.0
    else:
        value = 0.0
        for part in words.lower().split("-"):
            value += UNITS.get(part, 0) + TENS.get(part, 0)
    if scale:
        value *= SCALES[scale.lower()]
    return int(value) if value == int(value) else None


__all__ = ["NUMBER", "TENS", "UNITS", "number_value"]
