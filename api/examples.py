"""OpenAPI examples: the app's answers over the seed article (seeds/000_e7699034f6b04b7f.txt, coalition
strikes in Deir ez-Zor, 17 Nov 2018, a bare text without outlet), each list cut to one or two of its
items (in the answer's order); the ids, IRIs, figures and counts are those of the answers.
tests/test_api_examples.py ingests the seed and checks that every id and IRI here resolves; when the
extractor changes them, take the new ones from the answers (GET /claims, /incidents, /sources,
/articles over the seed, and POST /articles of the seed file).

Only the job's id and times are made up (a job's id is random)."""

from __future__ import annotations

from typing import Any

from api.problems import PROBLEM_SCHEMA
from kg.model import NO_OUTLET, NO_OUTLET_VOICE

BASE = "https://claimgraph.org/id/"
ARTICLE = "000_e7699034f6b04b7f"
LOADED_FROM = f"{ARTICLE}.txt"
NOT_GIVEN = NO_OUTLET_VOICE
SOHR = "Syrian Observatory for Human Rights"
INCIDENT = "04beade4d3d2"  # the airstrikes of 17 Nov 2018
OTHER_INCIDENT = "4df61fd5b7e3"  # the strikes on Al-Shaafa, 11 Nov 2018
HEADLINE = ("Airstrike in Deir ez-Zor and Abu Hassan village, 17 Nov 2018: at least 36 to more than 40 people "
            "killed, 17 children killed; 4 independent sources")
TEXT = (' date 2018-11-18 At least 40 people, mostly civilians, were killed Saturday in airstrikes carried out by '
        'the US-led coalition forces in Syria’s Deir ez-Zor Province, state media reported.\n\n'
        'The "warplanes" belonging to the US-led coalition struck the village of Al-Buqa\'an in southeast Syria '
        'killing "mostly women and children," according to the SANA report.\n\n'
        'Seventeen children were among the family members killed in Abu Hassan village, the so-called Syrian '
        'Observatory for Human Rights said, AFP reported.\n\n'
        'The Britain-based monitor reported at least 36 people killed, with local media reporting upwards of 40.'
        '\n\nThe report came only two days after 17 people of the same family lost their lives when the coalition '
        'fighter jets fired missiles into buildings in Albu Badran village.\n\n'
        'Most of the slain civilians had apparently been displaced earlier from the nearby town of Al-Baghuz in '
        'the Bu Kamal district of Deir ez-Zor Province. The town has recently witnessed fierce clashes between '
        'Daesh terrorists and armed groups from the Kurdish Democratic Union Party, Press TV reported.\n\n'
        'Last Sunday, the coalition carried out strikes in the nearby village of Al-Shaafa that killed 28 people '
        'in a holdout of the Daesh terrorist group on the Iraqi border, the monitor said.\n\n'
        '"On Tuesday, 22 bodies of civilians were retrieved including nine children, as well as the remains of '
        'six other people not yet identified," AFP quoted the observatory chief Rami Abdel Rahman as saying.\n\n'
        '"The strikes targeted Daesh homes in Al-Shaafa," he said, inside a last pocket under terrorists control '
        'in Deir ez-Zor. The bodies could not be retrieved earlier because air raids were ongoing, he said.\n\n'
        'A coalition spokesman did not immediately reply for a request for comment, but has previously said that '
        'it would investigate any credible claims of civilian casualties.\n\n'
        'Daesh overran large parts of Syria and neighboring Iraq in 2014, declaring a self-styled "caliphate" in '
        'territory it held.\n\n'
        'The terrorists have since been ousted from all major urban centers in both countries, but they retain a '
        'presence including in desert border areas.\n\n'
        'In Syria, the group has seen its presence reduced to parts of the vast Badia desert and the pocket in '
        'Deir ez-Zor.\n\n'
        'Since 2014 the US-led coalition has acknowledged direct responsibility for more than 1,100 civilian '
        'deaths in Syria and Iraq, but rights groups put the number killed much higher.\n\n'
        'Syria has been gripped by foreign-backed terrorism and militancy since March 2011. The war has killed '
        'more than 360,000 people.')

