"""The random draws the synthetic corpus is made of: `random.Random` with quicker picks.

The corpus is a function of these draws, so they are fixed here: a pick takes one float from the
generator (Random's own `choice` and `randint` loop over bits, several times slower, and the generator
makes dozens of picks an article).
"""

from __future__ import annotations

from random import Random
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")


class Draws(Random):
    """Mersenne Twister draws from a seed, with `choice` and `randint` taking one float each."""

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


__all__ = ["Draws"]
