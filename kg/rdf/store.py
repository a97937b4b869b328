"""The store: named graphs of quads behind one small interface, with two engines.

- `OxigraphStore`: embedded Oxigraph, on disk (a folder) or in memory; SPARQL runs natively.
- `RemoteStore`: any SPARQL 1.1 server over the standard Protocol (query and update endpoints).

A graph is replaced by one SPARQL Update (`DROP SILENT GRAPH; INSERT DATA`). The embedded engine
runs it as one transaction, so a reader never sees half an article; a remote store sends a large
update as several requests (servers refuse very large ones), and a reader may see a graph filled in
part meanwhile (see `RemoteStore`).
"""

from __future__ import annotations

import functools
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

from kg.errors import AnswerTooLarge, KGError, QueryError, StoreError
from kg.rdf.sparql_text import inspect_query
from kg.settings import Config

Row = dict[str, Node]
# A row of `Store.select_text`: every term as a plain string (an IRI, a blank node's label, a literal's
# lexical form, without its datatype or language), unbound variables absent. For readers that know what
# each variable holds: no rdflib term is built (building them, in the query process and again here, was
# a third of the time of an incident's claims page on FA-KES).
TextRow = dict[str, str]


def boolean(row: TextRow, name: str) -> bool:
    """A flag of a text row: 'true' (or a server's '1'); False when unbound."""
    return row.get(name) in ("true", "1")


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
        return _parsed_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(datatype))
    raise StoreError(f"unsupported term {term!r}")


def _text_rows(results: ox.QuerySolutions, max_rows: int) -> list[TextRow] | KGError:
    """The solutions as text rows, or the error that stopped reading them, returned with no traceback: a
    traceback would keep `results` alive in its frames, and pyoxigraph's results must be dropped on the
    thread that made them, not on whichever thread frees the error (a server's event loop)."""
    names = [v.value for v in results.variables]
    # a value met again is kept as the same object, so that pickling it (a query process sending its rows)
    # writes it once: an article's IRI on each of its claims' rows
    seen: dict[str, str] = {}
    rows: list[TextRow] = []
    try:
        for solution in results:
            check_rows(len(rows) + 1, max_rows)  # stops reading at the limit
            row: TextRow = {}
            for name, term in zip(names, solution, strict=True):
                if term is not None:
                    value = term.value
                    row[name] = seen.setdefault(value, value)
            rows.append(row)
    except KGError as exc:
        failure: KGError = exc
    except (OSError, ValueError, RuntimeError, AttributeError) as exc:  # evaluation failed mid-way
        failure = QueryError(f"query failed: {exc}")
    else:
        return rows
    failure.__traceback__ = None
    return failure


def check_rows(count: int, max_rows: int) -> None:
    """AnswerTooLarge when `count` rows are past `max_rows` (0: no limit), the cap of reads that are
    refused rather than cut (KG_READ_MAX_ROWS)."""
    if 0 < max_rows < count:
        raise AnswerTooLarge(f"a query of this request found more than {max_rows:,} rows, the most a page, REST "
                             "resource or export reads for one query (setting KG_READ_MAX_ROWS); narrow it with "
                             "filters or paging", limit="read_rows", value=count, maximum=max_rows,
                             setting="KG_READ_MAX_ROWS")


def _parsed_iri(value: str) -> URIRef:
    """An IRI the engine has parsed, as rdflib's term, built as `URIRef` builds it once it has checked the
    IRI against its pattern: checking again took a fifth of the time of reading 170 articles' claims back."""
    return str.__new__(URIRef, value)


@functools.lru_cache(maxsize=64)
def _datatype(value: str) -> URIRef:
    """A literal's datatype IRI (a handful of them), built once."""
    return _parsed_iri(value)


def _ox_triple(triple: tuple[Node, Node, Node]) -> ox.Triple:
    subject, predicate, value = (to_oxigraph(t) for t in triple)
    assert isinstance(subject, ox.NamedNode | ox.BlankNode | ox.Triple) and isinstance(predicate, ox.NamedNode)
    return ox.Triple(subject, predicate, value)


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


