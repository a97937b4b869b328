"""Grouping a tag sequence into attribution relations (the decoding side of the trained tagger)."""

from __future__ import annotations

from kg.extract.tagged import group, stretches


def test_stretches_split_on_begin_tags_and_kind_changes() -> None:
    tags = ["B-SOURCE", "I-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O", "B-CONTENT", "B-CONTENT"]
    assert stretches(tags) == [("SOURCE", (0, 2)), ("CUE", (2, 3)), ("CONTENT", (3, 5)), ("CONTENT", (6, 7)),
                               ("CONTENT", (7, 8))]


def test_sources_and_contents_join_the_nearest_cue_of_their_sentence() -> None:
    #        0 he       1 said     2 it       3 rained  4 .  5 she       6 told    7 us      8 nothing
    tags = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O", "B-SOURCE", "B-CUE", "O", "B-CONTENT"]
    sentence_of = [0, 0, 0, 0, 0, 1, 1, 1, 1]
    first, second = group(tags, sentence_of)
    assert (first.cue, first.source, first.content) == ((1, 2), [(0, 1)], [(2, 4)])
    assert (second.cue, second.source, second.content) == ((6, 7), [(5, 6)], [(8, 9)])


def test_a_quotation_running_into_the_next_sentence_stays_with_its_cue() -> None:
    tags = ["B-CONTENT", "I-CONTENT", "B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT"]
    sentence_of = [0, 0, 0, 0, 1, 1]
    [rel] = group(tags, sentence_of)
    assert rel.content == [(0, 2), (4, 6)]


def test_a_cue_without_content_is_no_relation() -> None:
    assert group(["B-SOURCE", "B-CUE", "O"], [0, 0, 0]) == []
    assert group(["O", "O"], [0, 0]) == []


def test_a_cue_without_a_source_shares_the_speaker_of_its_sentence() -> None:
    #        0 Clinton  1 said   2 taxes      3 rise     4 ,  5 adding  6 jobs       7 .  8 Polls    9 show
    tags = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O", "B-CUE", "B-CONTENT", "O", "B-CUE", "B-CONTENT"]
    sentence_of = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    said, adding, show = group(tags, sentence_of)
    assert said.source == adding.source == [(0, 1)]
    assert show.source == []  # no speaker in its own sentence: none borrowed from another


def test_a_cue_before_the_speakers_cue_borrows_no_speaker() -> None:
    #        0 no claim 1 of       2 responsibility 3 ,  4 the group  5 denied 6 involvement
    tags = ["B-CUE", "B-CONTENT", "I-CONTENT", "O", "B-SOURCE", "B-CUE", "B-CONTENT"]
    claim, denied = group(tags, [0] * 7)
    assert claim.source == [] and denied.source == [(4, 5)]
