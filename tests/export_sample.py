"""A small hand-made store for the export tests, written through the real RDF writer.

It mirrors the seed article's attribution structure (gold: ../shared/gold/000_*.gold.jsonl): SANA,
SOHR (directly and via AFP), local media, Press TV, the coalition, rights groups, the outlet's own
voice, and Rami Abdel Rahman (member of SOHR) via AFP; plus a second article from another outlet
two weeks later, about the same strike and a shelling in Idlib, so that filters have work to do.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Incident, Place, Span
from kg.rdf.mapping import article_graph
from kg.rdf.store import OxigraphStore
from kg.rdf.vocab import Iris
from kg.rdf.writer import Provenance, save_agents, save_extraction, save_incidents, save_places


def _figures_storable() -> bool:
    """False while kg.rdf.mapping writes `CG.count` (str.count, not the term) and crashes on figures."""
    article = Article("probe", "a b")
    claim = Claim("probe", Span(0, 1, "a"), Hop.outlet_voice(), figures=[Figure(1)])
    try:
        article_graph(Extraction(article, [claim], "outlet/probe"), Iris("https://example.org/"))
    except AssertionError:
        return False
    return True


FIGURES_STORABLE = _figures_storable()
"""When figures cannot be stored, the sample leaves them out and the figure tests skip."""

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_e7699034f6b04b7f.txt"
SEED_ID = "000_e7699034f6b04b7f"
SECOND_ID = "second-article"
SEED_OUTLET = "outlet/unknown-outlet"
SECOND_OUTLET = "outlet/reuters"

AGENTS = [
    Agent("agent/sana", "SANA", "state_media", aliases=("Syrian Arab News Agency",)),
    Agent("agent/sohr", "Syrian Observatory for Human Rights", "monitor", aliases=("SOHR",)),
    Agent("agent/afp", "AFP", "news_agency", aliases=("Agence France-Presse",)),
    Agent("agent/local-media", "local media", "generic"),
    Agent("agent/press-tv", "Press TV", "state_media"),
    Agent("agent/us-led-coalition", "US-led coalition", "military"),
    Agent("agent/rights-groups", "rights groups", "organization"),
    Agent("agent/rami-abdel-rahman", "Rami Abdel Rahman", "person", member_of="agent/sohr", is_person=True),
    Agent(SEED_OUTLET, "unknown outlet", "outlet"),
    Agent(SECOND_OUTLET, "Reuters", "outlet"),
]

PLACES = [
    Place("place/syria", "Syria", feature="country"),
    Place("place/deir-ez-zor", "Deir ez-Zor", ("Deir ez-Zor Province",), 35.33, 40.14, "place/syria", "governorate"),
    Place("place/al-buqaan", "Al-Buqa'an", ("Al-Buqaan",), 34.45, 40.90, "place/deir-ez-zor", "village"),
    Place("place/abu-hassan", "Abu Hassan", (), None, None, "place/deir-ez-zor", "village"),
    Place("place/albu-badran", "Albu Badran", (), None, None, "place/deir-ez-zor", "village"),
    Place("place/al-baghuz", "Al-Baghuz", ("Baghuz",), 34.46, 40.93, "place/deir-ez-zor", "town"),
    Place("place/al-shaafa", "Al-Shaafa", ("Al-Shafa",), None, None, "place/deir-ez-zor", "village"),
    Place("place/idlib", "Idlib", (), 35.93, 36.63, "place/syria", "city"),
    Place("place/aleppo", "Aleppo", (), 36.20, 37.16, "place/syria", "city"),
]

SOHR, AFP, RAMI = Hop("the Observatory", agent="agent/sohr"), Hop("AFP", agent="agent/afp"), Hop(
    "Rami Abdel Rahman", agent="agent/rami-abdel-rahman")


def _hop(key: str) -> Hop:
    return Hop.outlet_voice(agent=SEED_OUTLET) if key == "@outlet" else Hop(key.split("/")[-1], agent=key)


# (sentence start in the seed, source, via, incident, event type, date, places, figures)
SEED_CLAIMS = [
    ("At least 40 people", "agent/sana", [], "I1", "airstrike", "2018-11-17", ["place/deir-ez-zor"],
     [Figure(40, "at_least")]),
    ("The \"warplanes\"", "agent/sana", [], "I1", "airstrike", "2018-11-17", ["place/al-buqaan"], []),
    ("Seventeen children", "agent/sohr", ["agent/afp"], "I1", "airstrike", "2018-11-17", ["place/abu-hassan"],
     [Figure(17, "exact", victims="children")]),
    ("The Britain-based monitor", "agent/sohr", [], "I1", "airstrike", "2018-11-17", [], [Figure(36, "at_least")]),
    ("with local media", "agent/local-media", [], "I1", "airstrike", "2018-11-17", [], [Figure(40, "more_than")]),
    ("The report came", "@outlet", [], "I2", "airstrike", None, ["place/albu-badran"], [Figure(17)]),
    ("Most of the slain", "@outlet", [], "I1", "airstrike", None, ["place/al-baghuz"], []),
    ("The town has recently", "agent/press-tv", [], "I3", "armed_clash", None, ["place/al-baghuz"], []),
    ("Last Sunday", "agent/sohr", [], "I4", "airstrike", "2018-11-11", ["place/al-shaafa"], [Figure(28)]),
    ("\"On Tuesday", "agent/rami-abdel-rahman", ["agent/afp"], "I4", "airstrike", "2018-11-13", [],
     [Figure(22, category="bodies_recovered", victims="civilians"),
      Figure(9, category="bodies_recovered", victims="children")]),
    ("The bodies could not", "agent/rami-abdel-rahman", ["agent/afp"], "I4", "airstrike", None, [], []),
    ("A coalition spokesman", "agent/us-led-coalition", [], None, None, None, [], []),
    ("Since 2014", "agent/us-led-coalition", [], None, None, "2014", ["place/syria"],
     [Figure(1100, "more_than", victims="civilians")]),
    ("but rights groups", "agent/rights-groups", [], None, None, None, [], []),
    ("The war has killed", "@outlet", [], None, None, None, [], [Figure(360000, "more_than")]),
]

SECOND_TEXT = (
    "The Syrian Observatory for Human Rights said at least 36 people were killed near Hajin on Nov. 17, "
    "AFP reported.\nGovernment shelling killed 9 civilians in Idlib on Saturday, the Observatory said.\n"
    "State media said rebels shelled Aleppo.\n"
)
SECOND_CLAIMS = [
    (0, SOHR, [AFP], "I1", "airstrike", "2018-11-17", [], [Figure(36, "at_least")]),
    (1, SOHR, [], "I5", "shelling", "2018-12-01", ["place/idlib"], [Figure(9, victims="civilians")]),
    (2, Hop("State media", agent="agent/sana"), [], None, "shelling", None, ["place/aleppo"], []),
]


def _sentence_span(text: str, start_words: str) -> Span:
    start = text.index(start_words)
    ends = [i for i in (text.find(".", start), text.find("\n", start)) if i >= 0]
    end = min(ends) + 1
    if text[start:end].endswith("\n"):
        end -= 1
    return Span(start, end, text[start:end])


def seed_extraction() -> Extraction:
    text = SEED.read_text(encoding="utf-8")
    article = Article(SEED_ID, text, "unknown outlet", date(2018, 11, 18))
    claims = []
    for words, source, via, incident, event_type, when, places, figs in SEED_CLAIMS:
        claims.append(Claim(SEED_ID, _sentence_span(text, words), _hop(source), [_hop(v) for v in via],
                            cue=None if source == "@outlet" else "say", event_type=event_type, date=when,
                            place_keys=places, figures=figs if FIGURES_STORABLE else [], group=incident,
                            date_range=("2018-11-15", "2018-11-16") if incident == "I2" else None))
    return Extraction(article, claims, SEED_OUTLET)


def second_extraction() -> Extraction:
    article = Article(SECOND_ID, SECOND_TEXT, "Reuters", date(2018, 12, 2), url="https://example.org/second")
    lines = SECOND_TEXT.splitlines()
    claims = [Claim(SECOND_ID, _sentence_span(SECOND_TEXT, lines[line]), source, via, cue="say",
                    event_type=event_type, date=when, place_keys=places,
                    figures=figs if FIGURES_STORABLE else [], group=incident)
              for line, source, via, incident, event_type, when, places, figs in SECOND_CLAIMS]
    return Extraction(article, claims, SECOND_OUTLET)


def incidents(extractions: list[Extraction]) -> list[Incident]:
    found: dict[str, Incident] = {}
    meta = {"I1": ("airstrike", "2018-11-17", ["place/al-buqaan", "place/abu-hassan"]),
            "I2": ("airstrike", None, ["place/albu-badran"]), "I3": ("armed_clash", None, ["place/al-baghuz"]),
            "I4": ("airstrike", "2018-11-11", ["place/al-shaafa"]), "I5": ("shelling", "2018-12-01", ["place/idlib"])}
    for extraction in extractions:
        for claim in extraction.claims:
            if claim.group:
                event_type, when, places = meta[claim.group]
                incident = found.setdefault(claim.group, Incident(
                    f"incident/{claim.group.lower()}", event_type, when, place_keys=places,
                    date_range=("2018-11-15", "2018-11-16") if claim.group == "I2" else None))
                incident.claim_keys.append(claim.key)
    return list(found.values())


def build_sample_store(iris: Iris, path: Path | None = None) -> OxigraphStore:
    """The sample written through the writer's own functions, as ingestion would (in memory, or in
    an on-disk store at `path`)."""
    store = OxigraphStore(path)
    extractions = [seed_extraction(), second_extraction()]
    provenance = Provenance("test", "hand-made", "1")
    save_agents(store, AGENTS, iris)
    save_places(store, PLACES, iris)
    for extraction in extractions:
        save_extraction(store, extraction, iris, provenance)
    save_incidents(store, incidents(extractions), iris)
    return store
