"""`kg relink`: link every stored claim into incidents again, from scratch, over the whole store."""

from __future__ import annotations

import argparse
import time
from typing import Any

from kg.settings import Config


def cmd_relink(args: argparse.Namespace, config: Config) -> int:
    """Replace the incidents graph by a whole-store pass (what `kg ingest` does incrementally), keeping
    the IRIs of the incidents that go on; print what it read and wrote."""
    from kg.operations import PENDING, mark_linking_pending, relink
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris

    iris = Iris(config.base)
    start = time.perf_counter()
    with open_store(config) as store:
        mark_linking_pending(store, iris)  # cut off, the next `kg ingest` links the whole store again
        report = relink(store, iris)
        store.update(f"DROP SILENT GRAPH <{iris.graph(PENDING)}>")
    print(f"{report.articles_read} articles, {report.incidents_written} incidents "
          f"({report.incidents_read} before, {report.incidents_removed} retired) "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("relink", help="link all stored claims into incidents again (the whole store)")
    p.set_defaults(func=cmd_relink)
