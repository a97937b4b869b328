"""The store: named graphs of quads behind one small interface, with two engines.

- `OxigraphStore`: embedded Oxigraph, on disk (a folder) or in memory; SPARQL runs natively.
- `RemoteStore`: any SPARQL 1.1 server over the standard Protocol (query and update endpoints).

Both replace a named graph in one SPARQL Update request (`DROP SILENT GRAPH; INSERT DATA`), which
the engines execute as one transaction, so a reader never sees half an article.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.settings import Config

Row = dict[str, Node]


@dataclass(slots=True)
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """The RDF dataset of one query (SPARQL 1.1 Protocol `default-graph-uri` / `named-graph-uri`).

    With no default graphs given, the default graph is the union of all named graphs when
    `union_default` is set, else the store's own (empty) default graph."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default: bool = True


OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(slots=True)
class ResultStream:
    """A query's answer as lazy pyoxigraph terms, for serialising without building rdflib objects.

    `rows` yields one tuple per solution (None for an unbound variable), in `variables` order;
    `triples` yields `pyoxigraph.Triple` for CONSTRUCT/DESCRIBE."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: Iterator[Sequence[OxTerm | None]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))
    native: Any = None  # the engine's own result object when it is pyoxigraph (serialises natively)


def to_oxigraph(term: Node) -> OxTerm:
    """An rdflib term as the pyoxigraph term it stands for."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term {term!r}")


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as the rdflib term it stands for."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unsupported term {term!r}")


def replace_graph_update(name: URIRef, ntriples: str) -> str:
    """One SPARQL Update that swaps the content of graph `name` for the triples given as N-Triples."""
    return f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{ntriples}}} }}"


_WHERE = re.compile(r"\bWHERE\s*\{|\bASK\s*\{", re.I)


def bind(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Give variables values by a VALUES block at the top of the WHERE pattern.

    Values are rdflib terms serialised by rdflib (escaped), never user text pasted into the query."""
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } pattern")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    return f"{query[:match.end()]} VALUES ({names}) {{ ({values}) }} {query[match.end():]}"


class Store(ABC):
    """Named graphs and SPARQL over them. The default graph of queries is the union of all graphs."""

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Atomically make graph `name` hold exactly the triples of `graph` (one SPARQL Update)."""
        self.update(replace_graph_update(name, graph.serialize(format="nt")))

    @abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL Update (internal writers only; the endpoint is read-only)."""

    @abstractmethod
    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Any SPARQL query; `bindings` give values to variables safely (never pasted as text)."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Rows of a SELECT query as rdflib terms (unbound variables are absent)."""
        result = self.query(query, bindings)
        if result.kind != "select":
            raise QueryError("not a SELECT query")
        return result.rows

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self.query(query, bindings)
        if result.kind != "ask":
            raise QueryError("not an ASK query")
        return bool(result.boolean)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        result = self.query(query, bindings)
        if result.graph is None:
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result.graph

    def stream(self, query: str, dataset: DatasetSpec | None = None) -> ResultStream:
        """The answer as lazy pyoxigraph terms (engines that can evaluate lazily override this)."""
        result = self._query_dataset(query, dataset or DatasetSpec())
        if result.kind == "ask":
            return ResultStream("ask", boolean=result.boolean)
        if result.kind == "graph":
            assert result.graph is not None
            triples = (ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in result.graph)
            return ResultStream("graph", triples=triples)  # type: ignore[arg-type]
        names = result.variables
        rows = (tuple(to_oxigraph(r[n]) if n in r else None for n in names) for r in result.rows)
        return ResultStream("select", names, rows)

    def _query_dataset(self, query: str, dataset: DatasetSpec) -> QueryResult:
        """A query over an explicit dataset; engines that cannot select one only take the default."""
        if dataset != DatasetSpec():
            raise QueryError("this store cannot choose the dataset of a query")
        return self.query(query)

    @abstractmethod
    def graph(self, name: URIRef) -> Graph:
        """A copy of the triples of one named graph."""

    @abstractmethod
    def named_graphs(self) -> list[URIRef]: ...

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    def flush(self) -> None:  # noqa: B027 - engines that buffer writes override it
        """Write buffered changes out (an embedded engine holds them in memory until then)."""

    def close(self) -> None:  # noqa: B027 - engines that hold resources override it
        """Release the engine."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(Store):
    """Embedded Oxigraph: `path` is a folder (created if missing), or None for memory.

    With `memory_copy_max_quads` > 0, an on-disk store of at most that many quads is also copied
    into memory when opened: reads are answered from the copy (Oxigraph's in-memory engine answers
    the benchmark queries 2-5x faster than its on-disk one, `kg bench api`), writes go to disk
    first and then to the copy, so the two hold the same quads. The disk stays the store of record.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 memory_copy_max_quads: int = 0) -> None:
        self.path = Path(path) if path else None
        self.read_only = read_only
        try:
            if self.path is None:
                self.disk = ox.Store()
            elif read_only:
                self.disk = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.disk = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
        self.inner = self.disk  # the engine that answers reads
        if self.path is not None and memory_copy_max_quads > 0 and len(self.disk) <= memory_copy_max_quads:
            self.inner = ox.Store()
            self.inner.bulk_extend(self.disk)

    @property
    def in_memory_copy(self) -> bool:
        """Whether reads are answered from an in-memory copy of the on-disk store."""
        return self.inner is not self.disk

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> Any:
        try:
            return self.inner.query(bind(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from None

    def stream(self, query: str, dataset: DatasetSpec | None = None) -> ResultStream:
        dataset = dataset or DatasetSpec()
        options: dict[str, Any] = {}
        if dataset.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        else:
            options["use_default_graph_as_union"] = dataset.union_default
        if dataset.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            results = self.inner.query(query, **options)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(results, ox.QuerySolutions):
            return ResultStream("select", [v.value for v in results.variables], _guarded(results), native=results)
        if isinstance(results, ox.QueryBoolean):
            return ResultStream("ask", boolean=bool(results))
        return ResultStream("graph", triples=_guarded(results))

    def update(self, update: str) -> None:
        try:
            self.disk.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"store update failed: {exc}") from None
        if self.in_memory_copy:
            self.inner.update(update)

    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        results = self._query(query, bindings)
        if isinstance(results, ox.QuerySolutions):
            names = [v.value for v in results.variables]
            rows = [{n: to_rdflib(t) for n, t in zip(names, solution, strict=True) if t is not None}
                    for solution in results]
            return QueryResult("select", names, rows)
        if isinstance(results, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(results))
        graph = Graph()
        for t in results:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return QueryResult("graph", graph=graph)

    def graph(self, name: URIRef) -> Graph:
        graph = Graph(identifier=name)
        for q in self.inner.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return graph

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.inner.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.inner)

    def dataset(self) -> Dataset:
        """The same data as an rdflib Dataset (rdflib's API over this Oxigraph store)."""
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self.inner), default_union=True)

    def flush(self) -> None:
        # Oxigraph's on-disk engine buffers writes in memory per index until flushed: without this,
        # memory grows by hundreds of MB over a corpus (measured: `kg bench ingest`)
        if self.path and not self.read_only:
            self.disk.flush()

    def close(self) -> None:
        self.flush()
        if self.path is not None:
            # let go of the on-disk engine now, not when the object is collected: another process (or a
            # read-only open) may open the folder next, and the engine's background work must be over
            self.disk = self.inner = ox.Store()


