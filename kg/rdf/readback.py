"""Store -> model: the claims and incidents already stored, for re-linking incidents across articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from rdflib import Literal, URIRef

from kg.model import (
    CATEGORIES,
    EVENT_TYPES,
    QUALIFIERS,
    QUOTE_TYPES,
    Agent,
    Article,
    Claim,
    EventType,
    Extraction,
    Figure,
    Hop,
    Incident,
    Place,
    Span,
    in_vocabulary,
)
from kg.rdf.linking_record import from_linking_record
from kg.rdf.store import Store, TextRow, boolean
from kg.rdf.vocab import AGENT_ROLE, CG, EVENT_TYPE, Iris, sparql_prefixes

# The parts of the articles' claims, each query opening with the articles it reads (`%(articles)s`: a
# VALUES block, or nothing for every article). Optional parts one triple each: Oxigraph evaluates a
# multi-triple OPTIONAL far more slowly. For the 170 articles one ingest into a 308-article FA-KES store
# reads back, from the default graph: 760 -> 430 ms on disk, 650 -> 130 ms from memory (one UNION branch
# per article graph, as before, read each graph alone but cost more than the join from the articles).
_ARTICLES = sparql_prefixes() + """
SELECT ?article ?id ?published ?outlet ?articleText WHERE { %(articles)s
  ?article a schema:NewsArticle ; schema:identifier ?id ; schema:text ?articleText .
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:publisher ?outlet }
}"""

_CLAIMS = sparql_prefixes() + """
SELECT ?article ?claim ?begin ?end ?text ?own ?cue ?quote ?hedged ?type ?date ?dateBegin ?dateEnd ?actor ?group
WHERE { %(articles)s
  ?article cg:hasClaim ?claim .
  ?claim nif:beginIndex ?begin ; nif:endIndex ?end ; schema:text ?text ; cg:ownVoice ?own ;
         cg:quoteType ?quote ; cg:hedged ?hedged .
  OPTIONAL { ?claim cg:cue ?cue }
  OPTIONAL { ?claim cg:eventType ?type }
  OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:dateBegin ?dateBegin }
  OPTIONAL { ?claim cg:dateEnd ?dateEnd }
  OPTIONAL { ?claim cg:actorName ?actor }
  OPTIONAL { ?claim cg:discourseGroup ?group }
}"""

_HOPS = sparql_prefixes() + """
SELECT ?claim ?position ?agent ?anchor ?begin ?end WHERE { %(articles)s
  ?article cg:hasClaim ?claim . ?claim cg:hop ?hop . ?hop cg:position ?position .
  OPTIONAL { ?hop cg:agent ?agent }
  OPTIONAL { ?hop nif:anchorOf ?anchor } OPTIONAL { ?hop nif:beginIndex ?begin } OPTIONAL { ?hop nif:endIndex ?end }
}"""

_PLACES = sparql_prefixes() + """
SELECT ?claim ?place WHERE { %(articles)s ?article cg:hasClaim ?claim . ?claim cg:place ?place }"""

_FIGURES = sparql_prefixes() + """
SELECT ?claim ?figure ?count ?qualifier ?category ?victims ?begin ?end ?anchor WHERE { %(articles)s
  ?article cg:hasClaim ?claim . ?claim cg:figure ?figure .
  ?figure cg:count ?count ; cg:qualifier ?qualifier ; cg:category ?category ; cg:victims ?victims .
  OPTIONAL { ?figure nif:beginIndex ?begin } OPTIONAL { ?figure nif:endIndex ?end }
  OPTIONAL { ?figure nif:anchorOf ?anchor }
}"""

_AGENTS = sparql_prefixes() + """
SELECT ?agent ?label ?role ?member ?person (GROUP_CONCAT(?alt; SEPARATOR="\u001f") AS ?alts) WHERE {
  ?agent a prov:Agent ; skos:prefLabel ?label .
  OPTIONAL { ?agent cg:role ?role }
  OPTIONAL { ?agent schema:memberOf ?member }
  OPTIONAL { ?agent skos:altLabel ?alt }
  BIND(EXISTS { ?agent a schema:Person } AS ?person)
} GROUP BY ?agent ?label ?role ?member ?person"""

_PLACE_PATTERN = """
  ?place a schema:Place ; skos:prefLabel ?label .
  OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?place schema:containedInPlace ?within }
  OPTIONAL { ?place cg:featureType ?feature }
  OPTIONAL { ?place skos:altLabel ?alt }"""
# The places of some registry graphs (a VALUES block binding ?graph), each graph's description apart.
_PLACE_ROWS = sparql_prefixes() + """
SELECT ?graph ?place ?label ?lat ?long ?within ?feature (GROUP_CONCAT(?alt; SEPARATOR="\u001f") AS ?alts)
WHERE { %s GRAPH ?graph {""" + _PLACE_PATTERN + """ }
} GROUP BY ?graph ?place ?label ?lat ?long ?within ?feature"""

_INCIDENTS = sparql_prefixes() + """
SELECT ?incident ?claim ?same ?first ?type ?stamp ?begin ?end WHERE {
  ?incident a cg:Incident .
  OPTIONAL { ?incident cg:eventType ?type }
  OPTIONAL { ?incident sem:hasTimeStamp ?stamp }
  OPTIONAL { ?incident sem:hasBeginTimeStamp ?begin ; sem:hasEndTimeStamp ?end }
  OPTIONAL { ?claim cg:about ?incident }
  OPTIONAL { ?incident owl:sameAs ?same }
  OPTIONAL { ?incident cg:firstReported ?first }
}"""

# the days each incident's reports allow (none: any day), where linking looks for a new report's incident
_WINDOWS = sparql_prefixes() + """
SELECT ?incident ?earliest ?latest WHERE {
  ?incident a cg:Incident .
  OPTIONAL { ?incident sem:hasEarliestBeginTimeStamp ?earliest ; sem:hasLatestEndTimeStamp ?latest }
}"""

_INCIDENT_PLACES = sparql_prefixes() + """
SELECT ?incident ?place WHERE { ?incident a cg:Incident ; sem:hasPlace ?place }"""

# incidents with a claim of an article without a publication date: they may hold an undated group (the
# undated articles found first: a filter on every claim's article took 67 ms on FA-KES, this 8 ms)
_UNDATED = sparql_prefixes() + """
SELECT DISTINCT ?incident WHERE {
  { SELECT ?article WHERE { ?article a schema:NewsArticle MINUS { ?article schema:datePublished ?published } } }
  ?article cg:hasClaim ?claim . ?claim cg:about ?incident
}"""

_ABOUT = sparql_prefixes() + """
SELECT DISTINCT ?incident WHERE { ?claim cg:about ?incident . FILTER(STRSTARTS(STR(?claim), ?prefix)) }"""
_EVERY_ABOUT = sparql_prefixes() + "SELECT ?claim ?incident WHERE { ?claim cg:about ?incident }"


def _within(query: str, variable: str, values: Iterable[URIRef]) -> str:
    """The query with `?variable` bound to each of `values` (a VALUES block opening its WHERE)."""
    block = " ".join(v.n3() for v in values)
    head, _, body = query.partition("WHERE {")
    return f"{head}WHERE {{ VALUES ?{variable} {{ {block} }}{body}"


_NODES_PER_QUERY = 500  # articles (or their graphs) a query reads


def _value_blocks(variable: str, nodes: list[URIRef]) -> Iterator[str]:
    """VALUES blocks binding `?variable` to the nodes, `_NODES_PER_QUERY` a block (one query each)."""
    for i in range(0, len(nodes), _NODES_PER_QUERY):
        yield f"VALUES ?{variable} {{ {' '.join(n.n3() for n in nodes[i:i + _NODES_PER_QUERY])} }}"


def _text(store: Store, query: str) -> list[TextRow]:
    """The rows of one SELECT query with every term as a plain string (no rdflib terms made)."""
    return store.select_text([(query, None)])[0]


def _key(iris: Iris, node: object) -> str:
    return iris.key_of(str(node)) or str(node)


def load_extractions(store: Store, iris: Iris, articles: Iterable[str] | None = None,
                     agents: dict[str, Agent] | None = None) -> list[Extraction]:
    """Every stored article with its claims, or those of the given article ids; all of them share one
    dict of the stored agents (`agents` when given)."""
    agents = load_agents(store, iris) if agents is None else agents
    if articles is not None:
        nodes = [iris.article(a) for a in sorted(set(articles))]
        if not nodes:
            return []

    def select(query: str) -> list[TextRow]:
        if articles is None:
            return _text(store, query % {"articles": ""})
        return [row for block in _value_blocks("article", nodes) for row in _text(store, query % {"articles": block})]

    hops: dict[str, list[tuple[int, Hop]]] = defaultdict(list)
    for row in select(_HOPS):
        mention = Span(int(row["begin"]), int(row["end"]), str(row["anchor"])) if "anchor" in row else None
        agent = _key(iris, row["agent"]) if "agent" in row else None  # none: an outlet not given
        hops[str(row["claim"])].append((int(row["position"]), Hop(
            name=str(row["anchor"]) if mention else (agent or ""), mention=mention, agent=agent,
            own_voice=not mention and not agent)))  # no name and no agent: an outlet not given, in its voice
    places: dict[str, list[str]] = defaultdict(list)
    for row in select(_PLACES):
        places[str(row["claim"])].append(_key(iris, row["place"]))
    figures: dict[str, list[tuple[str, Figure]]] = defaultdict(list)
    for row in select(_FIGURES):
        span = Span(int(row["begin"]), int(row["end"]), str(row["anchor"])) if "begin" in row else None
        figures[str(row["claim"])].append((str(row["figure"]), Figure(
            int(row["count"]), in_vocabulary(str(row["qualifier"]), QUALIFIERS, "qualifier"),
            in_vocabulary(str(row["category"]), CATEGORIES, "category"), str(row["victims"]), span=span)))
    by_iri: dict[str, Extraction] = {}
    for row in select(_ARTICLES):
        published = date.fromisoformat(str(row["published"])) if "published" in row else None
        outlet = _key(iris, row["outlet"]) if "outlet" in row else None
        article = Article(id=str(row["id"]), text=str(row["articleText"]), published=published)
        by_iri[str(row["article"])] = Extraction(article, [], outlet, agents=agents)
    seen: set[str] = set()
    for row in select(_CLAIMS):
        extraction = by_iri.get(str(row["article"]))
        claim_iri = str(row["claim"])
        if extraction is None or claim_iri in seen:  # a property with two values gives two rows: keep one
            continue
        seen.add(claim_iri)
        article_id = extraction.article.id
        chain = [hop for _, hop in sorted(hops[claim_iri], key=lambda pair: pair[0])]
        source = chain[0] if chain else Hop.outlet_voice()
        if boolean(row, "own"):
            source = Hop.outlet_voice(agent=source.agent)
        event_type = _event_type(row)
        extraction.claims.append(Claim(
            article_id=article_id,
            span=Span(int(row["begin"]), int(row["end"]), str(row["text"])),
            source=source,
            via=chain[1:],
            cue=str(row["cue"]) if "cue" in row else None,
            quote=in_vocabulary(str(row["quote"]), QUOTE_TYPES, "quote type"),
            hedged=boolean(row, "hedged"),
            event_type=event_type,
            date=str(row["date"]) if "date" in row else None,
            date_range=(str(row["dateBegin"]), str(row["dateEnd"])) if "dateBegin" in row and "dateEnd" in row
            else None,
            place_keys=places[claim_iri],
            actor=str(row["actor"]) if "actor" in row else None,
            figures=[f for _, f in sorted(figures[claim_iri], key=lambda pair: int(pair[0].rsplit("/", 1)[1]))],
            group=str(row["group"]) if "group" in row else None,
        ))
    for extraction in by_iri.values():
        extraction.claims.sort(key=lambda c: (c.span.start, c.span.end))
    return sorted(by_iri.values(), key=lambda e: e.article.id)


def load_linking_records(store: Store, iris: Iris, articles: Iterable[str]) -> dict[str, Extraction]:
    """The extractions the linking records of these articles hold (`kg.rdf.linking_record`), by article id;
    an article stored without a record of this version is absent (its claims are read back instead)."""
    graphs = [iris.article_graph(a) for a in sorted(set(articles))]
    found: dict[str, Extraction] = {}
    for block in _value_blocks("graph", graphs):
        query = sparql_prefixes() + f"SELECT ?record WHERE {{ {block} ?graph cg:linkingRecord ?record }}"
        for row in _text(store, query):
            extraction = from_linking_record(row["record"])
            if extraction is not None:
                found[extraction.article.id] = extraction
    return found


def _event_type(row: Mapping[str, object]) -> EventType | None:
    """The event type a row's `?type` IRI names (cg:eventType), or None."""
    if "type" not in row:
        return None
    return in_vocabulary(str(row["type"])[len(str(EVENT_TYPE)):], EVENT_TYPES, "event type")


