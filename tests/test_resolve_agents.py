"""Source resolution: registry names, descriptions, roles, in-document reference, unknown sources kept."""

from __future__ import annotations

import pytest

from kg.model import Article, Claim, Hop, Span
from kg.resolve.agents import load_registry


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return load_registry()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SOHR", "agent/sohr"),
        ("the so-called Syrian Observatory for Human Rights", "agent/sohr"),
        ("Syrian Observatory for Human Rights monitoring group", "agent/sohr"),
        ("the Britain-based monitor", "agent/sohr"),
        ("state media", "agent/sana"),
        ("the SANA report", "agent/sana"),
        ("Syrian rescue workers the Civil Defence", "agent/civil-defence"),
        ("A coalition spokesman", "agent/us-led-coalition"),
        ("the government of President Bashar al-Assad", "agent/syrian-government"),
        ("Agence France-Presse", "agent/afp"),
        ("US Central Command", "agent/centcom"),
        ("the observatory chief Rami Abdel Rahman", "agent/rami-abdel-rahman"),
        ("The pontiff", "agent/pope-francis"),
        ("the Sana news agency", "agent/sana"),  # text that lost its capitals
        ("Sana", "agent/sana"),
        ("A worlds chemical weapons watchdog", "agent/opcw"),
        ("NGO", "agent/sohr"),  # "20 dead in air raids in Syrias Latakia province: NGO"
        ("The Russian Coordination Center", "agent/russian-reconciliation-center"),
    ],
)
def test_names_reach_their_agent(registry, name: str, key: str) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match(name)
    assert agent is not None and agent.key == key


def test_a_pronoun_written_small_is_not_the_acronym_it_spells(registry) -> None:  # type: ignore[no-untyped-def]
    """"candidates who appeared likable": the relative pronoun is not the World Health Organization."""
    assert registry.match("who") is None
    world_health = registry.match("WHO")
    assert world_health is not None and world_health.key == "agent/who"


def test_a_named_person_after_a_role_is_a_new_person(registry) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match("spokesman Colonel Chris Garver")
    assert agent is not None and agent.label == "Chris Garver" and agent.is_person
    staff = registry.match("an AFP correspondent")
    assert staff is not None and staff.label == "AFP correspondent" and staff.member_of == "agent/afp"


def test_a_description_prefers_the_agent_already_cited(registry) -> None:  # type: ignore[no-untyped-def]
    """"the monitor" after the Syrian Network for Human Rights is that network, not the default monitor."""
    agent = registry.match("the monitoring group", seen=["agent/snhr"])
    assert agent is not None and agent.key == "agent/snhr"
    assert registry.match("the monitoring group").key == "agent/sohr"  # type: ignore[union-attr]


def test_a_description_brought_in_by_an_indefinite_article_points_back_at_no_one(registry) -> None:  # type: ignore[no-untyped-def]
    """ "the group" after the UN may be the UN; "a farmers' group", a body the text brings in, is not."""
    assert registry.match("the group", seen=["agent/united-nations"]).key == "agent/united-nations"  # type: ignore[union-attr]
    assert registry.match("a farmers group", seen=["agent/united-nations"]) is None
    text = "Aid stalled, the UN said. Crops burned, a farmers group said."
    un = Claim(article_id="a", span=Span(0, 24, text[:24]), source=Hop("the UN"))
    said = Span(text.index("a farmers"), text.index(" said."), "a farmers group")
    claim = Claim(article_id="a", span=Span(25, len(text), text[25:]), source=Hop("farmers group", mention=said))
    registry.resolve(Article(id="a", text=text), [un, claim])  # the extractor's name lost the article
    assert un.source.agent == "agent/united-nations" and claim.source.agent == "agent/farmers-group"
    assert registry.match("a group monitoring the war").key == "agent/sohr"  # type: ignore[union-attr]


def _claim(source: Hop, via: list[Hop] | None = None) -> Claim:
    return Claim(article_id="a", span=Span(0, 4, "text"), source=source, via=via or [])


