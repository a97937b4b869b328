"""Output safety, through real requests to the app: only http(s) URLs become links, ids stay one URL
parameter however they are spelled, every response carries the security headers, /docs loads
nothing from another server, and CSV cells cannot start a spreadsheet formula."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

# an article id with every character that means something in a URL
SLASHED = "wire/2018 11?x=1#top%20"
LINKED = {  # article id -> (its url, whether the page may link it)
    SLASHED: ("https://example.org/a?b=1&c=2", True),
    "js": ("javascript:alert(document.cookie)", False),
    "js-upper": ("JaVaScRiPt:alert(1)", False),
    "js-space": (" javascript:alert(1)", False),
    "js-tab": ("java\tscript:alert(1)", False),
    "data": ("data:text/html,<script>alert(1)</script>", False),
    "vbscript": ("vbscript:msgbox(1)", False),
    "relative": ("//evil.example/x", False),
    "plain-http": ("http://example.org/news/1", True),
}
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


def _store(iris):  # type: ignore[no-untyped-def]
    from handmade import AGENTS, PLACES, extractions

    from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Span
    from kg.rdf.store import OxigraphStore
    from kg.rdf.writer import Provenance, save_agents, save_extraction, save_incidents, save_places
    from kg.resolve.summary import summarize_all

    found, incidents = extractions()
    agents = [*AGENTS, Agent("agent/formula", FORMULA, "monitor"), Agent("outlet/at", "@SUM(1+1)", "outlet")]
    for index, (article_id, (url, _)) in enumerate(LINKED.items()):
        text = f"-{index}+1 people were killed in the strike, the monitor said."
        article = Article(article_id, text, "@SUM(1+1)", date(2018, 11, 20), url, f"+Headline {index}")
        claim = Claim(article_id, Span(0, len(text), text), Hop(FORMULA, agent="agent/formula"), cue="say",
                      quote="indirect", event_type="airstrike", date="2018-11-17",
                      figures=[Figure(1, "exact", "killed", "people")])
        found.append(Extraction(article, [claim], "outlet/at", {a.key: a for a in agents}))
    store = OxigraphStore(None)
    save_agents(store, agents, iris)
    save_places(store, PLACES, iris)
    for extraction in found:
        save_extraction(store, extraction, iris, Provenance("test", "handmade", "1"))
    save_incidents(store, incidents, iris, summarize_all(incidents, found))
    # an IRI (not a literal) with a script scheme, as a linked-data page would show it
    store.update(f"INSERT DATA {{ GRAPH <urn:test> {{ <{iris.article('js')}> "
                 "<http://www.w3.org/2002/07/owl#sameAs> <javascript:alert(2)> } }")
    return store


@pytest.fixture(scope="module")
def client(iris) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), _store(iris)))


class Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.inline: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") is not None:
            self.links.append(str(a["href"]))
        if tag == "script":
            self.scripts.append(str(a.get("src") or ""))
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(str(a.get("href")))
        self.inline += [name for name, _ in attrs if name == "style" or name.startswith("on")]


def _html(client: Client, url: str) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize("article_id", list(LINKED))
def test_only_http_urls_become_links(client: Client, article_id: str) -> None:
    url, linked = LINKED[article_id]
    page = _html(client, f"/articles/{quote(article_id, safe='')}?format=html")
    links = Links(page).links
    assert (url in links) is linked
    assert not [link for link in links if re.match(r"\s*(java|vb)\s*script:|\s*data:", link, re.I)]
    if not linked:  # shown, as text
        assert _text_of(page, "Original") == url


def _text_of(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt><dd[^>]*>(.*?)</dd>", page, re.S)
    assert found, label
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_script_iri_on_a_linked_data_page_is_text(client: Client, iris) -> None:  # type: ignore[no-untyped-def]
    page = _html(client, "/id/article/js?format=html")
    assert "javascript:alert(2)" in page
    assert not [link for link in Links(page).links if "javascript" in link.lower()]


def test_article_with_slash_and_url_characters_in_its_id(client: Client) -> None:
    """An id holding '/', space, '?', '#' and '%': the list answers, and every link to the article,
    its claims and its linked-data page leads to it (the id stays one parameter)."""
    response = client.get("/articles?format=html&limit=500")
    assert response.status_code == 200
    listing = Links(response.text)
    article_links = [link for link in listing.links if "/articles/" in link]
    assert len(article_links) == len(LINKED) + 2  # and the two hand-made articles
    page_url = next(link for link in article_links if "wire" in link)
    assert "?x" not in page_url and "#top" not in page_url.split("?format")[0]
    page = _html(client, page_url)
    assert "+Headline 0" in page
    data = client.get(page_url.replace("format=html", "format=json")).json()
    assert data["id"] == SLASHED
    # every link on the article's page that points into this server resolves
    for link in Links(page).links:
        target = urljoin(page_url, link)
        if link.startswith("#") or urlsplit(target).netloc != "testserver" or "/docs" in target:
            continue
        assert client.get(target).status_code == 200, target
    claim_link = next(link for link in Links(page).links if "/claims/" in link)
    claim = client.get(claim_link.replace("format=html", "format=json")).json()
    assert claim["article"] == SLASHED
    # the linked-data page and its "open its page" link
    ld = next(link for link in Links(page).links if "/id/article/" in link)
    ld_page = _html(client, urljoin(page_url, ld))
    assert f"article/{quote(SLASHED, safe='-_.~')}</h1>" in ld_page  # the IRI as minted, found
    back = next(link for link in Links(ld_page).links if "/articles/" in link)
    assert client.get(back.replace("format=html", "format=json")).json()["id"] == SLASHED


def test_security_headers_on_every_html_page(client: Client) -> None:
    for url in ("/articles?format=html", "/incidents?format=html", "/sources?format=html", "/claims?format=html",
                "/queries?format=html", "/sparql?format=html", "/id/article/js?format=html", "/docs",
                "/articles/nothing-here?format=html"):
        response = client.get(url, headers={"Accept": "text/html"})
        headers = response.headers
        policy = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy, url
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "default-src 'none'" in policy, url
        assert headers.get("x-content-type-options") == "nosniff", url
        assert headers.get("x-frame-options") == "DENY", url
        assert headers.get("referrer-policy") == "no-referrer", url
        if response.status_code == 200:  # the policy holds for these pages: no inline script or style
            page = Links(response.text)
            assert "" not in page.scripts and not page.inline, url


def test_json_and_csv_answers_are_not_sniffed_nor_framed(client: Client) -> None:
    for url in ("/health", "/articles", "/sparql?query=ASK%7B%7D", "/export/sources.csv?table=nodes", "/openapi.json"):
        headers = client.get(url).headers
        assert headers.get("x-content-type-options") == "nosniff", url
        assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), url


def test_docs_load_nothing_from_another_server(client: Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    parsed = Links(page.text)
    assets = [*parsed.scripts, *parsed.styles]
    assert assets and all(urlsplit(a).netloc in ("", "testserver") for a in assets), assets
    assert "cdn" not in page.text.lower()
    for asset in assets:
        fetched = client.get(asset)
        assert fetched.status_code == 200 and len(fetched.content) > 500, asset
    assert client.get("/redoc").status_code == 404  # FastAPI's ReDoc page would load from a CDN
    assert "swagger-ui-bundle.js" in page.text


def test_docs_off_without_bundled_files(iris, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import api.app

    monkeypatch.setattr(api.app, "swagger_assets", lambda: None)
    from kg.rdf.store import OxigraphStore

    bare = Client(create_app(load_config({"store": "memory"}, environ={}), OxigraphStore(None)))
    assert bare.get("/docs").status_code == 404
    assert bare.get("/openapi.json").status_code == 200
    assert 'href="/openapi.json">API</a>' in bare.get("/sparql?format=html").text
