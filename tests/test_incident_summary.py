"""Incident summaries: figure ranges by source, conflicts, independent sources, first report."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from kg.model import Agent, Article, Claim, Figure, Hop, Incident, Place, Span
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
    return Claim(article_id=article.id, span=Span(0, end, article.text[:end]),
                 source=Hop.outlet_voice() if source == "@outlet" else Hop(source),
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


def test_a_higher_toll_reported_on_a_later_day_is_no_conflict() -> None:
    """The toll rises as the wounded die and bodies are found: 12 dead on the 12th and 30 on the 13th can both
    be true; 30 on the 12th and 12 on the 13th cannot; a reprint counts on the day of its original."""
    first = _article("first", "The monitor said 12 people were killed in the raid on Hajin.", "Outlet A", 12)
    next_day = _article("next", "Thirty civilians died after jets struck Hajin, according to state television.",
                        "Outlet B", 13)
    incident = Incident(key="incident/y", claim_keys=[])
    rising = [_claim(first, "SOHR", Figure(12)), _claim(next_day, "SANA", Figure(30))]
    incident.claim_keys = [c.key for c in rising]
    assert summarize(incident, rising, {a.id: a for a in (first, next_day)}).conflicts == []
    falling = [_claim(first, "SOHR", Figure(30)), _claim(next_day, "SANA", Figure(12))]
    incident.claim_keys = [c.key for c in falling]
    [conflict] = summarize(incident, falling, {a.id: a for a in (first, next_day)}).conflicts
    assert (conflict.a_text, conflict.b_text) == ("12", "30")
    same_day = _article("same", next_day.text, "Outlet B", 12)
    reprint = _article("reprint", first.text, "Outlet C", 13)
    claims = [_claim(same_day, "SANA", Figure(30)), _claim(reprint, "SOHR", Figure(12))]
    incident.claim_keys = [c.key for c in claims]
    assert len(summarize(incident, claims, {a.id: a for a in (first, same_day, reprint)}).conflicts) == 1


def test_two_numbers_in_one_claim_are_parts_not_a_conflict() -> None:
    text = "22 bodies were retrieved as well as the remains of six other people, the monitor said."
    article = _article("p", text, "Outlet P", 13)
    claim = _claim(article, "SOHR", Figure(22, "exact", "bodies_recovered"))
    claim.figures.append(Figure(6, "exact", "bodies_recovered"))
    other = _claim(article, "SANA", Figure(30, "exact", "bodies_recovered"))
    incident = Incident(key="incident/p", claim_keys=[claim.key, other.key])
    summary = summarize(incident, [claim, other], {"p": article}, {})
    # 22 and 6 come from one claim: parts of a count, so neither counts what SANA's 30 counts
    assert summary.conflicts == []


def _said(article: Article, sentence: str, source: str, *figures: Figure, **kw: object) -> Claim:
    start = article.text.index(sentence)
    return Claim(article_id=article.id, span=Span(start, start + len(sentence), sentence), source=Hop(source),
                 figures=list(figures), **kw)


def _figure(article: Article, claim_text: str, word: str, count: int, **kw: str) -> Figure:
    start = article.text.index(word, article.text.index(claim_text))
    return Figure(count, span=Span(start, start + len(word), word), **kw)  # type: ignore[arg-type]


def _summary(article: Article, *claims: Claim) -> list[tuple[str, str, str, str, str]]:
    incident = Incident(key="incident/t", claim_keys=[c.key for c in claims])
    summary = summarize(incident, list(claims), {article.id: article}, {}, {p.key: p for p in _PLACES})
    return [(c.a[0].claim_key, c.b[0].claim_key, c.a_text, c.b_text, c.reason) for c in summary.conflicts]


_PLACES = [Place("place/sy", "Syria", feature="country"),
           Place("place/idlib", "Idlib", contained_in="place/sy", feature="governorate"),
           Place("place/saraqeb", "Saraqeb", contained_in="place/idlib", feature="town"),
           Place("place/sheikh-mustafa", "Sheikh Mustafa", contained_in="place/idlib", feature="village")]


def test_a_conflict_names_both_sentences_and_says_why() -> None:
    text = "SANA said 17 people were killed. SOHR said at least 36 people were killed."
    article = _article("r", text, "Outlet R", 12)
    sana = _said(article, "SANA said 17 people were killed.", "SANA", Figure(17))
    sohr = _said(article, "SOHR said at least 36 people were killed.", "SOHR", Figure(36, "at_least"))
    [(low, high, a, b, why)] = _summary(article, sana, sohr)
    assert (low, high, a, b) == (sana.key, sohr.key, "17", "at least 36")
    assert why == "SANA says 17 people were killed; SOHR says at least 36, more than SANA's 17 allows"


def test_a_claim_never_conflicts_with_itself_nor_a_source_with_its_own_number() -> None:
    # FA-KES (Al-Manar, 3 Aug 2016): SANA's headline, and its sentence giving the five dead (and, before
    # the figures were read by clause, eight "killed" who had breathing difficulties)
    text = ("Chemical Attack Kills Five Syrians in Aleppo SANA. Health director for Aleppo Mohammad Hazouri said "
            "five people died and eight others experienced breathing difficulties the official SANA news agency "
            "reported.")
    article = _article("s", text, "Al-Manar", 3)
    head = _said(article, "Chemical Attack Kills Five Syrians in Aleppo SANA.", "SANA", Figure(5))
    body_text = text[text.index("Health"):]
    body = _said(article, body_text, "SANA", Figure(5), Figure(8))
    assert _summary(article, head, body) == []  # 5 and 8 are parts of one claim; 5 against 5 is agreement
    body.figures.pop()
    assert _summary(article, head, body) == []


def test_a_count_added_to_another_is_no_toll_of_its_own() -> None:
    """ "Another three were killed", "three more civilians": the dead added to a toll told before, which
    neither conflict with it nor make the low end of the incident's range; the toll and a lower whole
    count still conflict."""
    text = ("SOHR said at least eight people were killed in Rastan on Wednesday. Another three were killed in "
            "shelling, activists said. Three more civilians died in hospital, medics said. SANA said five people "
            "were killed. A blast killed two people and injured another ten, the governor said. SANA said 19 "
            "were injured. Two other victims died after they were taken to hospitals abroad, a doctor said. Three "
            "others died of their wounds overnight, medics said.")
    article = _article("m", text, "Outlet M", 12)
    sohr = _said(article, "SOHR said at least eight people were killed in Rastan on Wednesday.", "SOHR",
                 Figure(8, "at_least"))
    another = _said(article, "Another three were killed in shelling, activists said.", "activists",
                    _figure(article, "Another three", "three", 3))
    more = _said(article, "Three more civilians died in hospital, medics said.", "medics",
                 _figure(article, "Three more", "Three", 3))
    sana = _said(article, "SANA said five people were killed.", "SANA", Figure(5))
    later = "Two other victims died after they were taken to hospitals abroad, a doctor said."
    doctor = _said(article, later, "doctor", _figure(article, later, "Two", 2))
    overnight = "Three others died of their wounds overnight, medics said."
    wounds = _said(article, overnight, "medics", _figure(article, overnight, "Three", 3))
    assert [(a, b) for _, _, a, b, _ in _summary(article, sohr, another, more, doctor, wounds, sana)] == \
        [("5", "at least 8")]
    blast = "A blast killed two people and injured another ten, the governor said."
    governor = _said(article, blast, "governor", _figure(article, blast, "two", 2),
                     _figure(article, blast, "ten", 10, category="injured"))
    injured = _said(article, "SANA said 19 were injured.", "SANA", Figure(19, "exact", "injured"))
    assert [(a, b) for _, _, a, b, _ in _summary(article, governor, injured)] == [("10", "19")]
    incident = Incident(key="incident/m", claim_keys=[c.key for c in (sohr, another, more)])
    [killed] = summarize(incident, [sohr, another, more], {"m": article}, {}).figures
    assert (killed.low.text, killed.high.text) == ("at least 8", "at least 8")


def test_an_earlier_toll_and_what_a_witness_saw_are_no_toll_of_their_own() -> None:
    """ "The previous death toll was 20": a count the claim itself calls superseded; "he saw two elderly people
    dead": what one witness saw. Neither conflicts with the toll; two tolls of the same dead do, and so do
    two counts of the children among them."""
    text = ("The monitor said 43 people were killed in the bombing. The previous death toll was 20. Five children "
            "were among those killed, medics said. Activists said 11 children were killed. SANA said 30 people "
            "were killed. He saw a young girl and two elderly people dead at a hospital.")
    article = _article("e", text, "Outlet E", 12)
    toll = _said(article, "The monitor said 43 people were killed in the bombing.", "SOHR", Figure(43))
    earlier = _said(article, "The previous death toll was 20.", "SOHR", _figure(article, "The previous", "20", 20))
    among = "Five children were among those killed, medics said."
    medics = _said(article, among, "medics", _figure(article, among, "Five", 5, victims="children"))
    activists = _said(article, "Activists said 11 children were killed.", "activists", Figure(11, victims="children"))
    sana = _said(article, "SANA said 30 people were killed.", "SANA", Figure(30))
    saw = "He saw a young girl and two elderly people dead at a hospital."
    witness = _said(article, saw, "resident", _figure(article, saw, "two", 2))
    found = [(a, b) for _, _, a, b, _ in _summary(article, toll, earlier, medics, activists, sana, witness)]
    assert found == [("5", "11"), ("30", "43")]


def test_figures_conflict_only_over_the_same_place_and_time() -> None:
    text = ("Eleven civilians were killed in Saraqeb. Five died in Sheikh Mustafa. At least 20 died in Idlib. "
            "Three died in Saraqeb on Monday. The war has killed 470000 people. Nine of those killed were civilians.")
    article = _article("t", text, "Outlet T", 12)
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    saraqeb = _said(article, sentences[0], "SOHR", Figure(11, victims="civilians"), place_keys=["place/saraqeb"],
                    date="2018-11-11")
    sheikh = _said(article, sentences[1], "SANA", Figure(5, victims="civilians"), place_keys=["place/sheikh-mustafa"])
    idlib = _said(article, sentences[2], "AFP", Figure(20, "at_least", victims="civilians"),
                  place_keys=["place/idlib", "place/sy"])
    monday = _said(article, sentences[3], "SANA", Figure(3, victims="civilians"), place_keys=["place/saraqeb"],
                   date="2018-11-12")
    war = _said(article, sentences[4], "UN", Figure(470000, "exact"))
    part = _said(article, sentences[5], "AFP", _figure(article, sentences[5], "Nine", 9, victims="civilians"))
    found = {(a, b) for _, _, a, b, _ in _summary(article, saraqeb, sheikh, idlib, monday, war, part)}
    # Saraqeb and Sheikh Mustafa lie in Idlib: a toll for the province and one for a town in it may
    # disagree; the two towns never do; Saraqeb on Sunday and on Monday are two counts; the war's toll
    # and "nine of those killed" count something else
    assert found == {("11", "at least 20"), ("5", "at least 20"), ("3", "at least 20")}


def test_a_place_nobody_knows_does_not_join_counts_of_known_places_apart() -> None:
    """A round-up counting the dead of a day in two provinces, and one attack in a district the gazetteer does
    not know in one of them: the district gives the benefit of the doubt only where a claim names nothing known.
    """
    text = "Nine died in attacks in Idlib and Hama. Two died when shells hit the Qusour district in Idlib."
    article = _article("k", text, "Outlet K", 12)
    places = [*_PLACES, Place("place/hama", "Hama", contained_in="place/sy", feature="governorate")]
    both = _said(article, "Nine died in attacks in Idlib and Hama.", "SANA", Figure(9),
                 place_keys=["place/idlib", "place/hama"])
    district = _said(article, "Two died when shells hit the Qusour district in Idlib.", "SOHR", Figure(2),
                     place_keys=["place/named/qusour-district", "place/idlib"])
    alone = _said(article, "Two died when shells hit the Qusour district in Idlib.", "SOHR", Figure(2),
                  place_keys=["place/named/qusour-district"])
    incident = Incident(key="incident/k", claim_keys=[both.key, district.key])
    assert summarize(incident, [both, district], {"k": article}, {}, {p.key: p for p in places}).conflicts == []
    # named alone, the unknown district may lie anywhere: the counts may count the same dead, and disagree
    assert len(summarize(incident, [both, alone], {"k": article}, {}, {p.key: p for p in places}).conflicts) == 1


def test_a_toll_over_weeks_or_across_the_country_is_no_count_of_the_strike() -> None:
    """FA-KES: "In the past two weeks more than 200 civilians have been killed in Aleppo" beside the ten of a
    strike on a bus; a toll since April, one across the country, one over a week of days: none of them
    counts what the strike's does, so none conflicts with it. The same day's higher count still does."""
    text = ("Ten civilians were killed when airstrikes hit a bus near Aleppo. In the past two weeks more than 200 "
            "civilians have been killed in Aleppo. More than 300 civilians have been killed in Aleppo since April. "
            "Air strikes on towns across the country killed at least 44 civilians. Strikes killed 90 civilians "
            "this week. At least 31 civilians were killed in Aleppo on Friday.")
    article = _article("w", text, "Outlet W", 12)
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    bus = _said(article, sentences[0], "SOHR", Figure(10, victims="civilians"), date="2018-11-09")
    weeks = _said(article, sentences[1], "AFP", Figure(200, "more_than", victims="civilians"))
    april = _said(article, sentences[2], "AFP", Figure(300, "more_than", victims="civilians"))
    country = _said(article, sentences[3], "AFP", Figure(44, "at_least", victims="civilians"))
    week = _said(article, sentences[4], "AFP", Figure(90, victims="civilians"), date="2018-11-05",
                 date_range=("2018-11-05", "2018-11-11"))
    friday = _said(article, sentences[5], "AFP", Figure(31, "at_least", victims="civilians"), date="2018-11-09")
    found = {(a, b) for _, _, a, b, _ in _summary(article, bus, weeks, april, country, week, friday)}
    assert found == {("10", "at least 31")}


def test_fakes_saraqeb_conflicts_can_be_checked(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    """The FA-KES records about Saraqeb's chemical attack (1 Aug 2016): no figure against itself or its own
    claim, no eight killed from "eight others experienced breathing difficulties", and no agent as a place."""
    import json

    from conftest import shared_path

    from kg.ingest.loaders import article_from_record
    from kg.pipeline import resolve

    wanted = {"fakes-1965511224", "fakes-1918150033", "fakes-1926479112", "fakes-1924058052"}
    articles = []
    with shared_path("corpus", "fa-kes", "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if any(w in line[:60] for w in wanted):
                articles.append(article_from_record(json.loads(line), "fa-kes"))
    assert {a.id for a in articles} == wanted
    extractions = [resolve(a, extractor(a), resolvers) for a in articles]
    claims = {c.key: c for e in extractions for c in e.claims}
    hazouri = next(c for c in claims.values() if "Hazouri said five people died" in c.span.text)
    assert [(f.count, f.category) for f in hazouri.figures] == [(5, "killed")]
    incidents = link_incidents(extractions)
    summaries = summarize_all(incidents, extractions)
    for incident in incidents:
        assert not [k for k in incident.place_keys if "observatory" in k or k in ("place/my", "place/jo")]
        for conflict in summaries[incident.key].conflicts:
            lower = {s.claim_key for s in conflict.a}
            higher = {s.claim_key for s in conflict.b}
            assert not lower & higher and conflict.reason and conflict.a_text != conflict.b_text
    assert all("observatory" not in k for c in claims.values() for k in c.place_keys)
