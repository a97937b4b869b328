"""Casualty figures in a stretch of text: count, qualifier, category and victim group.

Pure text rules (no parse): the FA-KES corpus has no commas, where parse-based number
attachment goes wrong, while the lexical neighbourhood of a number stays reliable. The words
(victims, casualty words, qualifiers) are data in kg/data/lexicon/.
"""

from __future__ import annotations

import re

from kg.extract.dates import NUMERIC_DATE
from kg.extract.lexicon import alternation, load_lexicon, one_of
from kg.extract.numbers import NUMBER, TENS, UNITS, number_value
from kg.model import CATEGORIES, QUALIFIERS, Category, Figure, Qualifier, Span, in_vocabulary

_WORDS = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d[\d,.]*|[^\sA-Za-z\d]")

_LEXICON = load_lexicon()

# A qualifier and the words right before the number that give it ("at least 12"), first match wins.
QUALIFIER_BEFORE = tuple((re.compile(rf"\b(?:{alternation(phrases)})\s+$", re.I),
                          in_vocabulary(qualifier, QUALIFIERS, "figure_qualifiers.txt: qualifier"))
                         for qualifier, phrases in _LEXICON.figure_qualifiers)

# Words that make a number a count of people, and the victim group they name.
VICTIMS = _LEXICON.victim_nouns
# Modifiers that may sit between the number and the victim noun.
_FILLERS = _LEXICON.victim_fillers

CATEGORY_WORDS: dict[str, Category] = {word: in_vocabulary(category, CATEGORIES, "casualty_words.txt: category")
                                       for word, category in _LEXICON.casualty_words.items()}
# Nouns after a number that make it anything but a count of people.
NOT_VICTIMS = _LEXICON.not_victims
_FUTURE = re.compile(rf"\b(?:{alternation(_LEXICON.future_markers)})\b", re.I)
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
# A month's name or abbreviation (months.txt), not a word it begins ("separate", "declared", "married"); the
# names that are also English words only with a capital ("may have died", "march on")
_WORD_MONTHS = ("may", "march")
_MONTH = re.compile(rf"^(?:(?i:{one_of(sorted(m for m in _LEXICON.months if m not in _WORD_MONTHS))})|May|March)\.?$")
_WINDOW = 12
# "al-Sham", "al-Nusra": a name's word after a lower-case Arabic article (place_name_parts.txt, first_article)
_ARTICLED_NAME = re.compile(rf"{one_of(_LEXICON.place_name_parts['first_article'])}-[A-Z]")
# No count of people is larger than the people on earth (UN, 2024): such a number is a typing error.
WORLD_POPULATION = 8_200_000_000
_NEGATIVE = re.compile(r"(?:\b(?:minus|negative)\s+|\u2212\s*)$", re.I)  # "minus 5", "−5": no count of people
_TOLL = re.compile(r"\btoll\b", re.I)
_TOLL_AT = re.compile(r"\b(?:at|to|reached|hit)\s+$", re.I)  # "put the death toll at 16 earlier": the toll's number
_BARE_FOLLOWERS = _LEXICON.figure_followers
_VAGUE_COUNTS = _LEXICON.vague_counts
_NO_COUNT_BEFORE = _LEXICON.no_count_before
_NUMBERED_NAMES = _LEXICON.numbered_names


