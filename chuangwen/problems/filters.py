"""The filters of the problem list, the work queues and the export: one form, one dataclass.

`filtered_problems(user, params)` is the only way a page gets its problems: it starts from
`Problem.objects.visible_to(user)` and narrows it by the validated query string.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.lib import search
from chuangwen.lib.bounded import IdField
from chuangwen.lib.errors import DomainError
from chuangwen.problems.models import (
    ENDED,
    OPEN,
    WITH_UNIT,
    Problem,
    ProblemCategory,
    RequestKind,
    Review,
    Severity,
    Source,
    Status,
    UnitRequest,
)
from chuangwen.units.models import Role, Unit, UnitKind

SEARCH_INDEX = "problems"
UNIT_COLUMNS = ("id", "code", "name", "kind", "path", "depth", "is_active", "parent_id", "sort_order")
# Units a responsible-unit filter offers: all but the thousands of communities, villages and grid cells.
SMALL_UNIT_KINDS = (UnitKind.COMMUNITY, UnitKind.VILLAGE, UnitKind.GRID)
STATUS_GROUPS = {"open": OPEN, "ended": ENDED}
PENDING_ANY = "any"


def status_choices() -> list[tuple[str, str]]:
    return [
        ("", _("全部状态")),
        ("open", _("未办结")),
        ("ended", _("已办结")),
        *Status.choices,
    ]


def pending_choices() -> list[tuple[str, str]]:
    return [("", _("不限")), (PENDING_ANY, _("有待处理申请")), *RequestKind.choices]


class ProblemFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    unit = IdField()
    district = IdField()
    status = forms.ChoiceField(required=False, choices=status_choices)
    source = forms.ChoiceField(required=False, choices=[("", ""), *Source.choices])
    severity = forms.ChoiceField(required=False, choices=[("", ""), *Severity.choices])
    category = IdField()
    standard = forms.CharField(required=False, max_length=32)
    overdue = forms.BooleanField(required=False)
    pending = forms.ChoiceField(required=False, choices=pending_choices)
    created_from = forms.DateField(required=False)
    created_to = forms.DateField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = _("状态“%(value)s”无效")
        self.fields["source"].error_messages["invalid_choice"] = _("来源“%(value)s”无效")
        self.fields["severity"].error_messages["invalid_choice"] = _("严重程度“%(value)s”无效")
        for name in ("created_from", "created_to"):
            self.fields[name].error_messages["invalid"] = _("请输入有效的日期，如 2026-11-30")

    def clean_category(self):
        pk = self.cleaned_data.get("category")
        if pk is None:
            return None
        category = ProblemCategory.objects.filter(pk=pk).first()
        if category is None:
            raise forms.ValidationError(_("所选问题类别不存在"))
        return category

    def clean(self):
        data = super().clean()
        ids = [data[n] for n in ("unit", "district") if data.get(n)]
        units = Unit.objects.only(*UNIT_COLUMNS).in_bulk(ids) if ids else {}
        for name in ("unit", "district"):
            if data.get(name):
                data[name] = units.get(data[name])
                if data[name] is None:
                    self.add_error(name, _("所选单位不存在"))
        if data.get("district") and not data["district"].is_district:
            self.add_error("district", _("所选单位不是区县"))
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("结束日期不能早于开始日期"))
        return data


@dataclass
class ProblemFilter:
    """Validated filters; `apply` narrows a queryset, `querystring` carries them to other pages."""

    q: str = ""
    unit: Unit | None = None
    district: Unit | None = None
    status: str = ""
    source: str = ""
    severity: str = ""
    category: ProblemCategory | None = None
    standard: str = ""
    overdue: bool = False
    pending: str = ""
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None

    @classmethod
    def from_params(cls, params) -> ProblemFilter:
        """The filters from a query string, or DomainError (400) with the first problem."""
        form = ProblemFilterForm(params)
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            raise DomainError(messages[0], field=field)
        data = form.cleaned_data
        values = {f.name: data.get(f.name) for f in fields(cls)}
        for name in ("q", "standard", "status", "source", "severity", "pending"):
            values[name] = (values[name] or "").strip()
        values["overdue"] = bool(values["overdue"])
        return cls(**values)

    @property
    def is_empty(self) -> bool:
        return not self.params()

    @property
    def extra_count(self) -> int:
        """How many filters besides the search text are set (shown on the phone's filter button)."""
        return len(self.params()) - (1 if self.q else 0)

    def apply(self, problems: QuerySet[Problem], now: datetime.datetime) -> QuerySet[Problem]:
        if self.unit:
            problems = problems.filter(responsible_unit__path__startswith=self.unit.path)
        if self.district:
            problems = problems.filter(district=self.district)
        if self.status in STATUS_GROUPS:
            problems = problems.filter(status__in=STATUS_GROUPS[self.status])
        elif self.status:
            problems = problems.filter(status=self.status)
        for name in ("source", "severity", "category"):
            if getattr(self, name):
                problems = problems.filter(**{name: getattr(self, name)})
        if self.standard:
            problems = problems.filter(standard__code=self.standard)
        if self.overdue:
            problems = problems.filter(status__in=WITH_UNIT, deadline__lt=now)
        if self.pending:
            problems = problems.filter(pk__in=pending_requests(self.pending).values("problem_id"))
        problems = self._apply_dates(problems)
        return search.filter_queryset(problems, SEARCH_INDEX, self.q)

    def _apply_dates(self, problems: QuerySet[Problem]) -> QuerySet[Problem]:
        """Whole days in the local time zone, both ends included."""
        if self.created_from:
            problems = problems.filter(created_at__gte=day_start(self.created_from))
        if self.created_to:
            problems = problems.filter(created_at__lt=day_start(self.created_to + datetime.timedelta(days=1)))
        return problems

    def params(self) -> dict[str, str]:
        values = {
            "q": self.q,
            "unit": self.unit.pk if self.unit else "",
            "district": self.district.pk if self.district else "",
            "status": self.status,
            "source": self.source,
            "severity": self.severity,
            "category": self.category.pk if self.category else "",
            "standard": self.standard,
            "overdue": "1" if self.overdue else "",
            "pending": self.pending,
            "created_from": self.created_from.isoformat() if self.created_from else "",
            "created_to": self.created_to.isoformat() if self.created_to else "",
        }
        return {k: str(v) for k, v in values.items() if v != ""}

    def querystring(self, **extra) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v not in ("", None)}})


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def pending_requests(kind: str = PENDING_ANY) -> QuerySet[UnitRequest]:
    requests = UnitRequest.objects.filter(outcome=Review.PENDING)
    return requests if kind == PENDING_ANY else requests.filter(kind=kind)


