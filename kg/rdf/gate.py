"""The gate every read of a served store passes: at most `workers` queries evaluated at once, a short
first-come-first-served queue behind them, and QueryBusy (503) past it.

One gate serves the SPARQL endpoint and the REST routes, pages and exports alike, so that however
the load is made up the query processes never outnumber the workers (a query beyond them would fork
a process of its own: slower for everyone) and no request waits longer than the queue allows.
"""

from __future__ import annotations

import threading
from collections import deque

from kg.errors import QueryBusy


class Gate:
    """`workers` slots; `acquire` takes one at once, or waits in order behind at most `queue_length`
    others for at most `queue_seconds`; `release` hands the slot to the longest waiting caller."""

    def __init__(self, workers: int, queue_length: int, queue_seconds: float) -> None:
        if workers < 1:
            raise ValueError("a gate needs at least one worker")
        self.workers = workers
        self.queue_length = queue_length
        self.queue_seconds = queue_seconds
        self._free = workers
        self._waiting: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """A slot, now or after a short wait in order; QueryBusy when the queue is full or the wait is over."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            if len(self._waiting) >= self.queue_length:
                raise QueryBusy(f"every query worker is busy and {len(self._waiting)} queries are waiting "
                                "already; try again shortly")
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(self.queue_seconds):
            return
        with self._lock:
            if turn.is_set():  # handed over between the end of the wait and the lock
                return
            self._waiting.remove(turn)
        raise QueryBusy(f"every query worker stayed busy for {self.queue_seconds:g} s; try again shortly")

    def take_free(self, most: int) -> int:
        """Up to `most` more slots, only those free now with nobody waiting (never a wait): how many."""
        with self._lock:
            if self._waiting:
                return 0
            taken = min(max(most, 0), self._free)
            self._free -= taken
            return taken

    def release(self) -> None:
        """Give the slot back: to the first caller waiting, else to the free ones."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def busy(self) -> int:
        return self.workers - self._free


__all__ = ["Gate"]