def load_incidents(store: Store, iris: Iris, keys: Iterable[str] | None = None) -> list[Incident]:
    """The stored incidents (or those of the given keys) with their member claims and the IRIs they absorbed."""
    incidents: dict[str, Incident] = {}
    query = _INCIDENTS
    if keys is not None:
        nodes = [iris.key(k) for k in sorted(set(keys))]
        if not nodes:
            return []
        query = _within(_INCIDENTS, "incident", nodes)
    for row in _text(store, query):
        key = _key(iris, row["incident"])
        incident = incidents.get(key)
        if incident is None:
            incident = incidents[key] = Incident(
                key=key,
                event_type=_event_type(row),
                date=row.get("stamp"),
                date_range=(row["begin"], row["end"]) if "begin" in row else None,
                first_reported=row.get("first"),
            )
        if "claim" in row:
            claim_key = _claim_key(iris, row["claim"])
            if claim_key not in incident.claim_keys:
                incident.claim_keys.append(claim_key)
        if "same" in row and _key(iris, row["same"]) not in incident.same_as:
            incident.same_as.append(_key(iris, row["same"]))
    return list(incidents.values())


def incident_windows(store: Store, iris: Iris) -> dict[str, tuple[date, date] | None]:
    """Every stored incident's key with the days its reports allow (None: any day, or not recorded)."""
    out: dict[str, tuple[date, date] | None] = {}
    for row in _text(store, _WINDOWS):
        window = None
        if "earliest" in row:
            window = date.fromisoformat(row["earliest"]), date.fromisoformat(row["latest"])
        out[_key(iris, row["incident"])] = window
    return out


