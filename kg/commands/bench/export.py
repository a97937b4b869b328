"""`kg bench export`: time and peak memory of exporting the store's views and a synthetic graph.

"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kg.settings import Config


def cmd_bench_export(args: argparse.Namespace, config: Config) -> int:
    """Export the configured store's views (if the store exists) and a synthetic graph; print figures."""
    from kg.export.bench import bench_export
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris

    iris = Iris(config.base)
    local = not config.store.startswith(("http://", "https://"))
    if args.no_store or config.store == "memory" or (local and not Path(config.store).exists()):
        print(f"store: skipped ({config.store})")
        results = bench_export(None, iris, nodes=args.nodes, out_dir=args.out, formats=args.formats,
                               trace=args.trace)
    else:
        with open_store(config, read_only=True) as store:
            print(f"store: {config.store} ({len(store)} quads)")
            results = bench_export(store, iris, nodes=args.nodes, out_dir=args.out, formats=args.formats,
                                   trace=args.trace)
    for measure in results:
        print(measure.line())
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("export", help="export benchmark: store views and a synthetic graph",
                          description="rss: the process's peak resident memory so far; with --trace, "
                                      "peak and held: Python allocations of each phase.")
    p.add_argument("--nodes", type=int, default=1_000_000, help="nodes of the synthetic graph (default 1,000,000)")
    p.add_argument("--formats", nargs="+", choices=["gexf", "graphml", "csv"], default=["gexf", "graphml", "csv"],
                   help="writers to run on the synthetic graph")
    p.add_argument("--out", help="folder for the files written (default: $TMPDIR/kg-bench-export)")
    p.add_argument("--no-store", action="store_true", help="only the synthetic graph")
    p.add_argument("--trace", action="store_true", help="also measure Python allocations per phase (slower)")
    p.set_defaults(func=cmd_bench_export)
