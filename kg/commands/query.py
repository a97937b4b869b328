"""`kg query`: a SPARQL query (text, FILE.rq, or the name of a named query with its parameters) against the store."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from kg.errors import ParameterError
from kg.settings import Config

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # a named query's name (no SPARQL query looks like one)


def cmd_query(args: argparse.Namespace, config: Config) -> int:
    """Run a SPARQL query (text, a .rq file or a named query) against the store and print the results."""
    from pathlib import Path

    from kg.rdf.results import render_graph, render_rows
    from kg.rdf.store import open_store

    text = args.query
    if text.endswith(".rq") and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    elif NAME.fullmatch(text):
        from kg.queries import QueryCatalog
        from kg.rdf.vocab import Iris

        text = QueryCatalog.load().bound(text, _params(args.param), Iris(config.base))
    elif args.param:
        raise ParameterError("--param binds the parameters of a named query; give its name (e.g. claims-by-source)")
    with open_store(config, read_only=True) as store:
        result = store.query(text)
    if result.kind == "select":
        rendered = render_rows(result.variables, result.rows, args.format)
        print(rendered, end="" if rendered.endswith("\n") else "\n")
    elif result.kind == "ask":
        print(json.dumps({"head": {}, "boolean": result.boolean}) if args.format == "json" else result.boolean)
    else:
        assert result.graph is not None
        print(render_graph(result.graph, args.format if args.format in ("jsonld", "nt") else "turtle"))
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    """NAME=VALUE pairs as a dict; anything else is a ParameterError."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param {pair!r}: want NAME=VALUE")
        params[name.strip()] = value
    return params


def register(sub: Any) -> None:
    p = sub.add_parser("query", help="run a SPARQL query (text, FILE.rq, or a named query by name)")
    p.add_argument("query", help="SPARQL text, a .rq file, or the name of a named query (GET /queries lists them)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of the named query (repeatable), e.g. --param source=agent/sohr")
    p.add_argument("--format", choices=["table", "json", "csv", "tsv", "turtle", "nt", "jsonld"], default="table")
    p.set_defaults(func=cmd_query)
