"""SHACL validation of what the project writes, against `ontology/shapes.ttl` (the shipped resource), with
readable results.

The data is copied into an in-memory Oxigraph store and validated there by pySHACL, so the
SPARQL-based constraints run natively (rdflib's SPARQL parser would parse each query once per
focus node). A store is validated a chunk of article graphs at a time, each chunk joined with
every other graph (agents, places, incidents), because claims point at agents and places that
live in the registry graphs; a result found in several chunks is reported once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node

from kg.errors import StoreError, ValidationInputError, ValidationUnavailable
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.vocab import CG, PREFIXES
from kg.resources import resource_text

SHAPES = "shapes.ttl"  # the SHACL shapes among the `ontology` resources
CHUNK = 5  # article graphs validated together: pySHACL slows down more than linearly with size


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    """One SHACL result, with terms written as prefixed names where a prefix is known."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"
    shape: str = ""

    def __str__(self) -> str:
        value = f" (value {self.value})" if self.value and self.value != self.focus else ""
        path = f" {self.path}:" if self.path else ":"
        return f"{self.severity}: {self.focus}{path} {self.message}{value}"


@dataclass(slots=True)
class Report:
    """The outcome of a validation: `conforms` when there is no violation (warnings allowed)."""

    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def text(self) -> str:
        lines = [str(v) for v in self.violations]
        verdict = "conforms" if self.conforms else f"{len(self.violations)} results"
        lines.append(f"{verdict}: {self.triples} triples in {self.graphs} graphs, {self.seconds:.2f} s")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The project's shapes, parsed once (ResourceMissing when they are not installed)."""
    return Graph().parse(data=resource_text("ontology", SHAPES), format="turtle")


def _name(term: Node | None, graph: Graph) -> str:
    """A term for people: a prefixed name, a quoted literal, or a SHACL path in SPARQL syntax."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(str(ns)) and len(str(term)) > len(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return _path(term, graph)
    text = str(term)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _path(node: BNode, graph: Graph) -> str:
    """A SHACL property path (blank node structure) in SPARQL path syntax."""
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _name(inverse, graph)
    if graph.value(node, RDF.first) is not None:
        return "/".join(_name(step, graph) for step in Collection(graph, node))
    for predicate, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return f"({_name(inner, graph)}){mark}"
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_name(step, graph) for step in Collection(graph, alternatives)) + ")"
    return "[]"


def violations(results: Graph) -> list[Violation]:
    """The results of a pySHACL results graph, sorted."""
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        found.add(Violation(
            focus=_name(results.value(result, SH.focusNode), results),
            path=_name(results.value(result, SH.resultPath), results),
            message=str(results.value(result, SH.resultMessage) or ""),
            value=_name(results.value(result, SH.value), results),
            severity=str(severity).rpartition("#")[2] if severity else "Violation",
            shape=_name(results.value(result, SH.sourceShape), results) if isinstance(
                results.value(result, SH.sourceShape), URIRef) else "",
        ))
    return sorted(found)


def _run(data: ox.Store) -> list[Violation]:
    """pySHACL over an Oxigraph store (its SPARQL constraints then run natively, not in rdflib)."""
    try:
        from pyshacl import validate as shacl
        from pyshacl.graph_abstraction import DataGraph
    except ImportError:  # pragma: no cover - pyshacl ships with the test extras
        raise ValidationUnavailable("SHACL validation needs pySHACL: pip install 'claimgraph[test]'") from None
    # wrapped as pySHACL wraps a bare Oxigraph store itself, which its signature does not declare
    _conforms, results, text = shacl(DataGraph.from_oxigraph_store(data), shacl_graph=shapes_graph(),
                                     inference="none", allow_warnings=True, inplace=True)
    if not isinstance(results, Graph):  # pySHACL could not apply the shapes at all
        raise ValidationUnavailable(f"the shapes in {SHAPES} cannot be applied: {text}")
    return violations(results)


def _load(target: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to the default graph of an Oxigraph store."""
    target.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.DefaultGraph())


def _copy(target: ox.Store, store: Store, name: URIRef) -> None:
    """Add the triples of one named graph of a store to the default graph of `target`."""
    if isinstance(store, OxigraphStore):
        graph = ox.NamedNode(str(name))
        target.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                      for q in store.inner.quads_for_pattern(None, None, None, graph))
    else:
        _load(target, store.graph(name))


def validate_graphs(graphs: Sequence[Graph]) -> Report:
    """Validate the union of the given graphs."""
    start = time.perf_counter()
    data = ox.Store()
    for graph in graphs:
        _load(data, graph)
    found = _run(data)
    return Report(found, len(data), len(graphs), time.perf_counter() - start)


def validate_files(paths: Sequence[str | Path]) -> Report:
    """Validate the union of RDF files (any syntax Oxigraph reads, by extension; quads are merged)."""
    start = time.perf_counter()
    data = ox.Store()
    for path in map(Path, paths):
        rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if rdf_format is None:
            raise ValidationInputError(f"{path}: unknown RDF file extension (use .ttl, .trig, .nt, .nq or .jsonld)")
        try:
            data.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                        for q in ox.parse(path=str(path), format=rdf_format))
        except SyntaxError as exc:
            raise ValidationInputError(f"{path}: {exc}") from None
        except OSError as exc:
            raise ValidationInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return Report(_run(data), len(data), len(paths), time.perf_counter() - start)


def _extraction_graphs(store: Store) -> set[URIRef]:
    rows = store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{CG.ExtractionGraph}> }} }}")
    return {URIRef(str(r["g"])) for r in rows}


def validate_store(store: Store, names: Sequence[URIRef] | None = None, *, chunk: int = CHUNK) -> Report:
    """Validate the article graphs of a store (all, or those named), a chunk at a time, each chunk
    joined with every graph that is not an article graph (agents, places, incidents)."""
    start = time.perf_counter()
    all_names = store.named_graphs()
    articles = _extraction_graphs(store)
    shared = [n for n in all_names if n not in articles]
    wanted = [n for n in (all_names if names is None else names) if n in articles]
    missing = [str(n) for n in (names or []) if n not in all_names]
    if missing:
        raise StoreError(f"no such graph in the store: {', '.join(missing)}")
    found: set[Violation] = set()
    triples = 0
    for batch in [wanted[i:i + chunk] for i in range(0, len(wanted), chunk)] or [[]]:
        data = ox.Store()
        for name in [*shared, *batch]:
            _copy(data, store, name)
        triples += len(data)
        found.update(_run(data))
    return Report(sorted(found), triples, len(shared) + len(wanted), time.perf_counter() - start)


def validate(data: Graph | Store | Sequence[Graph]) -> Report:
    """Validate a graph (a Dataset: the union of its graphs), a list of graphs, or a whole store."""
    if isinstance(data, Store):
        return validate_store(data)
    if isinstance(data, Dataset):
        return validate_graphs(list(data.graphs()))
    if isinstance(data, Graph):
        return validate_graphs([data])
    return validate_graphs(list(data))
