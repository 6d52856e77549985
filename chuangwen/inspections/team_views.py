"""Teams of a round: create, edit and delete them, share the sample among them, and each team's
route in order with a small map; a single site can be moved to another team. Office staff only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chuangwen.inspections import access, services
from chuangwen.inspections.forms import MoveSiteForm, TeamForm, team_candidates
from chuangwen.inspections.models import PLANNING, Round, RoundSite, RoundStatus, Team, TeamMember
from chuangwen.inspections.office_views import form_error, office_round, round_context
from chuangwen.lib.bounded import parse_id
from chuangwen.lib.errors import DomainError

COLORS = ["#b3261e", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#e16f24", "#0a7f8c", "#cf222e", "#57606a"]


def team_color(index: int) -> str:
    return COLORS[index % len(COLORS)]


def _routes(round_: Round, teams: list[Team]) -> tuple[list[dict], list[RoundSite]]:
    entries = list(
        RoundSite.objects.filter(round=round_, removed=False)
        .select_related("site", "site_type", "district", "visit")
        .order_by("seq", "site__code")
    )
    by_team: dict[int, list[RoundSite]] = {t.pk: [] for t in teams}
    unassigned = []
    for entry in entries:
        by_team.get(entry.team_id, unassigned).append(entry)
    members = TeamMember.objects.filter(round=round_).select_related("user__unit").order_by("user__name")
    people: dict[int, list] = {t.pk: [] for t in teams}
    for member in members:
        people[member.team_id].append(member.user)
    routes = []
    for index, team in enumerate(teams):
        stops = by_team[team.pk]
        routes.append({
            "team": team, "color": team_color(index), "entries": stops, "people": people[team.pk],
            "member_ids": {u.pk for u in people[team.pk]}, "map_id": f"route-data-{team.pk}",
            "map": {"color": team_color(index), "stops": [
                {"seq": e.seq, "code": e.site.code, "name": e.site.name, "lat": float(e.site.lat),
                 "lng": float(e.site.lng)} for e in stops]},
        })  # fmt: skip
    return routes, unassigned


def _candidates(round_: Round) -> list[dict]:
    taken = dict(TeamMember.objects.filter(round=round_).values_list("user_id", "team__name"))
    return [
        {"user": u, "unit": u.unit.name if u.unit_id else u.get_role_display(), "team": taken.get(u.pk)}
        for u in team_candidates()
    ]


def teams_context(request, round_: Round, *, failed: tuple | None = None, error: str = "") -> dict:
    teams = list(round_.teams.all())
    routes, unassigned = _routes(round_, teams)
    return round_context(
        request,
        round_,
        "teams",
        routes=routes,
        unassigned=unassigned,
        candidates=_candidates(round_),
        teams=teams,
        failed_key=failed[0] if failed else None,
        failed_form=failed[1] if failed else None,
        failed_selected=_selected(failed[1]) if failed else set(),
        map_config=map_config(),
        new_form=failed[1] if failed and failed[0] == "new" else TeamForm(),
        error=error,
        can_edit_teams=round_.status in (*PLANNING, RoundStatus.IN_PROGRESS),
        can_delete_teams=round_.status in PLANNING,
        can_assign=round_.status in PLANNING,
        can_move=round_.status in (*PLANNING, RoundStatus.IN_PROGRESS),
    )


def _selected(form) -> set[int]:
    return {pk for pk in map(parse_id, form.data.getlist("members")) if pk is not None}


def map_config() -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": [settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG],
    }


def _page(request, round_: Round, status: int = 200, **kwargs):
    return render(request, "inspections/office/teams.html", teams_context(request, round_, **kwargs), status=status)


def _office_team(request, pk: int) -> Team:
    if not access.plans(request.user):
        raise Forbidden(_("只有文明办可以安排督查"))
    team = Team.objects.filter(pk=pk).select_related("round").first()
    if team is None:
        raise Http404
    return team


@require_http_methods(["GET", "POST"])
@login_required
def teams(request, pk: int):
    """The teams page; a POST creates a team."""
    round_ = office_round(request, pk)
    if request.method == "GET":
        return _page(request, round_)
    return _save_team(request, round_, None, "new")


def _save_team(request, round_: Round, team: Team | None, key):
    form = TeamForm(request.POST)
    if not form.is_valid():
        return _page(request, round_, 400, failed=(key, form))
    data = form.cleaned_data
    try:
        saved = services.save_team(request.user, round_, name=data["name"], members=list(data["members"]), team=team)
    except DomainError as exc:
        form_error(form, exc)
        return _page(request, round_, exc.status, failed=(key, form))
    messages.success(request, _("已保存%(team)s") % {"team": saved.name})
    return redirect("inspections:teams", pk=round_.pk)


@require_POST
@login_required
def team_edit(request, pk: int):
    team = _office_team(request, pk)
    return _save_team(request, team.round, team, team.pk)


@require_POST
@login_required
def team_delete(request, pk: int):
    team = _office_team(request, pk)
    round_ = team.round
    try:
        services.delete_team(request.user, team)
    except DomainError as exc:
        return _page(request, round_, exc.status, error=str(exc.message))
    messages.success(request, _("已删除%(team)s，其点位待重新分配") % {"team": team.name})
    return redirect("inspections:teams", pk=round_.pk)


@require_POST
@login_required
def assign(request, pk: int):
    round_ = office_round(request, pk)
    try:
        counts = services.assign_teams(request.user, round_)
    except DomainError as exc:
        return _page(request, round_, exc.status, error=str(exc.message))
    messages.success(
        request, _("已将 %(n)s 个点位分配给 %(k)s 个督查组") % {"n": sum(counts.values()), "k": len(counts)}
    )
    return redirect("inspections:teams", pk=round_.pk)


@require_POST
@login_required
def move_site(request, pk: int):
    if not access.plans(request.user):
        raise Forbidden(_("只有文明办可以安排督查"))
    entry = RoundSite.objects.filter(pk=pk).select_related("round", "site").first()
    if entry is None:
        raise Http404
    round_ = entry.round
    form = MoveSiteForm(request.POST, round_=round_)
    if not form.is_valid():
        return _page(request, round_, 400, error=_("请选择督查组"))
    try:
        services.move_site(request.user, entry, form.cleaned_data["team"])
    except DomainError as exc:
        return _page(request, round_, exc.status, error=str(exc.message))
    messages.success(
        request, _("已将“%(site)s”调整到%(team)s") % {"site": entry.site.name, "team": form.cleaned_data["team"].name}
    )
    return redirect("inspections:teams", pk=round_.pk)
