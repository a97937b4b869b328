"""Ingest jobs: batches of articles ingested one at a time by one background thread of the server.

A job is queued (a bounded queue: when it is full, `IngestBusy`), runs, and ends done or failed;
while it runs, its `IngestReport` fills in, so its progress, counts and errors can be read at any
time. The writer lock is held while a job runs, and a small batch answered at once takes it too,
so the store has one writer. `stop` (the server is stopping) fails the jobs still waiting and
makes the running one stop at its next article; what it wrote stays consistent (the next ingest
finishes incident linking, see `kg.operations`). With a journal (`kg.job_journal`) every job is
kept on disk: a job the server stopped (or died) before it ended runs again when the server starts,
from the first record it had not finished, and an ended job is still answered after a restart.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from kg.errors import IngestBusy, JobStopped, KGError, NotFound
from kg.ingest.loaders import LoadResult
from kg.job_journal import JobJournal, report_of, report_state
from kg.model import Article
from kg.operations import IngestReport

T = TypeVar("T")
KEPT = 100  # finished jobs kept for reading; older ones are forgotten
STOP_WAIT = 10.0  # seconds `stop` waits for the running job to reach its next article
log = logging.getLogger("claimgraph.jobs")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True, eq=False)
class Job:
    """One batch to ingest: its records (dropped once it has run), its state and its live report."""

    items: list[LoadResult] | None
    replace: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: str = "queued"  # queued, running, done, failed
    total: int = 0
    records: dict[str, int] = field(default_factory=dict)  # origin -> record number (1 for the first)
    report: IngestReport = field(default_factory=IngestReport)
    articles: list[str] = field(default_factory=list)  # ids of the articles stored (new, changed or unchanged)
    stored: list[str] = field(default_factory=list)  # origins of the records whose article is stored
    reason: str | None = None  # why a failed job failed as a whole
    created: datetime = field(default_factory=_now)
    started: datetime | None = None
    finished: datetime | None = None
    ended: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        items = self.items or []
        self.total = len(items)
        for number, item in enumerate(items, start=1):
            self.records.setdefault(origin_of(item), number)

    @property
    def done(self) -> int:
        """Records the run has finished with: stored, unchanged, refused or failed."""
        return self.report.articles + len(self.report.errors) + len(self.report.conflicts)

    def end(self, state: str, reason: str | None = None) -> None:
        self.state, self.reason, self.finished, self.items = state, reason, _now(), None
        self.ended.set()

    def remaining(self) -> list[LoadResult]:
        """The records not finished yet: all of a new job's; a resumed job's after those it had finished."""
        finished = {*self.stored, *(e.origin for e in (*self.report.errors, *self.report.conflicts))}
        return [item for item in self.items or [] if origin_of(item) not in finished]

    def state_of(self) -> dict[str, Any]:
        """The job as its journal keeps it."""
        return {"id": self.id, "replace": self.replace, "state": self.state, "reason": self.reason,
                "created": self.created.isoformat(), "total": self.total, "records": self.records,
                "started": self.started.isoformat() if self.started else None,
                "finished": self.finished.isoformat() if self.finished else None,
                "report": report_state(self.report), "articles": self.articles, "stored": self.stored}

    @classmethod
    def from_state(cls, state: dict[str, Any], items: list[LoadResult] | None) -> Job:
        """A job read back from its journal: `items` for one that had not ended (it runs again), else None."""
        job = cls(items, replace=bool(state["replace"]), id=str(state["id"]), state="queued" if items is not None
                  else str(state["state"]), reason=state["reason"], created=datetime.fromisoformat(state["created"]),
                  report=report_of(state["report"]), articles=list(state["articles"]), stored=list(state["stored"]))
        job.total, job.records = int(state["total"]), dict(state["records"])
        if items is None:
            job.started = datetime.fromisoformat(state["started"]) if state["started"] else None
            job.finished = datetime.fromisoformat(state["finished"]) if state["finished"] else None
            job.ended.set()
        return job


def origin_of(item: LoadResult) -> str:
    """What names a record in its job: where it was loaded from, or the article's id."""
    return item.origin or (item.id if isinstance(item, Article) else "")


