"""The annual target assessment (年度目标考核) of a year: per peer group each unit's score, on-time
rate, overdue count, rework/rebound rate, composite and grade; the commendation and
accountability lists with their evidence; the projected three-year cycle score.

Office staff and leaders read every line (leaders read only: the compute button is the office's),
a district office the lines of its district and the units in it, a unit its own line.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from chuangwen.assessment import annual, view_access
from chuangwen.assessment.models import AssessmentSettings, PeerGroup
from chuangwen.lib.bounded import parse_int

COMPONENT_KEYS = ("score", "on_time", "overdue", "rework")


def _year(request) -> int:
    raw = request.GET.get("year", "").strip()
    if raw:
        year = parse_int(raw, 2000, 2100)
        if year is None:
            raise Http404
        return year
    latest = view_access.year_runs().values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def overdue_link(line: annual.Line) -> str:
    return reverse("problems:list") + "?" + urlencode({"unit": line.unit.pk, "overdue": 1})


def decorate(lines: list[annual.Line], cycle: dict) -> None:
    for line in lines:
        projected = cycle.get(line.unit.pk)
        line.cycle = projected["projected"] if projected else None
        line.cycle_years = projected["years"] if projected else {}
        line.components = [(k, line.evidence["components"].get(k)) for k in COMPONENT_KEYS]
        line.overdue_url = overdue_link(line)
        line.on_time_pct = None if line.on_time_rate is None else 100 * line.on_time_rate
        line.rework_pct = None if line.rework_rate is None else 100 * line.rework_rate


def grouped(lines: list[annual.Line]) -> list[dict]:
    groups = []
    for value, label in PeerGroup.choices:
        rows = [line for line in lines if line.group == value]
        rows.sort(key=lambda line: (line.composite is None, -(line.composite or 0), line.unit.path))
        if rows:
            groups.append({"key": value, "label": label, "rows": rows})
    return groups


def assessed_lines(year: int, scope: set[int] | None) -> tuple[list[annual.Line], AssessmentSettings]:
    """The year's lines this person may read (scope from view_access.annual_scope), decorated;
    shared by the page and its export."""
    lines = annual.assess(year)
    if scope is not None:
        lines = [line for line in lines if line.unit.pk in scope]
    config = AssessmentSettings.current()
    decorate(lines, annual.cycle(year, config.cycle_weights))
    return lines, config


@require_GET
@login_required
def annual_assessment(request):
    scope = view_access.annual_scope(request.user)
    year = _year(request)
    lines, config = assessed_lines(year, scope)
    years = [year - len(config.cycle_weights) + 1 + i for i in range(len(config.cycle_weights))]
    context = {
        "section": "annual",
        "year": year,
        "years": list(view_access.year_runs().values_list("year", flat=True)),
        "has_run": view_access.year_runs().filter(year=year).exists(),
        "groups": grouped(lines),
        "commend": [line for line in lines if "commend" in line.lists],
        "accountable": [line for line in lines if {"summons", "accountability"} & set(line.lists)],
        "config": config,
        "cycle_years": list(zip(years, config.cycle_weights, strict=True)),
        "is_office": view_access.is_office(request.user),
        "sees_all": scope is None,
    }
    return render(request, "assessment/annual.html", context)
