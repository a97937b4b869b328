"""What the HTML pages need beyond the data: the template environment, its filters, and layouts
computed from view data (the figures grid, claim text in its context, an article's marked-up text).

Nothing here reads the store: every function takes the data a `kg.views` function returned.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup, escape
from starlette.convertors import PathConvertor

from kg.model import EVENT_TYPES, NO_OUTLET, NO_OUTLET_VOICE, stated_count

# How much of the article to show on each side of a claim.
CONTEXT_CHARS = 160

_PREFIXES = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/ns/oa#": "oa:",
    "http://schema.org/": "schema:",
    "https://schema.org/": "schema:",
    "http://semanticweb.cs.vu.nl/2009/11/sem/": "sem:",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#": "nif:",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo:",
    "https://claimgraph.org/ontology#": "cg:",
}


def number(value: Any) -> str:
    """12345 -> '12,345'; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "" if value is None else str(value)
    return f"{value:,}"


def words(value: Any) -> str:
    """A code as words: 'at_least' -> 'at least', 'armed_clash' -> 'armed clash'."""
    return "" if value is None else str(value).replace("_", " ")


def day(value: Any) -> Markup:
    """An ISO date as a <time> element reading '17 Nov 2018'; other text escaped as it is."""
    if not value:
        return Markup("")
    try:
        parsed = date.fromisoformat(str(value)[:10])
    except ValueError:
        return escape(value)
    return Markup('<time datetime="{}">{} {}</time>').format(parsed.isoformat(), parsed.day,
                                                              parsed.strftime("%b %Y"))


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 article', '6 claims' (thousands separated)."""
    return f"{number(count)} {singular if count == 1 else (many or singular + 's')}"


def anchor(claim: dict[str, Any]) -> str:
    """The id of a claim's element on a page: 'claim-17-187'."""
    return f"claim-{claim['begin']}-{claim['end']}"


def stated(figure: dict[str, Any]) -> str:
    """A figure as the text said it, in the model's one wording: 'at least 40', 'up to 1,200'."""
    return stated_count(figure.get("qualifier", "exact"), number(figure["count"]))


def spread(measure: dict[str, Any]) -> str:
    """The range a measure's figures span, as stored with the incident: 'at least 36 to more than 40'."""
    return measure["spread"]["stated"] if measure["spread"] else ""


def interval(figure: dict[str, Any]) -> str:
    high = "∞" if figure.get("max") is None else number(figure["max"])
    return f"{number(figure['min'])} to {high}" if high != number(figure["min"]) else number(figure["min"])


