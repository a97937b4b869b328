"""How nodes look in Gephi: a colour per node type (per role for agents) and a size by weight."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

Colour = tuple[int, int, int]

TYPE_COLOURS: dict[str, Colour] = {
    "agent": (31, 119, 180),
    "claim": (170, 170, 170),
    "article": (23, 190, 207),
    "incident": (214, 39, 40),
    "place": (44, 160, 44),
}

ROLE_COLOURS: dict[str, Colour] = {
    "news_agency": (31, 119, 180),
    "state_media": (227, 119, 194),
    "outlet": (127, 127, 127),
    "monitor": (255, 127, 14),
    "government": (140, 86, 75),
    "military": (188, 189, 34),
    "armed_group": (148, 103, 189),
    "official": (174, 199, 232),
    "organization": (255, 187, 120),
    "person": (152, 223, 138),
}

TYPE_SIZES: dict[str, float] = {"agent": 10.0, "incident": 10.0, "article": 6.0, "place": 6.0, "claim": 4.0}
DEFAULT_COLOUR: Colour = (100, 100, 100)


def node_colour(data: Mapping[str, Any]) -> Colour:
    """Agents by role (persons by the person flag), everything else by type."""
    kind = data.get("type")
    if kind == "agent":
        role = "person" if data.get("person") else data.get("role")
        return ROLE_COLOURS.get(str(role), TYPE_COLOURS["agent"])
    return TYPE_COLOURS.get(str(kind), DEFAULT_COLOUR)


@lru_cache(maxsize=4096)
def _size(kind: object, weight: int) -> float:
    return round(TYPE_SIZES.get(str(kind), 5.0) + 4.0 * math.log2(1 + max(weight, 0)), 2)


def node_size(data: Mapping[str, Any]) -> float:
    """A base size per type, growing with the log of the claims the node stands in."""
    claims = data.get("claims")
    return _size(data.get("type"), claims if isinstance(claims, int) and not isinstance(claims, bool) else 0)
