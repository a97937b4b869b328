#!/usr/bin/env bash
# The extraction figures of the README and kg/extract/README.md, by the product's own path.
#
# usage: scripts/measure_extraction.sh [SHARED_DIR] [OUT_DIR]
#   SHARED_DIR  the shared data folder (default: ../shared beside the project)
#   OUT_DIR     where the system outputs are kept (default: a new temporary folder)
# The extractor and domain are the settings' (KG_EXTRACTOR, KG_DOMAIN); run it once per choice.
# Conflict news: the seed, the dev folder as .txt and as FA-KES records (with their outlet metadata),
# scored by score.py. PolNeAR dev and test through `kg extract`, all claims and attributions only,
# scored by score_spans.py; PolNeAR dev and test unpunctuated as FA-KES prints its pages (attributions
# only). On two cores the whole run takes about half an hour.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
OUT=${2:-$(mktemp -d)}
KG=".venv/bin/kg --store memory"
SCORE="python3 $SHARED/eval/score.py"
SPANS="python3 $SHARED/eval/score_spans.py"
PN=$SHARED/corpus/polnear
mkdir -p "$OUT"
echo "extractor ${KG_EXTRACTOR:-neural}, domain ${KG_DOMAIN:-conflict}; outputs in $OUT"

pick() {  # the named figures of a scorer's JSON
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(" ".join(f"{k} {d[k]:.3f}" for k in sys.argv[1:]))' "$@"
}
GOLD_KEYS="attribution_f1 claims_f1 source_accuracy chain_accuracy figures_f1 date_accuracy place_recall event_type_accuracy quote_accuracy incident_f1"
SPAN_KEYS="source_token_f1 content_token_f1 cue_exact_f1 relation_f1 source_exact_f1 content_exact_f1"

$KG extract "$SHARED"/gold/*.txt --format jsonl > "$OUT/seed.jsonl"
echo "seed:               $($SCORE "$SHARED/gold" "$OUT/seed.jsonl" --json | pick $GOLD_KEYS)"
$KG extract "$SHARED"/gold/dev/*.txt --format jsonl > "$OUT/dev.jsonl"
echo "dev (.txt):         $($SCORE "$SHARED/gold/dev" "$OUT/dev.jsonl" --json | pick $GOLD_KEYS)"
$KG eval "$SHARED/gold/dev" --records "$SHARED/corpus/fa-kes/articles.jsonl" --out "$OUT/dev-records.jsonl" --json \
  | pick $GOLD_KEYS | sed 's/^/dev (records):      /'

for split in dev test; do
  $KG extract "$PN"/data/$split/text/*.txt --format jsonl > "$OUT/polnear-$split.jsonl"
  echo "PolNeAR $split:        $($SPANS "$PN" "$OUT/polnear-$split.jsonl" --split $split --json | pick $SPAN_KEYS)"
  # what `kg extract --attributed` writes: the rows with a cue
  python3 -c 'import json, sys; [print(l, end="") for l in sys.stdin if json.loads(l)["cue"] is not None]' \
    < "$OUT/polnear-$split.jsonl" > "$OUT/polnear-$split-attributed.jsonl"
  echo "PolNeAR $split, attributions only: $($SPANS "$PN" "$OUT/polnear-$split-attributed.jsonl" --split $split --json | pick $SPAN_KEYS)"
done

# PolNeAR as FA-KES prints its pages (commas, apostrophes and single quotes dropped, double quotes
# straight: kg.extract.polnear.unpunctuated), attributions only: how the tagger reads unpunctuated news.
for split in dev test; do
  .venv/bin/python -c 'import sys; from pathlib import Path; from kg.extract.polnear import write_split
write_split(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), unpunctuate=True)' "$PN" $split "$OUT/polnear-bare"
  $KG extract --attributed "$OUT"/polnear-bare/data/$split/text/*.txt --format jsonl > "$OUT/polnear-bare-$split.jsonl"
  echo "PolNeAR $split unpunctuated, attributions only: $($SPANS "$OUT/polnear-bare" "$OUT/polnear-bare-$split.jsonl" --split $split --json | pick $SPAN_KEYS)"
done
