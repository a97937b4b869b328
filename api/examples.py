"""OpenAPI examples, taken from the seed article (coalition strikes in Deir ez-Zor, 17 Nov 2018)."""

from __future__ import annotations

from typing import Any

from api.problems import PROBLEM_SCHEMA

BASE = "https://claimgraph.org/id/"
ARTICLE = "000_e7699034f6b04b7f"

FIGURE = {"figure": f"{BASE}claim/{ARTICLE}/0-169/figure/0", "count": 40, "qualifier": "at_least",
          "category": "killed", "victims": "people", "min": 40, "max": None, "begin": 0, "end": 11}
CLAIM_EXAMPLE: dict[str, Any] = {
    "id": f"{ARTICLE}/0-169", "iri": f"{BASE}claim/{ARTICLE}/0-169",
    "text": "At least 40 people, mostly civilians, were killed Saturday in airstrikes carried out by the US-led "
            "coalition forces in Syria’s Deir ez-Zor Province, state media reported.",
    "begin": 0, "end": 169, "article": ARTICLE, "article_iri": f"{BASE}article/{ARTICLE}",
    "published": "2018-11-18", "headline": None, "outlet": "outlet/press-tv", "outlet_label": "Press TV",
    "loaded_from": None, "source": "agent/sana", "source_iri": f"{BASE}agent/sana", "source_label": "SANA",
    "own_voice": False,
    "chain": [{"position": 0, "agent": "agent/sana", "label": "SANA", "as_written": "state media"}],
    "via": [], "cue": "report", "quote": "indirect", "hedged": False, "event_type": "airstrike",
    "date": "2018-11-17", "date_range": None, "actor": "US-led coalition", "incident": "2018-11-17-al-buqaan",
    "places": [{"id": "place/deir-ez-zor", "label": "Deir ez-Zor"}], "figures": [FIGURE],
}
SOHR_CLAIM = {**CLAIM_EXAMPLE, "id": f"{ARTICLE}/496-577", "iri": f"{BASE}claim/{ARTICLE}/496-577",
              "text": "The Britain-based monitor reported at least 36 people killed, with local media reporting "
                      "upwards of 40.", "begin": 496, "end": 577, "source": "agent/sohr",
              "source_iri": f"{BASE}agent/sohr", "source_label": "SOHR",
              "chain": [{"position": 0, "agent": "agent/sohr", "label": "SOHR",
                         "as_written": "The Britain-based monitor"}], "actor": None, "places": [],
              "figures": [{**FIGURE, "figure": f"{BASE}claim/{ARTICLE}/496-577/figure/0", "count": 36, "min": 36,
                           "begin": 531, "end": 542}]}
LIST_EXAMPLE = {"total": 1, "limit": 50, "offset": 0, "items": [CLAIM_EXAMPLE]}
FIGURES = {"figures": [{"category": "killed", "victims": "people", "sources": [
    {"source": "agent/sana", "label": "SANA", "figures": [{"claim": f"{ARTICLE}/0-169", "stated": "at least 40",
                                                           "count": 40, "qualifier": "at_least", "min": 40,
                                                           "max": None, "via": []}]},
    {"source": "agent/sohr", "label": "SOHR", "figures": [{"claim": f"{ARTICLE}/496-577", "stated": "at least 36",
                                                           "count": 36, "qualifier": "at_least", "min": 36,
                                                           "max": None, "via": []}]}],
    "spread": {"lowest": 36, "highest": None, "counts": [36, 40]}}], "conflicts": []}
SUMMARY = {"id": "2018-11-17-al-buqaan", "iri": f"{BASE}incident/2018-11-17-al-buqaan", "event_type": "airstrike",
           "date": "2018-11-17", "date_range": None,
           "places": [{"id": "place/al-buqaan", "label": "Al-Buqa'an"}], "actors": ["US-led coalition"],
           "same_as": [], "independent_sources": 3, "claims": 5, "sources": 3, "articles": 1,
           "first_reported": "2018-11-18"}
TIMELINE = [{"article": ARTICLE, "published": "2018-11-18", "headline": None, "outlet": "outlet/press-tv",
             "outlet_label": "Press TV", "loaded_from": None, "claims": 5, "figures": [
                 {"stated": "at least 40", "count": 40, "qualifier": "at_least", "category": "killed",
                  "victims": "people", "claim": f"{ARTICLE}/0-169", "source": "agent/sana", "source_label": "SANA",
                  "via": [], "begin": 0, "end": 169},
                 {"stated": "at least 36", "count": 36, "qualifier": "at_least", "category": "killed",
                  "victims": "people", "claim": f"{ARTICLE}/496-577", "source": "agent/sohr", "source_label": "SOHR",
                  "via": [], "begin": 496, "end": 577}]}]
