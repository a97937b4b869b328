"""Ingest jobs kept on disk (`kg.job_journal`): a server that stops or is killed goes on with its jobs
when it starts again, and still answers GET /jobs for the jobs that ended.

In process: the runner with a journal, its jobs stopped between records and read back by a new
runner. End to end: a real `kg serve` SIGKILLed while a job of FA-KES records runs, then started
again on the same store: the job ends done, every record accounted for once, every article stored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, _free_port, shared_path, wait_for_http

from kg.errors import IngestError
from kg.job_journal import JobJournal
from kg.jobs import Job, JobRunner, origin_of
from kg.model import Article

TOKEN = "journal-token"


def _articles(n: int, first: int = 0) -> list[Article]:
    """Articles a0, a1, ...; the k-th of a batch whose first is record `first` comes from request[first + k]."""
    return [Article(id=f"a{k}", text=f"Text {k}.", outlet="Outlet", published=date(2017, 4, k + 1),
                    origin=f"request[{first + k}]") for k in range(n)]


def _work(seen: list[str], stop_after: int | None = None, runner: list[JobRunner] | None = None,
          go: threading.Event | None = None) -> Callable[[Job, Callable[[], None]], None]:
    """A job's work as `run_job` does it, without a store: each remaining record 'stored' in turn, once
    `go` is set; after `stop_after` records the runner is told to stop (the server stopping mid-job)."""
    def work(job: Job, check: Callable[[], None]) -> None:
        assert go is None or go.wait(10)
        for item in job.remaining():
            check()
            if isinstance(item, IngestError):
                job.report.errors.append(item)
                continue
            seen.append(item.id)
            job.report.articles += 1
            job.report.changed += 1
            job.articles.append(item.id)
            job.stored.append(origin_of(item))
            if runner and stop_after is not None and len(seen) == stop_after:
                threading.Thread(target=runner[0].stop, kwargs={"wait": 0}).start()
                time.sleep(0.2)  # the stop is set before the next record
            check()
    return work


def test_a_stopped_job_goes_on_after_a_restart_from_its_first_unfinished_record(tmp_path: Path) -> None:
    items: list[Any] = [*_articles(3), IngestError("request[3]", "no text"), *_articles(6, first=1)[3:]]
    first_seen: list[str] = []
    holder: list[JobRunner] = []
    go = threading.Event()
    runner = JobRunner(_work(first_seen, stop_after=2, runner=holder, go=go), 4, journal=JobJournal(tmp_path))
    holder.append(runner)
    job = runner.submit(Job(items))
    waiting = runner.submit(Job(_articles(2)))
    go.set()
    assert job.ended.wait(10) and waiting.ended.wait(10)
    assert job.state == "failed" and "goes on from there when the server starts again" in (job.reason or "")
    assert waiting.state == "failed" and "runs when the server starts again" in (waiting.reason or "")
    assert first_seen == ["a0", "a1"]

    again_seen: list[str] = []
    again = JobRunner(_work(again_seen), 4, journal=JobJournal(tmp_path))
    resumed, later = again.get(job.id), again.get(waiting.id)
    assert resumed.ended.wait(10) and later.ended.wait(10)
    assert again_seen == ["a2", "a3", "a4", "a5", "a0", "a1"]  # the first job's rest, then the waiting job
    assert resumed.state == "done" and resumed.total == 7 and resumed.done == 7
    assert resumed.articles == ["a0", "a1", "a2", "a3", "a4", "a5"]
    assert [e.origin for e in resumed.report.errors] == ["request[3]"] and resumed.report.changed == 6
    assert resumed.records == job.records and resumed.created == job.created
    again.stop()

    # ended jobs are answered after one more restart; their records are gone from the folder
    third = JobRunner(_work([]), 4, journal=JobJournal(tmp_path))
    assert third.get(job.id).state == "done" and third.get(job.id).articles == resumed.articles
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{job.id}.json", f"{waiting.id}.json"])


def test_records_come_back_as_they_were_queued(tmp_path: Path) -> None:
    journal = JobJournal(tmp_path)
    items: list[Any] = [Article(id="x/1", text="Ünïcode “quoted” text.\n", outlet=None, published=date(2016, 2, 29),
                                url="https://example.org/a?b=c", title="T", origin="upload.jsonl:1"),
                        IngestError("upload.jsonl:2", "not JSON")]
    job = Job(items)
    journal.add(job.state_of(), items)
    ((state, loaded),) = journal.load()
    assert state["state"] == "queued" and loaded is not None
    assert loaded[0] == items[0]
    assert isinstance(loaded[1], IngestError) and str(loaded[1]) == str(items[1])


def test_an_unreadable_job_file_is_left_aside_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    journal = JobJournal(tmp_path)
    good = Job(_articles(1))
    journal.add(good.state_of(), good.items or [])
    (tmp_path / "broken.json").write_text('{"id": "broken", "state": "que', encoding="utf-8")
    (tmp_path / "orphan.json").write_text(json.dumps({**good.state_of(), "id": "orphan"}), encoding="utf-8")
    loaded = journal.load()  # the orphan is pending, but its records file is missing
    assert [state["id"] for state, _ in loaded] == [good.id]
    assert "broken.json" in caplog.text and "orphan.json" in caplog.text


def test_a_full_queue_still_refuses_with_a_journal(tmp_path: Path) -> None:
    from kg.errors import IngestBusy

    release = threading.Event()
    runner = JobRunner(lambda job, check: release.wait(10) and None, 1, journal=JobJournal(tmp_path))
    first = runner.submit(Job(_articles(1)))
    time.sleep(0.2)  # the first runs; one may wait
    runner.submit(Job(_articles(1)))
    with pytest.raises(IngestBusy, match="KG_INGEST_QUEUE_LENGTH"):
        runner.submit(Job(_articles(1)))
    release.set()
    assert first.ended.wait(10)
    runner.stop()


def _serve(store: Path, port: int) -> subprocess.Popen[bytes]:
    """`kg serve` on `store`; what it writes to standard error goes to a log beside the store."""
    env = {**os.environ, "KG_API_TOKEN": TOKEN, "KG_SYNC_INGEST_RECORDS": "1", "KG_ACCESS_LOG": "false",
           "KG_PORT": str(port)}
    command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main(sys.argv[1:]))",
               "--store", str(store), "serve"]
    with open(store.parent / "serve.log", "ab") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


def _get(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - a local test server
        return dict(json.loads(answer.read()))


def test_a_killed_server_finishes_its_job_when_started_again(tmp_path: Path) -> None:
    corpus = shared_path("corpus", "fa-kes", "articles.jsonl")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:60]
    records = [json.loads(line) for line in lines]
    store, port = tmp_path / "store", _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(store, port)
    try:
        wait_for_http(base + "/health", 60)
        request = urllib.request.Request(base + "/articles", data=json.dumps(records).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {TOKEN}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            assert answer.status == 202
            job_id = json.loads(answer.read())["id"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # kill it once it has stored something and has not ended
            job = _get(f"{base}/jobs/{job_id}")
            if job["state"] != "running" or job["progress"]["done"] >= 1:
                break
            time.sleep(0.01)
        assert job["state"] == "running", f"the job ended before the server could be killed: {job['state']}"
        server.send_signal(signal.SIGKILL)
        server.wait(30)
        done_before = job["progress"]["done"]

        server = _serve(store, port)
        wait_for_http(base + "/health", 60)
        while time.monotonic() < deadline:
            job = _get(f"{base}/jobs/{job_id}")
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert job["state"] == "done", job
        assert job["progress"] == {"done": len(records), "total": len(records)}
        counts = job["counts"]
        assert counts["stored"] + counts["unchanged"] + counts["failed"] == len(records)
        assert counts["stored"] >= len(records) - done_before - 1 - counts["failed"]
        stored = _get(f"{base}/articles?limit=200")
        assert stored["total"] == len(records) - counts["failed"] == len({a["id"] for a in job["articles"]})
        assert isinstance(job["incidents"], int) and job["incidents"] > 0
    finally:
        server.kill()
        server.wait(30)
