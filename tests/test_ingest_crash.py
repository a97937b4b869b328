"""Crash safety of `kg ingest`: a real `kg --store DIR ingest` process is SIGKILLed at one of several
points (before any write, after the linking-pending mark, after the first and the third article
writes, between an article's registry writes and its graph, after the last article before linking,
after linking before its pending mark is cleared), then the same `kg ingest` runs again and the
store must equal an uninterrupted run's: the same articles, claims and incidents graph (incidents,
their claims and summaries), and no pending mark left. The in-process tests of the pending mark are
in tests/test_ingest_resume.py.

The kill points are set by a wrapper that replaces functions of `kg.operations` in the child
process only (no hook in the product): the N-th call of a function kills the process before or
after it runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest_resume import _articles, _graph

from kg.ingest import load_paths
from kg.operations import PENDING, ingest
from kg.rdf.store import OxigraphStore
from kg.rdf.vocab import CG

KILLED_AT = """
import os, signal, sys
import kg.operations
from kg.cli import main

store, folder, name, nth, when = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
original = getattr(kg.operations, name)
calls = 0

def killing(*args, **kwargs):
    global calls
    calls += 1
    if calls == nth and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if calls == nth and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(kg.operations, name, killing)
sys.exit(main(["--store", store, "ingest", "--quiet", folder]))
"""

# (function of kg.operations, which call, killed before or after it runs)
POINTS = {
    "before-any-write": ("extract_each", 1, "before"),
    "after-the-pending-mark": ("mark_linking_pending", 1, "after"),
    "after-the-first-article": ("save_extraction", 1, "after"),
    "between-registries-and-the-third-article": ("save_places", 3, "after"),
    "after-the-third-article": ("save_extraction", 3, "after"),
    "after-the-last-article-before-linking": ("relink", 1, "before"),
    "after-linking-before-the-mark-is-cleared": ("relink", 1, "after"),
}
RECORDS = 4  # FA-KES records beside the seed: 5 articles


def _state(store: OxigraphStore, iris) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What an ingest leaves: the articles, the claims, the incidents graph, the pending mark."""
    def column(query: str) -> set[str]:
        return {str(row[0]) for row in store.inner.query(query)}

    return {
        "articles": column(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{CG.ExtractionGraph}> }} }}"),
        "claims": column(f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c a <{CG.Claim}> }} }}"),
        "incidents": _graph(store, iris.graph("incidents")),
        "pending": _graph(store, iris.graph(PENDING)),
    }


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, extractor, resolvers, iris):  # type: ignore[no-untyped-def]
    folder = _articles(tmp_path_factory.mktemp("crash"), records=RECORDS)
    store = OxigraphStore(None)
    report = ingest(load_paths([folder]), store, extractor, resolvers, iris)
    assert report.articles == RECORDS + 1 and report.incidents > 0 and not report.errors
    state = _state(store, iris)
    assert len(state["claims"]) > RECORDS and not state["pending"]  # type: ignore[arg-type]
    return folder, state


@pytest.mark.parametrize("point", list(POINTS))
def test_a_killed_ingest_run_again_equals_an_uninterrupted_one(
        point: str, uninterrupted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], extractor, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    folder, expected = uninterrupted
    monkeypatch.setenv("KG_EXTRACTOR", extractor.name)  # the command runs the fixture's extractor too
    store = tmp_path / "store"
    name, nth, when = POINTS[point]
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, str(store), str(folder), name, str(nth), when],
                            timeout=300, capture_output=True, text=True)
    assert killed.returncode == -9, f"not killed at {point}: {killed.returncode}\n{killed.stderr[-2000:]}"

    assert main(["--store", str(store), "ingest", "--quiet", str(folder)]) == 0
    assert f"{RECORDS + 1} articles" in capsys.readouterr().out
    reopened = OxigraphStore(store, read_only=True)
    try:
        assert _state(reopened, iris) == expected
    finally:
        reopened.close()
