"""Source names to canonical agents. (Baseline: every distinct name is its own agent.)"""

from __future__ import annotations

import re
import unicodedata

from kg.model import OUTLET_VOICE, Agent, Article, Claim


def slug(name: str) -> str:
    """A stable key fragment for a name: ASCII, lower case, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


class AgentRegistry:
    """Canonical agents by key, and the resolution of names found in an article."""

    def __init__(self, agents: dict[str, Agent] | None = None) -> None:
        self.agents = dict(agents or {})

    def outlet_agent(self, article: Article) -> Agent:
        name = article.outlet or "unknown outlet"
        return Agent(key=f"outlet/{slug(name)}", label=name, kind="outlet")

    def resolve(self, article: Article, claims: list[Claim]) -> dict[str, Agent]:
        """Set `agent` on every hop of `claims`; return the agents used, by key."""
        used: dict[str, Agent] = {}
        outlet = self.outlet_agent(article)
        used[outlet.key] = outlet
        for claim in claims:
            for hop in (claim.source, *claim.via):
                if hop.name == OUTLET_VOICE:
                    hop.agent = outlet.key
                    continue
                key = f"agent/{slug(hop.name)}"
                agent = self.agents.get(key) or Agent(key=key, label=hop.name)
                hop.agent = key
                used[key] = agent
        return used


def load_registry() -> AgentRegistry:
    return AgentRegistry()
