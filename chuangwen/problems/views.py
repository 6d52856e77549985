"""Problem lists: everything a person may see (filtered), the office's work queues, a unit's inbox.

Every list starts from Problem.objects.visible_to(user) (through filters.filtered_problems) and
keeps a fixed number of queries whatever the number of problems (see test_pages_query_counts).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import role_required
from chuangwen.problems.access import CREATOR_ROLES
from chuangwen.problems.display import DUE_SOON
from chuangwen.problems.filters import ProblemFilter, filter_choices, filtered_problems, pending_requests
from chuangwen.problems.forms import BulkApproveForm, BulkAssignForm, assignable_units
from chuangwen.problems.models import OPEN, WITH_UNIT, PhotoKind, Problem, ProblemPhoto, Rectification, Review, Status
from chuangwen.problems.proposals import ROUTING_RELATED, propose_many, routing_prefetches
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role

PAGE_SIZE = 50
LIST_RELATED = ("site", "responsible_unit", "district")
QUEUE_ROLES = (*OFFICE_ROLES, Role.DISTRICT_OFFICE)


def _filter_context(request, problem_filter: ProblemFilter) -> dict:
    return {
        "filter": problem_filter,
        "querystring": problem_filter.querystring(),
        "choices": filter_choices(request.user, problem_filter),
    }


def _page(request, problems):
    return Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@login_required
def problem_list(request):
    now = timezone.now()
    try:
        problem_filter, problems = filtered_problems(request.user, request.GET, now)
    except DomainError as exc:
        context = {**_filter_context(request, ProblemFilter()), "error": exc.message, "section": "problems"}
        return render(request, "problems/list.html", context, status=400)
    context = _filter_context(request, problem_filter)
    context.update(
        page=_page(request, problems.select_related(*LIST_RELATED)),
        now=now,
        section="problems",
        can_create=request.user.role in CREATOR_ROLES,
    )
    return render(request, "problems/list.html", context)


# The office's work queues ---------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    kind: str
    label: Any
    preset: dict[str, str]
    order: tuple[str, ...]
    help: Any


QUEUES = {
    q.kind: q
    for q in [
        Queue("triage", _("待分派"), {"status": Status.NEW}, ("created_at", "id"), _("新登记、尚未交办的问题")),
        Queue("overdue", _("已超期"), {"overdue": "1"}, ("deadline", "id"), _("超过整改时限仍未提交整改的问题")),
        Queue("review", _("待审核"), {"status": Status.SUBMITTED}, ("submitted_at", "id"), _("责任单位已提交整改，等待审核")),
        Queue("requests", _("待处理申请"), {"pending": "any"}, ("requested_at", "id"), _("责任单位的延期和转办申请")),
    ]
}  # fmt: skip
# Filters a queue page keeps from the query string (the kind decides status, overdue and requests).
QUEUE_FILTERS = ("q", "unit", "district", "source", "severity", "category", "standard", "created_from", "created_to")


def queue_counts(problems, now: datetime.datetime) -> dict[str, int]:
    """The size of every queue, in one query."""
    pending = pending_requests().values("problem_id")
    return problems.order_by().aggregate(
        triage=Count("pk", filter=Q(status=Status.NEW)),
        overdue=Count("pk", filter=Q(status__in=WITH_UNIT, deadline__lt=now)),
        review=Count("pk", filter=Q(status=Status.SUBMITTED)),
        requests=Count("pk", filter=Q(pk__in=pending)),
    )


def _queue_rows(queue: Queue, problems):
    """The queue's problems with what its rows show."""
    problems = problems.select_related(*LIST_RELATED)
    if queue.kind == "triage":
        return problems.select_related(*ROUTING_RELATED).prefetch_related(*routing_prefetches())
    if queue.kind == "review":
        after = ProblemPhoto.objects.filter(kind=PhotoKind.AFTER, rectification__outcome=Review.PENDING)
        return problems.prefetch_related(
            Prefetch("rectifications", queryset=_pending_rectifications(), to_attr="pending_rectifications"),
            Prefetch("photos", queryset=after, to_attr="after_photos"),
        )
    if queue.kind == "requests":
        first = pending_requests().filter(problem=OuterRef("pk")).values("requested_at")[:1]
        requests = pending_requests().select_related("requested_by", "suggested_unit")
        return problems.annotate(requested_at=Subquery(first)).prefetch_related(
            Prefetch("requests", queryset=requests, to_attr="pending_requests")
        )
    return problems


