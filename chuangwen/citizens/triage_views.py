"""The office's triage of reports (随手拍, Open311, 12345, petitions, transfers).

The queue lists pending reports oldest first (filters: channel, category, text) and opens one of
them beside the list (?current=<id>, else the oldest): its photos, place, reporter, the routing
proposal that accepting will use, and the duplicate suggestions. Each action is one POST that
calls one service and then opens the next report of the same filtered queue. Office staff only:
reporters' names and phones are shown in full here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.audit.labels import event_label
from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import duplicates, services
from chuangwen.citizens.forms import AcceptForm, DuplicateForm, RejectForm
from chuangwen.citizens.models import Channel, CitizenSettings, Report, ReportPhoto, ReportStatus
from chuangwen.citizens.phones import normalized_or_raw
from chuangwen.lib.bounded import parse_id
from chuangwen.lib.errors import Conflict, DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.problems import routing
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.services.create import nearest_site

QUEUE_LIMIT = 50
MAX_QUERY = 100


# --- the queue and its filters -----------------------------------------------------------------


def read_filters(params) -> dict:
    """The queue's filters from a query string; unknown values are ignored."""
    channel = params.get("channel", "")
    category = params.get("category", "")
    return {
        "channel": channel if channel in Channel.values else "",
        "category": parse_id(category),
        "q": params.get("q", "").strip()[:MAX_QUERY],
    }


def querystring(filters: dict, **extra) -> str:
    values = {k: v for k, v in filters.items() if v not in ("", None)} | {k: v for k, v in extra.items() if v}
    return urlencode(values)


def pending_reports(filters: dict, *, with_channel: bool = True):
    reports = Report.objects.filter(status=ReportStatus.PENDING)
    if with_channel and filters["channel"]:
        reports = reports.filter(channel=filters["channel"])
    if filters["category"]:
        reports = reports.filter(category_id=filters["category"])
    if filters["q"]:
        q = filters["q"]
        reports = reports.filter(
            Q(description__icontains=q) | Q(address__icontains=q) | Q(tracking_code__iexact=q)
            | Q(external_ref__icontains=q) | Q(reporter_phone__contains=normalized_or_raw(q))
        )  # fmt: skip
    return reports.order_by("created_at", "id")


def channel_counts(filters: dict) -> list[dict]:
    """Pending reports per channel under the other filters (one query)."""
    counts = dict(
        pending_reports(filters, with_channel=False).order_by().values_list("channel").annotate(n=Count("id"))
    )
    return [{"value": c.value, "label": c.label, "count": counts.get(c.value, 0)} for c in Channel]


def _queue_url(filters: dict, current: int | None = None) -> str:
    query = querystring(filters, current=current)
    return reverse("citizens:triage") + (f"?{query}" if query else "")


# --- one report --------------------------------------------------------------------------------


def _territory(report: Report):
    """The territorial unit accepting will give the problem (the nearest site's), as create_problem does."""
    if report.lat is None or report.lng is None:
        return None, None
    site = nearest_site(report.lat, report.lng)
    return site, (site.territorial_unit if site else None)


def proposals(report: Report, territorial) -> tuple[routing.Proposal, list[dict]]:
    """The proposal for the report's category, and for every other category the office may choose."""
    current = routing.propose(None, None, report.category, territorial)
    base = routing.propose(None, None, None, territorial)
    others = []
    for category in ProblemCategory.objects.filter(is_active=True).select_related("default_unit"):
        proposal = base if base.unit is not None else routing.propose(None, None, category, territorial)
        others.append({"category": category.pk, "unit": proposal.unit, "why": proposal.why})
    return current, others


