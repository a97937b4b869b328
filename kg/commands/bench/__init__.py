"""`kg bench TARGET`: benchmarks that print figures (time, memory, throughput); never timed tests.

Each target is a module here with `register(commands)`.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="benchmarks (time and memory), not tests")
    commands = bench.add_subparsers(dest="target", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").register(commands)
