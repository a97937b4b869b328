"""`kg eval GOLD_DIR...`: extract every article of a gold folder and print the scorer's figures."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kg.pipeline import build_pipeline
from kg.settings import Config


def cmd_eval(args: argparse.Namespace, config: Config) -> int:
    from kg.extract.evaluate import evaluate_folder, format_scores

    pipeline = build_pipeline(config)
    for folder in args.gold_dirs:
        scores = evaluate_folder(Path(folder), pipeline.extractor, pipeline.resolvers,
                                 scorer=Path(args.scorer) if args.scorer else None,
                                 out=Path(args.out) if args.out else None,
                                 source=Path(args.records) if args.records else None)
        if args.json:
            print(json.dumps({"gold": folder, **scores}))
        else:
            print(f"# {folder}\n{format_scores(scores)}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="score extraction against gold folders (NAME.txt + NAME.gold.jsonl)")
    p.add_argument("gold_dirs", nargs="+")
    p.add_argument("--scorer", help="path of score.py (default: ../shared/eval/score.py beside the project)")
    p.add_argument("--out", help="also keep the system's JSONL here")
    p.add_argument("--json", action="store_true", help="one JSON object per folder")
    p.add_argument("--records", help="load the gold articles from this file's records (by id) instead of their "
                   ".txt, as users load them: e.g. ../shared/corpus/fa-kes/articles.jsonl with outlet and title")
    p.set_defaults(func=cmd_eval)
