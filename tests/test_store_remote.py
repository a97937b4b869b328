"""The same store contract against a real SPARQL 1.1 server over the Protocol."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from kg.errors import QueryError
from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.store import OxigraphStore, RemoteStore

pytestmark = pytest.mark.server


def _triples(store) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {(str(r["g"]), str(r["s"]), str(r["p"]), r["o"].n3()) for r in rows}


def test_remote_store_holds_what_the_embedded_store_holds(
        sparql_server, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteStore(f"{sparql_server}/query", f"{sparql_server}/update")
    local = OxigraphStore(None)
    first = ingest(load_paths([SEEDS]), remote, extractor, resolvers, iris)
    ingest(load_paths([SEEDS]), local, extractor, resolvers, iris)
    assert first.changed == 1
    remote_triples, local_triples = _triples(remote), _triples(local)
    timeless = {t for t in local_triples if "endedAtTime" not in t[2]}
    assert timeless <= remote_triples and len(remote_triples) == len(local_triples)
    # re-ingesting an unchanged article is a no-op on the server too
    again = ingest(load_paths([SEEDS]), remote, extractor, resolvers, iris)
    assert again.changed == 0 and _triples(remote) == remote_triples
    assert len(remote) == len(local)
    assert set(remote.named_graphs()) == set(local.named_graphs())


def test_remote_store_reports_malformed_queries(sparql_server) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteStore(f"{sparql_server}/query", f"{sparql_server}/update")
    with pytest.raises(QueryError, match="400"):
        remote.query("SELECT WHERE {")
