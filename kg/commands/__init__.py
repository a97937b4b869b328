"""The `kg` subcommands: one module each, with `register(subparsers)`; found by `kg.cli` on its own.

A module adds a parser and sets `func(args, config) -> exit code` on it.
"""
