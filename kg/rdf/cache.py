"""Answers of read queries kept until the store changes: what `kg serve` reads again and again (an
incident's claims, a source's page) is evaluated once per write, not once per request.

A served store is written only through its server (`IsolatedStore.update`), which empties the cache;
a query that began before a write is not kept after it (each answer is kept under the write count it
began with). Least recently used answers go first when the rows held pass the bound. Callers get a
copy of the rows, so no caller can change what the next one reads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from kg.rdf.store import QueryResult, TextRow

# What is kept: a query's answer, or the rows of `Store.select_text`.
Answer = QueryResult | list[TextRow]


class AnswerCache:
    """SELECT and ASK answers by (query, bindings), at most `max_rows` rows in all (0: nothing kept)."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.rows = 0
        self.writes = 0  # one more for every write; an answer is kept only if none came while it was made
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[Hashable, tuple[Answer, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
        return _copy(found[0])

    def put(self, key: Hashable, answer: Answer, writes: int) -> None:
        """Keep `answer`, made since write number `writes`, unless a write came meanwhile or it is too large."""
        if isinstance(answer, QueryResult) and answer.kind not in ("select", "ask"):
            return
        size = max(1, len(answer.rows if isinstance(answer, QueryResult) else answer))
        if size > self.max_rows // 4:  # one answer never takes more than a quarter of the room
            return
        with self._lock:
            if writes != self.writes or key in self._answers:
                return
            self._answers[key] = (_copy(answer), size)
            self.rows += size
            while self.rows > self.max_rows:
                _, (_, dropped) = self._answers.popitem(last=False)
                self.rows -= dropped

    def clear(self) -> None:
        """Forget every answer (the store was written)."""
        with self._lock:
            self.writes += 1
            self._answers.clear()
            self.rows = 0

    def __len__(self) -> int:
        return len(self._answers)


def _copy(answer: Answer) -> Answer:
    """A copy of the answer's rows (no caller can change what the next one reads)."""
    if isinstance(answer, QueryResult):
        return QueryResult(answer.kind, list(answer.variables), [dict(row) for row in answer.rows], answer.boolean)
    return [dict(row) for row in answer]


__all__ = ["Answer", "AnswerCache"]
