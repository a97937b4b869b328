"""The pages as a fact-checker uses them, in a real browser: Playwright drives the system's Chromium
(`executable_path`; no browser is downloaded) against the app served by uvicorn over the seed. One
journey (front page -> search -> the seed's strike -> its map, figures and timeline -> a claim in its
article -> SOHR compared with SANA), then axe-core (bundled by axe-playwright-python, injected into each
page) on every kind of page: no serious or critical violation.

Screenshots are saved under the test run's temporary folder (`screenshots/`, printed at the end).
Skipped when Playwright or Chromium is missing (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import chromium, serving_in_thread

SOHR = "Syrian Observatory for Human Rights"
# The seed's strike: who gave which figure (the gold of ../shared/gold, as the pages word it).
VOICES = {"SANA": "at least 40", SOHR: "at least 36", "local media": "more than 40"}
SOHR_VIA_AFP = "17"
INCIDENT_URL = re.compile(r"/incidents/[0-9a-f]+(\?.*)?$")


@pytest.fixture(scope="module")
def server(seed_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """uvicorn serving the app over the seed store, in a thread, on a free port."""
    chromium()
    pytest.importorskip("playwright.sync_api")
    from api.app import create_app
    from kg.settings import load_config

    app = create_app(load_config({"store": "memory"}, environ={}), seed_store)
    with serving_in_thread(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the pages allow no inline script, and axe-core is injected as one
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    context.set_default_timeout(30_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _cells(page: Any, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def test_fact_checker_journey(server: str, page: Any, screenshots: Path) -> None:
    # the front page says what the store holds and offers a search over incidents
    page.goto(f"{server}/")
    assert page.locator("h1").count() == 1
    _shot(page, screenshots, "01-front-page")
    page.get_by_label("Place").fill("Deir ez-Zor")
    page.get_by_label("From").fill("2018-11-17")
    page.get_by_label("to", exact=True).fill("2018-11-17")
    page.get_by_role("button", name="Search incidents").click()
    page.wait_for_url(re.compile(r"/incidents\?"))
    assert "/incidents" in page.url and "place=Deir" in page.url
    _shot(page, screenshots, "02-search-results")

    # the strike is in the results; open it
    links = page.locator("main table a[href*='/incidents/']")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_url(INCIDENT_URL)
    assert "Airstrike, 17 Nov 2018" in page.locator("h1").inner_text()
    _shot(page, screenshots, "03-incident")

    # the numbers side by side: the four voices, each with its figure
    figures = page.locator("table.figures")
    headers = _cells(page, "table.figures th")
    cells = " | ".join(_cells(page, "table.figures td"))
    for voice, stated in VOICES.items():
        assert voice in headers, headers
        assert stated in cells, cells
    assert "via AFP" in figures.inner_text() and SOHR_VIA_AFP in cells

    # the timeline: the seed's one article, its outlet not given, every voice's figure in it
    timeline = page.locator("table.timeline").inner_text()
    assert "outlet not given" in timeline
    for voice, stated in VOICES.items():
        assert f"{stated}" in timeline and voice in timeline, (voice, timeline)
    assert f"{SOHR_VIA_AFP} children killed ({SOHR} via AFP)" in " ".join(timeline.split())

    # the map: an SVG with markers labelled and titled, a scale bar and a north arrow; the voices that
    # place the strike (SANA, SOHR) with their figures in the markers' titles
    svg = page.locator("svg.map")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    labels = page.locator("svg.map g.marker text").all_text_contents()
    assert any("Abu Hassan village" in label for label in labels), labels
    titles = " ".join(page.locator("svg.map g.marker title").all_text_contents())
    assert f"{SOHR} (17 children killed)" in titles and "SANA (at least 40 people killed" in titles
    assert page.locator("svg.map .scale title").text_content() == "Scale: 100 km"
    assert page.locator("svg.map .north title").text_content() == "North is up"
    assert page.locator("svg.map path.governorate.shaded title").all_text_contents() == ["Deir ez-Zor Governorate"]
    svg.screenshot(path=str(screenshots / "04-incident-map.png"))

    # the map prints too
    page.emulate_media(media="print")
    assert page.locator("svg.map").is_visible() and not page.locator("header").is_visible()
    page.emulate_media(media="screen")

    # follow a claim (SOHR via AFP's figure in the timeline) to its article: the claim is highlighted
    page.locator("table.timeline a", has_text=f"{SOHR_VIA_AFP} children killed").click()
    page.wait_for_url(re.compile(r"/articles/.*#"))
    assert "/articles/" in page.url and "#" in page.url
    target = page.locator(":target")
    assert target.count() == 1
    assert "seventeen children" in target.inner_text().lower()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert page.locator(".article-text a.claim").count() >= 10  # every claim marked
    _shot(page, screenshots, "05-article-claim")

    # all claims about the incident, grouped by original source
    page.go_back()
    page.wait_for_url(INCIDENT_URL)
    page.get_by_role("link", name="Show all claims about this incident").click()
    page.wait_for_url(re.compile(r"/incidents/[0-9a-f]+/claims"))
    groups = _cells(page, "section.source h3")
    for voice in VOICES:
        assert any(g.startswith(voice) for g in groups), groups
    _shot(page, screenshots, "06-incident-claims")

    # SOHR compared with SANA, from the front page's form
    page.goto(f"{server}/")
    page.get_by_label("Sources (two or more ids or names, separated by commas)").fill("SOHR, SANA")
    page.get_by_role("button", name="Compare their figures").click()
    page.wait_for_url(re.compile(r"/compare\?"))
    assert "/compare" in page.url
    body = " ".join(page.locator("main").inner_text().split())
    assert SOHR in body and "SANA" in body
    assert "at least 36" in body and "at least 40" in body
    _shot(page, screenshots, "07-compare-sohr-sana")
    print(f"screenshots: {screenshots}")


def _page_urls(server: str) -> dict[str, str]:
    import json
    import urllib.request

    def get(path: str) -> Any:
        request = urllib.request.Request(server + path, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    strike = next(i["id"] for i in get("/incidents")["items"] if i["date"] == "2018-11-17")
    article = get("/articles")["items"][0]["id"]
    return {
        "front page": "/",
        "incident list": "/incidents?format=html",
        "incident": f"/incidents/{strike}?format=html",
        "incident claims": f"/incidents/{strike}/claims?format=html",
        "article": f"/articles/{article}?format=html",
        "source": "/sources/agent/sohr?format=html",
        "comparison": "/compare?sources=agent/sohr,agent/sana&format=html",
    }


def test_no_serious_accessibility_violation(server: str, page: Any, screenshots: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: dict[str, list[str]] = {}
    for name, path in _page_urls(server).items():
        response = page.goto(server + path)
        assert response is not None and response.status == 200, (name, path)
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = [f"{v['id']} ({v['impact']}): {v['help']} at "
                           + ", ".join(str(n["target"]) for n in v["nodes"][:3]) for v in serious]
            _shot(page, screenshots, "axe-" + name.replace(" ", "-"))
    assert not found, found


def test_keyboard_focus_is_visible(server: str, page: Any) -> None:
    """Tab from the top of a page: the skip link comes into view, then each link shows its focus outline."""
    for path in ("/", "/incidents?format=html", "/compare?sources=agent/sohr,agent/sana&format=html"):
        page.goto(server + path)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.inner_text() == "Skip to content"
        box = skip.bounding_box()
        assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
        for _ in range(3):
            page.keyboard.press("Tab")
            outline = page.locator(":focus").evaluate(
                "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
            assert outline[0] != "none" and outline[1] >= 2, (path, outline)
