"""The one direction of the flow: articles -> claims -> resolved agents and places -> incidents.

Pure functions over plain data; reading files and writing the store happen at the edges
(`kg.ingest`, `kg.rdf.store`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.extract import Extractor
from kg.model import Article, Extraction, Incident
from kg.resolve.agents import AgentRegistry
from kg.resolve.incidents import link_incidents
from kg.resolve.places import Gazetteer


@dataclass(slots=True)
class Resolvers:
    """What turns names into canonical things: agents and places."""

    agents: AgentRegistry
    places: Gazetteer


def extract(articles: Iterable[Article], extractor: Extractor, resolvers: Resolvers) -> Iterator[Extraction]:
    """Extract and resolve each article on its own (no cross-article state)."""
    for article, claims in extractor.pipe(articles):
        agents = resolvers.agents.resolve(article, claims)
        outlet = resolvers.agents.outlet_agent(article)
        agents.setdefault(outlet.key, outlet)
        places = resolvers.places.resolve(claims)
        yield Extraction(article=article, claims=claims, outlet=outlet.key, agents=agents, places=places)


def extract_and_link(
    articles: Iterable[Article], extractor: Extractor, resolvers: Resolvers
) -> tuple[list[Extraction], list[Incident]]:
    """The whole pipeline over a set of articles taken together."""
    extractions = list(extract(articles, extractor, resolvers))
    return extractions, link_incidents(extractions)
