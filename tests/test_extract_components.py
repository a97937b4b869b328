"""Extraction steps as named components: the registry, the choice in settings, and what a choice changes
in the claims of the seed article."""

from __future__ import annotations

import pytest
from conftest import SEED

from kg.errors import ExtractorError
from kg.extract import load_extractor
from kg.extract.components import STEP_NAMES, build_steps, component, parse_choices, registered
from kg.ingest.text import article_from_text
from kg.model import Article, Claim
from kg.settings import load_config


@pytest.fixture(scope="module")
def seed() -> Article:
    return article_from_text(SEED.stem, SEED.read_text(encoding="utf-8"), str(SEED))


def _shape(claims: list[Claim]) -> list[tuple[int, int, str]]:
    return [(c.span.start, c.span.end, c.source.name) for c in claims]


def test_every_step_has_a_default() -> None:
    steps = registered()
    assert set(steps) == set(STEP_NAMES) == {"segmentation", "figures", "dates", "places", "events", "actors",
                                             "hedges", "discourse"}
    assert all("default" in names for names in steps.values())


def test_a_bad_choice_is_a_clear_error() -> None:
    with pytest.raises(ExtractorError, match="unknown extraction step 'figure'"):
        build_steps({"figure": "none"})
    with pytest.raises(ExtractorError, match="no dates step named 'fuzzy'; known: default, none"):
        build_steps({"dates": "fuzzy"})
    with pytest.raises(ExtractorError, match="'figures' is not step=name"):
        parse_choices("figures")
    assert parse_choices(" figures=none , hedges=none ,") == {"figures": "none", "hedges": "none"}


def test_the_setting_reaches_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_EXTRACT_STEPS", "figures=none")
    assert load_config().extract_steps == "figures=none"


def test_turning_steps_off_keeps_the_claims_and_drops_their_facts(extractor, seed: Article) -> None:  # type: ignore[no-untyped-def]
    full = extractor(seed)
    bare = load_extractor("rules", steps="figures=none,places=none,hedges=none")(seed)
    assert _shape(bare) == _shape(full)
    assert any(c.figures for c in full) and any(c.places for c in full)
    assert not any(c.figures or c.places or c.hedged for c in bare)


def test_without_discourse_claims_keep_their_own_dates_but_no_in_article_incident(
        extractor, seed: Article) -> None:  # type: ignore[no-untyped-def]
    full = extractor(seed)
    alone = load_extractor("rules", steps="discourse=none")(seed)
    assert _shape(alone) == _shape(full)
    assert any(c.group for c in full) and not any(c.group for c in alone)
    dated = [c for c in alone if c.date]
    assert dated and len(dated) < len([c for c in full if c.date])  # inherited dates are the discourse's


def test_a_registered_component_is_chosen_by_name(seed: Article) -> None:
    @component("hedges", "every-claim", "every claim is hedged (a test component)")
    def _every() -> object:
        return lambda text: True

    claims = load_extractor("rules", steps="hedges=every-claim")(seed)
    assert claims and all(c.hedged for c in claims)
