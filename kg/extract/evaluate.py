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
from kg.pipeline import Resolvers
from kg.report import records as report_records

DEFAULT_SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"


def records(paths: list[Path], extractor: Extractor, resolvers: Resolvers) -> list[dict[str, Any]]:
    """The extraction output records (the FORMAT of the gold) for the articles in `paths`."""
    from kg.ingest import load_paths
    from kg.operations import extract_in_memory
    from kg.rdf.vocab import Iris
    from kg.settings import SETTINGS

    base = next(s.default for s in SETTINGS if s.name == "base")
    report, incidents = extract_in_memory(load_paths(paths), extractor, resolvers, Iris(base))
    return list(report_records(report.extractions, incidents))


def evaluate_folder(gold_dir: Path, extractor: Extractor, resolvers: Resolvers, *, scorer: Path | None = None,
                    out: Path | None = None) -> dict[str, float]:
    """Extract every `NAME.txt` of a gold folder and return the scorer's figures."""
    gold_dir = Path(gold_dir)
    texts = sorted(gold_dir.glob("*.txt"))
    if not texts:
        raise KGError(f"{gold_dir}: no NAME.txt articles to evaluate")
    rows = records(texts, extractor, resolvers)
    module = load_scorer(scorer or DEFAULT_SCORER)
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if out is not None:
        out.write_text(payload, encoding="utf-8")
        return module.score(str(gold_dir), str(out))  # type: ignore[no-any-return]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "system.jsonl"
        path.write_text(payload, encoding="utf-8")
        return module.score(str(gold_dir), str(path))  # type: ignore[no-any-return]


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


__all__ = ["evaluate_folder", "format_scores", "load_scorer", "records"]
