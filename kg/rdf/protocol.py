"""Running a reader's SPARQL query safely: read-only, SERVICE allow-list, a time limit, a row cap.

At most `workers` queries are evaluated at once; a query that finds them all taken waits in a
short queue (at most `queue_length` queries, each at most `queue_seconds`) for one to come free, so
a burst of small queries is served rather than refused; past the queue it is refused as busy (503)
at once. Where a query is evaluated:

- With an evaluator (`kg serve` over an embedded store, kg.rdf.evaluator): in a child process of a
  replica of the store, killed past the deadline or when the caller cancels (its client went away),
  so a runaway query gives back its worker slot and its core at its limit.
- Without one (a remote store, whose HTTP timeout bounds the work; a store given to `create_app`
  by a caller): in one of a few long-lived daemon worker threads, the caller waiting with a
  deadline. pyoxigraph cannot be interrupted there: the deadline is checked between result rows,
  which ends most runaway queries, but one stuck inside one step (a huge aggregate or sort) keeps
  its thread until that step ends.

Measured (seed-sized store, same process): handing a query to a long-lived worker thread costs ~0.05 ms
(a new thread per query cost ~4 ms: it waits up to a GIL switch interval before it runs); while a
runaway query burns a core, /health and other queries still answer in milliseconds
(tests/test_sparql_protocol.py). SELECT answers under the row cap are written by pyoxigraph's own
writer straight in the requested format when its rows can be counted in the output (JSON, XML,
TSV: see `_ROWS`), the cap exact and the deadline checked per chunk; CSV (values may hold raw
newlines) is written as TSV and converted natively. Writing JSON directly instead of converting it
from TSV saves ~1.2 ms on 960 rows and ~2.2 ms on 2,026 (`kg bench api` queries).
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

import pyoxigraph as ox

from kg.errors import KGError, ParameterError, QueryError, QueryTimeout
from kg.rdf.evaluator import DONE, Evaluator, Job
from kg.rdf.gate import Gate
from kg.rdf.sparql_text import QueryLimits, check_limits, check_services, inspect_query
from kg.rdf.store import DatasetSpec, OxTerm, Store

log = logging.getLogger("claimgraph.sparql")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*$")


@dataclass(slots=True)
class Answer:
    """An evaluated answer: at most `max_rows` rows (or triples), and whether more were cut."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    # read once; lists while an answer crosses a child's pipe (`_Sender`), iterators again after it
    rows: Iterable[Sequence[OxTerm | None]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: Iterable[ox.Triple] = field(default_factory=lambda: iter(()))
    truncated: bool = False
    seconds: float = 0.0
    body: bytes | None = None  # a SELECT answer already serialised natively, in `body_format`
    body_format: str = "tsv"


class _Inbox(Protocol):
    """Where a query's items are read from: a queue filled by a worker thread, or a child's pipe (`_JobChannel`)."""

    def get(self, *, timeout: float) -> Any: ...


class _Outbox(Protocol):
    """Where a query's items are put: a queue read by the caller, or a child's pipe (`_Sender`)."""

    def put(self, item: Any, *, timeout: float | None = None) -> None: ...


class _Stop(Protocol):
    """Stops the evaluation of a query: a worker thread's event, or a child's job (`_JobStop`)."""

    def set(self) -> None: ...


class QueryRunner:
    """Evaluates queries for the endpoint under the configured limits."""

    def __init__(self, store: Store, *, timeout: float = 30.0, max_rows: int = 10000,
                 service_allow: tuple[str, ...] = (), union_default: bool = True, workers: int = 4,
                 limits: QueryLimits | None = None, queue_length: int = 16, queue_seconds: float = 2.0,
                 evaluator: Evaluator | None = None, gate: Gate | None = None) -> None:
        """`gate`: the one a served store's reads share (`IsolatedStore.gate`); without one the runner
        makes its own of `workers`, `queue_length` and `queue_seconds`."""
        self.store = store
        self.evaluator = evaluator
        self.limits = limits or QueryLimits()
        self.gate = gate or Gate(workers, queue_length, queue_seconds)
        self.timeout = timeout
        self.max_rows = max_rows
        self.service_allow = service_allow
        self.union_default = union_default
        self.workers = self.gate.workers
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
        """The query form ("select", "ask", "construct", "describe") after the endpoint's checks: the
        size limits first (the engine never sees a query past them), then read-only and SERVICE."""
        check_limits(text, self.limits)
        info = inspect_query(text)
        check_services(info, self.service_allow)
        return info.form

    def dataset(self, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> DatasetSpec:
        """The protocol's dataset parameters, checked: each must be an absolute IRI."""
        for iri in (*default_graphs, *named_graphs):
            if not _IRI.match(iri):
                raise ParameterError(f"default-graph-uri and named-graph-uri take absolute IRIs, not {iri!r}")
        return DatasetSpec(tuple(default_graphs), tuple(named_graphs), self.union_default)

    def run(self, text: str, dataset: DatasetSpec | None = None, fmt: str | None = None,
            cancel: Cancel | None = None) -> Answer:
        """Check and evaluate `text`; raise QueryTimeout past the deadline, QueryBusy when full.
        `fmt`: the results format wanted, which a capped SELECT answer is written in directly when it can;
        `cancel`: set when the caller gives up (its client went away), which stops the query.

        With an evaluator, the query runs in a child process that is killed past the deadline or on
        `cancel` (kg.rdf.evaluator). Without one (a remote store, whose HTTP timeout bounds the work), a
        worker thread evaluates and iterates (pyoxigraph's result iterators belong to the thread that
        made them) and hands over plain terms through a queue."""
        self.form(text)
        self.gate.acquire()
        deadline = time.monotonic() + self.timeout
        if self.evaluator is not None:
            return self._run_isolated(self.evaluator, _Task(text, dataset or self.dataset(), fmt, self.max_rows,
                                                            self.timeout, deadline), cancel)
        channel: queue.Queue[Any] = queue.Queue(maxsize=64)
        stop = threading.Event()

        def work() -> None:
            try:
                self._produce(text, dataset or self.dataset(), deadline, channel, stop, fmt)
            except KGError as exc:
                # Hand over the error without its frames: they hold the result iterator, which
                # must be freed on this thread.
                exc.__traceback__ = exc.__context__ = exc.__cause__ = None
                channel.put(exc)
            except Exception:  # noqa: BLE001 - a worker must survive any query; the reader gets no internals
                log.exception("query failed unexpectedly")
                channel.put(QueryError("the query failed unexpectedly; the error was logged"))
            finally:
                self.gate.release()

        self._submit(work)
        if cancel is not None:
            cancel.on_cancel(stop.set)
        first = self._take(channel, deadline, stop)
        if isinstance(first, Answer) and first.kind != "ask" and self.max_rows <= 0:
            rest = self._drain(channel, deadline, stop)
            if first.kind == "select":
                first.rows = rest
            else:
                first.triples = rest
        return first

    def _run_isolated(self, evaluator: Evaluator, task: _Task, cancel: Cancel | None) -> Answer:
        """Evaluate in a child of the replica; the worker slot is held until the child is done or killed."""
        slot = _Slot(self.gate)
        try:
            job = evaluator.submit(_answer_work, task, task.deadline)
        except BaseException:
            slot.release()
            raise
        stop = _JobStop(job, slot)
        if cancel is not None:
            cancel.on_cancel(job.kill)
        channel = _JobChannel(job, slot)
        try:
            first = self._take(channel, task.deadline, stop)
        except BaseException:
            stop.set()
            raise
        if first.kind == "ask" or self.max_rows > 0:  # the whole answer is in: the child goes idle
            job.finish()
            slot.release()
            return first
        rest = self._drain(channel, task.deadline, stop)
        if first.kind == "select":
            first.rows = rest
        else:
            first.triples = rest
        return first

    def _timeout(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s and was stopped")

    def _take(self, channel: _Inbox, deadline: float, stop: _Stop) -> Any:
        try:
            item = channel.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            stop.set()
            raise self._timeout() from None
        if isinstance(item, KGError):
            raise item
        return item

    def _drain(self, channel: _Inbox, deadline: float, stop: _Stop) -> Iterator[Any]:
        """Batches from the worker, as items, until it says it is done (uncapped, streaming mode)."""
        try:
            while True:
                batch = self._take(channel, deadline, stop)
                if batch is _DONE:
                    return
                yield from batch
        finally:
            stop.set()

    def _produce(self, text: str, dataset: DatasetSpec, deadline: float, channel: _Outbox,
                 stop: threading.Event, fmt: str | None) -> None:
        started = time.monotonic()
        stream = self.store.stream(text, dataset)
        if stream.kind == "ask":
            channel.put(Answer("ask", boolean=stream.boolean, seconds=time.monotonic() - started))
            return
        if stream.kind == "select" and stream.native is not None and self.max_rows > 0:
            wanted = fmt if fmt in _ROWS else "tsv"
            body, truncated = _native(stream.native, wanted, self.max_rows, deadline, self._timeout)
            if body is None:  # rows with nothing bound: counted exactly in TSV, on a second evaluation
                wanted = "tsv"
                body, truncated = _native(self.store.stream(text, dataset).native, wanted, self.max_rows,
                                          deadline, self._timeout)
            channel.put(Answer("select", stream.variables, truncated=truncated, body=body, body_format=wanted,
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


@dataclass(frozen=True, slots=True)
class _Rows:
    """How to count the rows of a SELECT answer in one of pyoxigraph's writers' output, and cut it.

    `mark` occurs once per row or per boundary between rows and never inside a value; the answer
    holds more than n rows once it has been seen n + `over` times; a cut keeps the output up to the
    (n + `keep`)-th mark, `offset` bytes into it, then `close`."""

    format: ox.QueryResultsFormat
    mark: re.Pattern[bytes]
    length: int  # bytes a mark spans
    over: int
    keep: int
    offset: int
    close: bytes
    untrusted: bytes = b""  # a mark ending so: the output cannot be counted


# TSV: one line per row after the header, newlines in values escaped. XML: one <result> per row;
# "<" in values is escaped. JSON: between two rows '},{' then '"' and a variable name, or '}' when
# the next row has nothing bound; a quote inside a value is escaped, and a value that ends in '},{'
# is followed by '"' and then '}' or ','. A value may hold '},{}' unescaped, so output with that
# mark (an empty row after the first, or such a value) is not trusted.
_ROWS = {
    "tsv": _Rows(ox.QueryResultsFormat.TSV, re.compile(rb"\n"), 1, 2, 1, 1, b""),
    "xml": _Rows(ox.QueryResultsFormat.XML, re.compile(rb"<result>"), 8, 1, 1, 0, b"</results></sparql>"),
    "json": _Rows(ox.QueryResultsFormat.JSON, re.compile(rb'\},\{(?:"[^},]|\})'), 5, 0, 0, 1, b"]}}", b"}"),
}


class _CappedWriter:
    """A file-like sink for a pyoxigraph results writer that stops it past the row cap or the deadline."""

    def __init__(self, rows: _Rows, max_rows: int, deadline: float) -> None:
        self.rows = rows
        self.buffer = bytearray()
        self.marks = 0
        self.stop_at = max_rows + rows.over
        self.cut_mark = max_rows + rows.keep
        self.cut: int | None = None
        self.deadline = deadline
        self.timed_out = False
        self.uncountable = False

    def write(self, data: bytes) -> int:
        if time.monotonic() > self.deadline:
            self.timed_out = True
            raise _Full()
        old = len(self.buffer)
        self.buffer += data
        # a mark that starts this far back was not complete before this write
        for m in self.rows.mark.finditer(self.buffer, max(0, old - self.rows.length + 1)):
            if self.rows.untrusted and m.group().endswith(self.rows.untrusted):
                self.uncountable = True
                raise _Full()
            self.marks += 1
            if self.marks == self.cut_mark:
                self.cut = m.start() + self.rows.offset
            if self.marks >= self.stop_at:
                raise _Full()
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the output stays in memory."""

    @property
    def truncated(self) -> bool:
        return self.marks >= self.stop_at


def _native(results: Any, fmt: str, max_rows: int, deadline: float,
            timeout: Callable[[], QueryTimeout]) -> tuple[bytes | None, bool]:
    """The answer in `fmt` (tsv, xml or json) by pyoxigraph's own writer, cut after `max_rows` rows;
    None for JSON output that cannot be counted (a row with nothing bound after the first)."""
    rows = _ROWS[fmt]
    writer = _CappedWriter(rows, max_rows, deadline)
    try:
        results.serialize(writer, format=rows.format)
    except (_Full, OSError, ValueError, RuntimeError) as exc:
        if writer.timed_out:
            raise timeout() from None
        if writer.uncountable:
            return None, False
        if not writer.truncated:
            raise QueryError(f"query failed: {exc}") from None
    if writer.truncated and writer.cut is not None:
        data = bytes(writer.buffer[: writer.cut]) + rows.close
    else:
        data = bytes(writer.buffer)
    return data, writer.truncated


def _put(channel: _Outbox, item: Any, stop: threading.Event) -> None:
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


class Cancel:
    """Given to `QueryRunner.run` by a caller that may give up (a request whose client went away):
    `set` stops the query at once, or as soon as it starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop: Callable[[], None] | None = None
        self.cancelled = False

    def on_cancel(self, stop: Callable[[], None]) -> None:
        with self._lock:
            self._stop = stop
            if not self.cancelled:
                return
        stop()

    def set(self) -> None:
        with self._lock:
            self.cancelled = True
            stop = self._stop
        if stop is not None:
            stop()


@dataclass(frozen=True, slots=True)
class _Task:
    """What a child evaluates for the endpoint."""

    text: str
    dataset: DatasetSpec
    fmt: str | None
    max_rows: int
    timeout: float
    deadline: float


def _answer_work(store: Store, task: _Task, put: Callable[[Any], None]) -> None:
    """In a child (kg.rdf.evaluator): the endpoint's evaluation, its items sent as they come."""
    runner = QueryRunner(store, timeout=task.timeout, max_rows=task.max_rows)
    runner._produce(task.text, task.dataset, task.deadline, _Sender(put), threading.Event(), task.fmt)


class _Sender:
    """The queue `_produce` puts into, in a child: items go over the pipe, iterators as lists."""

    def __init__(self, put: Callable[[Any], None]) -> None:
        self.send = put

    def put(self, item: Any, timeout: float | None = None) -> None:
        if item is _DONE:
            return  # the evaluator's own end marker follows
        if isinstance(item, Answer):
            item.rows = list(item.rows)
            item.triples = list(item.triples)
        self.send(item)


class _Slot:
    """A worker slot, released once."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self.held = True
        self.lock = threading.Lock()

    def release(self) -> None:
        with self.lock:
            if self.held:
                self.held = False
                self.gate.release()


class _JobChannel:
    """A child's items as the queue `_take` and `_drain` read: the end marker as `_DONE`."""

    def __init__(self, job: Job, slot: _Slot) -> None:
        self.job = job
        self.slot = slot

    def get(self, timeout: float) -> Any:
        item = self.job.get(timeout)
        if isinstance(item, Answer):
            item.rows = iter(item.rows)
            item.triples = iter(item.triples)
        if self.job.finished:
            self.slot.release()
        return _DONE if item is DONE else item


class _JobStop:
    """`stop.set()` for a child: kill it, and free its slot."""

    def __init__(self, job: Job, slot: _Slot) -> None:
        self.job = job
        self.slot = slot

    def set(self) -> None:
        self.job.cancel()
        self.slot.release()
