"""The HTML pages, in process: each answers 200 as text/html with its key parts, links that resolve,
and user text (claims, headlines, outlet and place names) escaped, never run."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

STRIKE = "2018-11-17-al-buqaan"
HOSTILE = "hostile-1"
SCRIPT = "<script>alert('x')</script>"
HOSTILE_TEXT = (f"At least 12 people were killed {SCRIPT} in the strike on Al-Buqa'an, "
                "the <b>monitor</b> & friends said. The end.")


def _hostile_store(iris):  # type: ignore[no-untyped-def]
    """The hand-made graph plus an article whose text, headline, outlet and source name carry markup."""
    from handmade import AGENTS, PLACES, extractions

    from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Incident, Span
    from kg.rdf.store import OxigraphStore
    from kg.rdf.writer import Provenance, save_agents, save_extraction, save_incidents, save_places
    from kg.resolve.summary import summarize_all

    found, incidents = extractions()
    agents = [*AGENTS, Agent("agent/evil", "Evil <img src=x onerror=alert(1)> Monitor", "monitor"),
              Agent("outlet/evil", "The <i>Outlet</i>", "outlet")]
    article = Article(HOSTILE, HOSTILE_TEXT, "The <i>Outlet</i>", date(2018, 11, 20),
                      "https://example.org/x?a=1&b=<2>", f"Headline {SCRIPT}")
    sentence = HOSTILE_TEXT[:HOSTILE_TEXT.index(" The end.")]
    claim = Claim(HOSTILE, Span(0, len(sentence), sentence), Hop("the <b>monitor</b>", agent="agent/evil"),
                  cue="say", quote="indirect", event_type="airstrike", date="2018-11-17",
                  place_keys=["place/al-buqaan"], figures=[Figure(12, "at_least", "killed", "people")])
    found.append(Extraction(article, [claim], "outlet/evil", {a.key: a for a in agents}))
    incidents.append(Incident("incident/2018-11-17-hostile", "airstrike", "2018-11-17", None, ["place/al-buqaan"],
                              ["<script>actor</script>"], [claim.key]))
    store = OxigraphStore(None)
    save_agents(store, agents, iris)
    save_places(store, PLACES, iris)
    for extraction in found:
        save_extraction(store, extraction, iris, Provenance("test", "handmade", "1"))
    save_incidents(store, incidents, iris, summarize_all(incidents, found))
    return store


@pytest.fixture(scope="module")
def client(iris) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), _hostile_store(iris)))


class Page(HTMLParser):
    """What a test needs from a page: its links, ids, headings, table headers, labels, scripts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: dict[str, int] = {}
        self.scripts: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[str] = []
        self.lang: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "script":
            self.scripts.append(str(a.get("src")))
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(str(a.get("id")))


PAGES = [
    "/incidents", f"/incidents/{STRIKE}", f"/incidents/{STRIKE}/claims", "/incidents/2018-11-17-hostile/claims",
    "/claims", "/claims?source=agent/evil", f"/claims/{HOSTILE}/0-{HOSTILE_TEXT.index(' The end.')}",
    "/sources", "/sources/agent/sohr", "/sources/agent/evil", "/articles", f"/articles/{HOSTILE}",
    "/articles/press-tv-1", "/queries", "/sparql", "/id/agent/sohr", "/id/article/hostile-1",
]


def _get(client: Client, url: str) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


@pytest.mark.parametrize("url", PAGES)
def test_page_is_html_with_basics(client: Client, url: str) -> None:
    text = _get(client, url)
    page = Page(text)
    assert page.lang == "en" and page.tags.get("h1") == 1 and page.tags.get("main") == 1
    assert "<title>" in text and "<nav" in text
    # every form field has a label
    assert set(page.fields) <= page.label_for, set(page.fields) - page.label_for
    # only our own scripts: user text never becomes a script element
    assert all(src.startswith("http://testserver/static/") for src in page.scripts), page.scripts


@pytest.mark.parametrize("url", PAGES)
def test_user_text_is_escaped(client: Client, url: str) -> None:
    text = _get(client, url)
    assert "<script>alert" not in text and "<img src=x" not in text and "<i>Outlet</i>" not in text
    assert "<b>monitor</b>" not in text


def test_hostile_text_shown_escaped(client: Client) -> None:
    text = _get(client, f"/articles/{HOSTILE}")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert "Headline &lt;script&gt;" in text and "The &lt;i&gt;Outlet&lt;/i&gt;" in text
    claims = _get(client, "/incidents/2018-11-17-hostile/claims")
    assert "Evil &lt;img src=x onerror=alert(1)&gt; Monitor" in claims and "&lt;script&gt;actor" in claims


def test_internal_links_resolve(client: Client) -> None:
    """Every link on the central pages leads to a page that answers 200 (fragments to an id on it)."""
    seen: set[str] = set()
    for url in (f"/incidents/{STRIKE}/claims", f"/articles/{HOSTILE}", "/sources/agent/sohr", "/incidents"):
        page = Page(_get(client, url))
        for link in page.links:
            if link.startswith("#"):
                assert link[1:] in page.ids, (url, link)
                continue
            path = link.replace("http://testserver", "")
            if not path.startswith("/") or path.startswith("/docs") or path in seen:
                continue
            seen.add(path)
            target = path.split("#")[0]
            accept = "text/html" if "format=" not in target else "*/*"
            status = client.get(target, headers={"Accept": accept}).status_code
            assert status == 200, (url, link, status)
    assert len(seen) > 10