def figure_grid(figures: list[dict[str, Any]], conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures as one table: a row per (category, victims), a column per source, each cell the
    figures that source gave for that row (with the claim they come from and whether it conflicts)."""
    conflicting = {c for pair in conflicts for c in (pair["claim"], pair["other_claim"])}
    columns: dict[str, str] = {}
    for measure in figures:
        for source in measure["sources"]:
            columns.setdefault(source["source"], source["label"])
    rows = []
    for measure in figures:
        by_source = {s["source"]: s["figures"] for s in measure["sources"]}
        cells = [[{**f, "conflicting": f["claim"] in conflicting} for f in by_source.get(key, [])]
                 for key in columns]
        rows.append({"category": measure["category"], "victims": measure["victims"],
                     "spread": spread(measure), "cells": cells})
    return {"columns": [{"source": k, "label": v} for k, v in columns.items()], "rows": rows, "labels": columns}


def _mark_figures(claim: dict[str, Any]) -> Markup:
    """The claim's text, escaped, with the stated figures in <strong>."""
    text, begin = claim["text"], claim["begin"]
    spans = sorted((f["begin"] - begin, f["end"] - begin) for f in claim.get("figures", [])
                   if f.get("begin") is not None and f.get("end") is not None
                   and begin <= f["begin"] < f["end"] <= claim["end"])
    out, at = Markup(""), 0
    for start, end in spans:
        if start < at:
            continue
        out += escape(text[at:start]) + Markup('<strong class="figure">') + escape(text[start:end]) + Markup(
            "</strong>")
        at = end
    return out + escape(text[at:])


def in_context(claim: dict[str, Any], article_text: str | None) -> Markup:
    """The claim marked inside the words around it in its article (the claim alone without the text)."""
    marked = Markup('<mark class="claim">') + _mark_figures(claim) + Markup("</mark>")
    begin, end = claim["begin"], claim["end"]
    if not article_text or article_text[begin:end] != claim["text"]:
        return marked
    # the context stays inside the claim's paragraph
    para_start = article_text.rfind("\n", 0, begin) + 1
    para_end = article_text.find("\n", end)
    para_end = len(article_text) if para_end < 0 else para_end
    start = max(para_start, begin - CONTEXT_CHARS)
    if start > para_start:
        start = _word_start(article_text, start)
    stop = min(para_end, end + CONTEXT_CHARS)
    if stop < para_end:
        stop = _word_end(article_text, stop)
    before = ("… " if start > para_start else "") + article_text[start:begin].lstrip()
    after = article_text[end:stop].rstrip() + (" …" if stop < para_end else "")
    return escape(before) + marked + escape(after)


def _word_start(text: str, at: int) -> int:
    space = text.find(" ", at)
    return space + 1 if 0 <= space < at + 30 else at


def _word_end(text: str, at: int) -> int:
    space = text.rfind(" ", at - 30, at)
    return space if space > 0 else at


def marked_text(text: str | None, claims: list[dict[str, Any]]) -> Markup:
    """An article's text with each claim's span in a <mark> that links to the claim's row; spans that
    overlap share the overlapping stretch (marked once, linking to the claim that starts first)."""
    if not text:
        return Markup("")
    spans = sorted((c["begin"], c["end"], c) for c in claims if 0 <= c["begin"] < c["end"] <= len(text))
    out, at = Markup(""), 0
    for begin, end, claim in spans:
        if end <= at:
            continue
        begin = max(begin, at)
        out += escape(text[at:begin])
        classes = "claim hedged" if claim.get("hedged") else "claim"
        out += Markup('<a class="{}" id="{}" href="#row-{}" title="{}">{}</a>').format(
            classes, anchor(claim), anchor(claim)[6:], _chain_title(claim), text[begin:end])
        at = end
    return out + escape(text[at:])


def _chain_title(claim: dict[str, Any]) -> str:
    chain = " → ".join(hop["label"] for hop in claim.get("chain", [])) or claim.get("source_label") or ""
    return f"{chain} ({claim.get('quote', '')} quote)"


# An absolute http(s) URL with nothing a browser would strip or reinterpret (no spaces, no controls).
_WEB_URL = re.compile(r"^https?://[^\x00-\x20\x7f-\x9f\\]+$", re.IGNORECASE)
# What may stay as it is in the path of a link we make: unreserved and sub-delims, ":", "@", "/",
# and "%" (minted IRIs are percent-encoded already); "?", "#", spaces and the rest are encoded.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def web_url(value: Any) -> str | None:
    """`value` when it is an http or https URL a page may link to; None for anything else
    (javascript:, data:, relative or malformed URLs are shown as text, never as links)."""
    text = "" if value is None else str(value)
    return text if _WEB_URL.match(text) else None


def local_iri(iri: str, base: str) -> str:
    """A minted IRI as this server's /id/ path (the base may name another host); others as they are."""
    if base and iri.startswith(base):
        return "/id/" + quote(iri[len(base):], safe=_PATH_SAFE)
    return iri


def iri_href(iri: Any, base: str) -> str | None:
    """Where a link to `iri` goes: its /id/ page (HTML) for a minted IRI, the IRI itself when it is an
    http(s) URL, None (no link) for any other scheme."""
    text = "" if iri is None else str(iri)
    if base and text.startswith(base):
        return local_iri(text, base) + "?format=html"
    return web_url(text)


def fragment(value: Any) -> str:
    """`value` percent-encoded for the fragment of a link (`#...`) to an element with that id."""
    return quote("" if value is None else str(value), safe="-_.~!$&'()*+,;=:@/?")


def url_for(request: Request, name: str, /, **params: Any) -> str:
    """The URL of route `name` with every parameter percent-encoded: an id holding "?", "#", "%" or
    spaces stays one parameter, and "/" is encoded too unless the route takes a whole path. The route
    is looked up once per app (a page of 245 claims asks for 868 links: looking each up through every
    route took 60% of its rendering)."""
    route = _route(request, name)
    if route is None:  # not a route of this app: Starlette says so
        return str(request.url_for(name, **params))
    convertors = route.param_convertors
    encoded = {key: quote(str(value), safe="/-_.~" if isinstance(convertors.get(key), PathConvertor) else "-_.~")
               for key, value in params.items()}
    if encoded.keys() == convertors.keys():  # the route's path with the encoded values put in, as Starlette does
        return _base(request) + route.path_format.format_map(encoded)
    return _base(request) + str(route.url_path_for(name, **encoded))  # Starlette names what is wrong


def _base(request: Request) -> str:
    """What `URLPath.make_absolute_url` puts before a path ('http://host:port/root'), once per request."""
    base = request.scope.get("claimgraph.base")
    if base is None:
        url = request.base_url
        base = request.scope["claimgraph.base"] = f"{url.scheme}://{url.netloc}{url.path.rstrip('/')}"
    return str(base)


def _route(request: Request, name: str) -> Any:
    """The route named `name`, found through included routers and mounts (once per app: kept in the
    app's state)."""
    found: dict[str, Any] | None = getattr(request.app.state, "routes_by_name", None)
    if found is None:
        found = request.app.state.routes_by_name = {}
    if name not in found:
        pending, route = list(request.app.router.routes), None
        while pending:
            candidate = pending.pop(0)
            if getattr(candidate, "name", None) == name and hasattr(candidate, "param_convertors"):
                route = candidate
                break
            pending.extend(getattr(getattr(candidate, "original_router", candidate), "routes", None) or ())
        found[name] = route
    return found[name]


def short_iri(iri: str, base: str) -> str:
    """'skos:prefLabel' for a known vocabulary, the path under the base for minted IRIs."""
    for namespace, prefix in _PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    if base and iri.startswith(base):
        return iri[len(base):]
    return iri


class _DictFirstEnvironment(Environment):
    """Jinja's environment reading `x.name` as a dict's key first. The pages' data are dicts, and Jinja's
    own order (the attribute first) raised and caught an AttributeError for every field a page shows:
    a fifth of the time of rendering 245 claims."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def page_templates(directory: Path, base: str) -> Jinja2Templates:
    """The page templates with this module's filters; `base` is the minted IRIs' base."""
    templates = Jinja2Templates(env=_DictFirstEnvironment(loader=FileSystemLoader(str(directory)),
                                                          autoescape=select_autoescape()))
    env = templates.env
    env.filters.update(number=number, words=words, day=day, stated=stated, interval=interval,
                       anchor=anchor, web_url=web_url, fragment=fragment,
                       local_iri=lambda iri: local_iri(str(iri), base),
                       iri_href=lambda iri: iri_href(iri, base),
                       short_iri=lambda iri: short_iri(str(iri), base))

    @pass_context
    def context_url_for(context: Any, name: str, /, **params: Any) -> str:
        return url_for(context["request"], name, **params)

    env.globals["url_for"] = context_url_for
    env.globals.update(no_outlet=NO_OUTLET, no_outlet_voice=NO_OUTLET_VOICE)
    env.globals.update(iri_base=base, event_types=EVENT_TYPES, plural=plural, figure_grid=figure_grid,
                       in_context=in_context, marked_text=marked_text)
    return templates
