"""Segmentation: head metadata, credits, datelines, headlines run into the body, quotes, tweets."""

from __future__ import annotations

import pytest

from kg.extract.sentences import layout


def units(extractor, text: str, title: str | None = None):  # type: ignore[no-untyped-def]
    doc = extractor.nlp(text)
    lay = layout(doc, title)
    return [(s.kind, text[s.start:s.end]) for s in lay.segments], (text[lay.wire[0]:lay.wire[1]] if lay.wire else None)


def kept(extractor, text: str):  # type: ignore[no-untyped-def]
    """The segments of a text and their words joined: what is left once metadata is set apart."""
    segs, _ = units(extractor, text)
    return segs, " ".join(t for _, t in segs)


def test_head_date_and_trailing_wire_are_metadata(extractor) -> None:  # type: ignore[no-untyped-def]
    segs, wire = units(extractor, "Wed 05 Apr 2017 Rebels shelled the town. Two people died. --Reuters")
    assert [t for _, t in segs] == ["Rebels shelled the town.", "Two people died."]
    assert wire == "Reuters"


def test_share_counters_and_related_headlines_are_page_chrome(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("05.10.2017(updated 1935 05.10.2017) Get short URL 0 101 A mortar attack on the city killed three "
            "civilians. The army said it shelled the district in return. Officials said the road stayed closed. "
            "... 101 Related Army Takes Two Villages Near Raqqa Blast Hits Convoy in Aleppo Tags Syria "
            "Community standardsDiscussion Comment via Facebook")
    segs, _ = units(extractor, text)
    assert [t for _, t in segs] == ["A mortar attack on the city killed three civilians.",
                                    "The army said it shelled the district in return.",
                                    "Officials said the road stayed closed."]
    segs, _ = units(extractor, "August 22 2013 1849 UTC+3 Rebels shelled the town. Two people died.")
    assert [t for _, t in segs] == ["Rebels shelled the town.", "Two people died."]  # a wire's time stamp
    segs, _ = units(extractor, "21.08.2013Get short URL 0 85 12 fighters were killed near Raqqa on Monday.")
    assert [t for _, t in segs] == ["12 fighters were killed near Raqqa on Monday."]  # the count is the story's


@pytest.mark.parametrize(("keywords", "story"), [
    ("Tags Syria Aleppo civilians airstrikes", "At least 51 civilians were killed in air raids on Saturday."),
    ("Tags Jaish al-Islam Syria Ghouta Syrian opposition", "Fourteen members of the group were killed on Sunday."),
    ("Tags Qamishli Hassakeh Turkey Syrian regime", "Syrian regime warplanes bombed Kurdish positions on Monday."),
    ("Tags MSF Syria Idlib Russia", "A hospital in a rebel-held province was destroyed on Monday."),
])
def test_a_keyword_list_in_the_head_is_metadata(extractor, keywords: str, story: str) -> None:  # type: ignore[no-untyped-def]
    text = f"Date of publication 11 August 2016 A gas attack hit the city on Wednesday. {keywords} {story}"
    segs, _ = units(extractor, text)
    assert [t for _, t in segs] == ["A gas attack hit the city on Wednesday.", story]


def test_closing_stamps_and_the_writers_name_are_metadata(extractor) -> None:  # type: ignore[no-untyped-def]
    segs, _ = units(extractor, "Ten people died in Idlib on Monday. Last Update: Saturday 7 October 2017 KSA 16:06 - "
                               "GMT 13:06 3885")
    assert [t for _, t in segs] == ["Ten people died in Idlib on Monday."]
    segs, _ = units(extractor, "Ten people died in Idlib AFP Monday 16 Jun 2014 Print Tweet Views 371 Rebels shelled "
                               "the town on Monday.")
    assert "Print Tweet" not in " ".join(t for _, t in segs)
    segs, _ = units(extractor, "The source said ten people died in Idlib on Monday. Hazem Sabbagh")
    assert [t for _, t in segs] == ["The source said ten people died in Idlib on Monday."]


def test_title_from_metadata_splits_the_headline(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "05 Apr 2017 Blast hits Aleppo convoy Nearly 70 children were killed on Saturday."
    segs, _ = units(extractor, text, title="Blast hits Aleppo convoy")
    assert segs[0] == ("headline", "Blast hits Aleppo convoy")
    assert segs[1][1].startswith("Nearly 70 children")


def test_a_hyphenated_modifier_does_not_end_a_headline(extractor) -> None:  # type: ignore[no-untyped-def]
    segs, _ = units(extractor, "14 Nov 2017 Air strikes that ripped through a market in a rebel-held Syrian town have "
                               "killed at least 61 people a war monitor said on Tuesday.")
    assert len(segs) == 1 and segs[0][1].startswith("Air strikes that ripped")


@pytest.mark.parametrize("text", [
    "08.04.2017 At least 10 civilians were killed in US-led coalitions strikes west of Daeshs de facto capital of "
    "Raqqa Syrian state-run news agency SANA reported.",
    "7 Jun 2016 Victims include 8 children in the eastern Syrian city of Ashara Syrian Observatory for Human Rights "
    "says.",
])
def test_a_voice_closing_the_first_sentence_does_not_end_a_headline(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    segs, _ = units(extractor, text)
    assert len(segs) == 1 and segs[0][1].endswith(("reported.", "says."))


@pytest.mark.parametrize(("text", "wire"), [
    ("The army advanced on Monday. Barazi added in his interview with state TV.-REUTERS", "REUTERS"),
    ("The army advanced on Monday. The fighters were killed the Syrian Observatory for Human Rights monitor "
     "said.--AFP", "AFP"),
])
def test_a_wire_credit_glued_to_the_last_full_stop_is_the_wire(extractor, text: str, wire: str) -> None:  # type: ignore[no-untyped-def]
    segs, credited = units(extractor, text)
    assert credited == wire and segs[-1][1].endswith(("TV.", "said."))
    assert "said" in [t.text for t in extractor.nlp(text)] or "TV" in [t.text for t in extractor.nlp(text)]
    # a hyphen after an abbreviation's full stop is no credit
    assert [t.text for t in extractor.nlp("The U.S.-led coalition struck.")][:2] == ["The", "U.S.-led"]


def test_city_dateline_credits_its_wire(extractor) -> None:  # type: ignore[no-untyped-def]
    segs, wire = units(extractor, "Army advances near Raqqa. BEIRUT (Sputnik) - The army took two villages on Monday.")
    assert wire == "Sputnik"
    assert ("body", "The army took two villages on Monday.") in segs


def test_credits_and_staff_lines_are_not_claims(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Ten people died in Idlib (Reuters) on Monday. Reporting by Jane Doe; Editing by John Roe "
            "(Source: Syrian Coalition) Aid groups said the roads were closed.")
    segs, joined = kept(extractor, text)
    assert "Reporting by" not in joined and "(Source:" not in joined
    assert segs[-1] == ("body", "Aid groups said the roads were closed.")


def test_embedded_tweet_keeps_its_author(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Strikes go on. Death toll rises in Aleppo httpst.co5rT6 pic.twitter.com0Zw6 The Syrian Observer "
            "(observesyria) July 27 2016 The US has rejected the calls.")
    doc = extractor.nlp(text)
    lay = layout(doc)
    tweet = next(s for s in lay.segments if s.kind == "tweet")
    assert tweet.author is not None and text[tweet.author[0]:tweet.author[1]] == "The Syrian Observer"
    assert text[tweet.start:tweet.end].startswith("Death toll rises in Aleppo")


def test_page_furniture_after_the_story_is_metadata_and_its_wire_credited(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("31 Oct 2017 Regime shelling hit a school outside Damascus. Two children were killed. "
            "Source Reuters Related News Iraqs vote violations Follow us on Instagram. Subscribe to our channel.")
    segs, wire = units(extractor, text)
    assert [t for _, t in segs] == ["Regime shelling hit a school outside Damascus.", "Two children were killed."]
    assert wire == "Reuters"
    story = ("Regime shelling hit a school outside Damascus on Monday morning. Two children were killed and "
             "eleven others were wounded, the civil defence said. ")
    segs, _ = units(extractor, story + "Never miss a story again sign up to our channel and we will keep you up to "
                                       "speed!")
    assert " ".join(t for _, t in segs) == story.strip()


def test_photo_archive_credit_is_metadata(extractor) -> None:  # type: ignore[no-untyped-def]
    segs, _ = units(extractor, "Ten people died in the blast. (AP Archive) The town was shelled again.")
    assert [t for _, t in segs] == ["Ten people died in the blast.", "The town was shelled again."]


def test_a_number_before_a_nationality_does_not_end_a_headline(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "31 Oct 2017 At least seven Syrian children were killed in regime shelling on Tuesday activists said."
    segs, _ = units(extractor, text, title="At least seven children die in regime shelling")
    assert segs == [("body", text[12:])]


def test_editor_byline_and_page_leftovers_are_not_statements(extractor) -> None:  # type: ignore[no-untyped-def]
    for tail in ("Hazem Sabbagh/Manal", "Manar al-Freih / Hazem Sabbagh", "Rasha Raslan/ Haifa Said",
                 "R. Raslan / Ghossoun", "R. Milhem / Ghossoun/H. Said", "12", "Twitter"):
        segs, _ = units(extractor, f"One civilian was killed in Quneitra. Four were wounded. {tail}")
        assert [t for _, t in segs] == ["One civilian was killed in Quneitra.", "Four were wounded."], tail


def test_a_wire_story_code_is_no_part_of_a_statement(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The group expelled rival rebels from the city on Monday. [ID:nL6N0PP2YH] Capturing the province "
            "has helped the group link up its gains, the monitor said.")
    segs, _ = units(extractor, text)
    assert [t for _, t in segs] == ["The group expelled rival rebels from the city on Monday.",
                                    "Capturing the province has helped the group link up its gains, the monitor said."]


@pytest.mark.parametrize(("text", "gone", "left"), [
    # a picture credit with a related story's headline (Sputnik's pages)
    ("Five civilians were killed in Homs the agency said. Sputnik Mikhail Alayeddin Syrian Army Reportedly Engaged "
     "in Fierce Fighting Against Daesh in Homs The day before a source told Sputnik that troops had repelled an "
     "attack. REUTERS Rodi Said US Tanks to Storm Raqqa as Major Offensive Takes Shape MOSCOW (Sputnik) The "
     "coalition has carried out strikes near Raqqa.", ("Alayeddin", "Tanks to Storm"),
     "The day before a source told Sputnik that troops had repelled an attack."),
    # a shared-link button, its counters (zeros, then at most one number) and a page's time stamp
    ("Raqqa offensive. Middle East 2159 18.05.2017(updated 2204 18.05.2017) Get short URL 0 85 12 Daesh terrorists "
     "were killed near Raqqa local media reported.", ("short URL", "18.05.2017"),
     "12 Daesh terrorists were killed near Raqqa local media reported."),
])
def test_page_furniture_run_into_the_text_is_set_apart(extractor, text: str, gone: tuple[str, ...],  # type: ignore[no-untyped-def]
                                                       left: str) -> None:
    _, joined = kept(extractor, text)
    assert not any(g in joined for g in gone) and left in joined


def test_a_short_stretch_without_a_verb_is_no_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    """A credit, a byline or a fragment the segmentation leaves over states nothing; a figure without a
    verb still does, and so does a long headline whose verbs the parse takes for names."""
    from kg.model import Article

    text = ("Rebels shelled the town of Saraqeb on Monday. (With AFP and Reuters) Two children were killed in "
            "the strike. Oliver Holmes Suleiman Al-Khalidi. Five civilians dead in Idlib.")
    claims = [c.span.text for c in extractor(Article(id="t", text=text))]
    assert not any("With AFP" in c or "Holmes" in c for c in claims), claims
    assert any(c.startswith("Rebels shelled") for c in claims) and any(c.startswith("Two children") for c in claims)
    assert any(c.startswith("Five civilians dead") for c in claims), claims


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_run_of_tabs_parts_a_pages_blocks(name: str) -> None:
    """A pull quote and a subheading set between tabs are blocks of their own: the parser starts a
    sentence after each run of tabs, so no statement runs from one block into the next."""
    from kg.extract import load_extractor
    from kg.model import Article

    text = ("Warplanes struck the east of the city on Monday, a resident said. \t \tThe army announces the end "
            "of the truce in accordance with the agreement\t \t Regime renews onslaught Elsewhere airstrikes hit "
            "five districts of the city after the army declared the end of the truce.")
    claims = load_extractor(name)(Article(id="t", text=text))
    assert all("\t" not in c.span.text for c in claims)
    pull_quote = next(c for c in claims if c.span.text.startswith("The army announces"))
    assert pull_quote.span.text.endswith("with the agreement")
