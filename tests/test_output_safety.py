"""Output safety, through real requests to the app: only http(s) URLs become links, ids stay one URL
parameter however they are spelled, every response carries the security headers, /docs loads
nothing from another server, and CSV cells cannot start a spreadsheet formula."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from apiclient import Client

from api.app import create_app
from kg.cli import main
from kg.csvcells import safe_cell
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


def _store(iris, path=None):  # type: ignore[no-untyped-def]
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
    store = OxigraphStore(path)
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


# CSV: OWASP's rule, in every CSV the product writes

HOSTILE_CELLS = ["=1+1", "=HYPERLINK(\"http://evil.example\")", "+1+cmd|' /C calc'!A0", "-2+3", "-cmd", "@SUM(1+1)",
                 "\t=1+1", "\r=1+1", "+", "-", "@", "-1e5+1"]
NUMBERS = ["-5", "+7", "-2.5", "-.5", "+1.5E3", "-2e-3"]


@pytest.mark.parametrize("value", HOSTILE_CELLS)
def test_a_formula_cell_is_prefixed(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [*NUMBERS, "", "plain", "a=b", " =1+1", "'=1", "_:b0", "https://x.org/a"])
def test_other_cells_are_left_alone(value: str) -> None:
    assert safe_cell(value) == value


def _formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would evaluate."""
    return [cell for row in rows for cell in row if safe_cell(cell) != cell]


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("view", ["sources", "claims"])
@pytest.mark.parametrize("table", ["nodes", "edges"])
def test_export_csv_tables_are_safe(client: Client, view: str, table: str) -> None:
    response = client.get(f"/export/{view}.csv", params={"table": table})
    assert response.status_code == 200
    rows = _csv(response.text)
    assert len(rows) > 1 and not _formula_cells(rows)
    if table == "nodes":
        cells = {cell for row in rows for cell in row}
        assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells


def test_export_csv_zip_is_safe(client: Client) -> None:
    response = client.get("/export/claims.csv")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in ("nodes.csv", "edges.csv"):
            rows = _csv(archive.read(name).decode("utf-8"))
            assert len(rows) > 1 and not _formula_cells(rows), name
        cells = {cell for row in _csv(archive.read("nodes.csv").decode("utf-8")) for cell in row}
        assert "'" + FORMULA in cells


NUMBERED = ["-5", "+7", "-2.5"] + ["1"] * (len(HOSTILE_CELLS) - 3)


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return f'"{escaped}"'


VALUES = "SELECT ?x ?n WHERE { VALUES (?x ?n) { " + " ".join(
    f"({_literal(v)} {n})" for v, n in zip(HOSTILE_CELLS, NUMBERED, strict=True)) + " } }"


@pytest.mark.parametrize("max_rows", [0, 10000])  # streamed rows, and the capped answer converted from TSV
def test_sparql_csv_results_are_safe(iris, max_rows: int) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.store import OxigraphStore

    app = create_app(load_config({"store": "memory", "max_rows": max_rows}, environ={}), OxigraphStore(None))
    response = Client(app).get("/sparql", params={"query": VALUES, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = _csv(response.text)
    assert rows[0] == ["x", "n"] and len(rows) == len(HOSTILE_CELLS) + 1
    assert [row[0] for row in rows[1:]] == ["'" + v for v in HOSTILE_CELLS]
    assert [row[1] for row in rows[1:4]] == ["-5", "7", "-2.5"]  # numbers stay numbers
    assert not _formula_cells(rows)


@pytest.fixture(scope="module")
def store_dir(iris, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("store")
    _store(iris, path).close()
    return path


def test_kg_export_csv_is_safe(store_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "nodes.csv"
    assert main(["--store", str(store_dir), "export", "--view", "sources", "--format", "csv", "--table", "nodes",
                 "-o", str(out)]) == 0
    rows = _csv(out.read_text(encoding="utf-8"))
    assert not _formula_cells(rows) and "'" + FORMULA in {cell for row in rows for cell in row}
    archive = tmp_path / "claims.zip"
    assert main(["--store", str(store_dir), "export", "--view", "claims", "--format", "csv", "-o", str(archive)]) == 0
    with zipfile.ZipFile(archive) as opened:
        for name in ("nodes.csv", "edges.csv"):
            assert not _formula_cells(_csv(opened.read(name).decode("utf-8"))), name


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_kg_query_csv_is_safe(store_dir, capsys, fmt: str) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?label WHERE { ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label"
    assert main(["--store", str(store_dir), "query", query, "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    labels = {row[0] for row in rows}
    assert "'" + FORMULA in labels and "'@SUM(1+1)" in labels
    assert not _formula_cells(rows)


def test_an_unexpected_error_page_has_the_headers_too(iris, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 500 is answered outside the middleware stack; it carries the same headers."""
    import asyncio

    import httpx

    import api.routes.articles
    from kg.rdf.store import OxigraphStore

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(api.routes.articles, "list_articles", broken)
    app = create_app(load_config({"store": "memory"}, environ={}), OxigraphStore(None))

    async def get(accept: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get("/articles", headers={"Accept": accept})

    for accept in ("text/html", "application/json"):
        response = asyncio.run(get(accept))
        assert response.status_code == 500 and "boom" not in response.text
        assert response.headers.get("x-content-type-options") == "nosniff", accept
        assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", ""), accept
        if accept == "text/html":
            assert response.headers["content-type"].startswith("text/html")
            assert "script-src 'self'" in response.headers["content-security-policy"]