def test_incident_claims_page(client: Client) -> None:
    text = _get(client, f"/incidents/{STRIKE}/claims")
    data = client.get(f"/incidents/{STRIKE}/claims").json()
    page = Page(text)
    # a section per original source, with a heading naming it
    for group in data["sources"]:
        assert f">{group['label']}</a>" in text
    # one figures table: a row per counted thing, a column per source that gave a figure
    table = text[text.index('<table class="figures">'):text.index("</table>", text.index('class="figures"'))]
    assert table.count("<th scope=\"row\">") == len(data["figures"])
    for measure in data["figures"]:
        for source in measure["sources"]:
            assert f">{source['label']}</a></th>" in table
            for figure in source["figures"]:
                assert f">{figure['stated']}</a>" in table
    people = next(m for m in data["figures"] if m["victims"] == "people")["spread"]
    # the range as stored with the incident, in the words of the incident list: "at least 40" has no upper bound
    assert people["highest"] is None and people["stated"] == f"{people['lowest_stated']} to {people['highest_stated']}"
    assert f'<td class="num spread">{people["stated"]}</td>' in table
    # conflicts highlighted, claims anchored in their context, the count of independent sources
    assert 'class="conflict"' in text and "conflict-badge" in text
    assert '<mark class="claim">' in text and text.count('<article class="claim') == data["summary"]["claims"]
    assert f"{data['summary']['independent_sources']} independent" in text
    for group in data["sources"]:
        for claim in group["claims"]:
            assert claim["id"].replace("/", "-") in page.ids


def test_article_marks_claims_in_text(client: Client) -> None:
    text = _get(client, "/articles/press-tv-1")
    data = client.get("/articles/press-tv-1").json()
    page = Page(text)
    for claim in data["items"]:
        assert f"claim-{claim['begin']}-{claim['end']}" in page.ids
        assert f"row-{claim['begin']}-{claim['end']}" in page.ids
    assert 'class="claim hedged"' in text


def test_lists_page_and_filter(client: Client) -> None:
    text = _get(client, "/claims?limit=2")
    assert "showing 1–2" in text and 'rel="next"' in text
    assert "No claim matches" in _get(client, "/claims?quote=direct&source=agent/sana")
    assert "No incident matches" in _get(client, "/incidents?date_from=2030-01-01")


def test_numbers_and_dates_for_people(client: Client) -> None:
    text = _get(client, "/incidents")
    assert '<time datetime="2018-11-17">17 Nov 2018</time>' in text
    page = _get(client, f"/incidents/{STRIKE}")
    assert "5 claims in 2 articles" in page


def test_minted_iris_link_to_this_server(client: Client) -> None:
    text = _get(client, "/id/article/hostile-1")
    assert 'href="https://claimgraph.org/id/' not in text and 'href="/id/outlet/evil?format=html"' in text


def test_errors_are_pages_for_browsers_and_problems_for_programs(client: Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/incidents/no-such-incident", headers={"Accept": browser})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no incident" in page.text and "<h1>404" in page.text
    program = client.get("/incidents/no-such-incident")
    assert program.status_code == 404 and program.headers["content-type"] == "application/problem+json"
    bad = client.get("/claims?limit=0", headers={"Accept": browser})
    assert bad.status_code == 400 and "limit" in bad.text and bad.headers["content-type"].startswith("text/html")


def test_page_links_are_the_urls_the_routes_give() -> None:
    """`url_for` puts encoded values into each route's path itself: for every route of the app, with ids
    holding spaces, "?", "#", "%", braces and "/", the URL is the one Starlette's own lookup gives."""
    from urllib.parse import quote

    from starlette.convertors import PathConvertor
    from starlette.requests import Request

    from api.pages import url_for
    from kg.rdf.store import OxigraphStore

    app = create_app(load_config({"store": "memory"}, environ={}), OxigraphStore(None))
    request = Request({"type": "http", "app": app, "router": app.router, "scheme": "http", "server": ("h", 80),
                       "path": "/", "root_path": "", "headers": [], "query_string": b""})
    routes, pending = [], list(app.router.routes)
    while pending:
        route = pending.pop()
        pending.extend(getattr(getattr(route, "original_router", route), "routes", None) or ())
        if getattr(route, "name", None) and getattr(route, "param_convertors", None):
            routes.append(route)
    assert len(routes) >= 10
    for route in routes:
        params = {key: "a b/c?d#e%f{x}" if isinstance(convertor, PathConvertor) else "a b?d#e%f{x}"
                  for key, convertor in route.param_convertors.items()}
        encoded = {key: quote(value, safe="/-_.~" if isinstance(route.param_convertors[key], PathConvertor)
                              else "-_.~") for key, value in params.items()}
        assert url_for(request, route.name, **params) == "http://h" + str(route.url_path_for(route.name, **encoded))
