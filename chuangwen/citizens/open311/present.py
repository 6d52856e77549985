"""What the Open311 answers say about our categories and reports. Reports: only the public part
(no name, phone or e-mail); the state in the same words as the citizen's status page."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.citizens.models import Channel, CitizenSettings, PublicListing, Report, ReportStatus, ServiceAttribute
from chuangwen.citizens.public_status import public_state
from chuangwen.problems.models import OPEN, ProblemCategory

# Reports the public may read over Open311: the citizens' own channels (not hotline, petitions, transfers).
PUBLIC_CHANNELS = (Channel.WEB, Channel.OPEN311)
CLOSED_KEYS = ("closed", "rejected")
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
)  # fmt: skip
KEYWORD_SPLIT = re.compile(r"[、，,；;。\s]+")


def w3(moment) -> str | None:
    """ISO 8601 with the local offset, e.g. 2026-11-27T10:00:00+08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def service_notice() -> str:
    return _("文明办将在1个工作日内受理；受理后按责任分工交有关单位整改，可凭查询码查看进度")


def keywords(category: ProblemCategory) -> str:
    words = [w for w in KEYWORD_SPLIT.split(category.description or "") if w and len(w) <= 12]
    return ", ".join(dict.fromkeys([category.name, *words]))


def service(category: ProblemCategory, has_attributes: bool) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": has_attributes,
        "type": "realtime",
        "keywords": keywords(category),
        "group": category.default_unit.name if category.default_unit_id else _("其他"),
    }


def attribute(item: ServiceAttribute) -> dict:
    values = [{"key": str(v.get("key", "")), "name": str(v.get("name", ""))} for v in item.values or []]
    return {
        "variable": item.variable,
        "code": item.code,
        "datatype": item.datatype,
        "required": item.required,
        "datatype_description": item.datatype_description or None,
        "order": item.order,
        "description": item.description,
        "values": values,
    }


def status_of(report: Report) -> tuple[str, str]:
    """(open or closed, the notes in Chinese)."""
    state = public_state(report)
    parts = [state.label]
    if state.duplicate:
        parts.insert(0, _("重复反映，随原问题办理"))
    if state.reason:
        parts[-1] = f"{state.label}：{state.reason}"
    elif state.unit:
        parts[-1] = f"{state.label}（{state.unit}）"
    return ("closed" if state.key in CLOSED_KEYS else "open"), "；".join(parts)


def _problem(report: Report):
    if report.status in (ReportStatus.ACCEPTED, ReportStatus.DUPLICATE) and report.problem_id:
        return report.problem
    return None


def media_url(request, report: Report) -> str | None:
    if report.media_url:
        return report.media_url
    if report.status != ReportStatus.REJECTED and report.photos.exists():
        return request.build_absolute_uri(reverse("open311:media", args=[report.tracking_code]))
    return None


def _number(value) -> float | None:
    return float(value) if value is not None else None


def listing() -> str:
    """What GET requests show (CitizenSettings.open311_listing)."""
    return CitizenSettings.current().open311_listing


def listing_text(value: str) -> str:
    """The discovery document's words for the listing rule."""
    if value == PublicListing.ALL:
        return _("GET requests 列出全部市民反映（含待受理、不予受理和重复反映）及其描述、位置和照片。")
    return _(
        "GET requests 只列出文明办已受理的反映，显示受理时审定的文字；待受理、不予受理和重复反映不列出，"
        "按 service_request_id 查询时只返回其办理状态。"
    )


def is_public(report: Report, value: str) -> bool:
    """Whether the report's text, position and photo are public under the listing rule."""
    return value == PublicListing.ALL or report.status == ReportStatus.ACCEPTED


def listed(queryset, value: str):
    """The reports a listing (no service_request_id) shows under the rule."""
    return queryset if value == PublicListing.ALL else queryset.filter(status=ReportStatus.ACCEPTED)


def status_only(report: Report) -> dict:
    """A report that is not public (yet): its state for whoever holds its service_request_id
    (the reporter's tracking code); nothing of what it says, where, or its photo. The spec's
    fields are all there (empty), so that clients read it as any other request."""
    status, notes = status_of(report)
    return dict.fromkeys(REQUEST_FIELDS) | {
        "service_request_id": report.tracking_code,
        "status": status,
        "status_notes": notes,
        "service_notice": service_notice(),
        "requested_datetime": w3(report.created_at),
        "updated_datetime": w3(report.updated_at),
    }


def text_of(report: Report, value: str) -> str:
    if value == PublicListing.ALL:
        return report.description
    return report.public_text or report.description


def service_request(request, report: Report, value: str) -> dict:
    """The public answer for one report under the listing rule `value`."""
    if not is_public(report, value):
        return status_only(report)
    status, notes = status_of(report)
    problem = _problem(report)
    updated = max(filter(None, [report.updated_at, problem.updated_at if problem else None]))
    unit = problem.responsible_unit.name if problem is not None and problem.responsible_unit_id else None
    return {
        "service_request_id": report.tracking_code,
        "status": status,
        "status_notes": notes,
        "service_name": report.category.name if report.category_id else None,
        "service_code": report.category.code if report.category_id else None,
        "description": text_of(report, value),
        "agency_responsible": unit,
        "service_notice": service_notice(),
        "requested_datetime": w3(report.created_at),
        "updated_datetime": w3(updated),
        "expected_datetime": w3(problem.deadline) if problem is not None and problem.status in OPEN else None,
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": _number(report.lat),
        "long": _number(report.lng),
        "media_url": media_url(request, report),
    }


def public_reports():
    return Report.objects.filter(channel__in=PUBLIC_CHANNELS).select_related(
        "category", "problem", "problem__responsible_unit"
    )