def filtered_problems(user, params, now: datetime.datetime | None = None) -> tuple[ProblemFilter, QuerySet[Problem]]:
    """The problems this person may see, narrowed by the filters in params (DomainError if bad)."""
    problem_filter = ProblemFilter.from_params(params)
    return problem_filter, problem_filter.apply(Problem.objects.visible_to(user), now or timezone.now())


# Choices for the filter bar ---------------------------------------------------------------------


def shows_unit_filters(user) -> bool:
    """Unit and district filters mean something only to people who see many units' problems."""
    return user.sees_whole_city or user.role == Role.DISTRICT_OFFICE


def filter_choices(user, problem_filter: ProblemFilter) -> dict:
    """Categories, and for office, leaders and districts the districts and units (three queries)."""
    choices: dict = {
        "categories": list(ProblemCategory.objects.all()),
        "statuses": status_choices(),
        "sources": Source.choices,
        "severities": Severity.choices,
        "pendings": pending_choices(),
        "unit_filters": shows_unit_filters(user),
    }
    if choices["unit_filters"]:
        choices["districts"] = _districts(user)
        choices["units"] = _filter_units(user, problem_filter.unit)
    return choices


def _districts(user) -> list[Unit]:
    districts = Unit.objects.districts().only(*UNIT_COLUMNS).order_by("path")
    if user.role == Role.DISTRICT_OFFICE and user.unit_id:
        districts = districts.filter(pk=user.unit_id)
    return list(districts)


def _filter_units(user, selected: Unit | None) -> list[tuple[int, str]]:
    """Responsible units to filter by as (id, indented name), in tree order; the selected one kept."""
    units = Unit.objects.exclude(kind__in=SMALL_UNIT_KINDS)
    if user.role == Role.DISTRICT_OFFICE and user.unit_id:
        units = units.filter(Q(path__startswith=user.unit.path) | Q(kind__in=(UnitKind.DEPARTMENT, UnitKind.WINDOW)))
    found = [(row.id, "\u3000" * row.indent + row.name) for row in units.outline()]
    if selected is not None and all(pk != selected.pk for pk, _name in found):
        found.insert(0, (selected.pk, selected.name))
    return found