def find_figures(text: str, offset: int = 0, *, default_category: Category | None = None) -> list[Figure]:
    """Every casualty figure in `text`; spans are shifted by `offset` (the text's start in the article).

    `default_category` is the category of a figure stated just before (in the sentence this clause
    belongs to): "36 people killed, with local media reporting upwards of 40".
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text)]
    starts = {s: i for i, (s, _, _) in enumerate(words)}
    figures: list[Figure] = []
    taken: set[int] = set()  # category words said of a figure they follow ("2 Civilians Killed 9 Injured")
    pending_between: int | None = None
    for m in NUMBER.finditer(text):
        count = number_value(m)
        if count is None or count <= 0 or count > WORLD_POPULATION or m.start() not in starts:
            continue
        if _NEGATIVE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        i = starts[m.start()]
        j = i + 1 + (1 if m.group("scale") else 0)
        if _is_date_part(words, i, j, count):
            continue
        if any(w[2].lower() in _NO_COUNT_BEFORE for w in words[max(0, i - 4):i]):
            continue  # "children aged from four to 10", "the population was over 20 million": no counts
        if i > 0 and words[i - 1][2][:1].isupper() and words[i - 1][2].lower() in _NUMBERED_NAMES:
            continue  # "Al-Nusra captured Base 46": a name
        if j < len(words) and NUMERIC_DATE.fullmatch(words[j][2]):
            continue  # "Middle East 1449 09.04.2017 Get short URL": a page's counter, no count
        before = text[max(0, m.start() - 40):m.start()]
        victims, after = _victims(words, j)
        toll = bool(_TOLL.search(text[:m.start()]))
        taken_by_verb = _object_of_casualty_verb(words, i)
        if victims is None and after + 1 < len(words) and words[after][2].lower() == "the" \
                and words[after + 1][2].lower() == "number":  # "brought to 49 the number (of civilians) killed"
            of = after + 2 < len(words) and words[after + 2][2].lower() == "of"
            victims, _ = _victims(words, after + 3) if of else (None, after)
            after = after + 2
        if victims is None:
            nxt = words[after][2] if after < len(words) else ""
            if nxt.lower() in NOT_VICTIMS:
                continue
            if nxt.lower() == "of" and not _partitive_of_people(words, after + 1):
                continue  # "one of the three main towns": a part of something else, no count of people
            if nxt[:1].isalpha() and nxt.lower() not in CATEGORY_WORDS and nxt.lower() not in _BARE_FOLLOWERS \
                    and not taken_by_verb and not (toll and _TOLL_AT.search(before)):
                if not (toll and (nxt[:1].isupper() or nxt.lower() in ("a", "an", "the"))):
                    continue
        category = _category(words, i, after, figures, _clause_start(words, i, after, figures, offset), taken)
        if toll and (category is None or category == "displaced"):
            category = "killed"
        if category is None and victims is not None:
            category = _passive_category(text, m.end())
        if category is None and victims is None:
            category = default_category
        if category is None or _combined(text, m.start(), m.end()):
            continue  # "48 killed and injured": dead and wounded together, a count of neither
        ahead = text[words[max(0, i - 6)][0]:m.start()] if taken_by_verb else \
            text[m.end():words[min(after + 5, len(words) - 1)][1]]
        if _FUTURE.search(ahead):
            continue  # "25 people will be killed", "will kill 25"; not "killed 213 people ... in what would be"
        qualifier: Qualifier = "exact"
        if pending_between is not None and re.match(r"\s*and\s*$", text[words[pending_between][1]:m.start()]):
            qualifier = "at_most"
            pending_between = None
            if figures and figures[-1].qualifier == "at_least" and count < figures[-1].count:
                figures.pop()  # "between 900 and 10": an inverted range states nothing one can count on
                continue
        elif _BETWEEN.search(before):
            qualifier, pending_between = "at_least", j - 1
        else:
            for pattern, name in QUALIFIER_BEFORE:
                if pattern.search(before):
                    qualifier = name
                    break
        if after < len(words) and words[after][2].lower() in CATEGORY_WORDS:
            taken.add(after)
        span = Span(offset + m.start(), offset + m.end(), m.group())
        figures.append(Figure(count=count, qualifier=qualifier, category=category,
                              victims=victims or "people", span=span))
    return figures


# The first passive verb after a count of people, in its sentence and before another count in digits: "Three
# women from the besieged town of X west of the capital were killed" (the casualty word too far for the window).
_PASSIVE = re.compile(r"[^.;:!?\d]{0,240}?\b(?:were|was|(?:have|has|had)\s+been)\s+(?:also\s+|\w+ly\s+)?(?P<word>\w+)",
                      re.I)


def _passive_category(text: str, end: int) -> Category | None:
    """The category of the passive verb that a count of people is the subject of, however long the words
    between: only the first passive verb counts ("Three women who were attending a funeral" stops there)."""
    m = _PASSIVE.match(text, end)
    return CATEGORY_WORDS.get(m.group("word").lower()) if m else None


# what they are, not what was done ("killed", "dead", "wounded"; not "claimed two lives and injuring three")
_DEAD = alternation([w for w, c in CATEGORY_WORDS.items() if c == "killed" and (w.endswith("ed") or w == "dead")])
_HURT = alternation([w for w, c in CATEGORY_WORDS.items() if c == "injured" and (w.endswith("ed") or w == "hurt")])
_BOTH = rf"(?:(?:{_DEAD})\s+(?:and|or)\s+(?:{_HURT})|(?:{_HURT})\s+(?:and|or)\s+(?:{_DEAD}))\b"
_BOTH_AFTER = re.compile(rf"\s+(?:[A-Za-z-]+\s+){{0,2}}?{_BOTH}", re.I)  # "48 (people were) killed and injured"
_BOTH_BEFORE = re.compile(rf"\b{_BOTH}\s+(?:[A-Za-z-]+\s+){{0,2}}$", re.I)  # "killed and injured (at least) 40"


def _combined(text: str, start: int, end: int) -> bool:
    """Whether a count is of the dead and the wounded together ("48 Killed and Injured", "30 dead or wounded",
    "the attacks killed and injured 40 people")."""
    return bool(_BOTH_AFTER.match(text, end) or _BOTH_BEFORE.search(text, max(0, start - 60), start))


def _partitive_of_people(words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the words after "of" name people ("12 of them", "five of the dead", "two of whom", "12 of
    his field commanders")."""
    for x in range(k, min(k + 3, len(words))):
        w = words[x][2].lower()
        if w in VICTIMS or w in CATEGORY_WORDS or w in ("them", "whom", "those", "us", "their", "our"):
            return True
        if w not in _FILLERS and not _describes_victims(words, x):
            return False
    return False


