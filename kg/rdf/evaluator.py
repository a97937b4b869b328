"""Queries evaluated where they can be ended: a replica process of the store, and its forked children.

pyoxigraph evaluates a query natively and cannot be interrupted from Python, so a query evaluated in
a thread of the server keeps that thread and a core until the engine returns (a cross product of
three patterns over 118k quads ran for minutes). Here every query runs in a process that is killed
at its time limit:

- The replica: one process started with the `spawn` context (never forked from the multi-threaded
  server), single-threaded, holding an in-memory copy of the store, loaded from an N-Quads dump when
  it starts. Every write the server makes is sent to it, on the same channel as the queries and in
  order, so a query sent after a write sees it. The on-disk store stays the server's alone (opening
  it read-only while another process writes it is undefined behaviour in pyoxigraph).
- Children forked from the replica (safe: it has one thread; copy-on-write makes them cheap) take
  the queries, one at a time each: `work(store, arg, put)` runs there, and its `put` sends items
  back over a pipe of the query's own. An idle child takes the next query; a write makes every
  child older than it leave once idle (it would not see the write), and new ones are forked; at
  most `spare` idle children are kept.
- A store too large to copy into memory (over KG_MEMORY_COPY_MAX_QUADS) is read from snapshots
  instead: the server makes a checkpoint of the on-disk store (Oxigraph's `backup`: hard links, a few
  milliseconds) in a folder beside it, the replica holds only its path, and each child opens it
  read-only when forked (about 50 ms for FA-KES's 460k quads). A write marks the snapshot stale; the
  next query makes a new one and retires the children of the old, whose folder is deleted once the
  last of them has ended. No process ever opens the folder the server writes.
- A replica that ends (killed for memory, crashed) is started again by the next read or write, loaded
  from the store of record, which holds every write; the queries it was running end (`Ended`), and one
  that keeps ending (MAX_RESTARTS within RESTART_WINDOW) is given up on with a StoreError.
- The server waits on that pipe with the query's deadline; past it (or when the caller cancels, e.g.
  its client went away) it asks the replica to SIGKILL the child, which the replica does at once (it
  is the parent and reaps its children itself, so the pid cannot have been reused). A child also
  sets an alarm for each query (the limit plus a second; SIGALRM's default action ends it) and dies
  with the replica (PR_SET_PDEATHSIG), so no child outlives its limit whatever becomes of the server.

Measured (118k quads, CPU time per query from /proc, `SELECT ?c WHERE { ?c a cg:Claim } LIMIT 10`;
the machine was loaded, so wall times are not given): in the server's own thread 0.1 ms; a fresh
child forked per query 8.5 ms (fork and exit of a 90 MB process: 2.9 ms in the replica, 6 ms in the
child; an empty query on an empty store 4 ms), which is why children are reused; a reused child 0.4 ms (0.2 ms in
the server, 0.2 ms in the replica). Memory: a child's pages stay shared with the replica until a
query touches them: after 50 scans of the 118k quads a child held 36 MB of its own beside the
replica's 90 MB.
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import KGError, QueryBusy, QueryError, QueryTimeout, StoreError
from kg.rdf.cache import Answer, AnswerCache
from kg.rdf.gate import Gate
from kg.rdf.store import OxigraphStore, Query, QueryResult, Row, Store, TextRow, check_rows, open_store
from kg.settings import Config

log = logging.getLogger("claimgraph.sparql")
Put = Callable[[Any], None]
Work = Callable[[Store, Any, Put], None]

# A child's own alarm rings this long after its deadline, in case the server never cancels it.
ALARM_GRACE = 1.0
# How often the replica wakes to reap children that ended, when no message comes.
REAP_SECONDS = 0.2
# How long a query waits for a busy child to say it is idle, when as many are busy as are kept, before
# a child is forked for it: the server frees a worker slot as soon as it has its answer, a moment
# before the child tells the replica it is idle.
IDLE_WAIT = 0.05
# A replica that ended (killed for memory, crashed) is started again from the store of record, at most
# this many times in this many seconds; past that the server's reads fail with a StoreError.
MAX_RESTARTS = 3
RESTART_WINDOW = 60.0
_PR_SET_PDEATHSIG = 1
SNAPSHOTS_PREFIX = ".claimgraph-snapshots-"  # + the server's pid: the folder of its snapshots, beside the store


class Ended(QueryBusy):
    """A query's process ended without finishing its answer (killed, or crashed): try again."""


