"""The `kg` subcommands: one module each, with `register(subparsers)`; found by `kg.cli` on its own.

A module adds a parser and sets `func(args, config) -> exit code` on it.
"""

from __future__ import annotations

from typing import Any

from kg.settings import Config


def pipeline_parts(config: Config) -> tuple[Any, Any]:
    """The configured extractor and resolvers (loaded lazily: spaCy takes a moment)."""
    from kg.extract import load_extractor
    from kg.pipeline import Resolvers
    from kg.resolve.agents import load_registry
    from kg.resolve.places import load_gazetteer

    extractor = load_extractor(config.extractor, spacy_model=config.spacy_model)
    return extractor, Resolvers(agents=load_registry(), places=load_gazetteer())