def panel_context(report: Report, failed: tuple[str, object] | None = None) -> dict:
    """Everything the report's panel shows; `failed` is (action, bound form) after a refusal."""
    config = CitizenSettings.current()
    context: dict = {"report": report, "photos": list(report.photos.all())}
    if report.status != ReportStatus.PENDING:
        return context
    site, territorial = _territory(report)
    proposal, by_category = proposals(report, territorial)
    suggestions = duplicates.suggest_problems(report, config)
    forms = {
        "accept": AcceptForm(initial={"category": report.category_id, "public_text": report.description}),
        "reject": RejectForm(),
        "duplicate": DuplicateForm(suggestions=suggestions),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    context.update(
        nearest_site=site,
        territorial=territorial,
        proposal=proposal,
        proposals_by_category=by_category,
        suggestions=suggestions,
        similar_reports=duplicates.suggest_reports(report, config),
        config=config,
        forms=forms,
        failed_action=failed[0] if failed else "",
    )
    return context


def _queue_context(request, filters: dict, current: Report | None, failed=None) -> dict:
    pending = pending_reports(filters)
    channels = channel_counts(filters)
    rows = list(pending.select_related("category").annotate(photo_count=Count("photos"))[:QUEUE_LIMIT])
    if current is None and rows:
        current = Report.objects.select_related("category").get(pk=rows[0].pk)
    context = {
        "section": "triage",
        "filters": filters,
        "querystring": querystring(filters),
        "rows": rows,
        "total": pending.count(),
        "limit": QUEUE_LIMIT,
        "channels": channels,
        "channels_total": sum(c["count"] for c in channels),
        "categories": ProblemCategory.objects.filter(is_active=True),
        "current": current,
    }
    if current is not None:
        context.update(panel_context(current, failed))
    return context


@require_GET
@office_required
def triage(request):
    """GET /citizens/triage/: the queue, with the current report open."""
    filters = read_filters(request.GET)
    current = None
    pk = parse_id(request.GET.get("current"))
    if pk is not None:
        current = pending_reports(filters).select_related("category").filter(pk=pk).first()
    return render(request, "citizens/office/triage.html", _queue_context(request, filters, current))


def _next(request, report: Report, filters: dict):
    """Open the report after this one in the same filtered queue (or the first, or an empty queue)."""
    pending = pending_reports(filters)
    later = pending.filter(Q(created_at__gt=report.created_at) | Q(created_at=report.created_at, pk__gt=report.pk))
    following = later.first() or pending.first()
    return redirect(_queue_url(filters, following.pk if following else None))


def _refused(request, report: Report, filters: dict, action: str, form, exc: DomainError):
    if isinstance(exc, Conflict):  # decided meanwhile (by a colleague): say so and move on
        messages.error(request, str(exc.message))
        return _next(request, report, filters)
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))
    context = _queue_context(request, filters, report, failed=(action, form))
    return render(request, "citizens/office/triage.html", context, status=exc.status)


def _invalid(request, report: Report, filters: dict, action: str, form):
    if report.status != ReportStatus.PENDING:
        return _refused(request, report, filters, action, form, Conflict(_("该反映已处理")))
    context = _queue_context(request, filters, report, failed=(action, form))
    return render(request, "citizens/office/triage.html", context, status=400)


def _report(pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("category"), pk=pk)


@require_POST
@office_required
def accept(request, pk: int):
    report, filters = _report(pk), read_filters(request.GET)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _invalid(request, report, filters, "accept", form)
    data = form.cleaned_data
    try:
        problem = services.accept_report(
            request.user, report, category=data["category"], severity=data["severity"], note=data["note"],
            public_text=data["public_text"],
        )  # fmt: skip
    except DomainError as exc:
        return _refused(request, report, filters, "accept", form, exc)
    if problem.responsible_unit_id:
        text = _("已受理 %(code)s，登记为问题 %(problem)s 并交办给%(unit)s")
    else:
        text = _("已受理 %(code)s，登记为问题 %(problem)s（待人工分派）")
    unit = problem.responsible_unit.name if problem.responsible_unit_id else ""
    messages.success(request, text % {"code": report.tracking_code, "problem": problem.code, "unit": unit})
    return _next(request, report, filters)


@require_POST
@office_required
def reject(request, pk: int):
    report, filters = _report(pk), read_filters(request.GET)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _invalid(request, report, filters, "reject", form)
    try:
        services.reject_report(request.user, report, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _refused(request, report, filters, "reject", form, exc)
    messages.success(request, _("已将 %(code)s 标记为不予受理") % {"code": report.tracking_code})
    return _next(request, report, filters)


@require_POST
@office_required
def duplicate(request, pk: int):
    report, filters = _report(pk), read_filters(request.GET)
    config = CitizenSettings.current()
    suggestions = duplicates.suggest_problems(report, config) if report.status == ReportStatus.PENDING else []
    form = DuplicateForm(request.POST, suggestions=suggestions)
    if not form.is_valid():
        return _invalid(request, report, filters, "duplicate", form)
    problem = form.cleaned_data["target"]
    try:
        services.mark_duplicate(request.user, report, problem, note=form.cleaned_data["note"])
    except DomainError as exc:
        return _refused(request, report, filters, "duplicate", form, exc)
    text = _("已将 %(code)s 标记为问题 %(problem)s 的重复反映")
    messages.success(request, text % {"code": report.tracking_code, "problem": problem.code})
    return _next(request, report, filters)


# --- any report, with its history; photos ------------------------------------------------------


def history(report: Report) -> list[AuditEvent]:
    events = list(AuditEvent.objects.for_object(report).order_by("at", "id"))
    for event in events:
        event.label = event_label(event)
    return events


@require_GET
@office_required
def report_detail(request, pk: int):
    """GET /citizens/reports/<pk>/: any report (decided ones too), its photos and its history."""
    report = get_object_or_404(
        Report.objects.select_related("category", "problem", "decided_by", "created_by", "open311_key"), pk=pk
    )
    context = panel_context(report)
    context.update(section="triage", history=history(report), querystring="", detail_page=True)
    context["points_entry"] = getattr(report, "points_entry", None) if report.points else None
    return render(request, "citizens/office/report_detail.html", context)


@require_GET
@office_required
def report_photo(request, pk: int):
    """A report's photo (?size=thumb: its thumbnail); office staff only."""
    photo = ReportPhoto.objects.filter(pk=pk).only("image", "thumbnail").first()
    if photo is None:
        raise Http404
    name = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