# -- claims: GET /claims/000_e7699034f6b04b7f/17-187 and /359-507 --------------------------------------

SANA_CLAIM = f"{ARTICLE}/17-187"
SOHR_CLAIM_ID = f"{ARTICLE}/359-507"
CLAIM_EXAMPLE: dict[str, Any] = {
    "id": SANA_CLAIM, "iri": f"{BASE}claim/{SANA_CLAIM}",
    "text": "At least 40 people, mostly civilians, were killed Saturday in airstrikes carried out by the US-led "
            "coalition forces in Syria’s Deir ez-Zor Province, state media reported.",
    "begin": 17, "end": 187, "article": ARTICLE, "article_iri": f"{BASE}article/{ARTICLE}",
    "published": "2018-11-18", "headline": None, "outlet": None, "outlet_label": None, "loaded_from": LOADED_FROM,
    "source": "agent/sana", "source_iri": f"{BASE}agent/sana", "source_label": "SANA", "own_voice": False,
    "chain": [{"position": 0, "agent": "agent/sana", "label": "SANA", "as_written": "state media"}],
    "via": [], "cue": "report", "quote": "indirect", "hedged": False, "event_type": "airstrike",
    "date": "2018-11-17", "date_range": None, "actor": "US-led coalition", "incident": INCIDENT,
    "places": [{"id": "place/geonames/170794", "label": "Deir ez-Zor"}, {"id": "place/sy", "label": "Syria"}],
    "figures": [{"figure": f"{BASE}claim/{SANA_CLAIM}/figure/0", "count": 40, "qualifier": "at_least",
                 "category": "killed", "victims": "people", "min": 40, "max": None, "begin": 26, "end": 28}],
}
SOHR_CLAIM: dict[str, Any] = {
    **CLAIM_EXAMPLE, "id": SOHR_CLAIM_ID, "iri": f"{BASE}claim/{SOHR_CLAIM_ID}",
    "text": "Seventeen children were among the family members killed in Abu Hassan village, the so-called Syrian "
            "Observatory for Human Rights said, AFP reported.",
    "begin": 359, "end": 507, "source": "agent/sohr", "source_iri": f"{BASE}agent/sohr", "source_label": SOHR,
    "chain": [{"position": 0, "agent": "agent/sohr", "label": SOHR, "as_written": SOHR},
              {"position": 1, "agent": "agent/afp", "label": "AFP", "as_written": "AFP"}],
    "via": ["AFP"], "cue": "say", "actor": None,
    "places": [{"id": "place/sy/deir-ez-zor/abu-hassan", "label": "Abu Hassan village"}],
    "figures": [{"figure": f"{BASE}claim/{SOHR_CLAIM_ID}/figure/0", "count": 17, "qualifier": "exact",
                 "category": "killed", "victims": "children", "min": 17, "max": 17, "begin": 359, "end": 368}],
}
LIST_EXAMPLE = {"total": 20, "limit": 50, "offset": 0, "items": [CLAIM_EXAMPLE]}

# -- incidents: GET /incidents, /incidents/04beade4d3d2, /incidents/04beade4d3d2/claims -----------------

