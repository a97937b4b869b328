"""The `kg` command. Subcommands live in `kg.commands`, one module each, found here by name."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

import kg.commands
from kg.errors import KGError
from kg.settings import load_config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="claimgraph: attributed claims as an RDF graph")
    parser.add_argument("--store", help="store location (folder, 'memory', or SPARQL endpoint URL); env KG_STORE")
    sub = parser.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(kg.commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"kg.commands.{info.name}").register(sub)
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
    except BrokenPipeError:  # the reader of the output went away (`kg query ... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