def _pending_rectifications():
    return Rectification.objects.filter(outcome=Review.PENDING).order_by("-submitted_at")


@require_GET
@role_required(*QUEUE_ROLES)
def queue(request, kind: str = "triage"):
    return render_queue(request, kind)


def render_queue(request, kind: str, *, bulk_form=None, status: int = 200):
    """A queue page; `bulk_form` is a refused bulk action's form, shown with its errors."""
    spec = QUEUES.get(kind)
    if spec is None:
        raise Http404
    now = timezone.now()
    params = {k: v for k, v in request.GET.items() if k in QUEUE_FILTERS}
    try:
        base_filter, base = filtered_problems(request.user, params, now)
    except DomainError as exc:
        context = {**_filter_context(request, ProblemFilter()), "error": exc.message}
        return render(request, "problems/queue.html", _queue_context(context, spec, {}), status=400)
    preset = ProblemFilter.from_params({**params, **spec.preset})
    page = _page(request, _queue_rows(spec, preset.apply(base, now)).order_by(*spec.order))
    context = _filter_context(request, base_filter)
    context.update(page=page, now=now, export_query=preset.querystring(), bulk_form=bulk_form)
    if spec.kind == "triage":
        context["proposals"] = propose_many(page.object_list)
        context["bulk_form"] = bulk_form or BulkAssignForm(units=assignable_units(request.user))
    elif spec.kind == "review":
        context["bulk_form"] = bulk_form or BulkApproveForm()
    context["selected"] = set(bulk_form.data.getlist("ids")) if bulk_form is not None else set()
    return render(request, "problems/queue.html", _queue_context(context, spec, queue_counts(base, now)), status=status)


def _queue_context(context: dict, spec: Queue, counts: dict) -> dict:
    tabs = [{"queue": q, "count": counts.get(q.kind)} for q in QUEUES.values()]
    return {**context, "queue": spec, "tabs": tabs, "section": "queue"}


# A unit's inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxTab:
    kind: str
    label: Any
    help: Any


INBOX_TABS = {
    t.kind: t
    for t in [
        InboxTab("assigned", _("待签收"), _("新交办给本单位、尚未签收的问题")),
        InboxTab("in_progress", _("整改中"), _("已签收、正在整改的问题")),
        InboxTab("due_soon", _("临期/超期"), _("48小时内到期或已超期的问题")),
        InboxTab("rejected", _("被退回"), _("整改被退回，需要重新整改")),
        InboxTab("submitted", _("待审核"), _("已提交整改，等待文明办审核")),
        InboxTab("cooperating", _("配合办理"), _("本单位作为配合单位的未办结问题")),
    ]
}


def inbox_conditions(unit_id: int, now: datetime.datetime) -> dict[str, Q]:
    own = Q(responsible_unit_id=unit_id)
    return {
        "assigned": own & Q(status=Status.ASSIGNED),
        "in_progress": own & Q(status=Status.IN_PROGRESS),
        "due_soon": own & Q(status__in=WITH_UNIT, deadline__lt=now + DUE_SOON),
        "rejected": own & Q(status=Status.REJECTED),
        "submitted": own & Q(status=Status.SUBMITTED),
        "cooperating": ~own & Q(status__in=OPEN),
    }


INBOX_ORDER = {"submitted": (F("submitted_at").desc(), "id")}
DEFAULT_INBOX_ORDER = (F("deadline").asc(nulls_last=True), "id")


@require_GET
@role_required(*UNIT_ROLES)
def inbox(request, kind: str = "assigned"):
    tab = INBOX_TABS.get(kind)
    if tab is None:
        raise Http404
    now = timezone.now()
    visible = Problem.objects.visible_to(request.user)
    conditions = inbox_conditions(request.user.unit_id, now)
    counts = visible.order_by().aggregate(**{k: Count("pk", filter=q) for k, q in conditions.items()})
    problems = visible.filter(conditions[kind]).select_related(*LIST_RELATED)
    page = _page(request, problems.order_by(*INBOX_ORDER.get(kind, DEFAULT_INBOX_ORDER)))
    context = {
        "tab": tab,
        "tabs": [{"tab": t, "count": counts[t.kind]} for t in INBOX_TABS.values()],
        "page": page,
        "now": now,
        "section": "inbox",
    }
    return render(request, "problems/inbox.html", context)
