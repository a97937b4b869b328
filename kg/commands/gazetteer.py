"""`kg gazetteer import FILE...`: add places (GeoNames dump, Airwars JSONL) to the store's places graph.

Articles ingested afterwards resolve against them; run `kg ingest` again to re-resolve stored ones."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.errors import IngestError
from kg.settings import Config


def cmd_gazetteer_import(args: argparse.Namespace, config: Config) -> int:
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris
    from kg.rdf.writer import save_places
    from kg.resolve.gazetteer_sources import import_places

    status = 0
    with open_store(config) as store:
        for path in args.files:
            try:
                places = import_places(path)
            except IngestError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
                continue
            save_places(store, places, Iris(config.base), imported=True)
            print(f"{path}: {len(places)} places")
    return status


def register(sub: Any) -> None:
    p = sub.add_parser("gazetteer", help="manage the places the resolver knows")
    actions = p.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="add places from a GeoNames dump or Airwars incident JSONL")
    imp.add_argument("files", nargs="+")
    imp.set_defaults(func=cmd_gazetteer_import)