# Words a bare number may follow and still be what a casualty verb did ("killed 47 the Observatory
# reported", "kills 14 State media"): the verb's forms, and the qualifiers between it and the number.
_CASUALTY_VERBS = _LEXICON.casualty_verbs
_QUALIFIER_PHRASES = frozenset(" ".join(p.lower().split()) for _, phrases in _LEXICON.figure_qualifiers
                               for p in phrases)


def _object_of_casualty_verb(words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the number at word i is the object of a verb that kills or wounds, right after it or
    after a qualifier ("killed 47", "killing at least 12"; not "killed in two more incidents")."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if words[k][2].lower() in _CASUALTY_VERBS:
            between = " ".join(w.lower() for _, _, w in words[k + 1:i])
            return not between or between in _QUALIFIER_PHRASES
    return False


def _describes_victims(words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether word k is a word of description (no number, casualty word, function word or thing counted)
    that one or two words before a victim noun describe it: "48 alleged rebels", "five medical staff",
    "60 Daesh takfiri terrorists", "6786 separate individuals"."""
    for x in range(k, min(k + 2, len(words) - 1)):
        w = words[x][2].lower()
        if not w.isalpha() or w.endswith("ly") or w in NOT_VICTIMS or w in CATEGORY_WORDS or w in _BARE_FOLLOWERS \
                or w in UNITS or w in TENS or w in _VAGUE_COUNTS or w in _NO_COUNT_BEFORE:
            return False  # "-ly": an adverb ("120 mostly women and children"), no description of them
        noun = words[x + 1][2].lower()
        if noun in VICTIMS and noun not in CATEGORY_WORDS and noun != "more":
            return True  # a noun that names people, not "dead", said of them ("one of its leaders dead")
    return False


def _is_date_part(words: list[tuple[int, int, str]], i: int, j: int, count: int) -> bool:
    prev = words[i - 1][2] if i > 0 else ""
    if prev == "." and i > 1:
        prev = words[i - 2][2]  # "Oct. 18": the abbreviation's full stop is a word of its own
    nxt = words[j][2] if j < len(words) else ""
    if _MONTH.match(prev) or _MONTH.match(nxt):
        return True
    return 1900 <= count <= 2100 and (nxt.lower() not in VICTIMS)


def _victims(words: list[tuple[int, int, str]], j: int) -> tuple[str | None, int]:
    """The victim group named after a number, and the index of the first word not consumed."""
    k = j
    while k < len(words) and k - j < 5:
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
        if k == j and w in NOT_VICTIMS and not (k + 1 < len(words) and words[k + 1][2].lower() in VICTIMS):
            return None, j  # "one family were killed": families, not people ("5 family members" are)
        if w in CATEGORY_WORDS:
            # "9 Injured", "nine other injured", "6 ISIS Bombers Killed": no victim noun, but what
            # happened to them follows the words skipped
            return None, k
        if w in _FILLERS or w == "-" or words[k][2][:1].isupper() or _ARTICLED_NAME.match(words[k][2]):
            k += 1  # "30 Daesh terror group militants", "15 SARC volunteers": a name before the noun
            continue
        noun = next((x for x in range(k + 1, min(k + 3, len(words))) if words[x][2].lower() in VICTIMS), None) \
            if w in ("and", "or") else None
        if noun is not None:
            k = noun  # "30 regime and allied fighters": two kinds of one noun
            continue
        if k > j and w in _BARE_FOLLOWERS:
            return None, k  # "15 young Assyrians had been killed": the words skipped name them
        if _describes_victims(words, k):
            k += 1
            continue
        if w == "(" and k + 2 < len(words) and words[k + 2][2] == ")" and words[k + 1][2][:1].isupper():
            k += 3  # "23 ISIS (Daesh) militants": another name in brackets
            continue
        break
    return None, j


_TAKING = _LEXICON.life_taking_verbs


def _took_lives(words: list[tuple[int, int, str]], k: int) -> bool:
    """ "claimed the lives of over 470000 people": killed, whatever word follows the victims."""
    return words[k][2].lower() == "lives" and 2 <= k < len(words) - 1 and words[k + 1][2].lower() == "of" \
        and words[k - 1][2].lower() == "the" and words[k - 2][2].lower() in _TAKING


# Words that open a clause of its own after a figure's clause ("five people died and eight others ...").
_COORDINATORS = frozenset({"and", "while", "but", "whereas", "whilst", ";"})
# Words after a count that leave it without a verb of its own, so that it shares the clause before
# ("five were killed and eight others in Saraqeb"): prepositions, conjunctions, punctuation.
_NO_PREDICATE = frozenset({
    "in", "on", "at", "near", "from", "including", "among", "across", "inside", "outside", "around", "of", "with",
    "during", "when", "after", "before", "while", "as", "and", "or", "but", "by", "to", "into", "since", "amid",
    "according", "along", "besides", "so", "too", "also", "alone", "mostly", "many", "most", "all", "both", "each",
    "said", "say", "says", "reported", "added", "the", "a", "an", "this", "that", "who", "whom", "whose", "which"})


def _clause_start(words: list[tuple[int, int, str]], i: int, after: int, figures: list[Figure],
                  offset: int) -> int | None:
    """Index of the word opening the number's own clause, when it has one after an earlier figure's.

    "five people died and eight others experienced breathing difficulties": "eight others" has a verb
    of its own ("experienced"), so "died", said of the five, is no category of the eight. Without a verb
    ("five were killed and eight others in Saraqeb") the clause before carries over: None.
    """
    if not figures or after >= len(words):
        return None
    nxt = words[after][2]
    if not nxt[:1].isalpha() or nxt[:1].isupper() or nxt.lower() in _NO_PREDICATE \
            or nxt.lower() in CATEGORY_WORDS:
        return None
    previous = figures[-1].span.start - offset if figures[-1].span else -1
    first = next((k for k, w in enumerate(words) if w[0] >= previous), 0) + 1
    for k in range(i - 1, max(first, 0) - 1, -1):
        if words[k][2].lower() in _COORDINATORS:
            # the clause before must have said what it counts between its number and the coordinator
            if any(words[x][2].lower() in CATEGORY_WORDS for x in range(first, k)):
                return k
            return None
    return None


def _counts_itself(words: list[tuple[int, int, str]], k: int) -> bool:
    """Whether word k is a number counted apart, with a casualty word of its own right after it or one
    word on: "8 civilians in addition to 12 injured". A count joined to the one before ("and 16 combatants
    dead") or containing it ("among the 28 dead", "including 21 children died") shares its word."""
    word = words[k][2].lower()
    if not (word[:1].isdigit() or word in UNITS or word in TENS):
        return False
    before = {w[2].lower() for w in words[max(0, k - 3):k]}
    if "including" in before and k + 1 < len(words) and words[k + 1][2].lower() in CATEGORY_WORDS:
        return True  # "700 people including 47 wounded had crossed": wounded is said of the 47 alone
    if before & {"and", "among", "including", "of", "the"}:
        return False
    return any(w[2].lower() in CATEGORY_WORDS for w in words[k + 1:k + 3])


def _category(words: list[tuple[int, int, str]], i: int, after: int, figures: list[Figure],
              clause: int | None = None, taken: set[int] | frozenset[int] = frozenset()) -> Category | None:
    """The nearest category word around the number; the previous figure's when none is near.

    `clause`: where the number's own clause starts; words before it, and the previous figure's
    category, say nothing about this number. `taken`: category words that directly follow an earlier
    figure, said of it; one of them just before the number loses to one just after it.
    """
    best: tuple[int, Category] | None = None
    joined = False  # an "and" between the number and the word after: that word goes with what follows
    for k in range(max(0, after - 1), min(len(words), after + _WINDOW)):
        word = words[k][2].lower()
        if k >= after and (word in _VAGUE_COUNTS or _counts_itself(words, k)):
            break  # "killed 21 civilians as hundreds fled", "8 civilians in addition to 12 injured"
        cat = CATEGORY_WORDS.get(word)
        if cat and (k > i or word == "bodies"):
            best = (k - after, cat)
            break
        joined = joined or (k >= after and word in ("and", "while", "but"))
    for k in range(i - 1, max(-1 if clause is None else clause, i - _WINDOW), -1):
        cat = CATEGORY_WORDS.get(words[k][2].lower())
        if cat and words[k][2].lower() == "left" and best is not None and (best[0] <= 1 or best[1] != "displaced"):
            break  # "left 20 others wounded", "left 25 militants of ... dead": what they were left, not who left
        if cat == "displaced" and any(words[x][2].lower() in ("for", "to") for x in range(k + 1, i)):
            break  # "lorries carrying supplies for 78000 people": whom they serve, not whom they move
        if cat and k in taken and best is not None and best[0] == 0:
            break  # "2 Civilians Killed 9 Injured": "Killed" is said of the two
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
    return figures[-1].category if figures and clause is None else None


__all__ = ["find_figures"]
