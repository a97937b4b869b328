"""Incident summaries: figure ranges by source, conflicts, independent sources, first report."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from kg.model import Agent, Article, Claim, Figure, Hop, Incident, Span
from kg.resolve.goldclaims import gold_extractions
from kg.resolve.incidents import link_incidents
from kg.resolve.summary import reprint_groups, summarize, summarize_all

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold annotations not present")
def test_seed_main_incident_summary() -> None:
    extractions = gold_extractions(GOLD)  # sources as annotated, one agent per name
    incidents = link_incidents(extractions)
    main = next(s for s in summarize_all(incidents, extractions).values() if s.date == "2018-11-17")
    named = {s.label: s for s in main.sources if not s.outlet_voice}
    assert set(named) == {"SANA", "Syrian Observatory for Human Rights", "local media"}
    assert sorted(named["Syrian Observatory for Human Rights"].chains) == [(), ("AFP",)]
    assert [s.outlet_voice for s in main.sources].count(True) == 1
    assert main.independent_sources == 4 and main.appearances == 1
    people = next(f for f in main.figures if (f.category, f.victims) == ("killed", "people"))
    assert (people.low.text, people.high.text) == ("at least 36", "more than 40")
    children = next(f for f in main.figures if (f.category, f.victims) == ("killed", "children"))
    assert children.low.count == 17 and children.agreed == (17, 17)
    assert main.conflicts == []
    assert main.first_report is not None and main.first_report.published == "2018-11-18"


def _article(aid: str, text: str, outlet: str, day: int) -> Article:
    return Article(id=aid, text=text, outlet=outlet, published=date(2018, 11, day))


_CLAIMS = itertools.count(1)


def _claim(article: Article, source: str, figure: Figure, via: tuple[str, ...] = ()) -> Claim:
    """A claim over the article's text; each a span of its own, so each has its own key."""
    end = len(article.text) - next(_CLAIMS) % 10
    return Claim(article_id=article.id, span=Span(0, end, article.text[:end]), source=Hop(source),
                 via=[Hop(v) for v in via], figures=[figure])


WIRE = ("Coalition air strikes on a village east of Hajin killed 28 people on Sunday, a war monitor said, "
        "adding that women and children were among the dead and that rescue work was continuing.")


def test_conflicts_and_reprints() -> None:
    a = _article("a", WIRE, "Outlet A", 12)
    b = _article("b", WIRE + " More follows.", "Outlet B", 13)
    c = _article("c", "State media said seventeen people were killed in the raid near Hajin.", "Outlet C", 12)
    claims = [
        _claim(a, "@outlet", Figure(28)),
        _claim(b, "@outlet", Figure(28)),
        _claim(c, "SANA", Figure(17)),
        _claim(c, "SOHR", Figure(36, "at_least")),
        _claim(a, "Rami Abdel Rahman", Figure(40, "at_least"), via=("AFP",)),
    ]
    for claim in claims:
        for hop in (claim.source, *claim.via):
            hop.agent = {"SOHR": "agent/sohr", "Rami Abdel Rahman": "agent/rami"}.get(hop.name)
    agents = {"agent/sohr": Agent("agent/sohr", "SOHR", kind="monitor"),
              "agent/rami": Agent("agent/rami", "Rami Abdel Rahman", member_of="agent/sohr", is_person=True)}
    incident = Incident(key="incident/x", claim_keys=[cl.key for cl in claims])
    summary = summarize(incident, claims, {x.id: x for x in (a, b, c)}, agents)
    assert reprint_groups([a, b, c]) == {"a": "a", "b": "a", "c": "c"}
    # the reprinted wire story is one source with two appearances; Rami Abdel Rahman speaks for SOHR
    assert summary.independent_sources == 3
    wire = next(s for s in summary.sources if s.outlet_voice)
    assert wire.articles == ["a", "b"]
    sohr = next(s for s in summary.sources if s.label == "SOHR")
    assert sorted(sohr.chains) == [(), ("AFP",)]
    [people] = summary.figures
    assert (people.low.text, people.high.text, people.agreed) == ("17", "at least 40", None)
    pairs = {(c.a_text, c.b_text) for c in summary.conflicts}
    # 17 conflicts with 28 and with at least 36/40; 28 with at least 36/40; "at least 36" and "at least 40" agree
    assert pairs == {("17", "28"), ("17", "at least 36"), ("17", "at least 40"), ("28", "at least 36"),
                     ("28", "at least 40")}
    seventeen = next(c for c in summary.conflicts if (c.a_text, c.b_text) == ("17", "28"))
    assert {s.article_id for s in seventeen.b} == {"a", "b"} and not seventeen.same_source
    assert summary.first_report is not None and summary.first_report.article_id == "a"


def test_two_numbers_in_one_claim_are_parts_not_a_conflict() -> None:
    text = "22 bodies were retrieved as well as the remains of six other people, the monitor said."
    article = _article("p", text, "Outlet P", 13)
    claim = _claim(article, "SOHR", Figure(22, "exact", "bodies_recovered"))
    claim.figures.append(Figure(6, "exact", "bodies_recovered"))
    other = _claim(article, "SANA", Figure(30, "exact", "bodies_recovered"))
    incident = Incident(key="incident/p", claim_keys=[claim.key, other.key])
    summary = summarize(incident, [claim, other], {"p": article}, {})
    pairs = {(c.a_text, c.b_text) for c in summary.conflicts}
    # 22 and 6 come from one claim; each still conflicts with another source's 30
    assert pairs == {("6", "30"), ("22", "30")}
