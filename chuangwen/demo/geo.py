"""Where the demo city lies: its bounding box and one cluster of points per district.

The city's centre is settings.MAP_CENTER_LAT/LNG. Urban districts sit on an inner ring around it,
development zones on a middle ring and counties on an outer ring, each district a disc of its own,
so the map shows the districts as clusters. Every point is clamped into the bounding box.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings

HALF_SPAN_LAT = 0.40
HALF_SPAN_LNG = 0.50
LNG_STRETCH = 1.16  # 1 degree of longitude is ~0.86 of a degree of latitude near 30.6 N


class BBox(NamedTuple):
    lat_min: float
    lat_max: float
    lng_min: float
    lng_max: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lng_min <= lng <= self.lng_max


class Disc(NamedTuple):
    lat: float
    lng: float
    radius: float  # in degrees of latitude

    def point(self, rng: random.Random, spread: float = 1.0) -> tuple[float, float]:
        """A point inside the disc, denser towards its centre."""
        r = self.radius * spread * math.sqrt(rng.random()) * 0.95
        a = rng.random() * 2 * math.pi
        return self.lat + r * math.sin(a), self.lng + r * math.cos(a) * LNG_STRETCH

    def sub_disc(self, rng: random.Random, share: float) -> Disc:
        """A smaller disc inside this one, for a street in a district or a community in a street."""
        lat, lng = self.point(rng, 1.0 - share)
        return Disc(lat, lng, self.radius * share)


def city_bbox() -> BBox:
    lat, lng = settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG
    return BBox(lat - HALF_SPAN_LAT, lat + HALF_SPAN_LAT, lng - HALF_SPAN_LNG, lng + HALF_SPAN_LNG)


def _ring(count: int, radius: float, offset_deg: float) -> list[tuple[float, float]]:
    lat0, lng0 = settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG
    points = []
    for i in range(count):
        a = math.radians(offset_deg + 360.0 * i / max(count, 1))
        points.append((lat0 + radius * math.sin(a), lng0 + radius * math.cos(a) * LNG_STRETCH))
    return points


def district_discs(districts: int, zones: int, counties: int) -> tuple[list[Disc], list[Disc], list[Disc]]:
    """Discs for the urban districts, the zones and the counties, in that order."""
    inner = max(0.06, 0.012 * districts)
    size = min(0.04, 0.45 * 2 * math.pi * inner / max(districts, 1))
    urban = [Disc(lat, lng, size) for lat, lng in _ring(districts, inner, 45)]
    zone = [Disc(lat, lng, 0.04) for lat, lng in _ring(zones, inner + 0.09, 30)]
    county = [Disc(lat, lng, 0.045) for lat, lng in _ring(counties, inner + 0.17, 120)]
    return urban, zone, county


def clamp(lat: float, lng: float) -> tuple[Decimal, Decimal]:
    box = city_bbox()
    lat = min(max(lat, box.lat_min), box.lat_max)
    lng = min(max(lng, box.lng_min), box.lng_max)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")
