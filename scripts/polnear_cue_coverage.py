"""How open PolNeAR's cue vocabulary is: the share of the dev split's gold relations whose cue string never
(or rarely) occurs as a cue in the train split. Reads the corpus with the shared span scorer's own loader;
the test split is not read.

usage: python scripts/polnear_cue_coverage.py POLNEAR_DIR
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path


def cue_strings(scorer: object, polnear: str, split: str) -> list[str]:
    docs, gold, _ = scorer.load_gold(polnear, split)  # type: ignore[attr-defined]
    return [" ".join(docs[d].text[docs[d].starts[i]:docs[d].ends[i]] for i in sorted(rel["cue"])).lower()
            for d in docs for rel in gold[d]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear")
    args = parser.parse_args()
    scorer_dir = Path(args.polnear).resolve().parents[1] / "eval"
    if not (scorer_dir / "score_spans.py").exists():
        print(f"the span scorer is not at {scorer_dir}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(scorer_dir))
    import score_spans

    train = Counter(cue_strings(score_spans, args.polnear, "train"))
    dev = cue_strings(score_spans, args.polnear, "dev")
    print(f"train: {sum(train.values())} relations, {len(train)} distinct cue strings, "
          f"{sum(n for n in train.values() if n == 1) / sum(train.values()):.3f} of them with a cue seen once")
    for k in (1, 3, 10):
        share = sum(train[c] >= k for c in dev) / len(dev)
        print(f"dev: {share:.3f} of {len(dev)} relations have a cue seen at least {k} times in train")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