class JobRunner:
    """A bounded queue of jobs and the thread that runs them one at a time with `work(job, check)`;
    `check()` raises `JobStopped` once the runner is stopping (call it between articles). With a
    `journal`, the jobs it holds are read back first: those that had not ended are queued again."""

    def __init__(self, work: Callable[[Job, Callable[[], None]], None], queue_length: int,
                 journal: JobJournal | None = None) -> None:
        self._work = work
        self.queue_length = max(1, queue_length)
        self._queue: queue.Queue[Job | None] = queue.Queue()  # its length is checked by `submit`
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._jobs_lock = threading.Lock()
        self.writer = threading.Lock()  # held by whoever ingests: the running job or a batch answered at once
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.journal = journal
        for state, items in journal.load() if journal else []:
            job = Job.from_state(state, items)
            self._jobs[job.id] = job
            if not job.ended.is_set():
                log.info("ingest job %s goes on after a restart (%d of %d records done)", job.id, job.done, job.total)
                self._queue.put(job)
                self._start()

    def submit(self, job: Job) -> Job:
        """Queue `job`; `IngestBusy` when the queue is full or the runner is stopping."""
        if self._stopping.is_set():
            raise IngestBusy("the server is stopping; send the batch again once it is back")
        with self._jobs_lock:
            if self._queue.qsize() >= self.queue_length:
                raise IngestBusy(f"{self.queue_length} ingest jobs are already waiting (setting "
                                 "KG_INGEST_QUEUE_LENGTH); try again when one has ended")
            if self.journal:
                self.journal.add(job.state_of(), job.items or [])
            self._jobs[job.id] = job
            self._queue.put(job)
            self._start()
        return job

    def get(self, job_id: str) -> Job:
        with self._jobs_lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id!r} (finished jobs are kept for the last {KEPT})")
        return job

    def run_now(self, fn: Callable[[], T]) -> tuple[bool, T | None]:
        """`(True, fn())` with the writer held, when no job runs or waits; `(False, None)` otherwise."""
        if self._stopping.is_set() or not self._queue.empty() or not self.writer.acquire(blocking=False):
            return False, None
        try:
            return True, fn()
        finally:
            self.writer.release()

    def check(self) -> None:
        if self._stopping.is_set():
            raise JobStopped("the server stopped while this job ran; the articles stored so far stay, "
                             + ("the job goes on from there when the server starts again" if self.journal
                                else "send the batch again to ingest the rest"))

    def stop(self, wait: float = STOP_WAIT) -> None:
        """Fail the waiting jobs, make the running one stop at its next article, and wait for it up to
        `wait` seconds. With a journal, they stay on disk as they were and run when the server starts again."""
        self._stopping.set()
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job.end("failed", "the server stopped before this job ran; " + (
                    "it runs when the server starts again" if self.journal else "send the batch again"))
        self._queue.put(None)  # wakes the thread if it waits for a job
        if self._thread is not None:
            self._thread.join(wait)

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ingest-jobs", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            job = self._queue.get()
            if job is None:
                break
            with self.writer:
                self._run_one(job)
            self._forget_old()

    def _run_one(self, job: Job) -> None:
        job.state, job.started = "running", _now()
        saved = -1  # the progress last kept on disk

        def check() -> None:  # between articles: keep the progress on disk, and stop when told
            nonlocal saved
            if self.journal and job.done + len(job.stored) != saved:
                saved = job.done + len(job.stored)
                self.journal.save(job.state_of())
            self.check()

        try:
            check()
            self._work(job, check)
        except JobStopped as exc:
            job.end("failed", str(exc))
            return  # a journal keeps the job as it was saved last: running, so it goes on after a restart
        except KGError as exc:
            job.end("failed", str(exc))
        except Exception:  # noqa: BLE001 - a job's failure is its own; the thread goes on with the next
            log.exception("ingest job %s failed", job.id)
            job.end("failed", "the job failed on an unexpected error (logged on the server)")
        else:
            job.end("done")
        if self.journal:
            self.journal.end(job.state_of())

    def _forget_old(self) -> None:
        with self._jobs_lock:
            finished = [j.id for j in self._jobs.values() if j.ended.is_set()]
            for job_id in finished[:-KEPT] if len(finished) > KEPT else []:
                del self._jobs[job_id]
                if self.journal:
                    self.journal.forget(job_id)
