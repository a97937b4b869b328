"""Shared fixtures: paths to the seed and the shared data, the spaCy-backed pipeline, the seed graph."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

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
def khan_sheikhoun_store(extractor, resolvers, iris, tmp_path_factory):  # type: ignore[no-untyped-def]
    """An in-memory store holding the FA-KES articles that name Khan Sheikhoun (15 articles, several
    outlets reporting the 4 April 2017 chemical attack); skips without ../shared."""
    import json

    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    records = shared_path("corpus", "fa-kes", "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [line for line in records if any(name in json.loads(line)["text"].lower()
                                              for name in ("khan sheikhoun", "khan shaykhun"))]
    path = tmp_path_factory.mktemp("fakes") / "khan-sheikhoun.jsonl"
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    store = OxigraphStore(None)
    report = ingest(load_paths([path]), store, extractor, resolvers, iris)
    assert report.articles == len(chosen) and not report.errors
    return store


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    """The installed Chromium's path, or skip the test (Debian: apt-get install chromium)."""
    import shutil

    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium installed (apt-get install chromium)")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, seconds: float = 20.0) -> None:
    """Poll `url` until it answers (any status), or fail the test."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server at {url} did not start within {seconds} s")


@contextmanager
def serving_in_thread(app: Any) -> Iterator[str]:
    """The app under uvicorn in a thread on a free local port; yields its base URL, stops it on exit."""
    import threading

    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/health")
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def running_sparql_server(location: Path | None = None) -> Iterator[str]:
    """A real SPARQL 1.1 server (Oxigraph's, from the `oxigraph` package) on a free local port,
    stopped on exit. Its default graph is the union of the named graphs, as the project expects."""
    import shutil
    import subprocess
    import sys

    beside = Path(sys.executable).with_name("oxigraph")
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (test extra)")
    port = _free_port()
    where = ["--location", str(location)] if location else []
    process = subprocess.Popen([binary, "serve", *where, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/query?query=ASK%7B%7D")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    with running_sparql_server(tmp_path_factory.mktemp("oxigraph-server")) as base:
        yield base


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 2000
MaxDirtyBuffers = 1500
DirsAllowed = {folder}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
"""


def _die_with_parent() -> None:
    """Run in the server's process before it starts: Linux kills it when the test process ends, even
    when that is killed before it could stop the server."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[str]:
    """Virtuoso (Debian: apt-get install virtuoso-opensource) with a generated virtuoso.ini in `folder`,
    its SQL and HTTP ports free ones on 127.0.0.1, its SPARQL user allowed to update (granted over
    isql). Yields the SPARQL endpoint's URL; on exit its process group is killed. Skips the test when
    Virtuoso is not installed."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    binary = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (virtuoso-t and isql-vt; apt-get install virtuoso-opensource)")
    sql_port = _free_port()
    http_port = _free_port()
    while http_port == sql_port:
        http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    with (folder / "server.out").open("wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_for_http(f"{base}/sparql?query=ASK%7B%7D", seconds=60)
        # the SQL port comes up after the HTTP one: retry the grant until it connects
        grant = [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";']
        deadline = time.monotonic() + 30
        while subprocess.run(grant, capture_output=True, timeout=30).returncode != 0:
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"Virtuoso did not take the SPARQL_UPDATE grant; see {folder}/virtuoso.log")
            time.sleep(0.2)
        yield f"{base}/sparql"
    finally:
        with suppress(ProcessLookupError):  # it may have ended by itself (a port taken meanwhile)
            os.killpg(process.pid, signal.SIGKILL)  # its data is thrown away: no checkpoint to wait for
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The SPARQL endpoint URL of a Virtuoso server for the whole session (see `running_virtuoso`)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as endpoint:
        yield endpoint


BASE = "https://claimgraph.org/id/"  # the `iris` fixture's base: the graphs a remote test store counts as its own
REMOTE_KINDS = [pytest.param("oxigraph", marks=pytest.mark.server), pytest.param("virtuoso", marks=pytest.mark.server)]
STORE_KINDS = [pytest.param("embedded"), *REMOTE_KINDS]


def remote_store(request: pytest.FixtureRequest, kind: str) -> Any:
    """A RemoteStore on the session's server of that kind ('oxigraph' or 'virtuoso'), emptied of the
    project's graphs (Virtuoso's own graphs stay, outside `BASE`). The server starts on first use."""
    from kg.rdf.store import RemoteStore

    if kind == "oxigraph":
        base = request.getfixturevalue("sparql_server")
        store = RemoteStore(f"{base}/query", f"{base}/update", graph_prefix=BASE)
    else:
        store = RemoteStore(request.getfixturevalue("virtuoso_server"), graph_prefix=BASE)
    for name in store.named_graphs():
        store.update(f"DROP SILENT GRAPH <{name}>")
    return store


@pytest.fixture(params=STORE_KINDS)
def empty_store(request: pytest.FixtureRequest) -> Any:
    """An empty store of each kind in turn: embedded Oxigraph in memory, Oxigraph's server, Virtuoso."""
    from kg.rdf.store import OxigraphStore

    if request.param == "embedded":
        return OxigraphStore(None)
    return remote_store(request, request.param)


def copy_store(source: Any, target: Any) -> Any:
    """`target` holding every named graph of `source`, written graph by graph; returns `target`."""
    for name in source.named_graphs():
        target.replace_graph(name, source.graph(name))
    return target


@pytest.fixture(scope="session")
def handmade_store(iris):  # type: ignore[no-untyped-def]
    """A small hand-made store with chains, figures, nested places, incidents and one conflict."""
    from handmade import build

    return build(iris)