class Job:
    """One query's child, seen from the server: its items, in order, and a way to stop it."""

    def __init__(self, evaluator: Evaluator, qid: int, conn: Connection) -> None:
        self.evaluator = evaluator
        self.qid = qid
        self.conn = conn
        self.pid: int | None = None
        self.finished = False

    def get(self, timeout: float) -> Any:
        """The next item the child sent; `queue.Empty` when none came within `timeout` seconds, an
        `Ended` error (returned, not raised) when the child ended without finishing."""
        if self.finished:
            return Ended("the query's process had already finished")
        try:
            if not self.conn.poll(max(0.0, timeout)):
                raise queue.Empty
            item = self.conn.recv()
        except (EOFError, OSError):
            self.finish()
            if self.evaluator.closed:
                return Ended("the server is stopping; the query was stopped")
            return Ended("the query's process ended before its answer was complete")
        if isinstance(item, _Done):
            self.finish()
            return DONE
        return item

    def kill(self) -> None:
        """Have the replica kill the child if it still runs this query (from any thread; the reader then
        sees the end of the pipe)."""
        if not self.finished:
            self.evaluator._cancel(self.qid)

    def cancel(self) -> None:
        """Kill the child (if it still runs) and let go of its pipe (by the thread that reads it)."""
        self.kill()
        self.finish()

    def finish(self) -> None:
        if not self.finished:
            self.finished = True
            self.conn.close()


class _Done:
    """The last item of every child that finished its work."""


DONE = _Done()


