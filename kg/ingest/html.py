"""HTML pages: the article's text from <article> or <p> elements, metadata from <meta> tags."""

from __future__ import annotations

import re

import lxml.html

from kg.errors import IngestError
from kg.extract.dates import publication_date_from_head
from kg.ingest.text import to_date
from kg.model import Article

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_META = {
    "og:url": "url",
    "og:title": "title",
    "og:site_name": "outlet",
    "article:published_time": "published",
    "datePublished": "published",
}


def article_from_html(article_id: str, raw: str, origin: str) -> Article:
    """An article from an HTML page; paragraphs are joined by blank lines."""
    raw = _XML_DECLARATION.sub("", raw, count=1)  # already decoded: its encoding says nothing more
    try:
        root = lxml.html.fromstring(raw)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(origin, f"not parseable as HTML: {exc}") from None
    for hidden in list(root.iter("script", "style", "template", "noscript")):
        if hidden.getparent() is None:
            raise IngestError(origin, "no text in the page")
        hidden.drop_tree()  # code, styles and markup for later: no article text (their tails stay)
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if key in _META and el.get("content"):
            meta.setdefault(_META[key], el.get("content", ""))
    container = next(iter(root.iter("article")), root)
    paragraphs = [" ".join(p.text_content().split()) for p in container.iter("p")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        text = " ".join(container.text_content().split())
    if not text:
        raise IngestError(origin, "no text in the page")
    title = meta.get("title") or (root.findtext(".//title") or "").strip() or None
    return Article(
        id=article_id,
        text=text,
        outlet=meta.get("outlet"),
        published=to_date(meta.get("published"), origin) or publication_date_from_head(text),
        url=meta.get("url"),
        title=title,
        origin=origin,
    )
