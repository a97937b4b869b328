"""SPARQL results as text for people and programs: table, JSON, CSV, TSV; graphs as Turtle or JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.csvcells import safe_cell
from kg.rdf.store import Row
from kg.resources import resource, resource_text

CONTEXT = "context.jsonld"  # the JSON-LD context of the `ontology` resources
CONTEXT_PATH = resource("ontology", CONTEXT)  # where it is installed (ResourceMissing when it is not)


@cache
def jsonld_context() -> Any:
    """The project's JSON-LD context (the `@context` of ontology/context.jsonld), read once."""
    return json.loads(resource_text("ontology", CONTEXT))["@context"]


def _plain(term: Node) -> str:
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}


def render_rows(variables: list[str], rows: list[Row], fmt: str) -> str:
    """SELECT results in `fmt`: table (aligned text), json (SPARQL 1.1 JSON results), csv, tsv."""
    if fmt == "json":
        return json.dumps({"head": {"vars": variables},
                           "results": {"bindings": [{k: _json_term(v) for k, v in r.items()} for r in rows]}},
                          ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([safe_cell(_plain(row[v])) if v in row else "" for v in variables])
        return out.getvalue()
    cells = [[_plain(r[v]) if v in r else "" for v in variables] for r in rows]
    widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for c in cells:
        lines.append("  ".join(x[:w].ljust(w) for x, w in zip(c, widths, strict=True)))
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)


def render_graph(graph: Graph, fmt: str) -> str:
    """A CONSTRUCT/DESCRIBE result as Turtle, N-Triples or JSON-LD (with the project's context)."""
    from kg.rdf.mapping import new_graph

    out = new_graph()
    for triple in graph:
        out.add(triple)
    if fmt == "jsonld":
        return out.serialize(format="json-ld", context=jsonld_context(), indent=1)
    return out.serialize(format={"turtle": "turtle", "nt": "nt"}.get(fmt, "turtle"))