class Evaluator:
    """The replica process and its children. Thread-safe; `close` kills them all."""

    def __init__(self, store: OxigraphStore, *, spare: int = 4, snapshots: bool = False) -> None:
        """`snapshots`: read an on-disk store from snapshots of it rather than from a copy in memory."""
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.closed = False
        self.pids: deque[int] = deque(maxlen=256)  # the children that took the latest queries (diagnostics, tests)
        self.store = store
        self.spare = spare
        self.restarts: list[float] = []  # when the replica was started again, within RESTART_WINDOW
        self.snapshots: Path | None = None  # the folder of the snapshots, when the store is read from them
        self._stale = False  # whether the store was written since the replica's latest snapshot
        self._serial = itertools.count(1)
        if snapshots:
            if store.path is None:
                raise StoreError("only an on-disk store can be read from snapshots")
            _remove_orphan_snapshots(store.path.parent)
            self.snapshots = Path(tempfile.mkdtemp(prefix=f"{SNAPSHOTS_PREFIX}{os.getpid()}-", dir=store.path.parent))
        self._start()

    def _start(self) -> None:
        """Start a replica holding a copy of the store of record (or the path of a snapshot of it), and
        wait until it has loaded it."""
        context = multiprocessing.get_context("spawn")
        self._conn, replica_end = context.Pipe(duplex=True)
        with tempfile.TemporaryDirectory(prefix="claimgraph-replica-") as folder:
            if self.snapshots is None:
                source, snapshot = str(Path(folder) / "store.nq"), False
                self.store.inner.dump(source, format=ox.RdfFormat.N_QUADS)
            else:
                source, snapshot, self._stale = self._snapshot(), True, False
            self.process = context.Process(target=_replica_main, args=(replica_end, source, snapshot, self.spare),
                                           name="claimgraph-replica", daemon=True)
            self.process.start()
            replica_end.close()
            try:
                ready = self._conn.recv()
            except EOFError:
                raise StoreError("the query replica process could not start; see its error above") from None
        if ready != "ready":
            raise StoreError(f"the query replica process could not load the store: {ready}")

    def _snapshot(self) -> str:
        """A new snapshot of the store of record (under the lock, or before the replica starts)."""
        assert self.snapshots is not None
        target = self.snapshots / str(next(self._serial))
        try:
            self.store.disk.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot make a snapshot of the store in {target}: {exc}") from None
        return str(target)

    def update(self, text: str) -> None:
        """Apply a SPARQL Update (already applied to the store of record) to the replica too; a replica
        started again meanwhile was loaded from the store of record, which holds it already. A store read
        from snapshots is only marked: the next query makes a new snapshot."""
        with self._lock:
            if self.snapshots is not None:
                self._stale = True
                return
            if self._revive():
                return
            try:
                self._conn.send(("update", text))
            except OSError as exc:
                raise StoreError(f"the query replica process is gone ({exc}); restart the server") from None

    def submit(self, work: Work, arg: Any, deadline: float) -> Job:
        """Run `work(store, arg, put)` in a new child of the replica; it is killed at `deadline` (a
        `time.monotonic()` value, which all processes of the machine share) plus `ALARM_GRACE` at the
        latest. `work` must be a module-level function (it is sent by name)."""
        mine, theirs = multiprocessing.Pipe(duplex=False)
        qid = next(self._ids)
        try:
            with self._lock:
                if not self._revive() and self._stale:
                    self._conn.send(("snapshot", self._snapshot()))
                    self._stale = False
                self._conn.send(("query", qid, work, arg, deadline))
                send_handle(self._conn, theirs.fileno(), self.process.pid or 0)
        finally:
            theirs.close()
        job = Job(self, qid, mine)
        try:
            first = job.get(deadline - time.monotonic())  # the child's pid comes first
        except queue.Empty:
            job.cancel()
            raise QueryTimeout("the query's process did not start within its time limit") from None
        if isinstance(first, Ended):
            raise first
        job.pid = first.pid
        self.pids.append(first.pid)
        return job

    def _cancel(self, qid: int) -> None:
        """Have the replica kill the child running query `qid`, if the replica that started it still runs."""
        with self._lock:
            if self.closed or not self.process.is_alive():
                return  # a replica's children die with it
            try:
                self._conn.send(("cancel", qid))
            except OSError:
                pass

    def _revive(self) -> bool:
        """Under the lock: start the replica again if it ended (killed for memory, crashed), from the store
        of record; True when it did. Queries it was running have ended (their callers see `Ended`)."""
        if self.closed:
            raise StoreError("the query evaluator was closed")
        if self.process.is_alive():
            return False
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW]
        if len(self.restarts) >= MAX_RESTARTS:
            raise StoreError(f"the query replica process ended {len(self.restarts) + 1} times within "
                             f"{RESTART_WINDOW:g} s (last exit code {self.process.exitcode}); restart the server")
        log.warning("the query replica process ended (exit code %s); starting it again from the store",
                    self.process.exitcode)
        self.restarts.append(now)
        self._conn.close()
        self._start()
        return True

    def close(self) -> None:
        """Kill the replica; its children die with it (PR_SET_PDEATHSIG). Safe in a signal handler."""
        self.closed = True
        if self.process.pid is not None and self.process.exitcode is None:
            try:
                os.kill(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.snapshots is not None:
            shutil.rmtree(self.snapshots, ignore_errors=True)


def _remove_orphan_snapshots(folder: Path) -> None:
    """Delete the snapshot folders a server that was killed left beside the store (its pid is gone)."""
    for path in folder.glob(f"{SNAPSHOTS_PREFIX}*"):
        pid = path.name[len(SNAPSHOTS_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(path, ignore_errors=True)


class _Pid:
    def __init__(self, pid: int) -> None:
        self.pid = pid


class _Worker:
    """A child of the replica, seen from the replica: its pid, its pipe, the writes it has seen."""

    def __init__(self, pid: int, conn: Connection, generation: int) -> None:
        self.pid = pid
        self.conn = conn
        self.generation = generation
        self.qid = 0


class _Replica:
    """The replica's state: the store (or the path of its snapshot), idle and busy children, children not
    yet reaped."""

    def __init__(self, conn: Connection, store: OxigraphStore | str, spare: int) -> None:
        self.conn = conn
        self.store = store
        self.spare = spare
        self.generation = 0  # one more for every write: a child of an older one never takes a query
        self.idle: list[_Worker] = []
        self.busy: dict[int, _Worker] = {}  # query id -> child
        self.living: dict[int, int] = {}  # pid -> generation, of the children forked and not yet reaped
        self.old_snapshots: dict[int, str] = {}  # generation -> snapshot its children may still read

    def serve(self) -> None:
        while True:
            ready = wait([self.conn, *(w.conn for w in self.busy.values())], REAP_SECONDS)
            for conn in ready:
                if conn is self.conn:
                    self.handle(self.conn.recv())  # EOFError: the server is gone
                else:
                    self.done(conn)
            self.reap()

    def handle(self, message: tuple[Any, ...]) -> None:
        if message[0] in ("update", "snapshot"):
            if isinstance(self.store, str):
                self.old_snapshots[self.generation], self.store = self.store, message[1]
            else:
                self.store.update(message[1])
            self.generation += 1
            for worker in self.idle:
                self.retire(worker)
            self.idle = []
        elif message[0] == "query":
            _, qid, work, arg, deadline = message
            fd = recv_handle(self.conn)
            try:
                worker = self.idle.pop() if self.idle else self.next_idle() or self.fork()
            except OSError:
                traceback.print_exc()  # no process for this query: the server sees its pipe close
                os.close(fd)
                return
            try:
                worker.conn.send((work, arg, deadline))
                send_handle(worker.conn, fd, worker.pid)
                worker.qid = qid
                self.busy[qid] = worker
            except OSError:  # the child was gone: the server sees the pipe close
                self.kill(worker)
            finally:
                os.close(fd)
        elif message[0] == "cancel" and message[1] in self.busy:
            self.kill(self.busy.pop(message[1]))

    def done(self, conn: object) -> None:
        """A busy child said it is idle again (or ended: its pipe closed); `conn` is what `wait` returned."""
        worker = next((w for w in self.busy.values() if w.conn is conn), None)
        if worker is None:  # killed earlier in this round
            return
        del self.busy[worker.qid]
        try:
            worker.conn.recv()
        except (EOFError, OSError):
            self.kill(worker)
            return
        if worker.generation == self.generation and len(self.idle) < self.spare:
            self.idle.append(worker)
        else:
            self.retire(worker)

    def next_idle(self) -> _Worker | None:
        """When as many children are busy as are kept, the first to say it is idle within IDLE_WAIT
        (one has usually just sent its answer); None when fewer are busy or none says so in time."""
        if len(self.busy) < self.spare:
            return None
        deadline = time.monotonic() + IDLE_WAIT
        while not self.idle and self.busy and (left := deadline - time.monotonic()) > 0:
            for conn in wait([w.conn for w in self.busy.values()], left):
                self.done(conn)
        return self.idle.pop() if self.idle else None

    def fork(self) -> _Worker:
        mine, theirs = multiprocessing.Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:
            mine.close()
            self.conn.close()
            _worker_main(self.store, theirs)
        theirs.close()
        self.living[pid] = self.generation
        return _Worker(pid, mine, self.generation)

    def retire(self, worker: _Worker) -> None:
        worker.conn.close()  # an idle child reads the end of its pipe and exits

    def kill(self, worker: _Worker) -> None:
        if worker.pid in self.living:
            os.kill(worker.pid, signal.SIGKILL)
        worker.conn.close()

    def reap(self) -> None:
        """Collect children that ended, so that a pid in `living` is always one of ours."""
        while self.living:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.living.clear()
                break
            if pid == 0:
                break
            self.living.pop(pid, None)
        in_use = set(self.living.values())
        for generation in [g for g in self.old_snapshots if g not in in_use]:
            shutil.rmtree(self.old_snapshots.pop(generation), ignore_errors=True)

    def kill_all(self) -> None:
        for pid in self.living:
            os.kill(pid, signal.SIGKILL)


def _replica_main(conn: Connection, source: str, snapshot: bool, spare: int) -> None:
    """The replica: load the copy (or keep the snapshot's path: its children open it), then apply writes
    and hand queries to children, one message at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when it ends (Ctrl-C reaches both)
    store: OxigraphStore | str = source
    if not snapshot:
        try:
            store = OxigraphStore(None)
            store.inner.bulk_load(path=source, format=ox.RdfFormat.N_QUADS)
        except Exception as exc:  # noqa: BLE001 - the server reports it
            conn.send(f"{type(exc).__name__}: {exc}")
            return
    gc.freeze()  # what exists now is never collected: children do not copy it by touching it
    conn.send("ready")
    replica = _Replica(conn, store, spare)
    try:
        replica.serve()
    except EOFError:  # the server is gone
        pass
    finally:
        replica.kill_all()


def _worker_main(store: Store | str, conn: Connection) -> None:
    """A child of the replica: evaluate queries on its copy-on-write view of the store (or on the snapshot
    at the path `store`, opened read-only here), one at a time, until its pipe closes (never return into
    the replica's loop)."""
    status = 0
    try:
        _die_with_parent()
        if isinstance(store, str):
            store = OxigraphStore(store, read_only=True)
        while True:
            try:
                work, arg, deadline = conn.recv()
            except EOFError:
                break
            fd = recv_handle(conn)
            signal.setitimer(signal.ITIMER_REAL, max(0.01, deadline - time.monotonic() + ALARM_GRACE))
            _evaluate(store, Connection(fd, readable=False), work, arg)
            signal.setitimer(signal.ITIMER_REAL, 0)
            conn.send("idle")
    except BaseException:  # noqa: BLE001 - the replica is gone or the pipe broke: end
        status = 1
    finally:
        os._exit(status)


def _evaluate(store: Store, out: Connection, work: Work, arg: Any) -> None:
    """One query in a child: its pid, the items of `work`, then DONE (or the error) over `out`."""
    try:
        out.send(_Pid(os.getpid()))
        try:
            work(store, arg, out.send)
        except KGError as exc:
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            out.send(exc)
        except Exception:  # noqa: BLE001 - the reader gets no internals; the replica's stderr gets them
            traceback.print_exc()
            out.send(QueryError("the query failed unexpectedly; the error was logged"))
        out.send(DONE)
    except OSError:  # the server stopped listening (the request ended)
        pass
    finally:
        out.close()


def _libc() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def _die_with_parent() -> None:
    """Have the kernel kill this process when the replica ends (Linux; elsewhere the alarm still ends it)."""
    prctl = getattr(_LIBC, "prctl", None)
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the replica ended before the request was made
        os._exit(1)


class IsolatedStore(Store):
    """A store whose reads run through an `Evaluator` under a time limit; writes go to the store of
    record, then to the replica. What `kg serve` gives the endpoint and the read layer (REST routes,
    pages, exports), so that no read of any route outlives its limit. Every read takes a slot of `gate`
    (shared with the SPARQL endpoint), so the query processes never outnumber its workers; answers are
    kept in `cache` until the next write."""

    def __init__(self, base: OxigraphStore, evaluator: Evaluator, timeout: float, gate: Gate,
                 cache: AnswerCache | None = None, max_rows: int = 0) -> None:
        self.base = base
        self.evaluator = evaluator
        self.timeout = timeout
        self.gate = gate
        self.cache = cache if cache is not None else AnswerCache(0)
        self.max_rows = max_rows  # rows one read may find (KG_READ_MAX_ROWS; 0: any); past it, AnswerTooLarge
        self._length: tuple[int, int] | None = None  # (write count, quads) as last counted

    def update(self, update: str) -> None:
        self.base.update(update)
        self.evaluator.update(update)
        self.cache.clear()

    def _call(self, work: Work, arg: Any) -> Any:
        """The one item `work` sends from a child, within the time limit (QueryTimeout past it)."""
        deadline = time.monotonic() + self.timeout
        self.gate.acquire()
        try:
            return self._evaluate(work, arg, deadline)
        finally:
            self.gate.release()

    def _evaluate(self, work: Work, arg: Any, deadline: float) -> Any:
        return self._answer(self.evaluator.submit(work, arg, deadline), deadline)

    def _answer(self, job: Job, deadline: float) -> Any:
        """The one item `job` sends, by `deadline` (QueryTimeout past it); the job is over after this."""
        item: Any = None
        try:
            item = job.get(deadline - time.monotonic())
        except queue.Empty:
            raise QueryTimeout(f"a query of this request ran past the time limit of {self.timeout:g} s and was "
                               "stopped (setting KG_QUERY_TIMEOUT)") from None
        finally:
            if isinstance(item, KGError) or item is None:
                job.cancel()
            else:
                job.finish()  # the answer is in; the child goes idle on its own
        if isinstance(item, KGError):
            raise item
        return item

    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        key = _cache_key(query, bindings)
        cached = self.cache.get(key)
        if isinstance(cached, QueryResult):
            return cached
        writes = self.cache.writes
        result = _result(self._call(_query_work, (query, dict(bindings or {}), self.max_rows)))
        self.cache.put(key, result, writes)
        return result

    def select_all(self, queries: Sequence[Query]) -> list[list[Row]]:
        rows = []
        for answer in self._read_all(queries, text=False, max_rows=self.max_rows):
            assert isinstance(answer, QueryResult)
            if answer.kind != "select":
                raise QueryError("not a SELECT query")
            rows.append(answer.rows)
        return rows

    def select_text(self, queries: Sequence[Query], max_rows: int = 0) -> list[list[TextRow]]:
        """As `Store.select_text`, under this store's own cap too (`max_rows` may only lower it)."""
        caps = [n for n in (max_rows, self.max_rows) if n > 0]
        cap = min(caps) if caps else 0
        rows = []
        for answer in self._read_all(queries, text=True, max_rows=cap):
            assert isinstance(answer, list)
            rows.append(answer)
        return rows

    def _read_all(self, queries: Sequence[Query], text: bool, max_rows: int) -> list[Answer]:
        """The answers of `queries` (as `select_text` reads them when `text`, else as `query` does). Those
        not answered by the cache run at once, one child each, in as many slots of the gate as are free
        (one at least, waited for as any read waits); the others follow as slots come back to this
        request. One time limit for all, from the start; the first error stops the rest."""
        keys = [_cache_key(query, bindings, text) for query, bindings in queries]
        answers: list[Answer | None] = [self.cache.get(key) for key in keys]
        missing = [i for i, answer in enumerate(answers) if answer is None]
        writes = self.cache.writes
        work = _text_work if text else _query_work
        if missing:
            deadline = time.monotonic() + self.timeout
            self.gate.acquire()
            slots = 1 + self.gate.take_free(len(missing) - 1)
            try:
                for start in range(0, len(missing), slots):
                    wave = missing[start:start + slots]
                    jobs: list[Job] = []
                    try:
                        for i in wave:
                            query, bindings = queries[i]
                            jobs.append(self.evaluator.submit(work, (query, dict(bindings or {}), max_rows),
                                                              deadline))
                        for i, job in zip(wave, jobs, strict=True):
                            item = self._answer(job, deadline)
                            answers[i] = item if text else _result(item)
                    finally:
                        for job in jobs:
                            job.cancel()  # those not answered (an error above); no-op for the others
            finally:
                for _ in range(slots):
                    self.gate.release()
        found = []
        evaluated = set(missing)
        for i, answer in enumerate(answers):
            assert answer is not None
            if i in evaluated:
                self.cache.put(keys[i], answer, writes)
            found.append(answer)
        return found

    def graph(self, name: URIRef) -> Graph:
        return _graph(self._call(_graph_work, name), name)

    def named_graphs(self) -> list[URIRef]:
        return list(self._call(_named_graphs_work, None))

    def __len__(self) -> int:
        """The number of quads, counted again only after a write (counting FA-KES's 470k quads takes 70 ms:
        a liveness probe asking for it every second would keep a query process busy)."""
        writes = self.cache.writes
        if self._length is not None and self._length[0] == writes:
            return self._length[1]
        count = int(self._call(_len_work, None))
        self._length = (writes, count)  # counted since write number `writes`: a later write makes it stale
        return count

    def flush(self) -> None:
        self.base.flush()

    def close(self) -> None:
        self.evaluator.close()
        self.base.close()


def open_serving(config: Config) -> Store:
    """The store a server reads (`IsolatedStore`): an embedded store of at most KG_MEMORY_COPY_MAX_QUADS
    quads is copied into a replica and read there (an in-memory one starts empty: always); a larger
    on-disk one (or any, with that setting at 0) is read from snapshots of it. A remote store is read
    over HTTP."""
    store = open_store(config)
    if not isinstance(store, OxigraphStore):
        return store
    limit = config.memory_copy_max_quads
    snapshots = store.path is not None and (limit <= 0 or len(store) > limit)
    gate = Gate(config.query_workers, config.query_queue_length, config.query_queue_seconds)
    return IsolatedStore(store, Evaluator(store, spare=config.query_workers, snapshots=snapshots),
                         config.query_timeout, gate, AnswerCache(config.query_cache_rows), config.read_max_rows)


def _cache_key(query: str, bindings: Mapping[str, Node] | None,
               text: bool = False) -> tuple[str, tuple[tuple[str, Node], ...], bool]:
    """An answer's key in the cache: the query, its bindings, and whether its rows are text rows."""
    return query, tuple(sorted((bindings or {}).items(), key=lambda item: item[0])), text


def _result(answer: tuple[Any, ...]) -> QueryResult:
    """A query's answer as `_query_work` sent it."""
    kind, variables, rows, boolean, triples = answer
    return QueryResult(kind, variables, rows, boolean, _graph(triples) if triples is not None else None)


def _graph(triples: list[tuple[Node, Node, Node]], name: URIRef | None = None) -> Graph:
    graph = Graph(identifier=name)
    for triple in triples:
        graph.add(triple)
    return graph


# The work of `IsolatedStore`, done in a child: plain picklable values back.

def _query_work(store: Store, arg: tuple[str, dict[str, Node], int], put: Put) -> None:
    query, bindings, max_rows = arg
    result = store.query(query, bindings)
    check_rows(len(result.rows) or len(result.graph or ()), max_rows)
    triples = list(result.graph) if result.graph is not None else None
    put((result.kind, result.variables, result.rows, result.boolean, triples))


def _text_work(store: Store, arg: tuple[str, dict[str, Node], int], put: Put) -> None:
    query, bindings, max_rows = arg
    put(store.select_text([(query, bindings)], max_rows)[0])


def _graph_work(store: Store, name: URIRef, put: Put) -> None:
    put(list(store.graph(name)))


def _named_graphs_work(store: Store, arg: None, put: Put) -> None:
    put(store.named_graphs())


def _len_work(store: Store, arg: None, put: Put) -> None:
    put(len(store))