def _guarded(results: Iterator[Any]) -> Iterator[Any]:
    """Iterate pyoxigraph results, translating evaluation errors raised mid-way."""
    try:
        yield from results
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over the Protocol: `query_url` and `update_url`."""

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = 60.0) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout

    def _post(self, url: str, data: dict[str, str] | list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            is_query = "query" in dict(data)
            raise (QueryError if is_query else StoreError)(f"{url} answered {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach {url}: {exc.reason}") from None

    def update(self, update: str) -> None:
        self._post(self.update_url, {"update": update}, "*/*")

    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        return self._query_dataset(bind(query, bindings), DatasetSpec())

    def _query_dataset(self, query: str, dataset: DatasetSpec) -> QueryResult:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        params = [("query", query)]
        params += [("default-graph-uri", g) for g in dataset.default_graphs]
        params += [("named-graph-uri", g) for g in dataset.named_graphs]
        content_type, body = self._post(self.query_url, params, accept)
        if content_type == "application/sparql-results+json":
            data = json.loads(body)
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            rows = [{k: _json_term(v) for k, v in row.items()} for row in data["results"]["bindings"]]
            return QueryResult("select", list(data["head"].get("vars", [])), rows)
        return QueryResult("graph", graph=Graph().parse(data=body.decode("utf-8"), format="nt"))

    def graph(self, name: URIRef) -> Graph:
        graph = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        copy = Graph(identifier=name)
        for triple in graph:
            copy.add(triple)
        return copy

    def named_graphs(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(r["g"])) for r in rows)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0


def _json_term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(value["value"], datatype=URIRef(datatype) if datatype else None)


def open_store(config: Config, *, read_only: bool = False, serving: bool = False) -> Store:
    """The store the configuration names: a folder, 'memory', or an http(s) SPARQL endpoint.
    `serving`: for a long-running server, which may keep an in-memory copy for reads."""
    location = config.store
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, config.update_endpoint or None)
    if location == "memory":
        return OxigraphStore(None)
    return OxigraphStore(location, read_only=read_only,
                         memory_copy_max_quads=config.memory_copy_max_quads if serving else 0)
