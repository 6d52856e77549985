"""Duplicate suggestions for a report in the triage queue: problems already registered (and other
pending reports) that are probably about the same thing.

A problem is a candidate when it has the report's category (any category when the report has
none), is open and was registered, or was closed (销号), within ``duplicate_window_days`` before
the report came in (or at any time after it), and lies within ``duplicate_radius_m`` of the
report. Invalid and duplicate problems are never suggested (a duplicate's original is). Other
pending reports are candidates under the same rules of category, place and time (either side of
the report). When the report or the candidate has no position, only the text decides: the
candidate needs a text similarity of at least ``TEXT_ONLY_MIN``.

Text similarity is the Jaccard index of the two descriptions' sets of character bigrams, after
dropping spaces and punctuation. Chinese is written without spaces and segmenters (jieba)
mis-cut domain words such as 井盖 or 占道经营; bigrams of characters match shared words whatever
the segmentation, need no dictionary, and cost nothing. "人行道上有垃圾" and "人行道垃圾没人清理"
share 人行, 行道 and 垃圾.

Ranking: ``score = TEXT_WEIGHT * similarity + (1 - TEXT_WEIGHT) * closeness``, where closeness
is ``1 - distance / radius`` (0 when the distance is unknown); the best first. The scoring
(``bigrams``, ``similarity``, ``distance_m``, ``rank``) is pure; ``suggest_problems`` and
``suggest_reports`` each run one query.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from chuangwen.citizens.models import CitizenSettings, Report, ReportStatus
from chuangwen.problems.models import OPEN, Problem, Status

TEXT_WEIGHT = 0.6
TEXT_ONLY_MIN = 0.25
EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE = 111_320
FETCH_LIMIT = 300  # candidates read from the database before scoring (the newest)
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class Place:
    """What the scoring reads of a report or a problem."""

    lat: Decimal | float | None
    lng: Decimal | float | None
    text: str

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lng is not None


@dataclass(frozen=True)
class Suggestion:
    item: Any  # a Problem or a Report
    distance_m: float | None
    similarity: float
    score: float

    @property
    def distance_text(self) -> str:
        if self.distance_m is None:
            return ""
        return f"{self.distance_m:.0f} m" if self.distance_m < 1000 else f"{self.distance_m / 1000:.1f} km"

    @property
    def similarity_percent(self) -> int:
        return round(self.similarity * 100)


# --- pure scoring ------------------------------------------------------------------------------


def _is_kept(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"  # letters (incl. CJK) and digits


def bigrams(text: str) -> set[str]:
    """The character bigrams of a text without spaces and punctuation, case-folded; a text of one
    character is its own single gram."""
    chars = "".join(c for c in unicodedata.normalize("NFKC", text or "").casefold() if _is_kept(c))
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard index of the bigram sets: 0 (nothing shared) to 1 (the same bigrams)."""
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def distance_m(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lng2) - float(lng1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def score_one(target: Place, candidate: Place, radius_m: float) -> tuple[float | None, float, float] | None:
    """(distance, similarity, score) of a candidate, or None when it is not a suggestion."""
    text = similarity(target.text, candidate.text)
    if target.located and candidate.located:
        distance = distance_m(target.lat, target.lng, candidate.lat, candidate.lng)
        if distance > radius_m:
            return None
        closeness = 1 - distance / radius_m if radius_m else 1.0
        return distance, text, TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * closeness
    if text < TEXT_ONLY_MIN:
        return None
    return None, text, TEXT_WEIGHT * text


def rank(target: Place, candidates: Iterable[tuple[Any, Place]], radius_m: float, limit: int = DEFAULT_LIMIT):
    """The candidates that qualify, best first (ties: nearer, then as given)."""
    found = []
    for index, (item, place) in enumerate(candidates):
        scored = score_one(target, place, radius_m)
        if scored is not None:
            distance, text, score = scored
            found.append((-score, distance if distance is not None else math.inf, index, Suggestion(item, *scored)))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found[:limit]]


def bounding_box(lat, lng, radius_m: float) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]:
    """Latitude and longitude ranges that contain the circle (a little more, never less)."""
    lat_f, lng_f = float(lat), float(lng)
    dlat = radius_m / METRES_PER_DEGREE * 1.01
    dlng = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat_f)), 0.01)) * 1.01
    return (
        (Decimal(f"{lat_f - dlat:.6f}"), Decimal(f"{lat_f + dlat:.6f}")),
        (Decimal(f"{lng_f - dlng:.6f}"), Decimal(f"{lng_f + dlng:.6f}")),
    )


# --- the queries -------------------------------------------------------------------------------


def _place_filter(report: Report, radius_m: float) -> Q:
    """Near the report, or without a position (the text decides those)."""
    if report.lat is None or report.lng is None:
        return Q()
    lat_range, lng_range = bounding_box(report.lat, report.lng, radius_m)
    return Q(lat__range=lat_range, lng__range=lng_range) | Q(lat__isnull=True) | Q(lng__isnull=True)


def _place(obj) -> Place:
    return Place(obj.lat, obj.lng, obj.description)


def _since(report: Report, config: CitizenSettings) -> datetime.datetime:
    return report.created_at - datetime.timedelta(days=config.duplicate_window_days)


def suggest_problems(report: Report, config: CitizenSettings | None = None, limit: int = DEFAULT_LIMIT):
    """Problems the report may repeat, best first (one query)."""
    config = config or CitizenSettings.current()
    since = _since(report, config)
    recent = Q(status__in=OPEN, created_at__gte=since) | Q(status=Status.CLOSED, closed_at__gte=since)
    problems = Problem.objects.filter(recent & _place_filter(report, config.duplicate_radius_m))
    if report.category_id:
        problems = problems.filter(category_id=report.category_id)
    problems = problems.select_related("category", "responsible_unit").order_by("-created_at")[:FETCH_LIMIT]
    return rank(_place(report), ((p, _place(p)) for p in problems), config.duplicate_radius_m, limit)


def suggest_reports(report: Report, config: CitizenSettings | None = None, limit: int = DEFAULT_LIMIT):
    """Other pending reports that look alike, best first (one query)."""
    config = config or CitizenSettings.current()
    window = datetime.timedelta(days=config.duplicate_window_days)
    reports = Report.objects.filter(
        _place_filter(report, config.duplicate_radius_m),
        status=ReportStatus.PENDING,
        created_at__range=(report.created_at - window, report.created_at + window),
    ).exclude(pk=report.pk)
    if report.category_id:
        reports = reports.filter(category_id=report.category_id)
    reports = reports.select_related("category").order_by("-created_at")[:FETCH_LIMIT]
    return rank(_place(report), ((r, _place(r)) for r in reports), config.duplicate_radius_m, limit)