def test_resolve_sets_every_hop_and_keeps_unknown_sources(registry) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="a", text="text", outlet="Reuters")
    claims = [
        _claim(Hop("Madaya evacuees", Span(0, 4, "text"))),
        _claim(Hop("he", antecedent="Rami Abdel Rahman"), [Hop("AFP")]),
        _claim(Hop.outlet_voice()),
        _claim(Hop("the Observatory"), [Hop("Reuters")]),
    ]
    agents = registry.resolve(article, claims)
    assert claims[0].source.agent == "agent/madaya-evacuees"
    assert agents["agent/madaya-evacuees"].label == "Madaya evacuees"
    assert claims[1].source.agent == "agent/rami-abdel-rahman"
    assert claims[2].source.agent == "agent/reuters"  # the outlet's own voice
    assert claims[3].via == []  # the publishing outlet is never a hop of its own chain
    assert {"agent/reuters", "agent/afp", "agent/sohr"} <= set(agents)


def test_a_member_cited_alone_brings_the_body_he_belongs_to(registry) -> None:  # type: ignore[no-untyped-def]
    # stored as schema:memberOf, the body must be in the agents graph too (else the store fails SHACL)
    claims = [_claim(Hop("Rami Abdel Rahman", Span(0, 4, "text")))]
    agents = registry.resolve(Article(id="a", text="text", outlet="Reuters"), claims)
    assert agents["agent/rami-abdel-rahman"].member_of == "agent/sohr" and "agent/sohr" in agents


def test_registry_rows_are_well_formed(registry) -> None:  # type: ignore[no-untyped-def]
    from kg.model import AGENT_KINDS

    for agent in registry.agents.values():
        assert agent.kind in AGENT_KINDS, agent.key
        assert agent.member_of is None or agent.member_of in registry.agents, agent.key
        assert agent.wikidata is None or agent.wikidata.startswith("Q")


def test_a_wire_credit_of_the_outlet_itself_is_the_outlet_voice(registry) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="a", text="text --Reuters", outlet="Reuters")
    claims = [_claim(Hop("Reuters", Span(7, 14, "Reuters")))]
    registry.resolve(article, claims)
    assert claims[0].source.own_voice and claims[0].source.agent == "agent/reuters"


def test_a_name_with_proper_words_is_no_description_of_an_agent_cited(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.match("source in the Kurdish Asayesh security forces", seen=["agent/us-led-coalition"]) is None
    assert registry.match("the security forces", seen=["agent/us-led-coalition"]).key == "agent/us-led-coalition"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "key", "member_of"), [
    ("Rami Abdurrahman", "agent/rami-abdel-rahman", "agent/sohr"),
    ("Konashenkov", "agent/igor-konashenkov", "agent/russian-defence-ministry"),
    ("FNA", "agent/fars", None),
    ("the Local Coordination Committees", "agent/lcc", None),
])
def test_voices_often_cited_in_fakes_are_in_the_registry(registry, name: str, key: str, member_of: str | None) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match(name)
    assert agent is not None and agent.key == key and agent.member_of == member_of


