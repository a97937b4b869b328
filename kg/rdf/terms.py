"""Typed reads of the terms in a query's rows.

A `Row` maps variables to rdflib's base `Node`, which declares neither a number nor `toPython`.
rdflib's terms are strings, so a number is parsed from the lexical form, exactly as `int(term)` does;
callers need neither casts nor narrowing of their own.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Node


def integer(term: Node) -> int:
    """The integer a term's lexical form writes (`"3"^^xsd:integer` -> 3); ValueError for any other."""
    return int(str(term))


def number(term: Node) -> float:
    """The number a term's lexical form writes (`"36.2"^^xsd:decimal` -> 36.2); ValueError for any other."""
    return float(str(term))


def python_value(term: Node) -> object:
    """A term as rdflib's `toPython` reads it: a literal's value (the literal itself when ill-typed),
    any other term's string."""
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)


__all__ = ["integer", "number", "python_value"]