FIGURES = {"figures": [
    {"category": "killed", "victims": "children", "sources": [
        {"source": "agent/sohr", "label": SOHR, "figures": [
            {"claim": SOHR_CLAIM_ID, "stated": "17", "count": 17, "qualifier": "exact", "min": 17, "max": 17,
             "via": ["AFP"]}]}],
     "spread": {"lowest": 17, "highest": 17, "lowest_stated": "17", "highest_stated": "17", "stated": "17",
                "counts": [17]}},
    {"category": "killed", "victims": "people", "sources": [
        {"source": "agent/sana", "label": "SANA", "figures": [
            {"claim": SANA_CLAIM, "stated": "at least 40", "count": 40, "qualifier": "at_least", "min": 40,
             "max": None, "via": []}]},
        {"source": "agent/sohr", "label": SOHR, "figures": [
            {"claim": f"{ARTICLE}/509-569", "stated": "at least 36", "count": 36, "qualifier": "at_least",
             "min": 36, "max": None, "via": []}]}],
     "spread": {"lowest": 36, "highest": None, "lowest_stated": "at least 36", "highest_stated": "at least 40",
                "stated": "at least 36 to at least 40", "counts": [36, 40]}}],
    "conflicts": []}
SUMMARY = {"id": INCIDENT, "iri": f"{BASE}incident/{INCIDENT}", "event_type": "airstrike", "date": "2018-11-17",
           "date_range": None, "places": [{"id": "place/sy/deir-ez-zor/abu-hassan", "label": "Abu Hassan village"},
                                          {"id": "place/geonames/170794", "label": "Deir ez-Zor"}],
           "actors": ["US-led coalition"], "same_as": [], "independent_sources": 4, "claims": 6, "sources": 3,
           "articles": 1, "first_reported": "2018-11-18"}
TIMELINE = [{"article": ARTICLE, "published": "2018-11-18", "headline": None, "outlet": None,
             "outlet_label": NO_OUTLET, "loaded_from": LOADED_FROM, "claims": 6, "figures": [
                 {"stated": "at least 40", "count": 40, "qualifier": "at_least", "category": "killed",
                  "victims": "people", "claim": SANA_CLAIM, "source": "agent/sana", "source_label": "SANA",
                  "via": [], "begin": 17, "end": 187},
                 {"stated": "17", "count": 17, "qualifier": "exact", "category": "killed", "victims": "children",
                  "claim": SOHR_CLAIM_ID, "source": "agent/sohr", "source_label": SOHR, "via": ["AFP"],
                  "begin": 359, "end": 507}]}]
LOCATIONS = [
    {"key": "place/sy/deir-ez-zor/abu-hassan", "label": "Abu Hassan village",
     "within": ["Deir ez-Zor Governorate", "Syria"], "within_keys": ["place/sy/deir-ez-zor", "place/sy"],
     "lon": 40.14084, "lat": 35.33588, "located_at": "Deir ez-Zor Governorate",
     "named_by": [{"source": "agent/sohr", "label": SOHR, "figures": ["17 children killed"]}]},
    {"key": "place/geonames/170794", "label": "Deir ez-Zor",
     "within": ["Deir ez-Zor Governorate", "Syria"], "within_keys": ["place/sy/deir-ez-zor", "place/sy"],
     "lon": 40.14084, "lat": 35.33588, "located_at": None,
     "named_by": [{"source": "agent/sana", "label": "SANA", "figures": ["at least 40 people killed"]},
                  {"source": None, "label": NOT_GIVEN, "figures": []}]}]
INCIDENT_EXAMPLE = {**SUMMARY, **FIGURES, "timeline": TIMELINE, "locations": LOCATIONS, "why_together": []}
INCIDENTS_EXAMPLE = {"total": 4, "limit": 50, "offset": 0, "items": [
    {"id": INCIDENT, "iri": f"{BASE}incident/{INCIDENT}", "date": "2018-11-17", "event_type": "airstrike",
     "claims": 6, "sources": 3, "figures": [
         {"category": "killed", "victims": "people", "lowest": "at least 36", "highest": "more than 40", "min": 36,
          "max": None, "consistent": True},
         {"category": "killed", "victims": "children", "lowest": "17", "highest": "17", "min": 17, "max": 17,
          "consistent": True}],
     "independent_sources": 4, "conflicts": 0, "places": ["Deir ez-Zor", "Abu Hassan village"],
     "place": "Deir ez-Zor", "has_conflicts": False, "headline": HEADLINE}]}
