"""The CRF attribution tagger: a linear-chain CRF over parse features, decoded into relations.

Built by `scripts/train_attribution_crf.py` from PolNeAR's train split (python-crfsuite, the
`crf` extra). The tags are BIO over SOURCE, CUE and CONTENT; Viterbi decoding keeps them a
consistent sequence; an optional second pass (stack.crfsuite beside the model) rereads the first
pass's tags of the whole sentence; and `kg.extract.tagged.group` joins sources and contents to their cues.
Optional: the rules extractor never needs it.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from kg.errors import ExtractorError
from kg.extract.attribution_features import doc_features, load_cue_forms, stacked_features
from kg.extract.tagged import Relation, group

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_MODEL = DATA / "models" / "attribution-crf" / "model.crfsuite"
CUE_FORMS = DATA / "cue_forms.tsv"
STACK_NAME = "stack.crfsuite"


class CrfAttributionTagger:
    """Tags and relations of parsed docs (the doc needs spaCy's tagger, parser and NER)."""

    def __init__(self, path: str | Path = DEFAULT_MODEL, cue_forms: Path = CUE_FORMS) -> None:
        try:
            import pycrfsuite
        except ImportError:
            raise ExtractorError("the CRF tagger needs python-crfsuite (pip install 'claimgraph[crf]')") from None
        if not Path(path).is_file():
            raise ExtractorError(f"CRF attribution model not found at {path}; build it with "
                                 "scripts/train_attribution_crf.py")
        self.cue_forms = load_cue_forms(cue_forms)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        # a second pass, when trained, rereads the whole first-pass tag sequence
        stack = Path(path).with_name(STACK_NAME)
        self._second: pycrfsuite.Tagger | None = None
        if stack.is_file():
            self._second = pycrfsuite.Tagger()
            self._second.open(str(stack))

    def tags(self, doc: Doc) -> list[str]:
        """One BIO tag per token of `doc`."""
        if len(doc) == 0:
            return []
        features = doc_features(doc, self.cue_forms)
        tags = list(self._tagger.tag(features))
        if self._second is None:
            return tags
        return list(self._second.tag([a + b for a, b in zip(features, stacked_features(doc, tags), strict=True)]))

    def relations(self, doc: Doc) -> list[Relation]:
        """The attributions of `doc` as token ranges."""
        return relations_from_tags(doc, self.tags(doc))


def relations_from_tags(doc: Doc, tags: list[str]) -> list[Relation]:
    """Group a tag sequence of `doc` into relations, sentence by sentence."""
    sentence_of = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = k
    return group(tags, sentence_of)


__all__ = ["DEFAULT_MODEL", "STACK_NAME", "CrfAttributionTagger", "relations_from_tags"]
