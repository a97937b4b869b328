"""Numbers written in digits or words: "1,100", "320000", "seventeen", "twenty-two", "two hundred".

Parsing numbers is its own concept (figures use it, dates must not be mistaken for it).
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
NUMBER = re.compile(
    rf"(?<![\w.-])(?:(?P<digits>{_DIGITS})|(?P<words>(?:{_WORD})(?:-(?:{_WORD}))?)|(?P<one>an?)(?=\s+(?:hundred|thousand)\b))"
    rf"(?:\s+(?P<scale>hundred|thousand|million))?(?![\w-])",
    re.I,
)
"""A number and an optional scale word ("a hundred" with its scale only); not part of a hyphenated compound
("six-month-old")."""


def number_value(match: re.Match[str]) -> int | None:
    """The integer a `NUMBER` match denotes (None when it is not a whole number)."""
    digits, words, scale = match.group("digits"), match.group("words"), match.group("scale")
    if digits:
        text = digits.replace(",", "")
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
