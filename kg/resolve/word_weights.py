"""The weight of a word when two reports are compared: its inverse document frequency in a fixed
reference corpus of conflict news, shipped as `kg/data/word_document_frequency.tsv`.

The weights were once computed over the groups being linked, that is over the whole store. Then
every article ingested changed the score of every pair already linked, and linking one more article
could only agree with linking the whole store if it re-scored the whole store. Weights from a fixed
reference make a pair's score a function of the two groups alone: an article can be linked against
the few incidents near it and give what a whole-store pass gives (on the gold claims of the seed and
dev folders, the incident F1 is the same with store weights, fixed weights or none).

The table is built by `python -m kg.resolve.word_weights CORPUS.jsonl > kg/data/word_document_frequency.tsv`
from the FA-KES articles (`../shared/corpus/fa-kes/articles.jsonl`, one document per article, words
met in at least two); a word it does not list is rarer than any it lists and weighs the most.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Iterable
from functools import cache

from kg.resources import resource

TABLE = "word_document_frequency.tsv"
MIN_DOCUMENTS = 2  # words met in fewer documents are left out of the table (they weigh the most anyway)


class WordWeights(dict[str, float]):
    """IDF by word; `get` of a word the reference never met gives the weight of the rarest."""

    def __init__(self, weights: dict[str, float], unseen: float) -> None:
        super().__init__(weights)
        self.unseen = unseen

    def get(self, word: str, default: object = None) -> float:
        """The word's weight; `default` is taken, as by any mapping's `get`, but never used: every word has one."""
        return dict.get(self, word, self.unseen)


def weights(documents: int, frequencies: dict[str, int]) -> WordWeights:
    """Smoothed IDF, `log(n / (1 + df)) + 1` with n = documents + 1 (an unseen word has df 0)."""
    n = documents + 1
    return WordWeights({w: math.log(n / (1 + df)) + 1.0 for w, df in frequencies.items()}, math.log(n) + 1.0)


@cache
def reference() -> WordWeights:
    """The shipped weights (read once)."""
    documents, frequencies = 0, {}
    for line in resource("data", TABLE).read_text(encoding="utf-8").splitlines():
        if line.startswith("# documents "):
            documents = int(line.split()[-1])
        elif line and not line.startswith("#"):
            word, df = line.split("\t")
            frequencies[word] = int(df)
    return weights(documents, frequencies)


def table(texts: Iterable[str]) -> str:
    """The TSV of document frequencies of the words of `texts` (one document each), as shipped."""
    from kg.resolve.linking import tokens

    frequencies: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        frequencies.update(set(tokens(text)))
    kept = sorted((w, c) for w, c in frequencies.items() if c >= MIN_DOCUMENTS)
    return ("# Document frequencies of words in a reference corpus of conflict news: the word weights of\n"
            "# incident linking (kg/resolve/word_weights.py). Built from the FA-KES articles, one document\n"
            f"# each, words met in at least {MIN_DOCUMENTS}: python -m kg.resolve.word_weights articles.jsonl\n"
            f"# documents {documents}\n" + "".join(f"{w}\t{c}\n" for w, c in kept))


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        sys.stdout.write(table(json.loads(line)["text"] for line in f if line.strip()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