LOCATIONS = [{"key": "place/al-buqaan", "label": "Al-Buqa'an", "within": ["Deir ez-Zor", "Syria"],
              "within_keys": ["place/deir-ez-zor", "place/syria"], "lon": 40.14084, "lat": 35.33588,
              "located_at": "Deir ez-Zor", "named_by": [{"source": "agent/sana", "label": "SANA", "figures": []}]}]
INCIDENT_EXAMPLE = {**SUMMARY, **FIGURES, "timeline": TIMELINE, "locations": LOCATIONS, "why_together": []}
INCIDENTS_EXAMPLE = {"total": 1, "limit": 50, "offset": 0, "items": [
    {"id": SUMMARY["id"], "iri": SUMMARY["iri"], "date": "2018-11-17", "event_type": "airstrike", "claims": 5,
     "sources": 3, "figures": [{"category": "killed", "victims": "people", "lowest": "at least 36",
                                "highest": "at least 40", "min": 36, "max": None, "consistent": True}],
     "independent_sources": 3, "conflicts": 0, "places": ["Al-Buqa'an"], "place": "Al-Buqa'an",
     "has_conflicts": False, "headline": "Airstrike in Al-Buqa'an, 17 Nov 2018: at least 36 to at least 40 people "
                                         "killed; 3 independent sources"}]}
INCIDENT_CLAIMS_EXAMPLE = {"incident": SUMMARY["id"], "iri": SUMMARY["iri"], "summary": SUMMARY,
                           "sources": [{"source": "agent/sana", "label": "SANA", "iri": f"{BASE}agent/sana",
                                        "claims": [{**CLAIM_EXAMPLE, "conflicting": False}]}], **FIGURES}
SOURCE_EXAMPLE = {"id": "agent/sohr", "iri": f"{BASE}agent/sohr", "label": "SOHR",
                  "aliases": ["Syrian Observatory for Human Rights", "the Britain-based monitor"], "role": "monitor",
                  "member_of": None, "same_as": [], "claims": 4, "relayed": 0, "outlets": ["outlet/press-tv"],
                  "through": [{"chain": "AFP", "claims": 3}, {"chain": "(directly)", "claims": 1}],
                  "incidents": ["2018-11-17-al-buqaan"], "total": 4, "limit": 50, "offset": 0, "items": [SOHR_CLAIM],
                  "disagreements": []}
SOURCES_EXAMPLE = {"total": 2, "limit": 50, "offset": 0, "items": [
    {"id": "agent/sohr", "iri": f"{BASE}agent/sohr", "label": "SOHR", "role": "monitor", "claims": 4, "relayed": 0},
    {"id": "agent/afp", "iri": f"{BASE}agent/afp", "label": "AFP", "role": "news_agency", "claims": 0,
     "relayed": 3}]}
ARTICLE_EXAMPLE = {"id": ARTICLE, "iri": f"{BASE}article/{ARTICLE}", "published": "2018-11-18", "headline": None,
                   "outlet": "outlet/press-tv", "outlet_label": "Press TV", "url": None, "loaded_from": None,
                   "text": CLAIM_EXAMPLE["text"], "graph": f"{BASE}graph/article/{ARTICLE}",
                   "items": [CLAIM_EXAMPLE]}
ARTICLES_EXAMPLE = {"total": 1, "limit": 50, "offset": 0, "items": [
    {**{k: ARTICLE_EXAMPLE[k] for k in ("id", "iri", "published", "headline", "outlet", "outlet_label")}, "claims": 1}]}
INGEST_EXAMPLE = {"articles": [{k: v for k, v in ARTICLE_EXAMPLE.items() if k != "text"}], "changed": 1,
                  "replaced": 0, "claims": 1, "incidents": 1, "conflicts": [], "errors": []}
JOB_EXAMPLE = {"id": "5f0c2a9e4b7d4c1e9a3f6d2b8e1c7a40", "href": "/jobs/5f0c2a9e4b7d4c1e9a3f6d2b8e1c7a40",
               "state": "running", "reason": None, "created": "2018-11-18T10:00:00+00:00",
               "started": "2018-11-18T10:00:01+00:00", "finished": None, "progress": {"done": 2, "total": 8},
               "counts": {"stored": 1, "unchanged": 0, "replaced": 0, "failed": 1}, "claims": 12, "incidents": None,
               "errors": [{"record": 2, "origin": "request[1]", "reason": "missing or empty 'text'", "code": "E101"}],
               "articles": [{"id": "example-1", "href": "/articles/example-1"}]}
QUERIES_EXAMPLE = {"items": [{"name": "claims-by-source", "title": "Claims by source",
                              "description": "Every claim whose original source is the given agent.",
                              "parameters": [{"name": "source", "kind": "iri", "optional": False,
                                              "description": "The original source"}],
                              "query": "SELECT ..."}]}

ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA, 406: PROBLEM_SCHEMA}
