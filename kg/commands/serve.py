"""`kg serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import argparse
from types import FrameType
from typing import Any

from kg.settings import Config

# After SIGTERM (or Ctrl-C), requests still running this long are cancelled and the server exits;
# queries are killed at once (their processes with the replica).
SHUTDOWN_SECONDS = 3


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the API (SPARQL endpoint, REST resources, pages) with uvicorn."""
    import sys

    import uvicorn

    from api.app import create_app
    from kg.rdf.evaluator import IsolatedStore

    app = create_app(config)
    store = app.state.ctx.store
    if isinstance(store, IsolatedStore):
        print(f"queries run in processes forked from a replica holding the store in memory ({len(store)} quads; "
              "each is killed at KG_QUERY_TIMEOUT; KG_MEMORY_COPY_MAX_QUADS=0 reads from disk in threads)",
              file=sys.stderr)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            if isinstance(store, IsolatedStore):
                store.evaluator.close()  # running queries end now, so their requests can answer
            super().handle_exit(sig, frame)

    # httptools parses HTTP in C (the pure-Python h11 parser cost ~1 ms a request on a 360 KB answer)
    server = Server(uvicorn.Config(app, host=args.host or config.host, port=args.port or config.port,
                                   http="httptools", access_log=config.access_log,
                                   timeout_graceful_shutdown=SHUTDOWN_SECONDS))
    try:
        server.run()
    finally:
        store.close()
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the HTTP API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)
