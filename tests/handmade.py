"""A small hand-made graph with what the seed will carry once extraction and incident linking land:
chains, figures, places inside places, incidents, a conflict. Written through the real writer."""

from __future__ import annotations

from datetime import date

from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Incident, Place, Span
from kg.rdf.store import OxigraphStore, Store
from kg.rdf.vocab import Iris
from kg.rdf.writer import Provenance, save_agents, save_extraction, save_incidents, save_places
from kg.resolve.summary import summarize_all

TEXT_A = (
    "At least 40 people were killed Saturday in airstrikes in Deir ez-Zor, state media reported. "
    "Seventeen children were among the dead in Abu Hassan, the Observatory said, AFP reported. "
    "The monitor reported at least 36 people killed, with local media reporting upwards of 40. "
    "Most of the slain civilians had apparently been displaced. "
    "Last Sunday strikes on Al-Shaafa killed 28 people, the monitor said."
)
TEXT_B = "Twenty-two people were killed in the strike on Al-Buqa'an, AFP quoted Rami Abdel Rahman as saying."

AGENTS = [
    Agent("agent/sana", "SANA", "state_media", ("Syrian Arab News Agency", "state media")),
    Agent("agent/sohr", "SOHR", "monitor", ("Syrian Observatory for Human Rights", "the monitor")),
    Agent("agent/afp", "AFP", "news_agency", ("Agence France-Presse",)),
    Agent("agent/local-media", "local media", "generic"),
    Agent("agent/rami-abdel-rahman", "Rami Abdel Rahman", "official", member_of="agent/sohr", is_person=True),
    Agent("outlet/press-tv", "Press TV", "outlet"),
    Agent("outlet/al-masdar", "Al Masdar", "outlet"),
]
PLACES = [
    Place("place/syria", "Syria", feature="country"),
    Place("place/deir-ez-zor", "Deir ez-Zor", ("Deir Ezzor",), 35.33, 40.14, "place/syria", "governorate"),
    Place("place/al-buqaan", "Al-Buqa'an", ("Al-Buqaan",), 34.6, 40.9, "place/deir-ez-zor", "village"),
    Place("place/al-shaafa", "Al-Shaafa", (), 34.5, 40.9, "place/deir-ez-zor", "village"),
    Place("place/aleppo", "Aleppo", (), 36.2, 37.1, "place/syria", "governorate"),
]


def _span(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence), sentence)


def _hop(key: str, name: str) -> Hop:
    return Hop(name=name, agent=key)


def _claim(article: Article, sentence: str, source: Hop, via: list[Hop] | None = None, **kw: object) -> Claim:
    return Claim(article_id=article.id, span=_span(article.text, sentence), source=source, via=via or [], **kw)


def extractions() -> tuple[list[Extraction], list[Incident]]:
    a = Article("press-tv-1", TEXT_A, "Press TV", date(2018, 11, 18), "https://example.org/a", "Strikes kill 40")
    b = Article("al-masdar-1", TEXT_B, "Al Masdar", date(2018, 11, 19), None, None)
    sentences = [s + "." for s in TEXT_A.split(". ")]
    sentences[-1] = sentences[-1].rstrip(".") if sentences[-1].endswith("..") else sentences[-1]
    c1 = _claim(a, sentences[0], _hop("agent/sana", "state media"), cue="report", quote="indirect",
                event_type="airstrike", date="2018-11-17", place_keys=["place/deir-ez-zor"],
                figures=[Figure(40, "at_least", "killed", "people")])
    c2 = _claim(a, sentences[1], _hop("agent/sohr", "the Observatory"), [_hop("agent/afp", "AFP")], cue="say",
                quote="indirect", event_type="airstrike", date="2018-11-17", place_keys=["place/al-buqaan"],
                figures=[Figure(17, "exact", "killed", "children")])
    c3 = _claim(a, sentences[2], _hop("agent/sohr", "The monitor"), cue="report", quote="indirect",
                event_type="airstrike", date="2018-11-17", place_keys=["place/al-buqaan"],
                figures=[Figure(36, "at_least", "killed", "people")])
    c4 = _claim(a, sentences[3], Hop.outlet_voice(agent="outlet/press-tv"), hedged=True, quote="none",
                place_keys=["place/al-buqaan"])
    c5 = _claim(a, TEXT_A[TEXT_A.index("Last Sunday"):], _hop("agent/sohr", "the monitor"), cue="say",
                quote="indirect", event_type="airstrike", date="2018-11-11", place_keys=["place/al-shaafa"],
                figures=[Figure(28, "exact", "killed", "people")])
    d1 = _claim(b, TEXT_B, _hop("agent/rami-abdel-rahman", "Rami Abdel Rahman"), [_hop("agent/afp", "AFP")],
                cue="quote", quote="direct", event_type="airstrike", date="2018-11-17",
                place_keys=["place/al-buqaan"], figures=[Figure(22, "exact", "killed", "people")])
    agents = {agent.key: agent for agent in AGENTS}
    ex_a = Extraction(a, [c1, c2, c3, c4, c5], "outlet/press-tv", agents)
    ex_b = Extraction(b, [d1], "outlet/al-masdar", agents)
    incidents = [
        Incident("incident/2018-11-17-al-buqaan", "airstrike", "2018-11-17", None, ["place/al-buqaan"],
                 ["US-led coalition"], [c1.key, c2.key, c3.key, c4.key, d1.key], first_reported="2018-11-18"),
        Incident("incident/2018-11-11-al-shaafa", "airstrike", "2018-11-11", None, ["place/al-shaafa"],
                 ["US-led coalition"], [c5.key], first_reported="2018-11-18"),
    ]
    return [ex_a, ex_b], incidents


def build(iris: Iris) -> OxigraphStore:
    store = OxigraphStore(None)
    write(store, iris)
    return store


def write(store: Store, iris: Iris) -> None:
    """Write the hand-made graph into any store, through the real writer."""
    found, incidents = extractions()
    provenance = Provenance("test", "handmade", "1")
    save_agents(store, AGENTS, iris)
    save_places(store, PLACES, iris)
    for extraction in found:
        save_extraction(store, extraction, iris, provenance)
    save_incidents(store, incidents, iris, summarize_all(incidents, found))