def test_role_words_as_adjectives_and_titles_after_the_role(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.match("the official Syrian news agency").key == "agent/sana"  # type: ignore[union-attr]
    dorrian = registry.match("coalition spokesman Col. John Dorrian")
    assert dorrian is not None and dorrian.label == "John Dorrian" and dorrian.member_of == "agent/us-led-coalition"


@pytest.mark.parametrize(("name", "key"), [
    ("the Damascus-based Syrian Center for Policy Research", "agent/scpr"),
    ("Monitors at the Britain-based Syrian Observatory for Human Rights", "agent/sohr"),
    ("London-based Syrian opposition organization", None),
    ("Syria Civil Defence", "agent/civil-defence"),
    ("the Washington Post", None),  # a capitalised word that is no body of the government: a name of its own
    ("Damascus University", None),
    ("Tehran Times", None),
    ("Washington officials", "agent/united-states"),
    ("Damascus government", "agent/syrian-government"),
    ("US State Department", "agent/united-states"),
])
def test_a_city_or_country_inside_a_name_is_not_that_government(registry, name: str, key: str | None) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match(name)
    assert (agent.key if agent else None) == key


@pytest.mark.parametrize(("name", "key"), [
    ("US-backed fighters", None),
    ("the Daesh-linked Amaq agency", None),
    ("Al-Qaeda-affiliated gunmen in the north", None),
    ("a Hezbollah-run radio station", None),
    ("the US-led coalition", "agent/us-led-coalition"),  # a compound the registry names whole
    ("US officials", "agent/united-states"),
    ("Al-Qaeda", "agent/al-qaeda"),
])
def test_a_body_described_by_its_tie_to_another_is_not_that_other(registry, name: str, key: str | None) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match(name)
    assert (agent.key if agent else None) == key


def test_a_shared_given_name_does_not_make_two_people_one(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.match("Abdulrahman Attar") is None
    attar = registry.match("SARC President Dr Abdulrahman Attar")
    assert attar is not None and attar.label == "Abdulrahman Attar" and attar.member_of == "agent/sarc"
    assert registry.match("Observatory director Abdulrahman").key == "agent/rami-abdel-rahman"  # type: ignore[union-attr]


def test_a_one_word_name_counts_only_as_the_last_word(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.match("President Barrack Obama").key == "agent/barack-obama"  # type: ignore[union-attr]
    assert registry.match("Assad Trump").key == "agent/donald-trump"  # type: ignore[union-attr]


def test_a_phrase_of_one_agent_ends_a_longer_description(registry) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match("the Assad regimes official television channel", seen=["agent/trt-world"])
    assert agent is not None and agent.key == "agent/sana"
    assert registry.match("the channel", seen=["agent/trt-world"]).key == "agent/trt-world"  # type: ignore[union-attr]


@pytest.mark.parametrize("name, label, member_of", [
    ("president of the Syrian Coalition Muwaffaq Nyrabiya", "Muwaffaq Nyrabiya", "agent/etilaf"),
    ("Secretary-General of the Syrian Coalition Abdul Ilah al-Fahd", "Abdul Ilah al-Fahd", "agent/etilaf"),
    ("Russian Defence Ministry Igor Konashenkov", "Igor Konashenkov", "agent/russian-defence-ministry"),
])
def test_a_person_named_after_the_body_they_belong_to(registry, name: str, label: str, member_of: str) -> None:  # type: ignore[no-untyped-def]
    agent = registry.match(name)
    assert agent is not None and agent.label == label and agent.is_person and agent.member_of == member_of
    assert registry.match("Doctors Without Borders").key == "agent/msf"  # type: ignore[union-attr]


def test_a_surname_is_the_one_full_name_of_the_article_that_ends_with_it(registry) -> None:  # type: ignore[no-untyped-def]
    text = "text"
    claims = [_claim(Hop("Steifo", Span(0, 4, text))), _claim(Hop("Abdul Ahad Steifo", Span(0, 4, text))),
              _claim(Hop("Steifo", Span(0, 4, text)))]
    agents = registry.resolve(Article(id="a", text=text, outlet="Reuters"), claims)
    assert [c.source.agent for c in claims] == ["agent/abdul-ahad-steifo"] * 3
    assert "agent/steifo" not in agents
    # two full names end with it: which one is not known
    claims = [_claim(Hop("Ahmed Khalil", Span(0, 4, text))), _claim(Hop("Omar Khalil", Span(0, 4, text))),
              _claim(Hop("Khalil", Span(0, 4, text)))]
    registry.resolve(Article(id="a", text=text, outlet="Reuters"), claims)
    assert claims[2].source.agent == "agent/khalil"


def test_an_agencys_acronym_before_news_agency_names_it_not_the_agency_cited_before(registry) -> None:  # type: ignore[no-untyped-def]
    # in a Sputnik story, "the SANA news agency" is SANA; "the news agency" alone is the one cited before
    assert registry.match("the SANA news agency", ["agent/sputnik"]).key == "agent/sana"  # type: ignore[union-attr]
    assert registry.match("the news agency", ["agent/sputnik"]).key == "agent/sputnik"  # type: ignore[union-attr]


def test_the_outlets_own_credit_is_no_agent_a_description_points_back_at(registry) -> None:  # type: ignore[no-untyped-def]
    claims = [_claim(Hop("the SANA news agency", Span(0, 4, "text"))), _claim(Hop("Sputnik", Span(0, 4, "text"))),
              _claim(Hop("the news agency", Span(0, 4, "text")))]
    registry.resolve(Article(id="a", text="text", outlet="Sputnik"), claims)
    assert claims[2].source.agent == "agent/sana"


def test_a_name_before_a_mediums_words_is_a_name_a_people_before_them_describes(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.match("the Firat news agency", ["agent/sputnik"]) is None  # a new agent, named
    assert registry.match("the Syrian news agency", ["agent/sputnik"]).key == "agent/sana"  # type: ignore[union-attr]
