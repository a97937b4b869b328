"""`kg synth`: a synthetic corpus of conflict reporting with its gold, deterministic by seed."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from kg.settings import Config


def cmd_synth(args: argparse.Namespace, config: Config) -> int:
    """Write `--articles` synthetic articles to `-o` (JSONL) and, with `--gold`, their gold folder; print a
    one-line summary to standard error."""
    from kg.synth.generate import generate
    from kg.synth.output import write_corpus
    from kg.synth.vocabulary import load_vocabulary

    if args.articles < 0 or args.seed < 0:
        print("error: --articles and --seed are whole numbers of zero or more", file=sys.stderr)
        return 2
    out, gold = Path(args.output), Path(args.gold) if args.gold else None
    if not out.parent.is_dir():
        print(f"error: {out}: no folder {out.parent} to write into", file=sys.stderr)
        return 2
    started = time.perf_counter()
    vocab = load_vocabulary()
    loaded = time.perf_counter()
    try:
        written = write_corpus(generate(args.articles, args.seed, vocab), out, gold)
    except OSError as exc:
        print(f"error: cannot write {exc.filename or out}: {exc.strerror}", file=sys.stderr)
        return 2
    done = time.perf_counter()
    rate = written.articles / (done - loaded) if done > loaded else 0.0
    print(f"kg synth: {written.articles} articles, {written.incidents} incidents, {written.claims} gold claims "
          f"(seed {args.seed}) in {done - started:.1f} s ({rate:,.0f} articles/s after {loaded - started:.1f} s "
          f"of loading) -> {out}" + (f", gold in {gold}" if gold else ""), file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("synth", help="write a synthetic corpus (JSONL) with its gold, deterministic by seed")
    p.add_argument("--articles", type=int, required=True, help="how many articles")
    p.add_argument("--seed", type=int, default=0, help="the same articles and seed give the same corpus (default 0)")
    p.add_argument("-o", "--output", required=True, help="the JSONL file to write (one article record a line)")
    p.add_argument("--gold", help="also write the gold folder here: NAME.txt and NAME.gold.jsonl per article "
                   "(../shared/gold/FORMAT.md), for score.py and kg eval")
    p.set_defaults(func=cmd_synth)
