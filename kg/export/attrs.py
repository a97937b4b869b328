"""Typed attributes of exported graphs: the declared schema, and values as text.

Every writer (GEXF, GraphML, CSV) declares attributes from one `Schema`, so a column has one type
in every format. Lists are written as GEXF 1.3 list literals (`[a, "b, c"]`), which GraphML and
CSV carry as plain strings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

NODE_RESERVED = frozenset({"label", "spells"})
EDGE_RESERVED = frozenset({"label", "spells", "weight"})

KINDS = ("boolean", "integer", "long", "double", "string", "liststring")
INT32 = 2**31 - 1

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEEDS_QUOTES = re.compile(r'[,\[\]"\'\\]|^\s|\s$')


@dataclass(frozen=True, slots=True)
class Attr:
    """One declared attribute: its name (also its id in the file) and its GEXF type."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Schema:
    """The attributes nodes and edges may carry, in the order they are declared."""

    nodes: tuple[Attr, ...] = ()
    edges: tuple[Attr, ...] = ()


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if abs(value) > INT32 else "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "liststring"
    raise QueryError(f"cannot export a value of type {type(value).__name__}: {value!r}")


def _widen(name: str, old: str | None, new: str) -> str:
    if old is None or old == new:
        return new
    numeric = {"integer", "long", "double"}
    if old in numeric and new in numeric:
        return "double" if "double" in (old, new) else "long"
    raise QueryError(f"attribute {name!r} holds both {old} and {new} values")


def _collect(kinds: dict[str, str], data: Mapping[str, Any], reserved: frozenset[str]) -> None:
    for name, value in data.items():
        if name not in reserved and value is not None:
            kinds[name] = _widen(name, kinds.get(name), _kind_of(value))


def infer_schema(nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]) -> Schema:
    """The schema that covers every attribute of the given node and edge data (one pass each)."""
    node_kinds: dict[str, str] = {}
    edge_kinds: dict[str, str] = {}
    for data in nodes:
        _collect(node_kinds, data, NODE_RESERVED)
    for data in edges:
        _collect(edge_kinds, data, EDGE_RESERVED)
    order = ("type",)  # the node type first: the column Gephi users colour and filter by

    def attrs(kinds: dict[str, str]) -> tuple[Attr, ...]:
        names = sorted(kinds, key=lambda n: (n not in order, n))
        return tuple(Attr(n, kinds[n]) for n in names)

    return Schema(attrs(node_kinds), attrs(edge_kinds))


def clean_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (stray control bytes in scraped articles)."""
    return _INVALID_XML.sub("", text)


def format_list(values: Iterable[Any]) -> str:
    """A GEXF 1.3 list literal: `[a, b]`; items with commas, brackets or quotes are double-quoted."""
    items = []
    for value in values:
        item = clean_text(str(value))
        if not item or _NEEDS_QUOTES.search(item):
            item = '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        items.append(item)
    return "[" + ", ".join(items) + "]"


def parse_list(text: str) -> list[str]:
    """The items of a list literal written by `format_list`."""
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise ValueError(f"not a list literal: {text!r}")
    body = body[1:-1]
    items: list[str] = []
    index = 0
    while index < len(body):
        while index < len(body) and body[index] == " ":
            index += 1
        if index >= len(body):
            break
        if body[index] == '"':
            index += 1
            chars = []
            while body[index] != '"':
                if body[index] == "\\":
                    index += 1
                chars.append(body[index])
                index += 1
            items.append("".join(chars))
            index = body.find(",", index)
        else:
            end = body.find(",", index)
            items.append(body[index:] if end < 0 else body[index:end])
            index = end
        if index < 0:
            break
        index += 1
    return items


def format_value(kind: str, value: Any) -> str:
    """A value as the text of its declared type (booleans `true`/`false`, lists as literals).
    XML writers drop what XML cannot carry when they quote it."""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "liststring":
        return format_list(value)
    if kind == "double":
        number = float(value)
        if not math.isfinite(number):
            raise QueryError(f"cannot export a non-finite number: {value!r}")
        return repr(number)
    if kind in ("integer", "long"):
        return str(int(value))
    return value if isinstance(value, str) else str(value)
