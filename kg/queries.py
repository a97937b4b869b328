"""Named queries: the documented `.rq` files of `queries/` (shipped as `kg.resources.queries`), and binding
their parameters safely.

Each file starts with a header of comment lines:

    # name: claims-by-source
    # title: Claims by source
    # description: Every claim whose original source is the given agent ...
    # param: source iri  The original source (an IRI, or a local id such as agent/sohr)
    # param: since date optional  Only articles published on or after this day

Parameter kinds: iri, string, integer, date, boolean. A value becomes an rdflib term of its kind
(validated) and is bound with a VALUES block (`kg.rdf.store.bind`), never pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import NotFound, ParameterError, QueryError
from kg.rdf.store import bind
from kg.rdf.vocab import Iris
from kg.resources import ResourceMissing, named_query_files

KINDS = ("iri", "string", "integer", "date", "boolean")
_HEADER = re.compile(r"^#\s*(name|title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<kind>\w+)(?P<optional>\s+optional)?(?:\s+(?P<help>.*))?$")
_IRI_OK = re.compile(r"^(https?|urn):[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    kind: str
    description: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [{"name": p.name, "kind": p.kind, "optional": p.optional,
                                "description": p.description} for p in self.parameters],
                "query": self.text}


def parse_query_file(path: Path | Traversable) -> NamedQuery:
    """A named query from its file; the header must give name, title and description."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            p = _PARAM.match(value)
            if not p or p.group("kind") not in KINDS:
                raise QueryError(f"{path.name}: bad parameter line {value!r} (name kind [optional] help)")
            params.append(Parameter(p.group("name"), p.group("kind"), (p.group("help") or "").strip(),
                                    bool(p.group("optional"))))
        elif key == "description" and key in header:
            header[key] += " " + value
        else:
            header[key] = value
    missing = [k for k in ("name", "title", "description") if k not in header]
    if missing:
        raise QueryError(f"{path.name}: header lacks {', '.join(missing)}")
    return NamedQuery(header["name"], header["title"], header["description"], text, tuple(params))


def term_for(param: Parameter, raw: str, iris: Iris) -> Node:
    """The rdflib term a raw parameter value stands for, or ParameterError saying why not."""
    value = raw.strip()
    if param.kind == "iri":
        if _IRI_OK.match(value):
            return URIRef(value)
        if re.fullmatch(r"[\w.~-]+(/[\w.~%-]+)+", value):
            return iris.key(value)
        raise ParameterError(f"parameter {param.name!r}: {raw!r} is neither an IRI nor a local id like agent/sohr")
    if param.kind == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise ParameterError(f"parameter {param.name!r}: {raw!r} is not an integer") from None
    if param.kind == "date":
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise ParameterError(f"parameter {param.name!r}: {raw!r} is not a date (YYYY-MM-DD)") from None
    if param.kind == "boolean":
        if value.lower() not in ("true", "false", "1", "0"):
            raise ParameterError(f"parameter {param.name!r}: {raw!r} is not true or false")
        return Literal(value.lower() in ("true", "1"))
    return Literal(value)


class QueryCatalog:
    """The named queries by name."""

    def __init__(self, queries: list[NamedQuery]) -> None:
        self.queries = {q.name: q for q in sorted(queries, key=lambda q: q.name)}

    @classmethod
    def load(cls, folder: Path | None = None) -> QueryCatalog:
        """The shipped named queries, or those of `folder`; a folder without any is ResourceMissing."""
        if folder is None:
            return cls([parse_query_file(p) for p in named_query_files()])
        files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
        if not files:
            raise ResourceMissing(f"{folder}/*.rq", "no named query there")
        return cls([parse_query_file(p) for p in files])

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def get(self, name: str) -> NamedQuery:
        if name not in self.queries:
            raise NotFound(f"no named query {name!r}; known: {', '.join(self.queries) or 'none'}")
        return self.queries[name]

    def bound(self, name: str, values: Mapping[str, str], iris: Iris) -> str:
        """The query text with the given parameters bound; unknown or missing required ones refused."""
        query = self.get(name)
        known = {p.name: p for p in query.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ParameterError(f"query {name!r} has no parameter {', '.join(unknown)}; "
                                 f"parameters: {', '.join(known) or 'none'}")
        missing = [p.name for p in query.parameters if not p.optional and not values.get(p.name)]
        if missing:
            raise ParameterError(f"query {name!r} needs parameter {', '.join(missing)}")
        terms = {k: term_for(known[k], v, iris) for k, v in values.items() if v != ""}
        return bind(query.text, terms)
