"""Dereferencing minted IRIs: what the store says about one IRI, and what kind of thing it is."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import NotFound
from kg.rdf.store import Store, to_oxigraph
from kg.rdf.vocab import Iris
from kg.views.common import PREFIX

# The IRI's own triples, those of the nodes it owns (hops, figures, selectors: IRIs under it),
# and the claims that are about it (cg:about lives with the incident, pointing at it).
_DESCRIBE = PREFIX + """
CONSTRUCT { ?thing ?p ?o . ?part ?q ?v . ?claim cg:about ?thing } WHERE {
  { ?thing ?p ?o }
  UNION { ?thing ?link ?part . FILTER(isIRI(?part) && STRSTARTS(STR(?part), CONCAT(STR(?thing), "/")))
          ?part ?q ?v }
  UNION { ?claim cg:about ?thing }
}"""

# The REST page of each kind of minted IRI: (route name, its path parameter, whether it takes the whole key).
_SAFE_PATH = re.compile(r"^[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*$")

PAGES = {"incident": ("incident_page", "incident_id", False), "claim": ("claim_get", "claim_id", False),
         "article": ("article_get", "article_id", False), "agent": ("source_get", "source_id", True),
         "outlet": ("source_get", "source_id", True)}


def describe(store: Store, iris: Iris, path: str) -> tuple[URIRef, list[ox.Triple]]:
    """The triples about the IRI `base + path`; NotFound when the store says nothing of it."""
    if not _SAFE_PATH.match(path):
        raise NotFound(f"no IRI under {iris.base} has the path {path!r}")
    iri = URIRef(iris.base + path)
    graph = store.construct(_DESCRIBE, {"thing": iri})
    if len(graph) == 0:
        raise NotFound(f"nothing is known about <{iri}>")
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
               for s, p, o in sorted(graph)]
    return iri, triples


def page_for(path: str) -> tuple[str, dict[str, str]] | None:
    """The route name and path parameters of the REST page for a minted IRI's path, if it has one."""
    kind, _, rest = path.partition("/")
    if kind not in PAGES or not rest:
        return None
    route, param, whole = PAGES[kind]
    return route, {param: path if whole else rest}


def describe_rows(triples: list[ox.Triple]) -> list[dict[str, Any]]:
    """Triples as rows for an HTML page."""
    return [{"subject": getattr(t.subject, "value", str(t.subject)), "predicate": t.predicate.value,
             "object": getattr(t.object, "value", str(t.object)),
             "link": isinstance(t.object, ox.NamedNode)} for t in triples]
