"""Running a reader's SPARQL query safely: read-only, SERVICE allow-list, a time limit, a row cap.

pyoxigraph cannot cancel a query, so a query runs in one of a few long-lived daemon worker threads
and the caller waits for it with a deadline. pyoxigraph releases the GIL while it evaluates, so a runaway query does
not slow the rest of the server; the deadline is also checked between result rows, which ends
most runaway queries for good (dropping the lazy iterator stops evaluation). A query stuck inside
one step (a huge aggregate or sort) keeps its thread until that step ends: at most `workers`
such threads exist, past that new queries are refused as busy rather than queued behind them.
A worker process could be killed instead, but would cost a process hop and a copy of every result
per query, and could not see an in-memory store (nor writes made after it started).

Measured (seed-sized store, same process): handing a query to a long-lived worker costs ~0.05 ms
(a new thread per query cost ~4 ms: it waits up to a GIL switch interval before it runs); while a
runaway query burns a core, /health and other queries still answer in milliseconds
(tests/test_sparql_protocol.py). SELECT answers under the row cap are serialised by pyoxigraph's
own writer as TSV (one line per row, so the cap is exact and the deadline is checked per chunk),
then converted natively to the requested format: ~2 ms on 2,000 rows, against ~19 ms in Python.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, ParameterError, QueryBusy, QueryError, QueryTimeout
from kg.rdf.sparql_text import check_services, inspect_query
from kg.rdf.store import DatasetSpec, OxTerm, Store

log = logging.getLogger("claimgraph.sparql")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*$")


@dataclass(slots=True)
class Answer:
    """An evaluated answer: at most `max_rows` rows (or triples), and whether more were cut."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: Iterator[Sequence[OxTerm | None]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))
    truncated: bool = False
    seconds: float = 0.0
    tsv: bytes | None = None  # a SELECT answer already serialised natively as SPARQL TSV


