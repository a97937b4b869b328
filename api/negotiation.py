"""Content negotiation, in one place: Accept parsing, media type <-> format maps, defaults.

Formats are short names shared with `kg.rdf.stream`: json, xml, csv, tsv for SELECT/ASK; turtle,
nt, jsonld, rdfxml for graphs; html for pages. A `format` request parameter (browsers, and clients
such as SPARQLWrapper that send one) wins over `Accept`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ROW_MEDIA: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json", "text/javascript", "application/javascript"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_MEDIA: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/x-json+ld", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
}
HTML_MEDIA = ("text/html", "application/xhtml+xml")

_FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "json-ld": "jsonld", "jsonld": "jsonld", "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "rdf": "rdfxml",
    "html": "html",
}
# What a generic name means for a graph answer ("json" from a browser asking for a CONSTRUCT).
_GRAPH_READING = {"json": "jsonld", "xml": "rdfxml"}


@dataclass(frozen=True, slots=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return self.type in ("*", main) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, malformed entries skipped (absent = */*)."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.lower().partition("/")
        ranges.append(MediaRange(main, sub, q))
    return ranges or [MediaRange("*", "*", 1.0)]


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the most specific matching range gives `media_type` (0 when none matches)."""
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def choose(accept: str | None, offers: dict[str, tuple[str, ...]], order: Iterable[str]) -> tuple[str, str] | None:
    """The (format, media type) the client prefers among `offers`, ties broken by `order`."""
    ranges = parse_accept(accept)
    best: tuple[float, int, str, str] | None = None
    for rank, fmt in enumerate(order):
        for media in offers.get(fmt, ()):
            q = quality(ranges, media)
            if q > 0 and (best is None or q > best[0] or (q == best[0] and rank < best[1])):
                best = (q, rank, fmt, media)
    return (best[2], best[3]) if best else None


def format_param(values: Sequence[str], graph: bool) -> str | None:
    """The first `format` parameter value we know (names like 'csv' or media types), else None."""
    offers = GRAPH_MEDIA if graph else ROW_MEDIA
    for value in values:
        value = value.strip().lower()
        name = _FORMAT_ALIASES.get(value)
        if name is None:
            name = next((fmt for fmt, media in offers.items() if value in media), None)
            if name is None and value in HTML_MEDIA:
                name = "html"
        if name and graph:
            name = _GRAPH_READING.get(name, name)
        if name and (name in offers or name == "html"):
            return name
    return None


def media_type(fmt: str) -> str:
    """The media type a response in `fmt` is sent as."""
    if fmt == "html":
        return "text/html; charset=utf-8"
    media = ROW_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]
    charset = "; charset=utf-8" if fmt in ("csv", "tsv", "turtle", "nt") else ""
    return media[0] + charset


def sparql_format(form: str, accept: str | None, formats: Sequence[str]) -> str | None:
    """The answer format for a query form, by `format` parameter first, then Accept; None = 406."""
    graph = form in ("construct", "describe")
    if formats:
        named = format_param(formats, graph)
        if named and named != "html":
            return named
    offers = GRAPH_MEDIA if graph else ROW_MEDIA
    order = ("turtle", "jsonld", "nt", "rdfxml") if graph else ("json", "xml", "csv", "tsv")
    chosen = choose(accept, offers, order)
    return chosen[0] if chosen else None


RESOURCE_MEDIA: dict[str, tuple[str, ...]] = {
    "json": ("application/json",),
    "jsonld": ("application/ld+json",),
    "turtle": ("text/turtle",),
    "html": HTML_MEDIA,
}


def resource_format(accept: str | None, order: Sequence[str] = ("json", "jsonld", "html", "turtle"),
                    fmt: str | None = None) -> str | None:
    """Format of a REST resource or a dereferenced IRI: json, jsonld, turtle or html."""
    if fmt:
        name = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        return name if name in order else None
    chosen = choose(accept, RESOURCE_MEDIA, order)
    return chosen[0] if chosen else None


def description_format(accept: str | None) -> str | None:
    """`GET /sparql` without a query: the query page (html) or the service description (a graph format)."""
    offers = {"html": HTML_MEDIA, **GRAPH_MEDIA}
    chosen = choose(accept, offers, ("turtle", "html", "jsonld", "nt", "rdfxml"))
    return chosen[0] if chosen else None
