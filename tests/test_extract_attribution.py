"""Attribution on small hand-written texts: cues, sources, chains, quotes, coreference, layout."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import Article, Claim


def run(extractor, text: str, **meta) -> list[Claim]:  # type: ignore[no-untyped-def]
    return extractor(Article(id="t", text=text, **meta))


def agents(extractor, resolvers, text: str) -> list[str | None]:  # type: ignore[no-untyped-def]
    """The resolved agent of each claim's source."""
    article = Article(id="t", text=text)
    claims = extractor(article)
    resolvers.agents.resolve(article, claims)
    return [c.source.agent for c in claims]


def chain(claim: Claim) -> list[str]:
    return [claim.source.antecedent or claim.source.name, *[h.name for h in claim.via]]


def test_said_then_reported_is_a_chain(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Ten people were killed in Idlib, the Syrian Observatory for Human Rights said, AFP reported."
    [claim] = run(extractor, text)
    assert chain(claim) == ["Syrian Observatory for Human Rights", "AFP"]
    assert claim.cue == "say" and claim.quote == "indirect"
    assert claim.content is not None and claim.content.text == "Ten people were killed in Idlib"


def test_quoted_as_saying_makes_the_object_the_source(extractor) -> None:  # type: ignore[no-untyped-def]
    text = '"Four bodies were found," Reuters quoted the rescue chief Ahmad Khalil as saying.'
    [claim] = run(extractor, text)
    assert chain(claim) == ["Ahmad Khalil", "Reuters"]
    assert claim.quote == "direct"


def test_he_said_keeps_the_speaker_and_the_chain(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ('"The raids went on all night," AFP quoted the monitor chief Rami Abdel Rahman as saying. '
            'The roads were closed, he said.')
    first, second = run(extractor, text)
    assert second.source.name == "he"
    assert chain(second) == ["Rami Abdel Rahman", "AFP"]
    assert second.cue_span is not None and second.cue_span.text == "said"


def test_it_is_the_one_quoting_plural_sources_not_the_sources(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The Syrian Observatory for Human Rights quoted local activists as saying that 12 people died. "
            "It said the toll could rise.")
    first, second = run(extractor, text)
    assert chain(first) == ["local activists", "Syrian Observatory for Human Rights"]
    assert second.source.name == "It" and chain(second) == ["Syrian Observatory for Human Rights"]


def test_a_person_named_before_their_role_is_the_source(extractor) -> None:  # type: ignore[no-untyped-def]
    text = '"The planes are believed to be Russian" Rami Abdel-Rahman the organizations head said.'
    [claim] = run(extractor, text)
    assert chain(claim) == ["Rami Abdel-Rahman"]
    assert claim.source.mention is not None and claim.source.mention.text == "Rami Abdel-Rahman the organizations head"


def test_according_to_a_statement_run_into_the_next_words_is_its_issuer(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("According to a Turkish General Staff statement artillery fire and air operations destroyed one tank "
            "in northern Aleppo.")
    [claim] = run(extractor, text)
    assert chain(claim) == ["Turkish General Staff"]
    [claim] = run(extractor, "A SAMS statement said there were 43 attacks on healthcare facilities in July.")
    assert chain(claim) == ["SAMS"]


def test_side_by_side_attributions_are_two_claims(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The army reported at least 12 people killed, with activists reporting upwards of 20."
    first, second = run(extractor, text)
    assert chain(first) == ["army"] and chain(second) == ["activists"]
    assert second.span.text == "with activists reporting upwards of 20."
    assert [(f.count, f.qualifier) for f in second.figures] == [(20, "more_than")]


def test_unattributed_text_is_the_outlet_voice(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "The war has killed more than 360,000 people.")
    assert claim.source.own_voice and claim.quote == "none" and claim.cue is None


def test_according_to_and_mixed_quotes(extractor) -> None:  # type: ignore[no-untyped-def]
    text = 'Jets struck the village of Kafr Nabl killing "mostly women and children," according to the SANA report.'
    [claim] = run(extractor, text)
    assert claim.cue == "according to" and claim.quote == "mixed"
    assert "SANA" in claim.source.name
    assert [p.text for p in claim.places] == ["Kafr Nabl"]


def test_negated_speech_is_not_a_cue(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "A ministry spokesman did not say what weapon was used in the attack.")
    assert claim.source.own_voice


def test_text_without_commas_still_attributes(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "At least 15 civilians were killed in the town of Ghandoura said the Syrian Observatory for Human Rights."
    [claim] = run(extractor, text)
    assert chain(claim) == ["Syrian Observatory for Human Rights"]
    assert [p.text for p in claim.places] == ["Ghandoura"]


def test_headline_run_into_body_and_trailing_wire(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Sun 16 Apr 2017 Blast kills dozens in Aleppo Nearly 70 children were among those killed the "
            "Syrian Observatory for Human Rights said on Sunday. Rebels denied any role. --Reuters")
    claims = run(extractor, text, published=date(2017, 4, 16))
    assert [c.span.text for c in claims][0] == "Blast kills dozens in Aleppo"
    assert claims[0].source.name == "Reuters"  # the credited wire voices the unattributed headline
    assert chain(claims[1]) == ["Syrian Observatory for Human Rights", "Reuters"]
    assert not any("Sun 16 Apr" in c.span.text or "--Reuters" in c.span.text for c in claims)


def test_quote_over_two_sentences_is_one_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    text = '"We were on the bus. Then the blast came and we fell" she told AFP by telephone.'
    [claim] = run(extractor, text)
    assert claim.quote == "direct" and claim.cue == "tell"
    assert [h.name for h in claim.via] == ["AFP"]


def test_incidents_group_consecutive_claims(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Airstrikes killed 20 people in Raqqa on Saturday, activists said. The dead included five children. "
            "Last Sunday shelling killed 4 people in Homs. Syria has been at war since March 2011.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", "e1", "e2", None]
    assert [c.date for c in claims] == ["2018-11-17", "2018-11-17", "2018-11-11", "2011-03"]
    assert [c.event_type for c in claims][:3] == ["airstrike", "airstrike", "shelling"]


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_quotation_over_several_sentences_goes_on_quoting_the_speaker(name: str) -> None:
    """Each paragraph of a long quotation opens with a quote mark and only the last closes it: the sentences
    between are the speaker's words, not the outlet's. A quotation someone else is said to speak is theirs."""
    text = ('"The shells fell on the bakery first" a farmer named Yusuf said. "Then they hit the school. '
            'Nobody came to help us for hours. "We carried the children out ourselves." '
            '"The road is open again" the governor said.')
    from kg.extract import load_extractor

    claims = run(load_extractor(name), text)
    assert [c.span.text.split()[0] for c in claims] == ['"The', '"Then', "Nobody", '"We', '"The']
    assert [chain(c) for c in claims[:4]] == [["farmer"]] * 4
    assert [c.quote for c in claims[1:4]] == ["direct"] * 3
    assert chain(claims[4]) == ["governor"]


def test_cue_inside_a_quotation_is_part_of_the_quote(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, '"I think the raids will go on," the governor said.')
    assert claim.cue == "say" and claim.source.name == "governor"


def test_relative_clause_speaker_and_speaker_colon(extractor) -> None:  # type: ignore[no-untyped-def]
    claims = run(extractor, "Barkley, who said he votes for the party, left early.")
    assert any(c.cue == "say" and c.source.name == "Barkley" for c in claims)
    [claim] = run(extractor, 'Assad: "The West is lying about the attack in Douma"')
    assert claim.source.name == "Assad" and claim.cue_span is not None and claim.cue_span.text == ":"


def test_learned_cues_are_an_option(extractor) -> None:  # type: ignore[no-untyped-def]
    from functools import partial

    from kg.extract.attribution import attributions
    from kg.extract.rules import claims_from_doc

    text = "Senator Smith praised the plan to expand health care."
    doc = extractor.nlp(text)
    assert [c.cue for c in claims_from_doc(doc, Article(id="t", text=text))] == [None]
    learned = partial(attributions, learned=True)
    assert [c.cue for c in claims_from_doc(doc, Article(id="t", text=text), learned)] == ["praise"]


def test_the_town_refers_back_to_the_town_named(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Families fled the nearby town of Al-Baghuz. The town has recently witnessed fierce clashes."
    first, second = run(extractor, text)
    assert [p.text for p in second.places] == ["Al-Baghuz"]
    assert second.places[0] == first.places[0]  # the mention where the name is written


def test_one_claim_per_speaker_and_clause(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The Observatory reported 23 civilians killed and said more bodies were found under the rubble."
    [claim] = run(extractor, text)
    assert claim.source.name == "Observatory" and claim.span.text == text


def test_according_to_a_name_the_parse_reads_as_words(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "According to Save the Children": the parse takes "Save" for a verb, the entity tagger the name."""
    text = "According to Save the Children at least 25 children were killed in the strikes on Idlib."
    [claim] = run(extractor, text)
    assert claim.source.name == "Save the Children" and claim.cue == "according to"


def test_no_hop_for_according_to_something(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The monitor says it identifies the aircraft according to their type and flight patterns."
    [claim] = run(extractor, text)
    assert claim.source.name == "monitor" and claim.via == []


def test_event_named_as_a_reference_point_is_not_the_clause_event(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("A car bomb killed 30 people in Idlib on Saturday, activists said. Under a truce deal hundreds of "
            "families were being evacuated from the town. The evacuation resumed after the bombing, monitors said. "
            "The convoy was waiting a mile from where the attack took place.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", "e2", "e2", "e2"]
    assert [c.event_type for c in claims] == ["bombing", "other", "other", "other"]
    assert claims[2].date == "2018-11-17"  # after the bombing: no earlier than its day


def test_an_event_hours_away_is_another_and_its_places_are_its_own(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "killed near Damascus hours after a chemical attack in Khan Sheikhun": the clause's dead are not the
    chemical attack's, and Khan Sheikhun is where that other event happened."""
    text = ("At least 19 people were killed near Damascus on Tuesday hours after a suspected chemical attack "
            "left dozens dead in Khan Sheikhun, monitors said. "
            "On Tuesday at least 58 people were killed in a suspected chemical attack in Khan Sheikhun.")
    near_damascus, khan_sheikhun = run(extractor, text, published=date(2017, 4, 5))
    assert [p.text for p in near_damascus.places] == ["Damascus"]
    assert near_damascus.group != khan_sheikhun.group
    assert khan_sheikhun.event_type == "chemical_attack" and near_damascus.event_type != "chemical_attack"


def test_dead_counted_on_another_day_are_another_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "The last attack on the shrine on April 25 killed at least seven": an earlier incident, not Saturday's;
    dead counted over a month are a toll, no incident; bodies found on a later day are the strike's."""
    text = ("A car bomb killed 30 people near the shrine on Saturday, activists said. "
            "The last attack on the shrine on April 25 killed at least seven. "
            "In September 2018 alone 400 people were killed in the province. "
            "On Sunday 12 bodies were recovered from the rubble.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", "e2", None, "e1"]
    assert claims[1].date == "2018-04-25"


def test_a_claim_told_as_happening_elsewhere_is_another_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "Three people were also killed in another town", "Elsewhere, air strikes on Douma killed six": the
    article turns to another event the same day, whose dead are not the first one's. A word of the scene
    with no count or event of its own stays with the incident told."""
    text = ("Air strikes killed 20 people in Atareb on Monday, activists said. "
            "Three people were also killed in another town in the countryside. "
            "Elsewhere, air strikes on Douma killed at least six civilians, the Observatory said. "
            "Rescuers in Atareb pulled a wounded girl from the rubble while elsewhere neighbours searched for "
            "the missing.")
    claims = run(extractor, text, published=date(2018, 11, 19))
    assert [c.group for c in claims] == ["e1", "e2", "e3", "e1"]


def test_a_similar_or_another_attack_named_for_comparison_is_another_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "A similar bombing in the same market in May killed 20", "another car bomb killed 9 there last year": an
    earlier event the article compares with, whose dead are not the day's."""
    text = ("A car bomb killed 12 people in the market of Tal Hamis on Sunday, state media said. "
            "A similar bombing in the same market in May killed 20 people. "
            "Last year another car bomb killed nine people in the town. "
            "Shops near the market were burned, residents said.")
    claims = run(extractor, text, published=date(2016, 9, 12))
    groups = [c.group for c in claims]
    assert groups[0] is not None and groups[1] not in (None, groups[0]) and groups[2] != groups[0]


def test_a_speaker_going_on_to_another_kind_of_event_opens_another_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "It also reported eight civilians were killed in rebel fire": the same voice goes on, but to dead of
    another kind of event than the barrel bomb's; "it said" with no event of its own stays with the last."""
    text = ("Fifteen civilians were killed in a car bomb attack on the Bab al-Nayrab neighbourhood on Thursday, "
            "the Observatory said. It also reported eight civilians were killed on Thursday in rebel fire on the "
            "west of the city. It said the toll was likely to rise.")
    claims = run(extractor, text, published=date(2016, 8, 25))
    assert [c.group for c in claims] == ["e1", "e2", "e2"]
    assert [c.event_type for c in claims][:2] == ["bombing", "shelling"]


def test_a_claims_event_type_is_its_own_words_before_its_incidents(extractor) -> None:  # type: ignore[no-untyped-def]
    """Shells falling on the town the same day join the air strike's incident, and are shelling all the
    same; a claim naming no event of its own takes its incident's type."""
    text = ("Air strikes killed 20 people in Atareb on Monday, activists said. "
            "Rebel shelling killed three soldiers in the town on Monday, state media said. "
            "The toll is expected to rise, the monitor said.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", "e1", "e1"]
    assert [c.event_type for c in claims] == ["airstrike", "shelling", "airstrike"]


def test_responsibility_and_a_days_attack_refer_back(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("A car bomb killed 30 people in Idlib on Saturday, activists said. Rebels denied any involvement. "
            "The government blamed jihadists. Officials condemned Saturday's attack.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", "e1", "e1", "e1"]


def test_lasting_states_and_habits_are_background(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Hundreds of families were evacuated from the besieged town on Friday, monitors said. "
            "The town has been under siege for more than three years. "
            "The opposition has repeatedly accused the government of starving besieged areas.")
    claims = run(extractor, text, published=date(2018, 11, 18))
    assert [c.group for c in claims] == ["e1", None, None]


def test_a_loose_strike_joins_the_latest_air_strike(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Air strikes killed 20 people in Raqqa on Monday, activists said. "
            "Air strikes killed 15 civilians in Manbij on Thursday, the monitor said. "
            "The military said it would review reports about strikes on civilians.")
    claims = run(extractor, text, published=date(2018, 11, 16))
    assert [c.group for c in claims] == ["e1", "e2", "e2"]


def test_an_evacuation_spans_a_few_days(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Hundreds of families were evacuated from the besieged town on Friday, monitors said. "
            "It was not clear whether more convoys left on Sunday. "
            "Shelling killed 4 people in Homs on Sunday.")
    claims = run(extractor, text, published=date(2018, 11, 19))
    assert [c.group for c in claims] == ["e1", "e1", "e2"]


def test_source_phrase_without_commas_takes_every_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Syrian regime warplanes bombarded the northeastern city of Hasakeh on Friday targeting positions held "
            "by Kurdish forces a monitor and a journalist in the city said.")
    [claim] = run(extractor, text)
    assert claim.source.mention is not None and claim.source.mention.text == "a monitor and a journalist in the city"
    assert claim.source.name == "monitor"
    assert claim.event_type == "airstrike"


def test_according_to_inside_a_source_or_a_manner_attributes_nothing(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The monitor - which determines which planes carry out raids according to their type and flight "
            "patterns - said the strikes were conducted by regime jets.")
    [claim] = run(extractor, text)
    assert claim.cue == "say" and claim.source.name.endswith("monitor")
    [manner] = run(extractor, "The convoys left according to plan on Sunday.")
    assert manner.cue is None and manner.source.own_voice


def test_body_after_a_headline_is_not_joined_to_it(extractor) -> None:  # type: ignore[no-untyped-def]
    title = "Syria regime pounds Kurdish positions for second day"
    text = (f"Friday 19 Aug 2016 {title} AFP Syrian regime warplanes bombarded the city of Hasakeh on Friday "
            "a monitor said.")
    claims = run(extractor, text, title=title)
    assert claims[-1].event_type == "airstrike" and claims[-1].group is not None


def test_a_surname_the_tagger_missed_is_still_the_source(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("A total of 1500 people have died, member of the Kurdish National Council Mustafa Sino said. "
            "Mostly Kurds live in the eastern suburbs where the incident occurred Sino told journalists on Thursday.")
    first, second = run(extractor, text)
    assert second.cue == "tell" and second.source.mention is not None and second.source.mention.text == "Sino"


def test_the_britain_based_group_is_the_observatory(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("Ten people were killed in Aleppo, the Syrian Observatory for Human Rights said. "
            "The Britain-based group said the strikes hit Maadi district.")
    assert agents(extractor, resolvers, text) == ["agent/sohr", "agent/sohr"]


def test_a_person_of_an_organisation_after_a_quote_is_the_source(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ('"There is renewed bombardment and it is heavy" Zakaria Malhifji of the Aleppo based Fastaqim '
            'opposition group told Reuters.')
    [claim] = run(extractor, text)
    assert chain(claim) == ["Zakaria Malhifji", "Reuters"] and claim.quote == "direct"
    assert claim.source.mention is not None and claim.source.mention.text.startswith("Zakaria Malhifji of the")



def test_according_to_a_report_by_someone_names_them(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("According to a new report by the Syrian Center for Policy Research the conflict has claimed the lives "
            "of over 470000 people.")
    [claim] = run(extractor, text)
    assert claim.cue == "according to" and claim.source.name == "Syrian Center for Policy Research"
    assert [(f.count, f.category) for f in claim.figures] == [(470000, "killed")]


def test_a_speaker_alone_after_a_quote_joins_it(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ('Syrian Information Minister Omran al-Zoubi said on February 10 that the government forces will soon take '
            'full control of Aleppo. "These battles are not easy but the day will come God willing when all Aleppo - '
            'its rural areas and the occupied part of the city - will return to state authority" Zoubi said.')
    first, second = run(extractor, text, published=date(2016, 2, 12))
    assert second.source.name == "Zoubi" and second.quote == "direct" and second.span.text.startswith('"These')


def test_the_report_said_is_the_voice_cited_before(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("SANA reported on Wednesday that jets struck hideouts in Deir ez-Zor. "
            "The report said at least 70 militants were killed.")
    assert agents(extractor, resolvers, text) == ["agent/sana", "agent/sana"]


def test_an_army_of_its_own_name_is_not_the_army(resolvers) -> None:  # type: ignore[no-untyped-def]
    assert resolvers.agents.match("The Army of Conquest") is None
    assert resolvers.agents.match("the army").key == "agent/syrian-army"


def test_a_place_before_the_speakers_is_not_part_of_them(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "ISIL vehicles were also hit in Hasakeh to the north east of Syrias countryside reporters said."
    [claim] = run(extractor, text)
    assert claim.source.mention is not None and claim.source.mention.text == "reporters"


def test_figures_before_a_speaker_are_not_part_of_them(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Fierce clashes erupted on the Qalamoun barrens with at least 10 killed and 15 injured Al-Manar " \
           "correspondent reported."
    [claim] = run(extractor, text)
    assert claim.source.mention is not None and claim.source.mention.text == "Al-Manar correspondent"


def test_an_event_is_no_voice(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The increased fighting has raised concerns for the 1.5 million civilians still in Aleppo. "
            "The conflict has claimed the lives of over 470000 people.")
    assert [c.source.own_voice for c in run(extractor, text)] == [True, True]


@pytest.mark.parametrize(("text", "agent"), [
    ("A barrage of air strikes near a hospital killed at least 10 civilians said the Syrian Observatory for Human "
     "Rights.", "agent/sohr"),
    ("A bomb killed 18 people in Jaramana on Tuesday the latest in a spate of blasts to hit the district state "
     "television said.", "agent/sana"),
    ('"Fighting continues on the western outskirts of Aleppo" the British-based monitoring group which has a network '
     "of sources on the ground said.", "agent/sohr"),
])
def test_the_voice_is_found_where_the_parse_put_another_noun(extractor, resolvers, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agents(extractor, resolvers, text) == [agent]
    assert run(extractor, text)[0].cue == "say"


def test_said_the_statement_is_the_voice_cited_before(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="t", text="The army launched an offensive on the town, SANA reported. At least 20 militants "
                                   "were killed in the failed attack said the statement which gave no details.")
    claims = extractor(article)
    resolvers.agents.resolve(article, claims)
    assert claims[-1].source.mention is not None and claims[-1].source.mention.text.startswith("the statement")
    assert claims[-1].source.agent == "agent/sana"


def test_state_media_after_a_figure_is_no_cue_and_the_head_wire_line_is_metadata(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Wed 01 Oct 2014 at 1459 Regional NNA - Twin car bomb explosions in the central Syrian city of Homs on "
            "Wednesday killed at least 18 people and wounded 40 others state news agency SANA reported.")
    [claim] = run(extractor, text)
    assert claim.cue == "report" and claim.source.name == "SANA"
    assert claim.span.text.startswith("Twin car bomb")


def test_the_coalition_and_a_specific_description(resolvers) -> None:  # type: ignore[no-untyped-def]
    agents = resolvers.agents
    assert agents.match("the coalition", ["agent/isis"]).key == "agent/us-led-coalition"
    assert agents.match("the head of the Britain-based group", ["agent/isis"]).key == "agent/sohr"


@pytest.mark.parametrize(("text", "source"), [
    ("The fighters were killed trying to reopen the Castello Road which regime forces severed on Thursday the "
     "Syrian Observatory for Human Rights monitor said.", "Syrian Observatory for Human Rights"),
    ("The hardline fighters attacked Tel Abyad which is controlled by the YPG militia in the early hours of Saturday "
     "YPG spokesman Redur Xelil and Turkish security sources told Reuters.", "Redur Xelil"),
    ("Russias Defense Ministry has reported the elimination of a Daesh command position in the Al Mayadin district.",
     "Russias Defense Ministry"),
])
def test_a_place_or_an_object_is_not_taken_for_the_voice(extractor, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    claims = run(extractor, text)
    assert any(c.source.name.startswith(source) for c in claims), [c.source.name for c in claims]


def test_calls_by_someone_inside_a_claim_are_a_claim_of_their_own(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The government has rejected calls by rights groups to open the crossings for the sake of civilians "
            "trapped in Daraya as it believes the siege is working.")
    outer, inner = run(extractor, text)
    assert outer.span.text == text and outer.cue == "reject"
    assert inner.source.name == "rights groups" and inner.cue == "call"
    assert inner.span.text == "calls by rights groups to open the crossings for the sake of civilians trapped in Daraya"


def test_deaths_and_plural_bombings_tie_a_claim_to_the_incident(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Coalition air strikes killed 15 civilians in Manbij on Monday, the Observatory said. "
            "Amnesty International called on the coalition to do more to prevent civilian deaths.")
    first, second = run(extractor, text, published=date(2016, 7, 19))
    assert first.group is not None and second.group == first.group
    [claim] = run(extractor, "Residents said the bombings went on all night.", published=date(2016, 7, 19))
    assert claim.event_type == "bombing"


def test_a_role_and_name_after_the_cue_stay_together(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "Some fighters are still with the Kurdish militants said the Observatorys head Rami "
                             "Abdulrahman.")
    # the mention holds the role and the name, the person speaks
    assert claim.source.mention is not None and claim.source.mention.text == "the Observatorys head Rami Abdulrahman"
    assert claim.source.name == "Rami Abdulrahman"


@pytest.mark.parametrize(("text", "agent"), [
    ("Ten fighters were killed near Raqqa local media reported on Monday citing anonymous sources.",
     "agent/local-media"),
    ("The Russians had on Saturday accused militants of bringing 1000 fighters into the area.", "agent/russians"),
    ("Late March media reported that at least 200 people were killed in Mosul.", "agent/media"),
    ("We had to leave we were scared said Samira 55 who was traveling with her sons.", "agent/samira"),
    ("A report released by a group of UN experts on Friday said that the crimes continue.", "agent/united-nations"),
    ('"These reports are of great concern" the head of the Organisation for the Prohibition of Chemical Weapons '
     "[OPCW] said.", "agent/opcw"),
])
def test_times_and_ages_are_not_who_speaks(extractor, resolvers, text: str, agent: str) -> None:  # type: ignore[no-untyped-def]
    assert agents(extractor, resolvers, text) == [agent]


def test_a_participle_hung_on_a_thing_speaks_for_the_clause_subject(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, 'Assad cast doubt on the intentions of the United States in Syria saying it "doesnt '
                             'have the will" to fight militants.')
    assert claim.cue == "say" and claim.source.name == "Assad"


def test_pointed_out_is_a_cue_and_pointing_out_goes_on(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "The source pointed out that the main operation took place near Sukhnah.")
    assert claim.cue == "point out" and claim.source.name == "source"
    [claim] = run(extractor, "Activists said that warplanes conducted nine air raids on the city killing dozens "
                             "of civilians and causing damage to the residential areas pointing out none of the "
                             "militants positions were targeted.")
    assert claim.cue == "say" and claim.source.name == "Activists"


def test_a_relative_clause_inside_the_content_is_no_voice(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "The Syrian Coalition reiterated that these crimes violate UN Security Council "
                             "resolution 2254 which calls for an immediate end to attacks on civilians.")
    assert claim.cue == "reiterate" and claim.source.name.endswith("Syrian Coalition") and not claim.via


def test_a_loose_reference_joins_the_incident_last_spoken_of(extractor) -> None:  # type: ignore[no-untyped-def]
    """A strike told with no date of its own belongs to the strike the text was just about, not to the one
    it opened last (a sentence on last week's strike does not make it the subject of what follows)."""
    from datetime import date

    text = ("At least 15 civilians were killed in air strikes on Thursday, the Observatory said. "
            "Air strikes last week killed more than 100 civilians near Manbij, activists said. "
            "Ten of those killed on Thursday were children, the Observatory said. "
            "Coalition jets bombarded the town of Ghandoura, the Observatory said.")
    claims = extractor(Article(id="t", text=text, published=date(2016, 7, 29)))
    by_start = {c.span.text.split()[0]: c for c in claims}
    thursday, last_week, children, loose = (by_start[w] for w in ("At", "Air", "Ten", "Coalition"))
    assert thursday.group != last_week.group
    assert children.group == thursday.group
    assert loose.group == thursday.group
    assert loose.date == "2016-07-28"


def test_a_date_written_out_beside_the_content_dates_the_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    """Content without a date takes a calendar date from the rest of its sentence, never a relative
    one there (the day something was said is not the day it happened)."""
    from datetime import date

    def dates(text: str) -> list[str | None]:
        return [c.date for c in extractor(Article(id="t", text=text, published=date(2016, 7, 29)))]

    assert dates("A statement issued on July 27, 2016 said that 15 civilians were killed in Manbij.") == ["2016-07-27"]
    assert dates("The monitor said on Sunday that 15 civilians were killed in Manbij.") == [None]


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_the_day_a_statement_was_made_does_not_date_the_event(name: str) -> None:
    """A day hung on a verb of saying, before the clause it reports, is when it was said: read in the
    outlet's own voice too (the rules take "declared" for no cue). A day inside the reported clause, even
    parsed onto the verb of saying, is the event's."""
    from kg.extract import load_extractor

    extractor = load_extractor(name)

    def dates(text: str) -> list[str | None]:
        return [c.date for c in extractor(Article(id="t", text=text, published=date(2016, 9, 22)))]

    assert dates("President Donald Trump declared Wednesday that a chemical weapons attack in Syria "
                 "cannot be tolerated.") == [None]
    assert dates("The air force also killed at least 10 people in rebel areas east of Damascus Saturday "
                 "the Observatory said.") == ["2016-09-17"]


@pytest.mark.parametrize("text, told", [
    ("The source told the SANA news agency that a tank was destroyed.", "SANA"),
    ("A source at Daraa province told SANAs correspondent that terrorists shelled the city.", "SANA"),
    ("Director of Daraa National Hospital Dr. Farid al-Asfar told SANA that ten bodies arrived, "
     "caused by the rocket attacks adding that most of the injured are children.", "SANA"),
])
def test_whom_a_speaker_told_is_the_next_hop(extractor, resolvers, text: str, told: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="t", text=text)
    claims = extractor(article)
    resolvers.agents.resolve(article, claims)
    assert [h.agent for h in claims[0].via] == [resolvers.agents.match(told).key]  # never "the rocket attacks"


def test_a_reports_owner_speaks_for_it_when_the_apostrophe_is_lost(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = "However Human Rights Watchs 16-page report said it found no evidence of fighters in the mosque."
    assert agents(extractor, resolvers, text) == [resolvers.agents.match("Human Rights Watch").key]


@pytest.mark.parametrize("text", [
    "Reuters also reported residents and rescue workers as saying that two dozen people were killed in the strikes.",
    "Reuters cited residents as saying that the market was hit twice.",
])
def test_reported_or_cited_as_saying_is_one_claim_of_the_people_quoted(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, text)
    assert chain(claim)[0].startswith("residents") and chain(claim)[1:] == ["Reuters"]
    assert claim.cue == "say"


def test_he_is_the_last_person_who_spoke_even_unnamed(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Those who were executed are all from the tribe Observatory director Rami Abdel Rahman said. "
            "Another opposition activist from Deir al-Zour said residents had been given three days to leave. "
            "Civilians fleeing the towns had travelled to Iraq he said.")
    claims = run(extractor, text)
    assert claims[-1].source.name == "he"
    assert claims[-1].source.antecedent is not None and "activist" in claims[-1].source.antecedent


def test_an_adverb_before_the_source_is_not_part_of_it(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "Earlier a source at Aleppo Police Command said that terrorists fired rocket shells.")
    assert claim.source.name == "source at Aleppo Police Command"


@pytest.mark.parametrize("title", [
    "Twin car bombs kill 25 in Syrias Homs State media",
    "Twin car bombs kill 25 in Syrias Homs State media - Region - World - Ahram Online",  # the site's trail
])
def test_a_wire_between_headline_and_dateline_credits_the_headline_too(extractor, title: str) -> None:  # type: ignore[no-untyped-def]
    text = ("Twin car bombs kill 25 in Syrias Homs State media AFP Wednesday 9 Apr 2014 Two car bombs killed at "
            "least 25 people on Wednesday, state news agency SANA reported.")
    claims = run(extractor, text, title=title)
    assert claims[0].span.text == "Twin car bombs kill 25 in Syrias Homs State media"
    assert chain(claims[0]) == ["State media", "AFP"]  # a credit of two words, carried by the wire
    assert chain(claims[1]) == ["SANA", "AFP"]


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_a_source_that_names_nobody_is_the_outlets_own_statement(name: str) -> None:
    """"No one has claimed responsibility": nobody speaks, and no earlier speaker is borrowed for it."""
    from kg.extract import load_extractor

    claims = load_extractor(name)(Article(id="t", text=(
        "A report by the Syrian Observatory for Human Rights says the toll could rise further. "
        "No group has claimed responsibility for the blast. Nobody said anything about the strike.")))
    voices = {c.span.text.split()[0]: (c.source.own_voice, c.cue) for c in claims}
    assert voices["A"] == (False, "say")
    assert voices["No"] == (True, None)
    assert voices["Nobody"] == (True, None)


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_adding_without_a_subject_goes_on_with_the_speaker(name: str) -> None:
    """Without commas the parse hangs "adding" on the nearest verb, deep in the content: it still goes on
    with the speaker and makes no hop of the noun before it; a noun that governs it speaks itself."""
    from kg.extract import load_extractor

    extractor = load_extractor(name)
    [claim] = extractor(Article(id="t", text=(
        "Kurdish officials said the attack was carried out by a suicide bomber driving an explosives-laden "
        "truck adding that the blast detonated near a security building.")))
    assert (claim.source.name, claim.via, claim.cue) == ("Kurdish officials", [], "say")
    claims = extractor(Article(id="t", text="Five people were killed, with a monitor saying the toll could rise."))
    assert [c.source.name for c in claims if c.cue] == ["monitor"]


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_a_pronoun_stands_for_the_subject_of_its_own_sentence_first(name: str) -> None:
    """"they" in "X do not trust Y because they say ..." is X, not the last source named before."""
    from kg.extract import load_extractor

    claims = load_extractor(name)(Article(id="t", text=(
        "The observatory said 20 people were killed. Many rebels in western Syria do not trust the YPG "
        "because they say it cooperates with Damascus. The monitor added that they were civilians.")))
    speakers = {c.source.name: c.source.antecedent for c in claims if c.cue}
    assert speakers["they"] == "Many rebels in western Syria"


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_a_place_based_source_named_after_its_cue_is_the_group_not_the_place(name: str) -> None:
    """"... said the Britain-based monitor": the monitor (SOHR in the registry), not Britain."""
    from kg.extract import load_extractor

    [claim] = load_extractor(name)(Article(id="t", text=(
        "The YPG regained control of the village said the Britain-based monitor.")))
    assert claim.source.name == "Britain-based monitor"


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_figures_compiled_by_an_office_are_the_offices(name: str) -> None:
    """"According to figures compiled by the Syrian Coalitions media office Aleppo bore ...": the office
    speaks, and what it says starts after its name."""
    from kg.extract import load_extractor

    [claim] = load_extractor(name)(Article(id="t", text=(
        "According to figures compiled by the Syrian Coalitions media office Aleppo bore the brunt of the "
        "ferocious airstrikes.")))
    assert claim.source.name == "Syrian Coalitions media office"
    assert claim.content is not None and claim.content.text.startswith("Aleppo bore")


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_it_stands_for_the_last_voice_when_only_people_spoke(name: str) -> None:
    """"A source ... told SANA reporter that ... It added that ...": "it" is the source, told SANA still."""
    from kg.extract import load_extractor

    claims = load_extractor(name)(Article(id="t", text=(
        "A source at Homs Governorate told SANA reporter that terrorists fired shells on the village. "
        "It added that a woman was killed.")))
    it = next(c for c in claims if c.source.name == "It")
    assert it.source.antecedent == "source at Homs Governorate"
    assert [h.name for h in it.via] == ["SANA"]


@pytest.mark.parametrize("name", ["neural", "rules"])
def test_the_one_cited_speaks_through_the_one_citing(name: str) -> None:
    """"X reported ... citing Y": Y via X, what Y says before "citing"; evidence cited is no voice."""
    from kg.extract import load_extractor

    extractor = load_extractor(name)
    [claim] = extractor(Article(id="t", text=(
        "Local media reported 15 deaths citing the Syrian Observatory for Human Rights.")))
    assert (claim.source.name, [h.name for h in claim.via]) == ("Syrian Observatory for Human Rights", ["Local media"])
    assert claim.content is not None and claim.content.text == "15 deaths"
    [claim] = [c for c in extractor(Article(id="t", text=(
        "Some people had foam coming out of their mouths SOHR said citing medical sources."))) if c.cue == "say"]
    assert (claim.source.name, [h.name for h in claim.via]) == ("medical sources", ["SOHR"])
    claims = extractor(Article(id="t", text="The army declared the ceasefire over citing 300 violations by rebels."))
    assert all(c.source.name != "300 violations" for c in claims)


def test_a_long_subject_without_a_verb_of_its_own_is_one_noun_phrase(extractor) -> None:  # type: ignore[no-untyped-def]
    # no commas: a participle ("targeting", "held") or a preposition inside the subject does not make a clause
    [claim] = run(extractor, "The US-led coalition targeting the jihadists in both Syria and Iraq reported Monday it "
                             "had launched 10 air strikes against IS in Syria.")
    assert chain(claim) == ["US-led coalition"]
    [claim] = run(extractor, "Hamza al-Khatib the director of a hospital in the rebel-held east told Reuters the death "
                             "toll from the strikes was 45.")
    assert chain(claim) == ["Hamza al-Khatib", "Reuters"]


def test_a_body_after_a_rank_is_no_person_and_a_statement_attributed_to_someone_is_theirs(
        extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("Militants are delivering toxic chemicals to the West of Aleppo the Russian General Staff said. "
            "A statement attributed to the field commander of Syrias pro-government troops said any advance "
            "would be dealt with forcefully. "
            "Five medics were killed near Aleppo the aid group that supports it said. "
            "Villages were captured by the SDF an organisation that monitors the war said.")
    article = Article(id="t", text=text)
    claims = extractor(article)
    resolvers.agents.resolve(article, claims)
    assert [c.source.name for c in claims] == [
        "Russian General Staff", "field commander of Syrias pro-government troops", "aid group", "organisation"]
    assert claims[0].source.agent == "agent/russian-general-staff"
    assert claims[1].source.agent == "agent/syrian-government"


def test_an_acronym_the_tagger_takes_for_an_auxiliary_is_the_source(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    # spaCy reads "IS said" as the passive "is said": the group's acronym is the subject
    text = "IS said in a statement that one of its fighters had fired on a gathering near Hassakeh city."
    assert agents(extractor, resolvers, text) == ["agent/isil"]
    assert agents(extractor, resolvers, "It is said that the town fell.") == [None]


def test_pronouns_agree_with_what_they_stand_for(extractor) -> None:  # type: ignore[no-untyped-def]
    # "Trump" alone is a person because the article names him in full; "he" skips the woman quoted before
    text = ("President Donald Trump declared Wednesday that the attack cannot be tolerated as his UN ambassador "
            "Nikki Haley was promising a strong response. These actions cannot be tolerated Trump said. "
            "He said the US stood with its allies.")
    claims = run(extractor, text)
    assert chain(claims[-1]) == ["Trump"]
    # "it" never stands for a plural; "they" never for one person
    text = ("Doctors Without Borders said on Saturday that the hospital was hit. Activists said that 67 people were "
            "killed. It said the hospital was closed.")
    assert chain(run(extractor, text)[-1]) == ["Doctors Without Borders"]
    text = ("The Syrian Observatory for Human Rights said 20 people died. The mayor Ahmed Khalil said the town was "
            "shelled. They said more bodies were found.")
    assert chain(run(extractor, text)[-1]) == ["Syrian Observatory for Human Rights"]


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_name_set_beside_a_persons_role_is_a_person(name: str) -> None:
    """ "Rania a 30-year-old nurse living in Qusour said ...": a name the entity tagger does not know, but a
    person by the role beside it, is the one "she told AFP" stands for; the minister quoted before did not
    speak to AFP."""
    from kg.extract import load_extractor

    text = ("Interior Minister Khaled Nasser told reporters that one of the attackers had entered the station. "
            "Rania a 30-year-old nurse living in Qusour said she heard at least two blasts on Monday. "
            "\"I was coming back from work when I heard the sound of an explosion\" she told AFP.")
    minister, nurse, quote = load_extractor(name)(Article(id="t", text=text))
    assert chain(minister) == ["Khaled Nasser"]
    assert chain(quote) == ["Rania", "AFP"] and chain(nurse) == ["Rania", "AFP"]


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_stretch_without_a_finite_verb_is_part_of_the_claim_beside_it(name: str) -> None:
    """ "Speaking to AFP on Wednesday", "In a statement released after the attack": no statement of the outlet's
    own, but the framing of the claim that follows; "Rescuers searched the rubble" stands alone."""
    from kg.extract import load_extractor

    text = ("Speaking to AFP on Wednesday Hama governor Karim Hallak had also reported the attacks giving a toll "
            "of 31 killed. In a statement released following the attack the Coalition stressed that civilians were "
            "targeted. Rescuers searched the rubble of the building on Thursday.")
    claims = load_extractor(name)(Article(id="t", text=text))
    assert [c.span.text.split()[0] for c in claims] == ["Speaking", "In", "Rescuers"]
    assert not claims[0].source.own_voice and not claims[1].source.own_voice


def test_a_verb_read_as_an_adjective_of_a_thing_is_no_cue() -> None:
    """ "the world communitys continued silence", "following reported rebel fire": the encoder may tag the verb as
    a cue, the parse hangs it on the noun after it; no claim is cut there and nobody is made to report. A speaker
    the verb describes still speaks ("informed sources said")."""
    from kg.extract import load_extractor

    text = ("The alliance warned of grave consequences as a result of the world communitys continued silence over the "
            "raids. A wounded boy waits at the clinic in a western district on Monday following reported rebel fire "
            "on the eastern quarters of the city. The families fled to safer villages near the border informed "
            "sources said.")
    claims = load_extractor("neural")(Article(id="t", text=text))
    assert [c.span.text.split()[:2] for c in claims] == [["The", "alliance"], ["A", "wounded"], ["The", "families"]]
    assert claims[0].span.text.endswith("over the raids.") and claims[0].source.name == "alliance"
    assert claims[1].source.own_voice and claims[2].source.name == "sources"


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_voice_named_after_its_cue_with_a_participle_of_its_own_speaks(name: str) -> None:
    """ "... said local sources speaking on condition of anonymity", "... said the official stressing that ...": the
    participle tells of the voice, whose noun the parse makes its subject; the words before the cue are what
    the voice said. A person named at the end of a role and a body's name is that person."""
    from kg.extract import load_extractor

    text = ("The dead included women and children said local sources speaking on condition of anonymity. "
            "The bridge was destroyed before the convoy reached the village said the official stressing that nobody "
            'was hurt. "The wounded were all under ten" said clinic director Karim Haddad adding that two nurses were '
            "also hurt.")
    claims = run(load_extractor(name), text)
    assert [chain(c) for c in claims[:3]] == [["local sources"], ["official"], ["Karim Haddad"]]
    assert claims[0].content is not None and claims[0].content.text == "The dead included women and children"


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_thing_the_parse_makes_a_participles_subject_is_no_speaker(name: str) -> None:
    """ "A farmer backed that account saying he saw ...": the parse reads "that" as a conjunction and "account"
    as the subject of "saying"; the farmer says it, in one claim."""
    from kg.extract import load_extractor

    [claim] = run(load_extractor(name), "A farmer from the village backed that account saying he saw the helicopter "
                                        "drop two barrels.")
    assert chain(claim) == ["farmer from the village"] and claim.cue == "say"


@pytest.mark.parametrize("name", ["rules", "neural"])
def test_a_noun_of_the_content_before_a_name_is_not_part_of_the_voice(name: str) -> None:
    """ "... advisers embedded within the group | Long Range Review reports": the group is where the advisers are,
    the review reports."""
    from kg.extract import load_extractor

    [claim] = run(load_extractor(name), "The militia has received heavy weapons and advisers embedded within the "
                                        "group Long Range Review reports.")
    assert chain(claim) == ["Long Range Review"]


def test_a_pronoun_inside_its_sentence_stands_for_the_subject_above_it(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Opposition activists said 60 civilians were killed. The U.S.-led coalition fighting Islamic State in "
            "Syria has carried out air strikes that have also caused civilian casualties which it says it goes to "
            "great lengths to avoid.")
    assert chain(run(extractor, text)[-1]) == ["U.S.-led coalition"]
    text = "Sources told SOHR that they heard ISIS members saying they had detained 12 men."
    assert chain(run(extractor, text)[-1])[0] == "Sources"


def test_a_surname_is_the_person_named_in_full_before(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("The fighters are optimistic that their knowledge of the town will make up for their light weapons said "
            "activist Mustafa Ebdi. Ebdi added the latest air raids had little effect. The strikes hit the plateau "
            "he said.")
    assert agents(extractor, resolvers, text) == ["agent/mustafa-ebdi"] * 3


def test_a_medium_told_once_carries_the_rest_an_audience_does_not(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The attack was repelled YPG spokesman Redur Xelil told Reuters. Xelil said dozens of fighters had "
            "been killed.")
    assert [chain(c) for c in run(extractor, text)] == [["Redur Xelil", "Reuters"], ["Xelil", "Reuters"]]
    text = ("We would like to see protests Boris Johnson told MPs in the parliament. Johnson said the wells of "
            "outrage were exhausted.")
    assert [chain(c) for c in run(extractor, text)][-1] == ["Johnson"]


def test_a_person_named_before_their_role_without_commas(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "Mahmud Abu Malak a spokesman for the Nureddin al-Zanki rebel group described fierce "
                             "fighting.")
    assert chain(claim) == ["Mahmud Abu Malak"]
    # a preposition before the name makes it a place; many officials are not the man they serve
    [claim] = run(extractor, "In Qaterji a man stood in the road shouting that there are only civilians here.")
    assert chain(claim)[0] != "Qaterji"
    [claim] = run(extractor, "President Bashar al-Assads officials have said they would never use poison gas.")
    assert chain(claim)[0] != "Bashar al-Assad"


def test_a_voice_that_ends_the_sentence_is_the_source(extractor) -> None:  # type: ignore[no-untyped-def]
    # the parse reads the report as a participle describing the strikes, or hangs it on the killing
    [claim] = run(extractor, "At least 14 civilians were killed by airstrikes carried out by the US-led international "
                             "coalition in the outskirts of Raqqa in northern Syria Al Mayadeen TV channel reported on "
                             "Sunday.")
    assert chain(claim) == ["Al Mayadeen TV channel"]
    [claim] = run(extractor, "Regime helicopters dropped four barrel bombs on a town in Daraa province killing 10 "
                             "people including a child the UK-based Syrian Observatory for Human Rights (SOHR) "
                             "reported.")
    assert chain(claim) == ["Syrian Observatory for Human Rights"]
    [claim] = run(extractor, "The death toll reported on Sunday was high.")
    assert claim.source.own_voice


def test_a_pronoun_hop_and_a_victim_noun_before_a_voice(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The Syrian Observatory for Human Rights said the shelling was intense. It quoted activists as saying "
            "that regime forces fired rockets.")
    claims = run(extractor, text)
    assert [(h.antecedent or h.name) for h in claims[-1].via] == ["Syrian Observatory for Human Rights"]
    [claim] = run(extractor, "A blast on a bus in Damascus killed at least six people AFP reports.")
    assert chain(claim) == ["AFP"]


def test_the_day_after_whom_a_speaker_told_is_no_part_of_the_name(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "The strike killed four children an informed source in Homs told Sputnik Friday.")
    assert [h.name for h in claim.via] == ["Sputnik"]


def test_a_person_named_before_a_plural_sources_modifiers_is_not_theirs(extractor) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, "The army targeted their gatherings in Qalamoun killing the terrorist commander Abu Taha "
                             "well-informed sources told Al-Manar.")
    assert claim.source.mention is not None and claim.source.mention.text == "well-informed sources"
    [claim] = run(extractor, "Ten fighters were killed near the town SANA sources said.")
    assert chain(claim) == ["SANA sources"]


@pytest.mark.parametrize(("text", "voice"), [
    ("Date of publication 5 August 2016 Air raids on Aleppos Marjeh district killed at least 10 people including seven "
     "children on Friday the Syrian Observatory for Human Rights reports.", "agent/sohr"),
    ("Others have been taken to the cities of al-Rai and Manbij near the Turkish border where the terrorists have "
     "come under attack from several fronts to either be forced to dig trenches or be used as human shields Press TV "
     "reports.", "agent/press-tv"),
])
def test_a_sentence_closing_with_a_voice_and_reports_is_the_voices(extractor, resolvers, text: str, voice: str) -> None:  # type: ignore[no-untyped-def]
    # the parse took the closing "reports" for a plural noun
    assert agents(extractor, resolvers, text)[-1] == voice


@pytest.mark.parametrize(("text", "relay"), [
    ("Two Russian pilots were killed in Syria after DAESH shot down a helicopter near Palmyra the Russian military "
     "was quoted as saying by local media.", "local media"),
    ('"Five people were killed in the attack" Barazi was quoted as saying by Al Mayadeen TV channel.',
     "Al Mayadeen TV channel"),
])
def test_who_passes_on_a_passive_quoted_as_saying_is_the_next_hop(extractor, text: str, relay: str) -> None:  # type: ignore[no-untyped-def]
    [claim] = run(extractor, text)
    assert [h.name for h in claim.via] == [relay] and claim.cue == "say"


def test_a_statement_told_inside_a_voice_named_after_it_leaves_that_voices_claim_whole(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("The Civil Defence service said the raids killed 19. Turkey remains committed to a ceasefire in Syria but "
            "Russia must stop insisting that Bashar al Assad should remain in office Turkish Foreign Minister Mevlut "
            "Cavusoglu said on Sunday. Cavusoglu also said he told his counterpart.")
    claims = run(extractor, text)
    [whole] = [c for c in claims if c.span.text.startswith("Turkey remains")]
    assert whole.source.name == "Mevlut Cavusoglu" and whole.span.text.endswith("said on Sunday.")
    assert not any(c.source.own_voice for c in claims)  # no voice left alone in the outlet's