INCIDENT_CLAIMS_EXAMPLE = {"incident": INCIDENT, "iri": f"{BASE}incident/{INCIDENT}", "summary": SUMMARY,
                           "total": SUMMARY["claims"], "limit": 50, "offset": 0,
                           "sources": [{"source": "agent/sana", "label": "SANA", "iri": f"{BASE}agent/sana",
                                        "claims": [{**CLAIM_EXAMPLE, "conflicting": False}]},
                                       {"source": "agent/sohr", "label": SOHR, "iri": f"{BASE}agent/sohr",
                                        "claims": [{**SOHR_CLAIM, "conflicting": False}]}],
                           **FIGURES}

# -- sources: GET /sources, /sources/agent/sohr, /compare?sources=agent/sohr,agent/sana -------------------

SOURCE_EXAMPLE = {"id": "agent/sohr", "iri": f"{BASE}agent/sohr", "label": SOHR,
                  "aliases": ["Observatory", "SOHR"], "role": "monitor", "member_of": None, "same_as": [],
                  "claims": 3, "relayed": 0, "outlets": [],
                  "through": [{"chain": "(directly)", "claims": 2}, {"chain": "AFP", "claims": 1}],
                  "incidents": [INCIDENT, OTHER_INCIDENT], "total": 3, "limit": 50, "offset": 0,
                  "items": [SOHR_CLAIM], "disagreements": []}
SOURCES_EXAMPLE = {"total": 8, "limit": 50, "offset": 0, "items": [
    {"id": "agent/rami-abdel-rahman", "iri": f"{BASE}agent/rami-abdel-rahman", "label": "Rami Abdel Rahman",
     "role": "person", "claims": 3, "relayed": 0},
    {"id": "agent/sohr", "iri": f"{BASE}agent/sohr", "label": SOHR, "role": "monitor", "claims": 3, "relayed": 0}]}


def _compared(claim: str, stated: str, count: int, qualifier: str, high: int | None, via: list[str],
              begin: int, end: int) -> dict[str, Any]:
    """One figure of a comparison as GET /compare writes it (all from the seed article)."""
    return {"claim": claim, "stated": stated, "count": count, "qualifier": qualifier, "min": count, "max": high,
            "via": via, "article": ARTICLE, "begin": begin, "end": end, "published": "2018-11-18",
            "outlet_label": None}


# for GET /compare, whose route (api/routes/sources.py) still declares an example of its own
COMPARE_EXAMPLE = {
    "sources": [{"id": "agent/sohr", "iri": f"{BASE}agent/sohr", "label": SOHR},
                {"id": "agent/sana", "iri": f"{BASE}agent/sana", "label": "SANA"}],
    "total": 1, "limit": 20, "offset": 0,
    "items": [{"id": INCIDENT, "iri": f"{BASE}incident/{INCIDENT}", "event_type": "airstrike", "date": "2018-11-17",
               "places": ["Deir ez-Zor", "Abu Hassan village"], "independent_sources": 4, "headline": HEADLINE,
               "claims": {"agent/sohr": [SOHR_CLAIM_ID, f"{ARTICLE}/509-569"],
                          "agent/sana": [SANA_CLAIM, f"{ARTICLE}/189-357"]},
               "measures": [
                   {"category": "killed", "victims": "children", "agreement": "one source", "conflicts": [],
                    "by_source": [{"source": "agent/sohr", "figures": [
                        _compared(SOHR_CLAIM_ID, "17", 17, "exact", 17, ["AFP"], 359, 507)]},
                                  {"source": "agent/sana", "figures": []}]},
                   {"category": "killed", "victims": "people", "agreement": "agree", "conflicts": [],
                    "by_source": [{"source": "agent/sohr", "figures": [
                        _compared(f"{ARTICLE}/509-569", "at least 36", 36, "at_least", None, [], 509, 569)]},
                                  {"source": "agent/sana", "figures": [
                        _compared(SANA_CLAIM, "at least 40", 40, "at_least", None, [], 17, 187)]}]}],
               "agreement": "agree"}]}

