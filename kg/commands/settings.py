"""`kg settings`: every setting with its environment variable, default, current value and meaning."""

from __future__ import annotations

import argparse
from typing import Any

from kg.settings import SETTINGS, Config


def cmd_settings(args: argparse.Namespace, config: Config) -> int:
    if args.markdown:
        print("| variable | default | meaning |\n|---|---|---|")
        for s in SETTINGS:
            print(f"| `KG_{s.name.upper()}` | `{s.default}` | {s.help} |")
        return 0
    for s in SETTINGS:
        print(f"KG_{s.name.upper()}={getattr(config, s.name)!s}\n    {s.help} (default: {s.default!r})")
    from kg.extract.components import registered

    print("\nextraction steps (KG_EXTRACT_STEPS=step=name,...):")
    for step, names in registered().items():
        for name, description in names.items():
            print(f"  {step}={name}: {description}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("settings", help="list the settings and their current values")
    p.add_argument("--markdown", action="store_true", help="the table of the README")
    p.set_defaults(func=cmd_settings)
