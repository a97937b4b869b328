"""/compare: two or more sources side by side across the incidents they all reported, agreeing or
conflicting as stored at linking, with links to the sentences; a 400 problem for too few or unknown."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from apiclient import Client

from api.app import create_app
from kg.settings import load_config

HANDMADE_STRIKE = "2018-11-17-al-buqaan"
KHAN_SHEIKHOUN = "633d1403789b"  # 4 Apr 2017, as FA-KES's articles link it


def _client(store) -> Client:  # type: ignore[no-untyped-def]
    return Client(create_app(load_config({"store": "memory"}, environ={}), store))


@pytest.fixture(scope="module")
def handmade(handmade_store) -> Client:  # type: ignore[no-untyped-def]
    return _client(handmade_store)


def _measure(item: dict, category: str, victims: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in item["measures"] if (m["category"], m["victims"]) == (category, victims))


def _figures(measure: dict, source: str) -> list[str]:  # type: ignore[type-arg]
    return [f["stated"] for cell in measure["by_source"] if cell["source"] == source for f in cell["figures"]]


def test_handmade_conflict_side_by_side(handmade: Client) -> None:
    data = handmade.get("/compare", params={"sources": "SOHR,agent/sana"}).json()
    assert [s["id"] for s in data["sources"]] == ["agent/sohr", "agent/sana"] and data["total"] == 1
    item = data["items"][0]
    assert item["id"] == HANDMADE_STRIKE and item["agreement"] == "conflict"
    people = _measure(item, "killed", "people")
    # SOHR's own figures and Rami Abdel Rahman's, who speaks for it, through AFP or not
    assert _figures(people, "agent/sohr") == ["22", "at least 36"]
    assert _figures(people, "agent/sana") == ["at least 40"]
    assert people["agreement"] == "conflict"
    [conflict] = people["conflicts"]
    assert conflict["reason"] == "SOHR says 22 people were killed; SANA says at least 40, more than SOHR's 22 allows"
    assert (conflict["claim"], conflict["other_claim"]) == ("al-masdar-1/0-98", "press-tv-1/0-91")
    assert _measure(item, "killed", "children")["agreement"] == "one source"
    # the same comparison with the parameter repeated, sources named by bare key
    again = handmade.get("/compare?sources=sohr&sources=sana").json()
    assert again["items"][0]["measures"] == item["measures"]


def test_seed_sources_agree(seed_store) -> None:  # type: ignore[no-untyped-def]
    """The seed's strike: SANA 'at least 40', SOHR 'at least 36' can both be true; AFP's 17 children are SOHR's."""
    client = _client(seed_store)
    data = client.get("/compare", params={"sources": "agent/sohr,agent/sana"}).json()
    assert data["total"] == 1
    item = data["items"][0]
    assert item["agreement"] == "agree" and item["date"] == "2018-11-17"
    people = _measure(item, "killed", "people")
    assert people["agreement"] == "agree" and people["conflicts"] == []
    assert _figures(people, "agent/sana") == ["at least 40"] and _figures(people, "agent/sohr") == ["at least 36"]
    children = _measure(item, "killed", "children")
    assert _figures(children, "agent/sohr") == ["17"] and children["by_source"][0]["figures"][0]["via"] == ["AFP"]
    # a source that reported nothing in common with them
    other = client.get("/compare", params={"sources": "agent/sohr,agent/local-media,agent/sana"}).json()
    assert other["total"] == 1 and len(other["sources"]) == 3


@pytest.mark.parametrize(("query", "words"), [
    ("", "two or more sources"), ("?sources=agent/sohr", "two or more sources"),
    ("?sources=sohr,SOHR", "two or more different sources"),
    ("?sources=agent/sohr,nobody%20at%20all", "'nobody at all'"),
    ("?sources=agent/sohr,agent/no-such", "'agent/no-such'"),
])
def test_too_few_or_unknown_sources_are_400_problems(handmade: Client, query: str, words: str) -> None:
    response = handmade.get("/compare" + query)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]


class _Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.fields: list[str] = []
        self.labels: set[str] = set()
        self.alternates: list[str] = []
        self.h1 = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.h1 += tag == "h1"
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]).replace("http://testserver", ""))
        if tag in ("input", "select") and a.get("type") != "hidden":
            self.fields.append(str(a.get("id")))
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(str(a.get("type")))


def test_page_links_each_figure_to_its_sentence(handmade: Client) -> None:
    response = handmade.get("/compare", params={"sources": "agent/sohr,agent/sana", "format": "html"})
    assert response.status_code == 200 and "<title>SOHR, SANA compared" in response.text
    page = _Page(response.text)
    assert page.h1 == 1 and set(page.fields) <= page.labels and "application/json" in page.alternates
    assert "figures conflict" in response.text and "more than SOHR&#39;s 22 allows" in response.text
    sentence = next(link for link in page.links if link.startswith("/articles/press-tv-1") and "#claim-0-91" in link)
    article = _Page(handmade.get(sentence.split("#")[0]).text)
    assert "claim-0-91" in article.ids  # the link lands on SANA's sentence
    for link in page.links:
        if link.startswith("/"):
            assert handmade.get(link.split("#")[0], headers={"Accept": "text/html"}).status_code == 200, link


def test_source_and_front_pages_lead_to_it(handmade: Client) -> None:
    source = handmade.get("/sources/agent/sohr", headers={"Accept": "text/html"}).text
    assert 'action="http://testserver/compare"' in source and 'name="sources" value="agent/sohr"' in source
    # SOHR disagreed with Rami Abdel Rahman, who speaks for it: compared, his claim is his own
    compare = next(link for link in _Page(source).links if link.startswith("/compare?"))
    assert "agent%2Frami-abdel-rahman" in compare and "figures conflict" in handmade.get(compare).text
    data = handmade.get("/compare?sources=agent/sohr,agent/rami-abdel-rahman").json()
    people = _measure(data["items"][0], "killed", "people")
    assert _figures(people, "agent/rami-abdel-rahman") == ["22"] and "22" not in _figures(people, "agent/sohr")
    front = handmade.get("/", headers={"Accept": "text/html"}).text
    assert 'action="http://testserver/compare"' in front


def test_fakes_outlets_disagreeing_on_khan_sheikhoun(khan_sheikhoun_store) -> None:  # type: ignore[no-untyped-def]
    """Asharq Al-Awsat's 58 dead of 4 April and the Syrian National Coalition's "more than 100" of the next
    day are the toll rising: no conflict. A count below them reported two days later (Turkey's 3) is one,
    the same the incident page shows."""
    client = _client(khan_sheikhoun_store)
    later = client.get("/compare", params={"sources": "agent/asharq-al-awsat,agent/etilaf"}).json()
    rising = _measure(next(i for i in later["items"] if i["id"] == KHAN_SHEIKHOUN), "killed", "people")
    assert "58" in _figures(rising, "agent/asharq-al-awsat") and "more than 100" in _figures(rising, "agent/etilaf")
    assert not rising["conflicts"]
    data = client.get("/compare", params={"sources": "agent/asharq-al-awsat,agent/turkey"}).json()
    killed = _measure(next(i for i in data["items"] if i["id"] == KHAN_SHEIKHOUN), "killed", "people")
    assert killed["agreement"] == "conflict" and "3" in _figures(killed, "agent/turkey")
    stored = client.get(f"/incidents/{KHAN_SHEIKHOUN}").json()["conflicts"]
    assert {c["reason"] for c in killed["conflicts"]} <= {c["reason"] for c in stored}
