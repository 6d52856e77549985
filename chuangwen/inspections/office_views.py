"""The office's round pages: the list, a round's overview and its status changes.

Every round is read through Round.objects.visible_to (access.get_round_for_user); every sampled
site a person is shown through Site.objects.visible_to, so a unit or district office sees only
its own sites of an announced round, and nobody but office staff and the round's inspectors sees
a secret one. Writes go through chuangwen.inspections.services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chuangwen.inspections import access, services
from chuangwen.inspections.forms import RoundFilterForm
from chuangwen.inspections.models import (
    CheckResult,
    Kind,
    Round,
    RoundSite,
    RoundStatus,
    TeamMember,
    Verdict,
    Visit,
    VisitStatus,
)
from chuangwen.lib.errors import DomainError
from chuangwen.sites.models import Site

PAGE_SIZE = 30
DETAIL_SITE_LIMIT = 100


# Shared by the office's pages -------------------------------------------------------------------


def office_round(request, pk: int) -> Round:
    """The round for a planner: 403 to anyone else (before looking at the round), 404 if missing."""
    if not access.plans(request.user):
        raise Forbidden(_("只有文明办可以安排督查"))
    return access.get_round_for_user(request.user, pk)


def form_error(form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def visible_site_ids(user):
    """A subquery of the sites this person may see, or None when they see the whole city."""
    if user.sees_whole_city:
        return None
    return Site.objects.visible_to(user).values("pk")


def round_nav(request, round_: Round, current: str) -> dict:
    """The tabs of a round's pages that this person may open."""
    plans = access.plans(request.user)
    member = plans or access.is_member(request.user, round_)
    tabs = [("detail", _("概况"), True), ("rules", _("抽样规则"), plans), ("sample", _("抽样点位"), plans)]
    tabs += [("teams", _("督查组"), plans), ("progress", _("进度"), member), ("results", _("结果"), True)]
    return {"tabs": [{"name": n, "label": label} for n, label, ok in tabs if ok], "current": current}


def round_context(request, round_: Round, current: str, **extra) -> dict:
    return {
        "round": round_,
        "round_nav": round_nav(request, round_, current),
        "can_plan": access.plans(request.user),
        "section": "rounds",
        **extra,
    }


# The list ------------------------------------------------------------------------------------


def _count(queryset) -> Coalesce:
    rows = queryset.order_by().values("round_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(rounds, user):
    """Sample size, submitted visits and failed items per round, in the same query; a person who
    does not see the whole city counts only the sites they may see."""
    sample = RoundSite.objects.filter(round=OuterRef("pk"), removed=False)
    visits = Visit.objects.filter(round=OuterRef("pk"), status=VisitStatus.SUBMITTED)
    fails = CheckResult.objects.filter(round=OuterRef("pk"), verdict=Verdict.FAIL, visit__status=VisitStatus.SUBMITTED)
    sites = visible_site_ids(user)
    if sites is not None:
        sample, visits, fails = (q.filter(site__in=sites) for q in (sample, visits, fails))
    return rounds.annotate(n_sample=_count(sample), n_visited=_count(visits), n_findings=_count(fails))


def listed_rounds(user, params) -> tuple[RoundFilterForm, Any, str | None]:
    """The rounds of the list (and its export): those this person may see, narrowed by the
    filters, with their counts, newest first; and the filter's error (then no rounds)."""
    form = RoundFilterForm(params)
    rounds = Round.objects.visible_to(user)
    error = None
    if form.is_valid():
        rounds = form.apply(rounds)
    else:
        error, rounds = form.error_message(), rounds.none()
    return (
        form,
        with_counts(rounds.select_related("edition"), user).order_by("-period_start", "-created_at", "-id"),
        error,
    )


@require_GET
@login_required
def round_list(request):
    form, rounds, error = listed_rounds(request.user, request.GET)
    status = 400 if error else 200
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filter": form,
        "querystring": form.querystring(),
        "kinds": Kind.choices,
        "statuses": RoundStatus.choices,
        "error": error,
        "can_plan": access.plans(request.user),
        "section": "rounds",
    }
    return render(request, "inspections/office/list.html", context, status=status)


