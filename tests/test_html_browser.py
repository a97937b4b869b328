"""End to end in a real browser: the app served by uvicorn over the seed, the page "all claims about
this incident" rendered by headless Chromium, and the rendered DOM checked against the JSON API.

Skipped when no Chromium is installed (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from conftest import chromium, serving_in_thread


@pytest.fixture(scope="module")
def server(seed_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """uvicorn serving the app over the seed store, in a thread, on a free port."""
    chromium()  # skip before starting anything when there is no browser
    from api.app import create_app
    from kg.settings import load_config

    app = create_app(load_config({"store": "memory"}, environ={}), seed_store)
    with serving_in_thread(app) as base:
        yield base


def _json(url: str) -> dict:  # type: ignore[type-arg]
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def _status(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def dump_dom(url: str) -> str:
    """The DOM headless Chromium renders for `url` (a browser's own Accept header and parsing)."""
    browser = chromium()
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    """Headings (h1-h3) and their text, links, ids, and the cells of the figures table."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.figure_headers: list[str] = []
        self.figure_cells: list[str] = []
        self._heading: str | None = None
        self._text: list[str] = []
        self._in_figures = False
        self._cell: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        if tag == "table" and "figures" in (a.get("class") or ""):
            self._in_figures = True
        if self._in_figures and tag in ("th", "td"):
            self._cell, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None
        if self._in_figures and tag == self._cell:
            text = " ".join("".join(self._text).split())
            (self.figure_headers if tag == "th" else self.figure_cells).append(text)
            self._cell = None
        if tag == "table":
            self._in_figures = False

    def handle_data(self, data: str) -> None:
        if self._heading or self._cell:
            self._text.append(data)


def test_incident_claims_page_in_a_browser(server: str) -> None:
    incidents = _json(f"{server}/incidents?sort=-claims&limit=1")["items"]
    assert incidents, "the seed yields at least one incident"
    incident = incidents[0]["id"]
    data = _json(f"{server}/incidents/{incident}/claims")
    dom = Dom(dump_dom(f"{server}/incidents/{incident}/claims"))

    # a page about this incident, and a section headed by each original source with its claim count
    assert [level for level, _ in dom.headings].count("h1") == 1
    section_heads = [text for level, text in dom.headings if level == "h3"]
    for group in data["sources"]:
        count = len(group["claims"])
        assert f"{group['label']} {count} claim{'s' if count != 1 else ''}" in section_heads, section_heads
        for claim in group["claims"]:
            assert claim["id"].replace("/", "-") in dom.ids

    # the figures side by side: one row per counted thing, one column per source, the API's numbers
    assert data["figures"], "the seed's main incident states numbers"
    for measure in data["figures"]:
        assert f"{measure['victims']} {measure['category']}".replace("_", " ") in dom.figure_headers
        for source in measure["sources"]:
            assert source["label"] in dom.figure_headers
            for figure in source["figures"]:
                assert any(cell.startswith(figure["stated"]) for cell in dom.figure_cells), (
                    figure["stated"], dom.figure_cells)

    # every link on the page resolves: fragments to an element, paths to a 200 on this server
    checked = set()
    for link in dom.links:
        if link.startswith("#"):
            assert link[1:] in dom.ids, link
            continue
        url = link if link.startswith("http") else server + link
        if not url.startswith(server) or "/docs" in url:
            continue
        target = url.split("#")[0]
        if target not in checked:
            checked.add(target)
            assert _status(target) == 200, link
    assert len(checked) >= 5
