"""The word lists of the rules extractor are data (kg/data/lexicon/), read once into one Lexicon."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import kg.extract.lexicon as lexicon_module
from kg.extract.attribution import CHAIN_CUES, PRONOUNS
from kg.extract.lexicon import alternation, load_lexicon

LEXICON_DIR = resources.files("kg.data").joinpath("lexicon")


def test_every_list_says_what_it_is_for_and_is_read() -> None:
    loader = Path(lexicon_module.__file__).read_text(encoding="utf-8")
    files = sorted(p for p in LEXICON_DIR.iterdir() if p.name.endswith(".txt"))
    assert len(files) >= 37
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), f"{path.name}: no header"
        used_by = [line for line in lines if line.startswith("#") and re.search(r"kg/(extract|resolve)/", line)]
        assert used_by, f"{path.name}: not said where used"
        assert any(line.strip() and not line.startswith("#") for line in lines), f"{path.name}: empty"
        assert f'"{path.name[:-4]}"' in loader, f"{path.name}: not read by load_lexicon"


def test_the_lexicon_is_read_once_and_frozen() -> None:
    lex = load_lexicon()
    assert lex is load_lexicon()
    assert "say" in lex.speech_verbs and "monitor" in lex.speaker_nouns
    assert lex.headline_credits <= lex.speaker_nouns
    assert lex.number_units["seventeen"] == 17 and lex.number_tens["twenty"] == 20
    assert lex.number_scales["hundred"] == 100
    assert dict(lex.figure_qualifiers)["at_least"][0] == "at least"
    assert "according to" in lex.chain_cues and "he" in lex.pronouns


def test_the_attribution_rules_read_their_lists_from_the_lexicon() -> None:
    lex = load_lexicon()
    assert PRONOUNS is lex.pronouns and CHAIN_CUES is lex.chain_cues


def test_a_phrase_list_becomes_an_alternation_in_order() -> None:
    pattern = re.compile(rf"\b(?:{alternation(['at least', 'over'])})\s+$", re.I)
    assert pattern.search("killing at  least ") and pattern.search("Over ")
    assert not pattern.search("atleast ")
