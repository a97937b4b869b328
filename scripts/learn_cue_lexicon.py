"""Learn the reporting-verb lexicon from PolNeAR's train split: word forms that are mostly cues.

usage: python scripts/learn_cue_lexicon.py POLNEAR_DIR OUT.tsv [--min-count 5] [--min-rate 0.3]

For each word form, the share of its occurrences in the train texts that head a gold cue (the last
word of the cue span: "has said" -> "said"). Forms above both thresholds are written with their
counts; the extractor reads the file (kg/data/cue_forms.tsv) as data. Only the train split is read.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from kg.extract.polnear import data_root

WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
T_RE = re.compile(r"^T\d+\tCue (\d+) (\d+)(?:;\d+ \d+)*\t(.*)$")


def learn(root: Path, min_count: int, min_rate: float) -> list[tuple[str, int, int, float]]:
    seen: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    anns = {p.name.rsplit("_", 1)[0]: p for p in (root / "train" / "attributions").glob("*.ann")}
    for text_path in sorted((root / "train" / "text").glob("*.txt")):
        seen.update(w.lower() for w in WORD.findall(text_path.read_text(encoding="utf-8")))
        ann = anns.get(text_path.stem)
        if ann is None:
            continue
        for line in ann.read_text(encoding="utf-8").splitlines():
            m = T_RE.match(line)
            if m:
                words = WORD.findall(m.group(3))
                if words:
                    cues[words[-1].lower()] += 1
    rows = []
    for form, n in cues.items():
        rate = n / max(seen[form], 1)
        if n >= min_count and rate >= min_rate:
            rows.append((form, n, seen[form], rate))
    return sorted(rows, key=lambda r: (-r[3], r[0]))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--min-rate", type=float, default=0.3)
    args = parser.parse_args(argv)
    root = data_root(args.polnear)
    rows = learn(root, args.min_count, args.min_rate)
    lines = ["form\tas_cue\toccurrences\trate"] + [f"{f}\t{n}\t{t}\t{r:.2f}" for f, n, t, r in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
