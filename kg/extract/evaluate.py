"""`kg eval GOLD_DIR`: run the pipeline over a gold folder and score it with the shared scorer.

The scorer is the project's yardstick, kept outside the package (`../shared/eval/score.py`); it is
loaded from its file so the figures printed here are the very ones the scorer prints.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.extract import Extractor
from kg.model import Article
from kg.pipeline import Resolvers
from kg.report import records as report_records

DEFAULT_SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"


def records(items: list[Any], extractor: Extractor, resolvers: Resolvers) -> list[dict[str, Any]]:
    """The extraction output records (the FORMAT of the gold) for articles: paths, or loaded results."""
    from kg.ingest import load_paths
    from kg.operations import extract_in_memory
    from kg.rdf.vocab import Iris
    from kg.settings import SETTINGS

    base = next(s.default for s in SETTINGS if s.name == "base")
    loaded = load_paths(items) if all(isinstance(i, Path) for i in items) else items
    report, incidents = extract_in_memory(loaded, extractor, resolvers, Iris(base))
    return list(report_records(report.extractions, incidents))


def gold_records(gold_dir: Path, source: Path) -> list[Article]:
    """The gold folder's articles as loaded from `source` (e.g. FA-KES's articles.jsonl, with the outlet,
    title and date users load them with): the records whose id is a gold article's name."""
    from kg.ingest import load_paths

    names = {p.stem for p in Path(gold_dir).glob("*.txt")}
    found = [r for r in load_paths([source]) if isinstance(r, Article) and r.id in names]
    missing = names - {r.id for r in found}
    if missing:
        raise KGError(f"{source}: no record for the gold article(s) {', '.join(sorted(missing))}")
    return found


def evaluate_folder(gold_dir: Path, extractor: Extractor, resolvers: Resolvers, *, scorer: Path | None = None,
                    out: Path | None = None, source: Path | None = None) -> dict[str, float]:
    """Extract every `NAME.txt` of a gold folder (or, with `source`, the records of those articles in
    that file) and return the scorer's figures."""
    gold_dir = Path(gold_dir)
    texts = sorted(gold_dir.glob("*.txt"))
    if not texts:
        raise KGError(f"{gold_dir}: no NAME.txt articles to evaluate")
    rows = records(gold_records(gold_dir, source) if source else texts, extractor, resolvers)
    module = load_scorer(scorer or DEFAULT_SCORER)
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    scores: dict[str, float]  # the scorer's figures by name
    if out is not None:
        out.write_text(payload, encoding="utf-8")
        scores = module.score(str(gold_dir), str(out))
        return scores
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "system.jsonl"
        path.write_text(payload, encoding="utf-8")
        scores = module.score(str(gold_dir), str(path))
    return scores


def load_scorer(path: Path) -> Any:
    """The shared scorer module, loaded from its file."""
    if not Path(path).exists():
        raise KGError(f"scorer not found at {path}; pass the path of shared/eval/score.py")
    spec = importlib.util.spec_from_file_location("claimgraph_score", path)
    if spec is None or spec.loader is None:
        raise KGError(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def format_scores(scores: dict[str, float]) -> str:
    """The figures one a line, as the scorer prints them."""
    return "\n".join(f"{k:22} {v:.3f}" if isinstance(v, float) else f"{k:22} {v}" for k, v in scores.items())


__all__ = ["evaluate_folder", "format_scores", "gold_records", "load_scorer", "records"]