# A query and the values its variables take (`Store.select_all` takes a list of them).
Query = tuple[str, Mapping[str, Node] | None]


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

    def select_all(self, queries: Sequence[Query]) -> list[list[Row]]:
        """Rows of several independent SELECT queries, in their order. A store that can evaluate them at
        once does (`kg serve`'s store: one query process each, as many as are free); this one, in turn."""
        return [self.select(query, bindings) for query, bindings in queries]

    def select_text(self, queries: Sequence[Query], max_rows: int = 0) -> list[list[TextRow]]:
        """Rows of several independent SELECT queries, as `select_all` reads them, each literal as its
        lexical form (`TextRow`); AnswerTooLarge for an answer of more than `max_rows` rows (0: any)."""
        answers = self.select_all(queries)
        for rows in answers:
            check_rows(len(rows), max_rows)
        return [[{name: str(term) for name, term in row.items()} for row in rows] for rows in answers]

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
            triples = (_ox_triple(triple) for triple in result.graph)
            return ResultStream("graph", triples=triples)
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
            seen: dict[OxTerm, Node] = {}  # a term met again in the answer is converted once

            def term(t: OxTerm) -> Node:
                found = seen.get(t)
                if found is None:
                    found = seen[t] = to_rdflib(t)
                return found

            rows = [{n: term(t) for n, t in zip(names, solution, strict=True) if t is not None}
                    for solution in results]
            return QueryResult("select", names, rows)
        if isinstance(results, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(results))
        graph = Graph()
        for t in results:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return QueryResult("graph", graph=graph)

    def select_text(self, queries: Sequence[Query], max_rows: int = 0) -> list[list[TextRow]]:
        answers = []
        for query, bindings in queries:
            results = self._query(query, bindings)
            answer = _text_rows(results, max_rows) if isinstance(results, ox.QuerySolutions) else \
                QueryError("not a SELECT query")
            del results  # the engine's results may be dropped only on this thread: never kept by an error
            if isinstance(answer, KGError):
                raise answer
            answers.append(answer)
        return answers

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

    def bulk_load(self, nquads: bytes) -> None:
        """Add N-Quads with Oxigraph's bulk loader: much faster than an update, but not a transaction
        (a reader may see part of it, and a failure may leave part of it): for filling a store."""
        try:
            self.disk.bulk_load(nquads, ox.RdfFormat.N_QUADS)
            if self.in_memory_copy:
                self.inner.bulk_load(nquads, ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"bulk load failed: {exc}") from None

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
    """A SPARQL 1.1 server reached over the Protocol: `query_url` and `update_url` (Oxigraph's server,
    Virtuoso, any other).

    Writes go in chunks: an update that ends by inserting N-Triples into one graph (how the writer
    replaces an article's graph, the incidents graph or the registry entries) is sent as its head
    (the `DROP` or `DELETE`) with the first `chunk_triples` triples, then one `INSERT DATA` per further
    `chunk_triples`, in their order; Virtuoso refuses one `INSERT DATA` of about 5,000 triples. Each
    request is one transaction on the server, the whole write is not: while a graph is being replaced a
    concurrent reader may find it empty or holding only its first chunks, and a write that fails
    half-way leaves it so. An article graph's content hash is written last, so such an article reads as
    changed and is written again by the next ingest (and incident linking, marked pending before any
    article is written, runs again).

    Terms come back as the embedded store gives them: literals are written as Oxigraph stores them
    (`as_stored`: by value, `xsd:nonNegativeInteger` as `xsd:integer`, `xsd:string` plain; Virtuoso keeps
    literals as written, and a plain literal in a query would not match one typed `xsd:string`) and
    `xsd:string` is read as a plain literal, Virtuoso's `nodeID://` blank node labels lose that prefix,
    and its ASK answers (a one-column table) are read as a boolean. An answer the server says it cut
    (Virtuoso's `X-SPARQL-MaxRows` header, at its `ResultSetMaxRows`) is an error, not a short result.

    `graph_prefix`: only graphs whose IRI starts with it count as this store's in `named_graphs` and
    `len` (Virtuoso keeps its own graphs beside the project's); empty for every graph.
    """

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = 60.0,
                 chunk_triples: int = 1000, graph_prefix: str = "") -> None:
        if chunk_triples < 1:
            raise StoreError(f"chunk_triples must be at least 1, not {chunk_triples}")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout
        self.chunk_triples = chunk_triples
        self.graph_prefix = graph_prefix

    def _post(self, url: str, data: dict[str, str] | list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                cut = response.headers.get("X-SPARQL-MaxRows")
                if cut is not None:
                    raise StoreError(f"{url} cut its answer at {cut} rows (Virtuoso: raise ResultSetMaxRows "
                                     "in the [SPARQL] section of virtuoso.ini)")
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            is_query = "query" in dict(data)
            raise (QueryError if is_query else StoreError)(f"{url} answered {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach {url}: {exc.reason}") from None

    def update(self, update: str) -> None:
        for request in chunked_update(update, self.chunk_triples):
            self._post(self.update_url, {"update": request}, "*/*")

    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        return self._query_dataset(bind(query, bindings), DatasetSpec())

    def _query_dataset(self, query: str, dataset: DatasetSpec) -> QueryResult:
        form = _query_form(query)
        graph_form = form in ("construct", "describe")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        params = [("query", query)]
        params += [("default-graph-uri", g) for g in dataset.default_graphs]
        params += [("named-graph-uri", g) for g in dataset.named_graphs]
        content_type, body = self._post(self.query_url, params, accept)
        if graph_form and content_type in ("application/n-triples", "text/plain"):
            graph = Graph()
            try:
                for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                    graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            except SyntaxError as exc:
                raise StoreError(f"{self.query_url} answered N-Triples that do not parse: {exc}") from None
            return QueryResult("graph", graph=graph)
        if graph_form or content_type not in ("application/sparql-results+json", "application/json"):
            raise StoreError(f"{self.query_url} answered {content_type}, not the {accept} asked for")
        data = json.loads(body)
        bindings = data.get("results", {}).get("bindings", [])
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        if form == "ask":
            # Virtuoso 7.2 answers ASK as a table of one variable (__ASK_RETVAL): a row holding 1 when
            # true, no row when false
            return QueryResult("ask", boolean=any(
                value.get("value") not in ("0", "false") for row in bindings for value in row.values()))
        rows = [{k: _json_term(v) for k, v in row.items()} for row in bindings]
        return QueryResult("select", list(data["head"].get("vars", [])), rows)

    def graph(self, name: URIRef) -> Graph:
        # a SELECT rather than a CONSTRUCT: a server that cuts its answers says so for tables only
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        copy = Graph(identifier=name)
        for row in rows:
            copy.add((row["s"], row["p"], row["o"]))
        return copy

    def _own_graphs(self) -> str:
        if not self.graph_prefix:
            return ""
        return f"FILTER(STRSTARTS(STR(?g), {Literal(self.graph_prefix).n3()}))"

    def named_graphs(self) -> list[URIRef]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}")
        return sorted(URIRef(str(r["g"])) for r in rows)

    def __len__(self) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}")
        return int(str(rows[0]["n"])) if rows else 0


