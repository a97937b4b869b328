"""Dates resolved against the publication date, and hedges."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import find_dates, pick, publication_date_from_head
from kg.extract.hedges import is_hedged
from kg.extract.rules import said_scope
from kg.model import Claim, Hop, Span

SUNDAY = date(2018, 11, 18)


@pytest.mark.parametrize(
    ("text", "value", "rng"),
    [
        ("were killed Saturday in airstrikes", "2018-11-17", None),
        ("Last Sunday, the coalition carried out strikes", "2018-11-11", None),
        ("a monitor said on Sunday", "2018-11-18", None),
        ("On Tuesday, 22 bodies were retrieved", "2018-11-13", None),
        ("the site of Saturdays blast", "2018-11-17", None),
        ("The report came only two days after 17 people died", "2018-11-15", ("2018-11-15", "2018-11-16")),
        ("its air strikes last week near Manbij", "2018-11-05", ("2018-11-05", "2018-11-11")),
        ("executed 24 civilians in the last 24 hours", "2018-11-17", ("2018-11-17", "2018-11-18")),
        ("earlier this month", "2018-11", None),
        ("since March 2011", "2011-03", None),
        ("Daesh overran large parts of Syria in 2014", "2014", None),
        ("A picture taken on July 29 2016 shows", "2016-07-29", None),
        ("launched an offensive on May 31", "2018-05-31", None),
    ],
)
def test_expressions_resolve_against_publication(text: str, value: str, rng: tuple[str, str] | None) -> None:
    found = pick(find_dates(text, SUNDAY))
    assert found is not None
    assert (found.value, found.range) == (value, rng)


def test_relative_expressions_need_a_publication_date() -> None:
    assert find_dates("killed Saturday", None) == []
    assert pick(find_dates("on July 29 2016", None)).value == "2016-07-29"  # type: ignore[union-attr]


def test_the_date_nearest_a_figure_dates_the_claim() -> None:
    text = "The strikes came a day after the coalition opened an inquiry into whether its strikes last week killed 100"
    found = pick(find_dates(text, SUNDAY), anchor=text.index("100"))
    assert found is not None and found.kind == "last_week"


def test_offsets_are_shifted_into_the_article() -> None:
    found = find_dates("killed Saturday", SUNDAY, offset=100)[0]
    assert (found.start, found.end) == (107, 115)


def test_numeric_head_date() -> None:
    assert publication_date_from_head("29-07-2016 ISIL Terrorists Execute 24 Civilians") == date(2016, 7, 29)
    assert publication_date_from_head("No date here") is None


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Most of the slain civilians had apparently been displaced", True),
        ("a strike may have resulted in civilian casualties", True),
        ("the death toll could rise", True),
        ("The bodies could not be retrieved earlier", False),
        ("More than 520 US airstrikes since 21 May have killed 229", False),
        ("The war has killed more than 360,000 people.", False),
    ],
)
def test_hedges(text: str, hedged: bool) -> None:
    assert is_hedged(text) is hedged


def _claim(text: str, content: tuple[int, int], source: tuple[int, int], cue: tuple[int, int]) -> Claim:
    def span(r: tuple[int, int]) -> Span:
        return Span(r[0], r[1], text[r[0]:r[1]])
    return Claim(article_id="t", span=span((0, len(text))), source=Hop("the monitor", span(source)),
                 cue="say", cue_span=span(cue), content=span(content))


def test_the_words_opening_a_claim_before_its_content_are_what_is_said() -> None:
    # the encoder may leave the opening adverb out of the content; no voice or cue lies before it
    text = "Last Sunday, the coalition carried out strikes that killed 28 people, the monitor said."
    scope = said_scope(_claim(text, (13, 68), (70, 81), (82, 86)))
    assert scope.text == text[:68] and "Last Sunday" in scope.text
    # a voice before the content keeps its words out: "On Sunday activists said that ..."
    text = "On Sunday activists said that 20 people were killed."
    scope = said_scope(_claim(text, (25, 51), (10, 19), (20, 24)))
    assert scope.text == "that 20 people were killed"
