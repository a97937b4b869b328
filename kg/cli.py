"""The `kg` command: ingest, extract, query, serve, export, eval, bench."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from kg.errors import IngestError, KGError
from kg.settings import Config, load_config


def _pipeline_parts(config: Config):  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor
    from kg.pipeline import Resolvers
    from kg.resolve.agents import load_registry
    from kg.resolve.places import load_gazetteer

    extractor = load_extractor(config.extractor, spacy_model=config.spacy_model)
    return extractor, Resolvers(agents=load_registry(), places=load_gazetteer())


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    """Run the whole pipeline over the given articles in memory and print their claims."""
    from kg.ingest import load_paths
    from kg.pipeline import extract_and_link
    from kg.report import claim_record

    articles, errors = [], 0
    for item in load_paths(args.paths):
        if isinstance(item, IngestError):
            print(f"error: {item}", file=sys.stderr)
            errors += 1
        else:
            articles.append(item)
    extractor, resolvers = _pipeline_parts(config)
    extractions, _ = extract_and_link(articles, extractor, resolvers)
    for extraction in extractions:
        for claim in extraction.claims:
            record = claim_record(extraction, claim)
            if args.format == "jsonl":
                print(json.dumps(record, ensure_ascii=False))
            else:
                chain = " <- ".join([record["source"], *record["via"]])
                print(f"{record['article']}\t{chain}\t{record['cue'] or '-'}\t{record['text']}")
    return 1 if errors and not articles else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="claimgraph: attributed claims as an RDF graph")
    parser.add_argument("--store", help="store location (folder, 'memory', or SPARQL endpoint URL); env KG_STORE")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="run the pipeline in memory and print the claims")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=["jsonl", "text"], default="text")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config({"store": args.store})
        return int(args.func(args, config))
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
