"""Streaming serialisers for SPARQL answers, over pyoxigraph terms.

SELECT/ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV, written row by row in chunks.
CONSTRUCT/DESCRIBE: Turtle, N-Triples and RDF/XML by pyoxigraph's native writers; JSON-LD
compacted with `ontology/context.jsonld` when that file exists (by rdflib), else expanded (native).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.csvcells import safe_cell
from kg.rdf.results import CONTEXT_PATH
from kg.rdf.store import OxTerm, to_rdflib
from kg.rdf.vocab import PREFIXES

CHUNK_ROWS = 512
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

Row = Sequence[OxTerm | None]

ROW_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "rdfxml")


def _json_term(term: OxTerm) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _xml_term(term: OxTerm) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: OxTerm | None) -> str:
    if term is None:
        return ""
    value = safe_cell(f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value", str(term)))
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _chunked(rows: Iterable[Row], line: Callable[[Row], str]) -> Iterator[str]:
    batch: list[str] = []
    for row in rows:
        batch.append(line(row))
        if len(batch) >= CHUNK_ROWS:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def select_chunks(variables: list[str], rows: Iterable[Row], fmt: str) -> Iterator[str]:
    """A SELECT answer in `fmt` (json, xml, csv, tsv), as text chunks."""
    if fmt == "json":
        yield json.dumps({"head": {"vars": variables}})[:-1] + ', "results": {"bindings": [\n'
        first = [True]

        def json_line(row: Row) -> str:
            binding = {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            sep = "" if first[0] else ",\n"
            first[0] = False
            return sep + json.dumps(binding, ensure_ascii=False)

        yield from _chunked(rows, json_line)
        yield "\n]}}\n"
    elif fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        yield f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>{head}</head>\n<results>\n'

        def xml_line(row: Row) -> str:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(variables, row, strict=True) if t is not None)
            return f"<result>{cells}</result>\n"

        yield from _chunked(rows, xml_line)
        yield "</results>\n</sparql>\n"
    elif fmt == "csv":
        yield ",".join(variables) + "\r\n"
        yield from _chunked(rows, lambda row: ",".join(_csv_cell(t) for t in row) + "\r\n")
    elif fmt == "tsv":
        yield "\t".join(f"?{v}" for v in variables) + "\n"
        yield from _chunked(rows, lambda row: "\t".join("" if t is None else str(t) for t in row) + "\n")
    else:
        raise ValueError(f"no row format {fmt!r}")


_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def select_from_tsv(tsv: bytes, fmt: str) -> bytes:
    """A SELECT answer held as SPARQL TSV, in `fmt`, by pyoxigraph's native parser and writers;
    CSV by `select_chunks`, whose cells are spreadsheet-safe (pyoxigraph's CSV writer is not)."""
    if fmt == "tsv":
        return tsv
    results = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("select_from_tsv: the TSV holds no SELECT answer")
    if fmt == "csv":
        variables = [v.value for v in results.variables]
        rows = (tuple(solution[v] for v in variables) for solution in results)
        return "".join(select_chunks(variables, rows, "csv")).encode("utf-8")
    return _bytes(results.serialize(format=_RESULT_FORMATS[fmt]))


def ask_text(boolean: bool, fmt: str) -> str:
    """An ASK answer; CSV and TSV follow the common `_askResult` convention (no standard exists)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": boolean})
    if fmt == "xml":
        value = "true" if boolean else "false"
        return f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head/>\n<boolean>{value}</boolean>\n</sparql>\n'
    separator = "\r\n" if fmt == "csv" else "\n"
    return f"{'_askResult' if fmt == 'csv' else '?_askResult'}{separator}{str(boolean).lower()}{separator}"


_NATIVE = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def graph_bytes(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """A CONSTRUCT/DESCRIBE answer in `fmt` (turtle, nt, jsonld, rdfxml)."""
    if fmt == "jsonld":
        return _jsonld(list(triples))
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt == "turtle" else None
    return _bytes(ox.serialize(triples, format=_NATIVE[fmt], prefixes=prefixes))


def _jsonld(triples: list[ox.Triple]) -> bytes:
    if not CONTEXT_PATH.is_file():
        return _bytes(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    from kg.rdf.mapping import new_graph

    graph = new_graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    return graph.serialize(format="json-ld", context=context, indent=1).encode("utf-8")


def _bytes(written: bytes | None) -> bytes:
    """What pyoxigraph's serialisers return when given no output file (typed as optional)."""
    if written is None:
        raise ValueError("the serialiser wrote to no output")
    return written