_INSERT_DATA = re.compile(r"INSERT\s+DATA\s*\{\s*GRAPH\s*<([^<>\s]*)>\s*\{(.*)\}\s*\}\s*\Z", re.S)


def chunked_update(update: str, chunk_triples: int) -> list[str]:
    """The requests that carry `update` to a server, in order.

    An update that ends by inserting N-Triples into one graph becomes its head (what comes before the
    `INSERT DATA`) with the first `chunk_triples` triples, then one `INSERT DATA` per further chunk.
    The triples keep their order, their literals written as the embedded engine stores them
    (`as_stored`). Any other update, one whose data does not read as N-Triples, or one with blank
    nodes (a blank node split across two requests would become two nodes) is sent whole."""
    match = _INSERT_DATA.search(update)
    if match is None:
        return [update]
    try:
        triples = list(ox.parse(match.group(2), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        return [update]
    if any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object)):
        return [update]
    head, name = update[:match.start()], match.group(1)
    lines = [f"{t} ." for t in as_stored(triples)]
    chunks = [lines[i:i + chunk_triples] for i in range(0, len(lines), chunk_triples)] or [[]]
    return [(head if i == 0 else "") + f"INSERT DATA {{ GRAPH <{name}> {{\n" + "\n".join(chunk) + "\n} }"
            for i, chunk in enumerate(chunks)]


def as_stored(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples, in order, with each literal as Oxigraph stores it: by value, in canonical form
    (`"7"^^xsd:nonNegativeInteger` becomes `"7"^^xsd:integer`, `"1.50"^^xsd:decimal` `"1.5"`, a time
    at `+00:00` one at `Z`; `xsd:string` a plain literal). A server that keeps literals as written
    (Virtuoso) then holds and answers what the embedded store does. The engine itself canonicalises:
    the literals go through a scratch in-memory store."""
    keys: dict[ox.Literal, ox.NamedNode] = {}
    for t in triples:
        if isinstance(t.object, ox.Literal) and t.object not in keys:
            keys[t.object] = ox.NamedNode(f"urn:literal:{len(keys)}")
    scratch = ox.Store()
    scratch.extend(ox.Quad(key, key, literal) for literal, key in keys.items())
    stored = {quad.subject: quad.object for quad in scratch}
    return [ox.Triple(t.subject, t.predicate, stored[keys[t.object]]) if isinstance(t.object, ox.Literal) else t
            for t in triples]


def _query_form(query: str) -> str:
    """The query's form, to ask for the right result format; a text it cannot read is left to the
    server to refuse."""
    try:
        return inspect_query(query).form
    except QueryError:
        return "select"


def _json_term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"].removeprefix("nodeID://"))  # Virtuoso's blank node labels
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype is None or datatype == _XSD_STRING:
        return Literal(value["value"])
    return Literal(value["value"], datatype=URIRef(datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def open_store(config: Config, *, read_only: bool = False, serving: bool = False) -> Store:
    """The store the configuration names: a folder, 'memory', or an http(s) SPARQL endpoint.
    `serving`: for a long-running server, which may keep an in-memory copy for reads."""
    location = config.store
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, config.update_endpoint or None, graph_prefix=config.base)
    if location == "memory":
        return OxigraphStore(None)
    return OxigraphStore(location, read_only=read_only,
                         memory_copy_max_quads=config.memory_copy_max_quads if serving else 0)
