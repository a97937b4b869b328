"""Matching keys for place names written in many transliterations.

Arabic names reach English text in several spellings: Deir ez-Zor / Deir Ezzor / Dayr az Zawr,
Al-Buqa'an / Baq'an / Al Baqan, Abu Hassan / Abo Al Hassan / Abou Al Hasan. Two keys make them
comparable without a transliteration table:

- `normal_name`: ASCII, lower case, the article (al-, el-, ash- ...) and generic words (village,
  province ...) dropped, common spelling pairs unified (abo/abou -> abu, ou -> u, ee -> i);
- `skeleton`: the consonants of that form with doubled letters collapsed, the part of a name
  that transliteration rarely changes ("drzr" for every Deir ez-Zor above).

The skeleton finds candidates; `name_similarity` (edit distance on the normal form) ranks them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# The Arabic article and its sun-letter assimilations, as separate words or hyphenated prefixes.
_ARTICLES = {"al", "el", "al-", "el-", "ar", "as", "ash", "ad", "adh", "an", "at", "ath", "az", "ul", "the",
             "ez", "es", "esh", "ed", "er", "et", "en", "ez-", "es-", "ed-", "er-", "et-", "en-"}
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ash|ad|an|at|az|ath|ez|es|esh|ed|er|et|en)-(?=\w)")
# Words that tell apart parts of a place (upper/lower, big/small, east/west), dropped for an alias.
QUALIFIER_WORDS = {
    "fawqani", "fauqani", "foqani", "tahtani", "kabir", "kebir", "saghir", "sghir",
    "sharqi", "gharbi", "shamali", "janubi", "jadid", "qadim", "jazeera", "jazira", "shamiya",
}
# Words that say what kind of place a name is, not which one.
GENERIC_WORDS = {
    "village", "town", "city", "province", "governorate", "district", "subdistrict", "region",
    "countryside", "area", "neighbourhood", "neighborhood", "camp", "muhafazah", "mintaqat",
    "nahiyat", "qaryat", "suburb", "outskirts", "desert", "transit", "point", "towns", "villages",
    # "the village of", "rebel-held", "besieged": how the text frames a place, not its name
    "of", "rebel", "held", "controlled", "besieged", "nearby", "regime", "opposition", "government",
}
_SPELLING = (
    (re.compile(r"\babou?\b"), "abu"),
    (re.compile(r"\bdayr\b"), "deir"),
    (re.compile(r"\bder\b"), "deir"),
    (re.compile(r"\btall\b"), "tell"),
    (re.compile(r"\bal ?bu\b"), "bu"),  # "Albu Badran" = "Al Bu Badran" = "Al Boubadran"
    (re.compile(r"ou"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"(?<=[aeiou])h\b"), ""),  # final ta marbuta: Sha'fah = Sha'fa
    (re.compile(r"ei"), "ay"),
)


def ascii_fold(text: str) -> str:
    """Accents and diacritics off, apostrophes and ayn/hamza marks removed, lower case."""
    text = re.sub(r"[\u2018\u2019\u02bf\u02be'`´‘’ʻ]", "", text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def words(name: str) -> list[str]:
    """The words of a name after folding, the article and generic words removed."""
    folded = ascii_fold(name)
    out: list[str] = []
    for raw in re.split(r"[\s/,;:()]+", folded):
        raw = _ARTICLE_PREFIX.sub("", raw.strip("-.\"“”"))
        for word in raw.split("-"):
            if word and word not in _ARTICLES and word not in GENERIC_WORDS:
                out.append(word)
    return out


@lru_cache(maxsize=1 << 17)
def normal_name(name: str) -> str:
    """The comparable spelling of a name: 'Al-Buqa'an village' -> 'buqaan'."""
    joined = " ".join(words(name))
    for pattern, repl in _SPELLING:
        joined = pattern.sub(repl, joined)
    return joined


@lru_cache(maxsize=1 << 17)
def skeleton(name: str) -> str:
    """Consonants of the normal name without spaces, doubled letters collapsed: 'Deir ez-Zor' -> 'drzr'."""
    norm = normal_name(name).replace(" ", "")
    norm = re.sub(r"(?<=.)(?:[aeiou]|[yw](?![aeiou]))", "", norm)  # y, w stay where they are consonants
    norm = re.sub(r"^[aeiou]", "", norm)
    return re.sub(r"(.)\1+", r"\1", norm)


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two names on their normal forms (1.0 for the same normal form)."""
    na, nb = normal_name(a).replace(" ", ""), normal_name(b).replace(" ", "")
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    sa, sb = skeleton(a), skeleton(b)
    base = Levenshtein.normalized_similarity(na, nb)
    # Same consonants means another transliteration, unless the skeleton is too short to tell.
    if sa == sb and ((len(sa) >= 3 and base >= 0.5) or base >= 0.75):
        return max(base, 0.85)
    return base