def incident_places(store: Store, iris: Iris) -> dict[str, set[str]]:
    """Every stored incident's key with the keys of its places."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in _text(store, _INCIDENT_PLACES):
        out[_key(iris, row["incident"])].add(_key(iris, row["place"]))
    return out


def undated_incidents(store: Store, iris: Iris) -> set[str]:
    """Keys of the stored incidents holding a claim of an article without a publication date."""
    return {_key(iris, row["incident"]) for row in _text(store, _UNDATED)}


def count_incidents(store: Store, iris: Iris) -> int:
    """How many incidents the incidents graph holds."""
    rows = _text(store, f"SELECT (COUNT(?i) AS ?n) WHERE {{ GRAPH <{iris.graph('incidents')}> "
                        f"{{ ?i a <{CG.Incident}> }} }}")
    return int(rows[0]["n"]) if rows else 0


ABOUT_ONE_BY_ONE = 16  # up to this many articles, the store filters each article's claims by their IRIs


def incidents_about(store: Store, iris: Iris, article_ids: Iterable[str]) -> set[str]:
    """Keys of the stored incidents that hold a claim of one of these articles (as it was linked).

    The claims are found by their IRIs (an article re-extracted holds other claims than those linked):
    each query scans the incidents' claims, so for many articles (a pass of a large ingest) every claim's
    incident is read once and matched here, instead of once per article."""
    ids = set(article_ids)
    keys: set[str] = set()
    if len(ids) <= ABOUT_ONE_BY_ONE:
        for article_id in sorted(ids):
            prefix = str(iris.claim(f"{article_id}/0-0")).removesuffix("0-0")
            keys |= {_key(iris, row["incident"]) for row in store.select(_ABOUT, {"prefix": Literal(prefix)})}
        return keys
    for row in store.select(_EVERY_ABOUT):
        if _claim_key(iris, row["claim"]).rpartition("/")[0] in ids:
            keys.add(_key(iris, row["incident"]))
    return keys


def _claim_key(iris: Iris, node: object) -> str:
    """'claim/<article>/<start-end>' IRI back to the claim key '<article>/<start-end>'."""
    return (iris.key_of(str(node)) or str(node)).removeprefix("claim/")


def _alts(row: TextRow, label: str) -> tuple[str, ...]:
    joined = row.get("alts", "")
    return tuple(a for a in joined.split("\u001f") if a and a != label)


def load_agents(store: Store, iris: Iris) -> dict[str, Agent]:
    """The stored agents by key."""
    agents: dict[str, Agent] = {}
    for row in _text(store, _AGENTS):
        key, label = _key(iris, row["agent"]), str(row["label"])
        agents[key] = Agent(
            key=key, label=label, aliases=_alts(row, label),
            kind=str(row["role"])[len(str(AGENT_ROLE)):] if "role" in row else "generic",
            member_of=_key(iris, row["member"]) if "member" in row else None,
            is_person=boolean(row, "person"),
        )
    return agents


def load_places(store: Store, iris: Iris, *, imported_only: bool = False) -> dict[str, Place]:
    """The stored places by key: those claims name (`graph/places`) and those imported with
    `kg gazetteer import` (`graph/gazetteer`), or only the imported ones. Only imported places feed
    the resolver, so that what it resolved once never changes how it resolves the next time."""
    places: dict[str, Place] = {}
    graphs = [iris.graph("gazetteer")] if imported_only else [iris.graph("gazetteer"), iris.graph("places")]
    order = {str(graph): i for i, graph in enumerate(graphs)}  # a place described in both: the later graph's
    block = "VALUES ?graph { " + " ".join(graph.n3() for graph in graphs) + " }"
    rows = sorted(_text(store, _PLACE_ROWS % block), key=lambda row: order[row["graph"]])
    for row in rows:
        key, label = _key(iris, row["place"]), str(row["label"])
        places[key] = Place(
            key=key, label=label, aliases=_alts(row, label),
            lat=float(row["lat"]) if "lat" in row else None,
            lon=float(row["long"]) if "long" in row else None,
            contained_in=_key(iris, row["within"]) if "within" in row else None,
            feature=str(row["feature"]) if "feature" in row else None,
        )
    return places