# -- articles: GET /articles, /articles/000_e7699034f6b04b7f, POST /articles (the seed file), GET /jobs/{id} --

ARTICLE_EXAMPLE = {"id": ARTICLE, "iri": f"{BASE}article/{ARTICLE}", "published": "2018-11-18", "headline": None,
                   "outlet": None, "outlet_label": None, "url": None, "loaded_from": LOADED_FROM,
                   "text": TEXT, "graph": f"{BASE}graph/article/{ARTICLE}", "items": [CLAIM_EXAMPLE]}
ARTICLES_EXAMPLE = {"total": 1, "limit": 50, "offset": 0, "items": [
    {**{k: ARTICLE_EXAMPLE[k] for k in ("id", "iri", "published", "headline", "outlet", "outlet_label")},
     "claims": 20}]}
INGEST_EXAMPLE = {"articles": [{k: v for k, v in ARTICLE_EXAMPLE.items() if k != "text"}], "changed": 1,
                  "replaced": 0, "claims": 20, "incidents": 4, "conflicts": [], "errors": []}
JOB_EXAMPLE = {"id": "5f0c2a9e4b7d4c1e9a3f6d2b8e1c7a40", "href": "/jobs/5f0c2a9e4b7d4c1e9a3f6d2b8e1c7a40",
               "state": "done", "reason": None, "created": "2018-11-18T10:00:00.000000+00:00",
               "started": "2018-11-18T10:00:00.000200+00:00", "finished": "2018-11-18T10:00:00.133000+00:00",
               "progress": {"done": 1, "total": 1},
               "counts": {"stored": 1, "unchanged": 0, "replaced": 0, "failed": 0}, "claims": 20, "incidents": 4,
               "errors": [], "articles": [{"id": ARTICLE, "href": f"/articles/{ARTICLE}"}]}

# -- named queries: GET /queries --------------------------------------------------------------------------

QUERIES_EXAMPLE = {"items": [{
    "name": "claims-by-source", "title": "Claims by original source",
    "description": "Every claim attributed to a source (the original speaker, not an intermediary), with the outlet "
                   "that published it, the publication date and the reporting cue. Without a source: all claims.",
    "parameters": [{"name": "source", "kind": "iri", "optional": True,
                    "description": "The original source: an IRI or a local id such as agent/sohr"}],
    "query": "# name: claims-by-source\n"
             "# title: Claims by original source\n"
             "# description: Every claim attributed to a source (the original speaker, not an intermediary), "
             "with the\n"
             "# description: outlet that published it, the publication date and the reporting cue. Without a "
             "source: all claims.\n"
             "# param: source iri optional  The original source: an IRI or a local id such as agent/sohr\n"
             "PREFIX cg: <https://claimgraph.org/ontology#>\n"
             "PREFIX schema: <http://schema.org/>\n"
             "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
             "SELECT ?source ?sourceLabel ?claim ?text ?cue ?outletLabel ?published WHERE {\n"
             "  ?claim a cg:Claim ; prov:wasAttributedTo ?source ; schema:text ?text ; schema:appearance ?article .\n"
             "  OPTIONAL { ?source skos:prefLabel ?sourceLabel }\n"
             "  OPTIONAL { ?claim cg:cue ?cue }\n"
             "  OPTIONAL { ?article schema:datePublished ?published }\n"
             "  OPTIONAL { ?article schema:publisher/skos:prefLabel ?outletLabel }\n"
             "}\n"
             "ORDER BY ?sourceLabel ?published ?claim\n"}]}

ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA, 406: PROBLEM_SCHEMA}