# A round's overview --------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    allowed: tuple[str, ...]
    run: Any
    done: Any
    style: str = "btn-cw"
    confirm: Any = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("schedule", gettext_lazy("排期"), (RoundStatus.DRAFT,), services.schedule_round,
                   gettext_lazy("已排期，督查员可以开始检查")),
        Transition("unschedule", gettext_lazy("撤回排期"), (RoundStatus.SCHEDULED,), services.unschedule_round,
                   gettext_lazy("已撤回排期，可以继续修改计划"), "btn-outline-secondary"),
        Transition("close", gettext_lazy("结束"), (RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS),
                   services.close_round, gettext_lazy("本轮已结束"), "btn-outline-danger",
                   gettext_lazy("结束后不能再检查点位，确定结束本轮？")),
        Transition("publish", gettext_lazy("发布"), (RoundStatus.CLOSED,), services.publish_round,
                   gettext_lazy("已发布，结果对相关单位可见，问题已交办"), "btn-cw",
                   gettext_lazy("发布后结果对被检查单位可见，暗访发现的问题将交办到责任单位。确定发布？")),
        Transition("delete", gettext_lazy("删除"), (RoundStatus.DRAFT,), services.delete_round,
                   gettext_lazy("已删除草稿"), "btn-outline-danger", gettext_lazy("确定删除这个草稿？")),
    ]
}  # fmt: skip


def _teams(round_: Round):
    members = TeamMember.objects.select_related("user__unit").order_by("user__name", "user__username")
    return round_.teams.annotate(n_sites=Count("sites", filter=Q(sites__removed=False))).prefetch_related(
        Prefetch("teammember_set", queryset=members, to_attr="people")
    )


def sample_summary(round_: Round) -> dict:
    """Sample counts by site type and by district, with visit states, in two queries."""
    entries = RoundSite.objects.filter(round=round_).in_sample()
    by_type = list(
        entries.values("site_type__name").annotate(n=Count("pk")).order_by("site_type__sort_order", "site_type__code")
    )
    by_district = list(entries.values("district__name").annotate(n=Count("pk")).order_by("district__path"))
    states = entries.aggregate(
        total=Count("pk"),
        unassigned=Count("pk", filter=Q(team__isnull=True)),
        submitted=Count("pk", filter=Q(visit__status=VisitStatus.SUBMITTED)),
        in_progress=Count("pk", filter=Q(visit__status=VisitStatus.IN_PROGRESS)),
    )
    return {"by_type": by_type, "by_district": by_district, **states}


def my_sites(user, round_: Round):
    """The sampled sites this person may see (for those who do not see the whole sample)."""
    entries = RoundSite.objects.filter(round=round_).in_sample().filter(site__in=Site.objects.visible_to(user))
    return entries.select_related("site", "site_type", "district", "visit").order_by("site__code")


def detail_context(request, round_: Round, **extra) -> dict:
    user = request.user
    plans = access.plans(user)
    sees_all = access.sees_results(user, round_)
    context = round_context(request, round_, "detail", **extra)
    context.update(
        scope=list(round_.scope.order_by("path")),
        sees_all=sees_all,
        transitions=[t for t in TRANSITIONS.values() if round_.status in t.allowed] if plans else [],
    )
    if sees_all:
        context.update(
            teams=_teams(round_),
            rules=round_.rules.select_related("site_type"),
            summary=sample_summary(round_),
        )
    else:
        entries = list(my_sites(user, round_)[: DETAIL_SITE_LIMIT + 1])
        context.update(my_sites=entries[:DETAIL_SITE_LIMIT], more_sites=len(entries) > DETAIL_SITE_LIMIT)
    return context


@require_GET
@login_required
def round_detail(request, pk: int):
    round_ = access.get_round_for_user(request.user, pk)
    return render(request, "inspections/office/detail.html", detail_context(request, round_))


@require_POST
@login_required
def round_transition(request, pk: int):
    """POST action=schedule|unschedule|close|publish|delete."""
    round_ = office_round(request, pk)
    spec = TRANSITIONS.get(request.POST.get("action", ""))
    if spec is None:
        return HttpResponseBadRequest(_("未知操作"))
    try:
        spec.run(request.user, round_)
    except DomainError as exc:
        round_.refresh_from_db()
        context = detail_context(request, round_, error=str(exc.message))
        return render(request, "inspections/office/detail.html", context, status=exc.status)
    messages.success(request, spec.done)
    if spec.name == "delete":
        return redirect("inspections:list")
    return redirect("inspections:detail", pk=round_.pk)
