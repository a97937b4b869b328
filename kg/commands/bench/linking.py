"""`kg bench linking`: cross-article incident linking in the store, scored by pairs of articles
against the FA-KES crowd labels (same event date and location). Ingest the corpus first:
`kg ingest ../shared/corpus/fa-kes/articles.jsonl`. The labels are noisy: report, never tune."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kg.settings import Config

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"


def cmd_bench_linking(args: argparse.Namespace, config: Config) -> int:
    from kg.rdf.readback import load_incidents
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris
    from kg.resolve.fakes_eval import fakes_labels, pairwise_linking

    with open_store(config, read_only=True) as store:
        incidents = load_incidents(store, Iris(config.base))
    score = pairwise_linking(incidents, fakes_labels(args.labels))
    multi = sum(1 for i in incidents if len({k.rsplit("/", 1)[0] for k in i.claim_keys}) > 1)
    print(f"incidents {len(incidents)} ({multi} reported by more than one article)")
    for key, value in score.as_dict().items():
        print(f"{key:14} {value:.3f}" if isinstance(value, float) else f"{key:14} {value}")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("linking", help="incident linking in the store against the FA-KES (date, place) labels")
    p.add_argument("--labels", default=str(CORPUS), help="the FA-KES articles.jsonl with crowd annotations")
    p.set_defaults(func=cmd_bench_linking)
