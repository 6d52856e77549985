"""GET requests: the spec's filters (service_request_id, service_code, start_date, end_date, status)
with its default volume (the last 90 days, at most 1000), and our page / page_size extension."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from chuangwen.citizens.models import ReportStatus
from chuangwen.citizens.open311.errors import bad_request
from chuangwen.lib.bounded import parse_int
from chuangwen.problems.models import ENDED, OPEN, Status

SPAN = datetime.timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 1000


@dataclass(frozen=True)
class Page:
    number: int
    size: int


def comma_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _moment(params, name: str):
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a "+" sent unescaped arrives as a space
        day = parse_date(value) if moment is None else None
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise bad_request(_("%(name)s 应为 W3C 日期时间格式，例如 2026-11-01T00:00:00+08:00") % {"name": name})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def date_range(params, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start and end:
        if end < start:
            raise bad_request(_("end_date 不能早于 start_date"))
        if end - start > SPAN:
            raise bad_request(_("start_date 与 end_date 相距不能超过 90 天"))
        return start, end
    if start:
        return start, start + SPAN
    end = end or now
    return end - SPAN, end


def page(params) -> Page:
    def number(name: str, default: int, top: int) -> int:
        value = (params.get(name) or "").strip()
        if not value:
            return default
        found = parse_int(value, 1, top)
        if found is None:
            raise bad_request(_("%(name)s 应为 1 到 %(top)s 之间的整数") % {"name": name, "top": top})
        return found

    return Page(number("page", 1, 1_000_000), number("page_size", MAX_RESULTS, MAX_RESULTS))


def _effective_status():
    """The status of the report's problem, or of its original when it was marked a duplicate."""
    return Case(
        When(problem__status=Status.DUPLICATE, problem__duplicate_of__isnull=False,
             then=F("problem__duplicate_of__status")),
        default=F("problem__status"),
    )  # fmt: skip


def status_filter(queryset, statuses: list[str]):
    wanted = set(statuses)
    if not wanted <= {"open", "closed"}:
        raise bad_request(_("status 只能是 open 或 closed"))
    if wanted == {"open", "closed"} or not wanted:
        return queryset
    decided = Q(status__in=[ReportStatus.ACCEPTED, ReportStatus.DUPLICATE])
    queryset = queryset.annotate(problem_state=_effective_status())
    if wanted == {"open"}:
        return queryset.filter(Q(status=ReportStatus.PENDING) | (decided & Q(problem_state__in=OPEN)))
    return queryset.filter(Q(status=ReportStatus.REJECTED) | (decided & Q(problem_state__in=ENDED)))


def filtered(queryset, params, now: datetime.datetime):
    """The reports the query asks for (service_request_id overrides every other filter), newest first."""
    ids = comma_list(params.get("service_request_id"))
    if ids:
        if len(ids) > MAX_IDS:
            raise bad_request(_("service_request_id 一次最多 %(n)s 个") % {"n": MAX_IDS})
        return queryset.filter(tracking_code__in=[i.upper() for i in ids]).order_by("-created_at", "-id")
    start, end = date_range(params, now)
    queryset = queryset.filter(created_at__gte=start, created_at__lte=end)
    codes = comma_list(params.get("service_code"))
    if codes:
        queryset = queryset.filter(category__code__in=codes)
    queryset = status_filter(queryset, comma_list(params.get("status")))
    return queryset.order_by("-created_at", "-id")
