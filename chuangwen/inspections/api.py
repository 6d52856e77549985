"""The inspection endpoints of the JSON API (/api/rounds, /api/visits): read-only.

Everything goes through ``Round.objects.visible_to`` and ``Visit.objects.visible_to``: a covert
round before publication answers 404 to everyone but office staff and its own inspectors, and
is missing from every list and count. A unit or district office sees, of a visible round, only
the sampled sites and visits of its own sites.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from chuangwen.inspections import access
from chuangwen.inspections.models import CheckPhoto, CheckResult, Round, RoundSite, Visit
from chuangwen.inspections.schemas import RoundDetail, RoundPage, SampleSiteOut, VisitOut
from chuangwen.lib.bounded import Id, Limit, Offset
from chuangwen.problems.schemas import ErrorOut
from chuangwen.sites.models import Site

router = Router(tags=["inspections"])


class RoundFilters(Schema):
    status: str | None = NinjaField(None, description="draft, scheduled, in_progress, closed or published.")
    kind: str | None = NinjaField(None, description="open, covert or mock.")
    limit: Limit = 50
    offset: Offset = 0


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _user(user) -> dict:
    return {"id": user.pk, "name": user.display_name}


def _round_item(round_: Round) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "code": round_.code,
        "name": round_.name,
        "kind": round_.kind,
        "kind_label": round_.get_kind_display(),
        "is_covert": round_.is_covert,
        "status": round_.status,
        "status_label": round_.get_status_display(),
        "period_start": round_.period_start,
        "period_end": round_.period_end,
        "edition": {"id": round_.edition_id, "name": round_.edition.name},
        "published_at": round_.published_at,
    }


@router.get("/rounds", response={200: RoundPage, 401: ErrorOut, 422: ErrorOut}, summary="List inspection rounds")
def list_rounds(request: HttpRequest, filters: Query[RoundFilters]):
    """The rounds this user may see, newest first. Covert rounds appear only to office staff and
    their own inspectors until they are published."""
    rounds = Round.objects.visible_to(request.auth).select_related("edition")
    if filters.status:
        rounds = rounds.filter(status=filters.status)
    if filters.kind:
        rounds = rounds.filter(kind=filters.kind)
    count = rounds.count()
    page = rounds[filters.offset : filters.offset + filters.limit]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [_round_item(r) for r in page]}


@router.get(
    "/rounds/{int:round_id}",
    response={200: RoundDetail, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One inspection round",
)
def get_round(request: HttpRequest, round_id: Id):
    """The plan: scope, rules and teams. The seed is shown to those who see the whole round."""
    round_ = access.get_round_for_user(request.auth, round_id)
    whole = access.sees_results(request.auth, round_)
    teams = []
    if whole:
        for team in round_.teams.prefetch_related("members"):
            teams.append({"id": team.pk, "name": team.name, "members": [_user(u) for u in team.members.all()]})
    return _round_item(round_) | {
        "scope": [_ref(u) for u in round_.scope.all()],
        "assessor_unit": _ref(round_.assessor_unit),
        "seed": round_.seed if whole else None,
        "rules": [
            {"site_type": _ref(r.site_type), "mode": r.mode, "value": r.value}
            for r in round_.rules.select_related("site_type")
        ],
        "teams": teams,
    }


def _sample_for(user, round_: Round):
    entries = RoundSite.objects.filter(round=round_).in_sample()
    if not access.sees_results(user, round_):
        entries = entries.filter(site__in=Site.objects.visible_to(user))
    return entries.select_related("site", "site_type", "district", "team").order_by(
        "team__sort_order", "seq", "site_id"
    )


@router.get(
    "/rounds/{int:round_id}/sites",
    response={200: list[SampleSiteOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The sampled sites of a round",
)
def round_sites(request: HttpRequest, round_id: Id):
    """The sample in route order, with each site's visit state. A unit or district office sees only
    its own sites."""
    round_ = access.get_round_for_user(request.auth, round_id)
    entries = list(_sample_for(request.auth, round_))
    visits = dict(Visit.objects.filter(round_site__in=entries).values_list("round_site_id", "pk"))
    statuses = dict(Visit.objects.filter(round_site__in=entries).values_list("round_site_id", "status"))
    return [
        {
            "id": e.pk,
            "site": _ref(e.site),
            "site_code": e.site.code,
            "site_type": _ref(e.site_type),
            "district": _ref(e.district),
            "team": _ref(e.team),
            "seq": e.seq,
            "visit_id": visits.get(e.pk),
            "visit_status": statuses.get(e.pk),
        }
        for e in entries
    ]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _photo(photo: CheckPhoto) -> dict[str, Any]:
    url = reverse("inspections:photo", args=[photo.pk])
    return {
        "id": photo.pk,
        "item_id": photo.item_id,
        "url": url,
        "thumbnail_url": f"{url}?size=thumb",
        "taken_at": photo.taken_at,
        "lat": _float(photo.lat),
        "lng": _float(photo.lng),
    }


def _result(result: CheckResult) -> dict[str, Any]:
    return {
        "item_id": result.item_id,
        "item_code": result.item.code,
        "item_text": result.item.text,
        "standard_id": result.standard_id,
        "standard_code": result.standard.code,
        "verdict": result.verdict,
        "count": result.count,
        "note": result.note,
        "rule_kind": result.rule_kind,
        "deduction_per": _float(result.deduction_per),
        "problem_id": result.problem_id,
    }


@router.get(
    "/visits/{int:visit_id}",
    response={200: VisitOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One visit with its results",
)
def get_visit(request: HttpRequest, visit_id: Id):
    """A visit's answers per checklist item and its photos: the data the assessment scores."""
    try:
        visit = Visit.objects.visible_to(request.auth).select_related("site", "inspector", "round").get(pk=visit_id)
    except Visit.DoesNotExist:
        raise Http404 from None
    results = CheckResult.objects.filter(visit=visit).select_related("item", "standard")
    return {
        "id": visit.pk,
        "round_id": visit.round_id,
        "site": _ref(visit.site),
        "site_code": visit.site.code,
        "status": visit.status,
        "inspector": _user(visit.inspector) if access.sees_results(request.auth, visit.round) else None,
        "started_at": visit.started_at,
        "submitted_at": visit.submitted_at,
        "lat": _float(visit.lat),
        "lng": _float(visit.lng),
        "distance_m": visit.distance_m,
        "far_from_site": visit.far_from_site,
        "notes": visit.notes,
        "results": [_result(r) for r in results],
        "photos": [_photo(p) for p in CheckPhoto.objects.filter(visit=visit)],
    }
