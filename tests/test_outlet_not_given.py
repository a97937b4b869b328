"""An article that does not name its outlet (the seed) has no outlet agent: no publisher in the graph,
statements in its own voice attributed to nobody, chains that end at their last known hop, pages that
say "outlet not given" with what identifies the article, exports without an outlet node."""

from __future__ import annotations

from datetime import date

import pytest
from apiclient import Client
from conftest import SEED

from api.app import create_app
from kg.model import Article
from kg.settings import load_config

SEED_ID = SEED.stem
CG = "https://claimgraph.org/ontology#"


@pytest.fixture(scope="module")
def client(seed_store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), seed_store))


def test_no_outlet_is_no_agent(resolvers) -> None:  # type: ignore[no-untyped-def]
    registry = resolvers.agents
    assert registry.outlet_agent(Article("a", "text")) is None
    assert registry.outlet_agent(Article("a", "text", outlet="  ")) is None
    assert registry.outlet_agent(Article("a", "text", outlet="Press TV")) is not None


def test_the_seed_graph_has_no_outlet(seed_store, iris) -> None:  # type: ignore[no-untyped-def]
    article = iris.article(SEED_ID)
    assert not seed_store.ask("PREFIX schema: <http://schema.org/> ASK { ?a schema:publisher ?o }", {"a": article})
    assert not seed_store.ask("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      ASK { ?agent skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "unknown")) }""")
    assert not seed_store.ask("ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'unknown-outlet')) }")
    rows = seed_store.select(f"SELECT ?file WHERE {{ ?a <{CG}loadedFrom> ?file }}", {"a": article})
    assert [str(r["file"]) for r in rows] == [SEED.name]
    # the own voice: no source, and hop 0 without an agent; the other claims keep theirs
    own = seed_store.select(f"""PREFIX prov: <http://www.w3.org/ns/prov#>
      SELECT ?claim ?source ?agent WHERE {{ ?claim <{CG}ownVoice> true ; <{CG}hop> ?hop . ?hop <{CG}position> 0
        OPTIONAL {{ ?claim prov:wasAttributedTo ?source }} OPTIONAL {{ ?hop <{CG}agent> ?agent }} }}""")
    assert own and not any("source" in r or "agent" in r for r in own)
    assert seed_store.ask(f"""PREFIX prov: <http://www.w3.org/ns/prov#>
      ASK {{ ?claim <{CG}ownVoice> false ; prov:wasAttributedTo ?source }}""")


def test_the_seed_graph_conforms_to_the_shapes(seed_store) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.validate import validate

    report = validate(seed_store)
    assert report.conforms, report.violations[:5]


def test_read_back_for_relinking_keeps_the_own_voice(seed_store, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.readback import load_extractions

    [extraction] = load_extractions(seed_store, iris)
    assert extraction.outlet is None
    own = [c for c in extraction.claims if c.source.own_voice]
    assert own and all(c.source.agent is None for c in own)
    assert all(c.source.agent for c in extraction.claims if c.source.own_voice is False)


def test_ingesting_the_seed_twice_changes_nothing(extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    store = OxigraphStore(None)
    ingest(load_paths([SEED]), store, extractor, resolvers, iris)
    quads = len(store)
    again = ingest(load_paths([SEED]), store, extractor, resolvers, iris)
    assert again.changed == 0 and len(store) == quads


def test_claims_say_who_speaks_without_an_agent(client: Client) -> None:
    items = client.get("/claims", params={"limit": 100}).json()["items"]
    own = [c for c in items if c["own_voice"]]
    assert own and all(c["source"] is None and c["source_label"] == "the article itself (outlet not given)"
                       for c in own)
    assert all(c["outlet"] is None and c["source"] for c in items if not c["own_voice"])


def test_pages_say_outlet_not_given(client: Client) -> None:
    article = client.get(f"/articles/{SEED_ID}", headers={"Accept": "text/html"}).text
    assert "outlet not given" in article and f"loaded from the file {SEED.name}" in article
    assert client.get(f"/articles/{SEED_ID}").json()["loaded_from"] == SEED.name
    incidents = client.get("/incidents").json()["items"]
    pages = [f"/articles/{SEED_ID}", "/articles", "/claims", "/sources", "/incidents"]
    pages += [f"/incidents/{i['id']}/claims" for i in incidents] + [f"/incidents/{i['id']}" for i in incidents]
    for url in pages:
        text = client.get(url, headers={"Accept": "text/html"}).text
        assert "unknown outlet" not in text and "unknown-outlet" not in text, url
    # a chain ends at its last known hop: "SANA", not "SANA → ..."
    strike = next(i for i in incidents if i["date"] == "2018-11-17")
    page = client.get(f"/incidents/{strike['id']}/claims", headers={"Accept": "text/html"}).text
    assert "SANA</a></span>" in page and "(outlet not given)" in page


def test_exports_and_named_queries_without_an_outlet(client: Client) -> None:
    for path in ("/export/sources.gexf", "/export/claims.graphml", "/export/sources.csv"):
        response = client.get(path)
        assert response.status_code == 200 and "unknown" not in response.text.lower(), path
    rows = client.get("/queries/claims-per-article").json()["results"]["bindings"]
    assert [int(r["claims"]["value"]) for r in rows] == [20]
    assert int(rows[0]["ownVoice"]["value"]) > 0


def test_an_article_with_its_outlet_keeps_it(extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.operations import ingest
    from kg.rdf.store import OxigraphStore

    text = SEED.read_text(encoding="utf-8")
    store = OxigraphStore(None)
    ingest([Article("with-outlet", text, outlet="Press TV", published=date(2018, 11, 18))], store, extractor,
           resolvers, iris)
    assert store.ask("PREFIX schema: <http://schema.org/> ASK { ?a schema:publisher ?o }",
                     {"a": iris.article("with-outlet")})
    assert not store.ask(f"ASK {{ ?a <{CG}loadedFrom> ?f }}")
    assert not store.ask(f"""PREFIX prov: <http://www.w3.org/ns/prov#>
      ASK {{ ?c a <{CG}Claim> FILTER NOT EXISTS {{ ?c prov:wasAttributedTo ?s }} }}""")
