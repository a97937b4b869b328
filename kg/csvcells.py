"""Spreadsheet-safe CSV cells: the one rule every CSV the project writes applies to its cells.

OWASP's rule against CSV (formula) injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return is prefixed with `'`, so a spreadsheet shows it as text instead of evaluating it
(claim texts, source names and SPARQL results come from articles anyone can write). One
exception keeps numbers numbers: a cell that is only a decimal number (`-5`, `+1.5`, `-2.5E3`)
is left as it is, as no spreadsheet reads a formula in it. Used by the export tables
(`/export/*.csv`, `kg export --format csv`), SPARQL results as CSV (`/sparql`), and `kg query
--format csv|tsv`. (SPARQL TSV needs nothing: its cells are RDF terms, and a term starting with
`-` or `+` there is a number.)
"""

from __future__ import annotations

import re

FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """`value`, prefixed with `'` when a spreadsheet could take it for a formula."""
    if value and value[0] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