class QueryRunner:
    """Evaluates queries for the endpoint under the configured limits."""

    def __init__(self, store: Store, *, timeout: float = 30.0, max_rows: int = 10000,
                 service_allow: tuple[str, ...] = (), union_default: bool = True, workers: int = 4) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.service_allow = service_allow
        self.union_default = union_default
        self.workers = workers
        self._slots = threading.BoundedSemaphore(workers)
        self._tasks: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._started = False
        self._start_lock = threading.Lock()

    def _submit(self, task: Callable[[], None]) -> None:
        """Hand a task to the long-lived worker threads (a new thread per query would cost up to a
        GIL switch interval, 5 ms, before it ran)."""
        with self._start_lock:
            if not self._started:
                for index in range(self.workers):
                    threading.Thread(target=self._serve, name=f"sparql-worker-{index}", daemon=True).start()
                self._started = True
        self._tasks.put(task)

    def _serve(self) -> None:
        while True:
            self._tasks.get()()

    def form(self, text: str) -> str:
        """The query form ("select", "ask", "construct", "describe") after the endpoint's checks."""
        info = inspect_query(text)
        check_services(info, self.service_allow)
        return info.form

    def dataset(self, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> DatasetSpec:
        """The protocol's dataset parameters, checked: each must be an absolute IRI."""
        for iri in (*default_graphs, *named_graphs):
            if not _IRI.match(iri):
                raise ParameterError(f"default-graph-uri and named-graph-uri take absolute IRIs, not {iri!r}")
        return DatasetSpec(tuple(default_graphs), tuple(named_graphs), self.union_default)

    def run(self, text: str, dataset: DatasetSpec | None = None) -> Answer:
        """Check and evaluate `text`; raise QueryTimeout past the deadline, QueryBusy when full.

        pyoxigraph's result iterators belong to the thread that made them, so one worker thread
        evaluates and iterates; it hands over plain terms through a queue."""
        self.form(text)
        if not self._slots.acquire(blocking=False):
            raise QueryBusy("every query worker is busy with long-running queries; try again shortly")
        deadline = time.monotonic() + self.timeout
        channel: queue.Queue[Any] = queue.Queue(maxsize=64)
        stop = threading.Event()

        def work() -> None:
            try:
                self._produce(text, dataset or self.dataset(), deadline, channel, stop)
            except KGError as exc:
                # Hand over the error without its frames: they hold the result iterator, which
                # must be freed on this thread.
                exc.__traceback__ = exc.__context__ = exc.__cause__ = None
                channel.put(exc)
            except Exception:  # noqa: BLE001 - a worker must survive any query; the reader gets no internals
                log.exception("query failed unexpectedly")
                channel.put(QueryError("the query failed unexpectedly; the error was logged"))
            finally:
                self._slots.release()

        self._submit(work)
        first = self._take(channel, deadline, stop)
        if isinstance(first, Answer) and first.kind != "ask" and self.max_rows <= 0:
            rest = self._drain(channel, deadline, stop)
            if first.kind == "select":
                first.rows = rest
            else:
                first.triples = rest
        return first

    def _timeout(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s and was stopped")

    def _take(self, channel: queue.Queue[Any], deadline: float, stop: threading.Event) -> Any:
        try:
            item = channel.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            stop.set()
            raise self._timeout() from None
        if isinstance(item, KGError):
            raise item
        return item

    def _drain(self, channel: queue.Queue[Any], deadline: float, stop: threading.Event) -> Iterator[Any]:
        """Batches from the worker, as items, until it says it is done (uncapped, streaming mode)."""
        try:
            while True:
                batch = self._take(channel, deadline, stop)
                if batch is _DONE:
                    return
                yield from batch
        finally:
            stop.set()

    def _produce(self, text: str, dataset: DatasetSpec, deadline: float, channel: queue.Queue[Any],
                 stop: threading.Event) -> None:
        started = time.monotonic()
        stream = self.store.stream(text, dataset)
        if stream.kind == "ask":
            channel.put(Answer("ask", boolean=stream.boolean, seconds=time.monotonic() - started))
            return
        if stream.kind == "select" and stream.native is not None and self.max_rows > 0:
            tsv, truncated = _native_tsv(stream.native, self.max_rows, deadline, self._timeout)
            channel.put(Answer("select", stream.variables, truncated=truncated, tsv=tsv,
                               seconds=time.monotonic() - started))
            return
        source = stream.rows if stream.kind == "select" else stream.triples
        items = _plain(source, stream.kind, deadline, self.timeout, stop)
        try:
            if self.max_rows > 0:
                head = list(islice(items, self.max_rows + 1))
                answer = Answer(stream.kind, stream.variables, truncated=len(head) > self.max_rows,
                                seconds=time.monotonic() - started)
                if stream.kind == "select":
                    answer.rows = iter(head[: self.max_rows])
                else:
                    answer.triples = iter(head[: self.max_rows])
                channel.put(answer)
                return
            channel.put(Answer(stream.kind, stream.variables, seconds=time.monotonic() - started))
            while not stop.is_set():
                batch = list(islice(items, BATCH))
                if not batch:
                    break
                _put(channel, batch, stop)
            _put(channel, _DONE, stop)
        finally:
            items.close()


BATCH = 256
_DONE = object()


class _Full(Exception):
    """Raised inside the native serialiser's writer to stop it."""


class _CappedWriter:
    """A file-like sink for pyoxigraph's TSV writer that stops it at the row cap or the deadline.

    SPARQL TSV writes one line per row (newlines in literals are escaped), so lines count rows."""

    def __init__(self, max_lines: int, deadline: float) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.max_lines = max_lines
        self.deadline = deadline
        self.timed_out = False

    def write(self, data: bytes) -> int:
        if time.monotonic() > self.deadline:
            self.timed_out = True
            raise _Full()
        chunk = bytes(data)
        self.parts.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _Full()
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the parts stay in memory."""


def _native_tsv(results: Any, max_rows: int, deadline: float,
                timeout: Callable[[], QueryTimeout]) -> tuple[bytes, bool]:
    """The answer as SPARQL TSV by pyoxigraph's own writer, cut after `max_rows` rows."""
    writer = _CappedWriter(max_rows + 1, deadline)  # + 1: the header line
    try:
        results.serialize(writer, format=ox.QueryResultsFormat.TSV)
    except (_Full, OSError, ValueError, RuntimeError) as exc:
        if writer.timed_out:
            raise timeout() from None
        if writer.lines <= writer.max_lines:
            raise QueryError(f"query failed: {exc}") from None
    data = b"".join(writer.parts)
    truncated = writer.lines > writer.max_lines
    if truncated:
        cut = -1
        for _ in range(writer.max_lines):
            cut = data.index(b"\n", cut + 1)
        data = data[: cut + 1]
    return data, truncated


def _put(channel: queue.Queue[Any], item: Any, stop: threading.Event) -> None:
    """Hand an item over, giving up when the reader has gone."""
    while not stop.is_set():
        try:
            channel.put(item, timeout=0.1)
            return
        except queue.Full:
            continue


def _plain(items: Iterator[Any], kind: str, deadline: float, timeout: float,
           stop: threading.Event) -> Generator[Any, None, None]:
    """Rows as tuples of terms (or triples), ending with QueryTimeout past the deadline."""
    try:
        for count, item in enumerate(items):
            if count % 256 == 0 and (time.monotonic() > deadline or stop.is_set()):
                raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
            yield tuple(item) if kind == "select" else item
    finally:
        close = getattr(items, "close", None)
        if close:
            close()
