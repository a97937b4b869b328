"""Report cross-article incident linking on FA-KES against its crowd (date, location) labels.

usage: python scripts/fakes_linking.py [ARTICLES.jsonl] [--sketch] [--json]

Default: the configured extractor and resolvers, then `link_incidents` over all articles.
`--sketch`: instead of the extractor, one claim per article from its head (the first 400
characters: headline and lead), typed by keywords, its places spotted with the gazetteer and
dated only by publication; it shows what linking does on thin evidence while no extractor fills
places and dates. The labels are noisy: report these figures, do not tune on them.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from kg.errors import IngestError
from kg.ingest import load_paths
from kg.model import OUTLET_VOICE, Article, Claim, Extraction, Hop, Span
from kg.resolve.fakes_eval import fakes_labels, pairwise_linking
from kg.resolve.incidents import link_incidents
from kg.resolve.places import Gazetteer, load_gazetteer

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"
_TYPES = (
    ("chemical_attack", r"chemical|sarin|chlorine|toxic gas|nerve agent"),
    ("bombing", r"car bomb|suicide|bomb attack|bombing|blast|explosi"),
    ("airstrike", r"air ?strike|air raid|warplane|jets|aircraft|bombard"),
    ("shelling", r"shell|mortar|rocket|artillery|barrel bomb"),
    ("massacre", r"massacre|execut"),
    ("armed_clash", r"clash|fighting|battle|offensive"),
)


def sketch(article: Article, gazetteer: Gazetteer) -> Extraction:
    head = article.text[:400]
    kind = next((t for t, pattern in _TYPES if re.search(pattern, head, re.I)), None)
    claim = Claim(article_id=article.id, span=Span(0, len(head), head), source=Hop(OUTLET_VOICE),
                  event_type=kind, places=gazetteer.find_names(head), incident="s1")
    return Extraction(article=article, claims=[claim], places=gazetteer.resolve([claim]))


def extractions_from_pipeline(articles: list[Article]) -> list[Extraction]:
    from kg.pipeline import build_pipeline, extract
    from kg.settings import load_config

    pipeline = build_pipeline(load_config({}))
    return list(extract(articles, pipeline.extractor, pipeline.resolvers))


def main(argv: list[str]) -> int:
    paths = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT
    articles = [a for a in load_paths([path]) if not isinstance(a, IngestError)]
    started = time.perf_counter()
    if "--sketch" in argv:
        gazetteer = load_gazetteer()
        extractions = [sketch(a, gazetteer) for a in articles]
    else:
        extractions = extractions_from_pipeline(articles)
    incidents = link_incidents(extractions)
    score = pairwise_linking(incidents, fakes_labels(path))
    result = {"mode": "sketch" if "--sketch" in argv else "pipeline", "articles": len(articles),
              "incidents": len(incidents), "seconds": round(time.perf_counter() - started, 1), **score.as_dict()}
    if "--json" in argv:
        print(json.dumps(result, indent=1))
    else:
        for key, value in result.items():
            print(f"{key:14} {value:.3f}" if isinstance(value, float) else f"{key:14} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
