"""Casualty figures: numbers in digits and words, qualifiers, categories, several per claim."""

from __future__ import annotations

import pytest

from kg.extract.figures import find_figures


def keys(text: str, **kw: str) -> list[tuple[int, str, str]]:
    return [(f.count, f.qualifier, f.category) for f in find_figures(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 40 people, mostly civilians, were killed Saturday.", [(40, "at_least", "killed")]),
        # the dead and the wounded counted together: a count of neither; apart, each its own
        ("Shelling left 17 killed and injured in the market.", []),
        ("The rockets killed and wounded nine people.", []),
        ("The strike claimed four lives and injured seven farmers.", [(4, "exact", "killed"), (7, "exact", "injured")]),
        # the passive verb a count is the subject of, however far; only the first one counts
        ("Five nurses from the clinic in the old quarter east of the river near the northern bridge were killed "
         "on Friday.", [(5, "exact", "killed")]),
        ("Five nurses who were treating patients in the clinic near the northern bridge of the town died.", []),
        # state media's word for the dead, before a count of the wounded
        ("Four farmers were martyred and six others were injured in the shelling.",
         [(4, "exact", "killed"), (6, "exact", "injured")]),
        ("Seventeen children were among the family members killed.", [(17, "exact", "killed")]),
        ("the coalition acknowledged more than 1,100 civilian deaths", [(1100, "more_than", "killed")]),
        ("Syrias war has left more than 320000 people dead", [(320000, "more_than", "killed")]),
        ("Nearly 70 children were among those killed", [(70, "fewer_than", "killed")]),
        ("about 2200 left Madaya on Friday", [(2200, "approximately", "displaced")]),
        ("The attack left 20 others wounded the SOHR added.", [(20, "exact", "injured")]),
        ("which has killed more than 132 civilians and injured around 900",
         [(132, "more_than", "killed"), (900, "approximately", "injured")]),
        ("a war that has killed more than 290000 and displaced millions", [(290000, "more_than", "killed")]),
        ("Fifteen others were killed in two more incidents of violence.", [(15, "exact", "killed")]),
        ("A total of 1500 people have fallen victims of the chemical attack", [(1500, "exact", "killed")]),
        ("three of its workers were among the wounded", [(3, "exact", "injured")]),
        ("they had carted away at least 100 bodies from the site", [(100, "at_least", "bodies_recovered")]),
        ("airstrikes have killed between 229 and 425 civilians", [(229, "at_least", "killed"),
                                                                   (425, "at_most", "killed")]),
        ("The death toll has risen to at least 112 a monitoring group said", [(112, "at_least", "killed")]),
        ("the aircraft killed about a hundred of militants", [(100, "approximately", "killed")]),
        ("the conflict has claimed the lives of over 470000 people injured 1.9 million",
         [(470000, "more_than", "killed"), (1900000, "exact", "injured")]),
        ("they saved the lives of more than 100000 Syrians injured in bombings", [(100000, "more_than", "injured")]),
        ("led to the killing of one person and the injury of 40 others", [(1, "exact", "killed"),
                                                                          (40, "exact", "injured")]),
        ("Some 120 fighters and 60 foreign mercenaries were killed", [(120, "approximately", "killed"),
                                                                     (60, "exact", "killed")]),
        ("a man was killed and an hour later a car exploded", []),
        ("13 citizens killed in terrorist attacks on residential neighborhoods", [(13, "exact", "killed")]),
        ("Two Russian airmen were killed when their helicopter was shot down", [(2, "exact", "killed")]),
        ("The rebels released 50 prisoners and 300 protesters gathered", []),
    ],
)
def test_one_figure_per_number(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert keys(text) == expected


def test_several_figures_share_the_category_stated_once() -> None:
    text = ('"On Tuesday, 22 bodies of civilians were retrieved including nine children, as well as the remains '
            'of six other people not yet identified"')
    assert keys(text) == [(22, "exact", "bodies_recovered"), (9, "exact", "bodies_recovered"),
                          (6, "exact", "bodies_recovered")]


def test_numbers_that_count_no_victims_are_not_figures() -> None:
    assert keys("More than 520 US airstrikes since 21 May hit the village 10 kilometers away in 24 hours") == []
    assert keys("a 30-year-old evacuee with her six-month-old son") == []
    assert keys("Daesh overran large parts of Syria in 2014") == []


def test_a_bare_number_takes_the_category_of_the_figure_before() -> None:
    assert keys("with local media reporting upwards of 40.", default_category="killed") == [
        (40, "more_than", "killed")]
    assert keys("with local media reporting upwards of 40.") == []


def test_future_numbers_are_not_casualties() -> None:
    assert keys("More than 30000 people are set for evacuation under the deal") == []


def test_spans_point_into_the_article() -> None:
    text = "xx Seventeen children were killed"
    fig = find_figures(text[3:], 3)[0]
    assert (fig.span.start, fig.span.end, fig.span.text) == (3, 12, "Seventeen")
    assert fig.victims == "children"


@pytest.mark.parametrize(("text", "expected"), [
    ("999999999999 people were killed in the strike.", []),        # more than the people on earth
    ("8,200,000,001 people were killed", []),
    ("The toll rose to 12 million people killed", [(12_000_000, "exact", "killed")]),
    ("Minus 5 people were killed.", []),                           # a negative count is no count
    ("negative 3 civilians were wounded", []),
    ("\u22125 people were killed.", []),                           # the minus sign
    ("Between 900 and 10 people were killed.", []),                # an inverted range
    ("Between 10 and 900 people were killed.", [(10, "at_least", "killed"), (900, "at_most", "killed")]),
    ("between 10 and 10 people were killed", [(10, "at_least", "killed"), (10, "at_most", "killed")]),
    ("The monitor said " + "9" * 400 + " people were killed.", []),  # 400 digits: no number
])
def test_implausible_figures_are_refused(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # FA-KES (Al-Manar, 3 Aug 2016): the eight had breathing difficulties; "died" is said of the five
        ("Health director for Aleppo Mohammad Hazouri said five people died and eight others experienced "
         "breathing difficulties after artillery shells containing toxic gasses slammed into the Old City",
         [(5, "exact", "killed")]),
        ("Two civilians died and 14 were taken to hospital", [(2, "exact", "killed")]),
        ("five people died and eight others were hospitalised", [(5, "exact", "killed")]),
        # without a verb of its own the second count shares the first one's clause
        ("five people were killed and eight others in the nearby village", [(5, "exact", "killed"),
                                                                            (8, "exact", "killed")]),
        ("5 people were killed and 12 others wounded in the attack", [(5, "exact", "killed"),
                                                                       (12, "exact", "injured")]),
        # a category word after a figure is said of it, not of the count that follows
        ("2 Civilians Killed 9 Injured in Terrorist Attack in Aleppo", [(2, "exact", "killed"),
                                                                        (9, "exact", "injured")]),
        ("Seven dead 20 wounded in central Damascus blast", [(7, "exact", "killed"), (20, "exact", "injured")]),
        ("killed 12 and injured 9 in Idlib", [(12, "exact", "killed"), (9, "exact", "injured")]),
        # no victim noun: what happened follows the words between
        ("two civilians were killed and nine other injured", [(2, "exact", "killed"), (9, "exact", "injured")]),
        ("Azaz 6 ISIS Bombers Killed", [(6, "exact", "killed")]),
        ("Twin Bomb Attacks Kill 50 Injure Dozens in Homs", [(50, "exact", "killed")]),
        # a casualty word after a vague count is said of that count
        ("Air strikes killed at least 21 civilians Sunday as hundreds fled a besieged town",
         [(21, "at_least", "killed")]),
        # ... and after another number with a casualty word of its own, unless it contains this one
        ("The death toll was put at 8 civilians in addition to 12 injured", [(8, "exact", "killed"),
                                                                             (12, "exact", "injured")]),
        ("Ten children were among at least 48 people killed", [(10, "exact", "killed"), (48, "at_least", "killed")]),
        ("Four children are among the 28 dead", [(4, "exact", "killed"), (28, "exact", "killed")]),
        # two kinds of one victim noun
        ("Fighting has also killed 30 regime and allied fighters as well as 50 Syrian rebels",
         [(30, "exact", "killed"), (50, "exact", "killed")]),
        # ages and sizes are no counts
        ("The children aged from four to 10 and women were killed Thursday", []),
        ("the war displaced 12 million people (the pre-war population was over 20 million)",
         [(12000000, "exact", "displaced")]),
        ("A mosque blast has left 25 militants of Al-Nusra Front including one of its leaders dead",
         [(25, "exact", "killed")]),
        ("The airstrike eliminated 49 militants", [(49, "exact", "killed")]),
        ("five children aged between 3 and 10 were killed", [(5, "exact", "killed")]),
        # a family counts families; whom aid is for is not whom it moves
        ("Three children from one family were killed and five others were wounded",
         [(3, "exact", "killed"), (5, "exact", "injured")]),
        ("killed 5 family members", [(5, "exact", "killed")]),
        ("a convoy of 31 lorries carrying supplies for 78000 people", []),
        ("buses carrying at least 500 people left the town", [(500, "at_least", "displaced")]),
        # a numbered name is no count; a name between number and verb names the victims
        ("Al-Nusra captured Base 46 said Rami Abdel Rahman", []),
        ("Alaeddin Middle East 1449 09.04.2017 Get short URL The army eliminated over 75 militants",
         [(75, "more_than", "killed")]),
        ("Youkhana said 15 young Assyrians had been killed", [(15, "exact", "killed")]),
        ("At least 70 Syrian regime and rebel fighters have been killed", [(70, "at_least", "killed")]),
        ("A bomber killed at least 16 people and wounded 40 Tuesday in an attack", [(16, "at_least", "killed"),
                                                                                  (40, "exact", "injured")]),
        # a casualty word right after a count that another includes is said of that count alone
        ("An official said 700 people including 47 wounded had crossed the border", [(47, "exact", "injured")]),
        ("The Observatory updated to 18 its toll for the number of rebels killed", [(18, "exact", "killed")]),
    ],
)
def test_a_figure_takes_its_category_from_its_own_clause(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killing 12 Hezbollah fighters", [(12, "killed", "fighters")]),
        ("US air strikes killed 50 Al-Qaeda militants", [(50, "killed", "fighters")]),
        ("Fifteen SARC volunteers were killed", [(15, "killed", "aid workers")]),
        ("The army killed 28 and wounded 30 Daesh terror group militants", [(28, "killed", "people"),
                                                                          (30, "injured", "fighters")]),
        ("30 people were killed in Aleppo and another 39 were killed in Idlib", [(30, "killed", "people"),
                                                                                (39, "killed", "people")]),
        ("the strike killed six people and wounded 15 all of them women", [(6, "killed", "people"),
                                                                          (15, "injured", "people")]),
        ("IS militants killed one of their activists", [(1, "killed", "people")]),
        # a part of something other than people counts nobody
        ("300 men were executed in one of the three main towns", [(300, "killed", "men")]),
        ("18 of the 31 lorries were destroyed and 20 civilians were killed", [(20, "killed", "civilians")]),
    ],
)
def test_names_between_a_number_and_its_people_and_parts_of_things(
        text: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(f.count, f.category, f.victims) for f in find_figures(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words of description between the number and the people it counts
        ("Government forces killed 31 alleged insurgents near the border", [(31, "killed", "fighters")]),
        ("The shelling wounded four medical staff at the clinic", [(4, "injured", "medics")]),
        ("The raid killed 22 foreign takfiri militants", [(22, "killed", "fighters")]),
        ("At least 9 Hayat (Tahrir) fighters died in the clash", [(9, "killed", "fighters")]),
        ("three of the groups senior members were confirmed dead", [(3, "killed", "people")]),
        ("A mine killed one soldier and wounded two policemen",
         [(1, "killed", "soldiers"), (2, "injured", "soldiers")]),
        ("Rights groups counted at least 40 separate individuals who died", [(40, "killed", "people")]),
        # a number a verb of killing takes, whatever follows it
        ("The car bomb killed 19 the monitor said", [(19, "killed", "people")]),
        ("Shelling on Homs kills 8 State TV", [(8, "killed", "people")]),
        ("Rockets wounded at least 11 Sunday", [(11, "injured", "people")]),
        ("The police put the toll at 27 later", [(27, "killed", "people")]),
        ("Some 1200 are feared dead and 300000 may have died in the war", [(1200, "killed", "people"),
                                                                            (300000, "killed", "people")]),
        ("Shelling brought to 52 the number of civilians killed this week", [(52, "killed", "civilians")]),
        ("The death toll reached 75 overnight rescuers said", [(75, "killed", "people")]),
        ("A commander and 14 of his comrades were killed", [(14, "killed", "fighters")]),
        ("Five other Jaish al-Fateh members died in the raid", [(5, "killed", "people")]),
        ("A strike killed at least 60 people in what would be the worst attack this year", [(60, "killed", "people")]),
        ("The new offensive will kill 25 people, officials warned", []),
        # still no count: things, a verb's other objects, a word a month's name begins
        ("The attack killed 12 percent of the herd", []),
        ("Fighters were killed in two more incidents", []),
        ("They declared 12 separate zones of fighting where people died", []),
        ("The bombing killed 5 May 2017 residents said", []),
    ],
)
def test_people_described_and_numbers_a_casualty_verb_takes(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(f.count, f.category, f.victims) for f in find_figures(text)] == expected
