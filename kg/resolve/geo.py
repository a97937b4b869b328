"""Distances on the globe, for comparing where places and incidents are."""

from __future__ import annotations

import functools
import math

EARTH_RADIUS_KM = 6371.0088


@functools.lru_cache(maxsize=1 << 16)
def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres (remembered: linking asks it again and again of the
    few points a store's places have)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
