"""Ingest jobs kept on disk, so a server that stops or dies goes on with them when it starts again.

One folder holds, per job, `<id>.json` (its state, progress, counts, errors and stored articles,
rewritten after every article) and, until the job has run, `<id>.records.jsonl` (its records). On
start the server reads the folder back: a job that had not ended runs again, skipping the records
it had finished (their articles are stored, their errors reported); an ended job is answered by
GET /jobs as before the restart. An article written in the moment between its store write and the
job's next save is met again and counted as unchanged: the store holds it once either way.

Every file is written to a temporary name and renamed, so a file is whole or absent; a file that
cannot be read is reported in the log and left aside, never read as a job.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kg.errors import IngestError
from kg.ingest.loaders import LoadResult
from kg.model import Article
from kg.operations import ArticleConflict, IngestReport

log = logging.getLogger("claimgraph.jobs")
COUNTS = ("articles", "changed", "replaced", "claims", "incidents")


class JobJournal:
    """The jobs of one server, on disk in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, state: dict[str, Any], items: list[LoadResult]) -> None:
        """A job just queued: its records, then its state (a state file without records is never pending)."""
        lines = "".join(json.dumps(_item(item), ensure_ascii=False) + "\n" for item in items)
        _write(self._records(state["id"]), lines)
        self.save(state)

    def save(self, state: dict[str, Any]) -> None:
        _write(self._state(state["id"]), json.dumps(state, ensure_ascii=False))

    def end(self, state: dict[str, Any]) -> None:
        """A job that has ended: its state kept, its records dropped."""
        self.save(state)
        self._records(state["id"]).unlink(missing_ok=True)

    def forget(self, job_id: str) -> None:
        self._state(job_id).unlink(missing_ok=True)
        self._records(job_id).unlink(missing_ok=True)

    def load(self) -> list[tuple[dict[str, Any], list[LoadResult] | None]]:
        """Every job kept, oldest first: its state, and its records when it has not ended."""
        out: list[tuple[dict[str, Any], list[LoadResult] | None]] = []
        for path in self.folder.glob("*.json"):
            try:
                state = json.loads(path.read_text(encoding="utf-8"))
                items = None
                if state["state"] in ("queued", "running"):
                    lines = self._records(state["id"]).read_text(encoding="utf-8").splitlines()
                    items = [_load_item(json.loads(line)) for line in lines if line]
                out.append((state, items))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("ingest job file %s cannot be read (%s); it is left aside", path, exc)
        return sorted(out, key=lambda pair: str(pair[0].get("created")))

    def _state(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.json"

    def _records(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.records.jsonl"


def report_state(report: IngestReport) -> dict[str, Any]:
    """What of an ingest report a job keeps: its counts and its problems."""
    return {**{name: getattr(report, name) for name in COUNTS},
            "errors": [[e.origin, e.reason] for e in report.errors],
            "conflicts": [[c.origin, c.reason] for c in report.conflicts]}


def report_of(state: dict[str, Any]) -> IngestReport:
    report = IngestReport(errors=[IngestError(origin, reason) for origin, reason in state["errors"]],
                          conflicts=[ArticleConflict(origin, reason) for origin, reason in state["conflicts"]])
    for name in COUNTS:
        setattr(report, name, int(state[name]))
    return report


def _item(item: LoadResult) -> dict[str, Any]:
    if isinstance(item, IngestError):
        return {"error": [item.origin, item.reason]}
    return {"article": {f.name: _plain(getattr(item, f.name)) for f in fields(Article)}}


def _load_item(row: dict[str, Any]) -> LoadResult:
    if "error" in row:
        origin, reason = row["error"]
        return IngestError(origin, reason)
    values = dict(row["article"])
    if values.get("published"):
        values["published"] = date.fromisoformat(values["published"])
    return Article(**values)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
