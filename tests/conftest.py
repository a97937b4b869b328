"""Shared fixtures: paths to the seed and the shared data, the spaCy-backed pipeline, the seed graph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_e7699034f6b04b7f.txt"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the shared data is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    from kg.extract import load_extractor

    return load_extractor("rules")


@pytest.fixture(scope="session")
def resolvers():  # type: ignore[no-untyped-def]
    from kg.pipeline import Resolvers
    from kg.resolve.agents import load_registry
    from kg.resolve.places import load_gazetteer

    return Resolvers(agents=load_registry(), places=load_gazetteer())


@pytest.fixture(scope="session")
def iris():  # type: ignore[no-untyped-def]
    from kg.rdf.vocab import Iris

    return Iris("https://claimgraph.org/id/")


@pytest.fixture(scope="session")
def seed_store(extractor, resolvers, iris):  # type: ignore[no-untyped-def]
    """An in-memory store holding the seed article, ingested once for the whole session."""
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    store = OxigraphStore(None)
    report = ingest(load_paths([SEEDS]), store, extractor, resolvers, iris)
    assert report.articles == 1 and not report.errors
    return store


@pytest.fixture(scope="session")
def handmade_store(iris):  # type: ignore[no-untyped-def]
    """A small hand-made store with chains, figures, nested places, incidents and one conflict."""
    from handmade import build

    return build(iris)
