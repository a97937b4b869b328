"""`kg export`: a view of the store as GEXF 1.3, GraphML or CSV tables, for Gephi and network tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.settings import Config

VIEW_NAMES = ("sources", "incidents", "claims")  # kg.export.views.VIEWS, without importing networkx here
FORMAT_NAMES = ("gexf", "graphml", "csv")
TABLE_NAMES = ("nodes", "edges")
SUFFIXES = {".gexf": "gexf", ".graphml": "graphml", ".csv": "csv", ".zip": "csv"}


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    """Build the view with the filters given and write it to -o (or standard output)."""
    from kg.errors import QueryError
    from kg.export import build_view, parse_filters, render
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris

    fmt = args.format or SUFFIXES.get(Path(args.output).suffix.lower() if args.output else "", "gexf")
    table = args.table
    filters = parse_filters(since=args.since, until=args.until, place=args.place, event_type=args.event_type,
                            outlet=args.outlet, source=args.source, via=args.via)
    if fmt == "csv" and table is None and not args.output:
        raise QueryError("a zip of nodes.csv and edges.csv needs -o FILE.zip; or give --table nodes|edges")
    with open_store(config, read_only=True) as store:
        graph = build_view(store, Iris(config.base), args.view, filters)
        rendered = render(graph, fmt, name=args.view, table=table)
        if args.output and args.output != "-":
            with open(args.output, "wb") as out:
                for chunk in rendered.chunks:
                    out.write(chunk)
        else:
            for chunk in rendered.chunks:
                sys.stdout.buffer.write(chunk)
    where = args.output if args.output and args.output != "-" else "standard output"
    print(f"{args.view}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {where}",
          file=sys.stderr)
    return 0


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", help="keep claims dated on or after this day (YYYY-MM-DD)")
    parser.add_argument("--until", help="keep claims dated on or before this day (YYYY-MM-DD)")
    parser.add_argument("--place", help="keep claims in this place or any place inside it (key, IRI or name)")
    parser.add_argument("--event-type", dest="event_type", help="keep claims about this type of event")
    parser.add_argument("--outlet", help="keep claims published by this outlet (key, IRI or name)")
    parser.add_argument("--source", help="keep claims whose original source this is (key, IRI or name)")
    parser.add_argument("--via", help="keep claims this agent passed on (key, IRI or name)")


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export a view of the graph for Gephi (GEXF), GraphML or CSV",
                       description="Dates: a claim is in range when the date it states, or else its article's "
                                   "publication date, overlaps [since, until]. CSV is a zip of nodes.csv and "
                                   "edges.csv, or one table with --table.")
    p.add_argument("--view", choices=VIEW_NAMES, default="sources")
    p.add_argument("--format", choices=FORMAT_NAMES, help="default: from the -o suffix, else gexf")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--table", choices=TABLE_NAMES, help="csv only: write just this table")
    add_filter_options(p)
    p.set_defaults(func=cmd_export)
