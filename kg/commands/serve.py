"""`kg serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
from typing import Any

from kg.settings import Config


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the API (SPARQL endpoint, REST resources, pages) with uvicorn."""
    import sys

    import uvicorn

    from api.app import create_app

    app = create_app(config)
    store = app.state.ctx.store
    if getattr(store, "in_memory_copy", False):
        print(f"reads answered from an in-memory copy of the store ({len(store)} quads; "
              "KG_MEMORY_COPY_MAX_QUADS=0 reads from disk)", file=sys.stderr)
    # httptools parses HTTP in C (the pure-Python h11 parser cost ~1 ms a request on a 360 KB answer)
    uvicorn.run(app, host=args.host or config.host, port=args.port or config.port, http="httptools",
                access_log=config.access_log)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the HTTP API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)
