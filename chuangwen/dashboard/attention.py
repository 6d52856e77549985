"""What needs a person's attention now, by role: the problem queues, then the gaps in the index,
the sites and the units that would stop inspections and problem routing from working."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.indicators.models import Edition, Method, Standard
from chuangwen.problems.models import WITH_UNIT, Problem, Review, Status, UnitRequest
from chuangwen.sites.models import Site
from chuangwen.units.models import DISTRICT_KINDS, FUNCTIONAL_KINDS, OFFICE_ROLES, Role, Unit, UnitKind


@dataclass(frozen=True)
class Attention:
    text: str
    count: int
    url: str = ""
    level: str = "warning"


def _field_standards_without_checklist(edition: Edition) -> int:
    # JSON "contains" is not portable to SQLite; an edition has a few hundred standards at most.
    methods = Standard.objects.filter(edition=edition, checklist_items__isnull=True).values_list("methods", flat=True)
    return sum(1 for m in methods if Method.FIELD in m)


def _answerable_units_without_liaison(scope: Unit | None = None) -> int:
    kinds = (*DISTRICT_KINDS, UnitKind.STREET, UnitKind.TOWN, *FUNCTIONAL_KINDS)
    units = Unit.objects.active().filter(kind__in=kinds).exclude(kind=UnitKind.ASSESSOR)
    if scope is not None:
        units = units.subtree(scope)
    return units.filter(Q(liaison_name="") | Q(liaison_phone="")).count()


def _office_items(user) -> list[Attention]:
    edition = Edition.active()
    if edition is None:
        return [Attention(_("尚未启用测评体系：请导入并启用"), 1, reverse("indicators:edition_list"), "danger")]
    standards = Standard.objects.filter(edition=edition)
    items = [
        Attention(
            _("测评标准未明确牵头单位"), standards.filter(lead_unit__isnull=True).count(), reverse("indicators:tree")
        ),
        Attention(
            _("实地考察标准尚无考察要求"), _field_standards_without_checklist(edition), reverse("indicators:tree")
        ),
        Attention(
            _("点位未落实包保单位"),
            Site.objects.active().filter(responsible_units__isnull=True).count(),
            reverse("sites:list"),
        ),
    ]
    url = reverse("units:unit_list") if user.role == Role.OFFICE_ADMIN else ""
    items.append(Attention(_("责任单位缺少联络员或联络电话"), _answerable_units_without_liaison(), url))
    return items


def _district_items(user) -> list[Attention]:
    if user.unit is None:
        return []
    sites = Site.objects.visible_to(user).active()
    return [
        Attention(
            _("辖区点位未落实包保单位"), sites.filter(responsible_units__isnull=True).count(), reverse("sites:list")
        ),
        Attention(_("辖区单位缺少联络员或联络电话"), _answerable_units_without_liaison(user.unit)),
    ]


def _unit_items(user) -> list[Attention]:
    unit = user.unit
    if unit is None:
        return []
    items = []
    if not (unit.liaison_name and unit.liaison_phone):
        items.append(Attention(_("本单位联络员信息不全，超期提醒将无法送达，请联系文明办补充"), 1))
    if not (unit.head_name and unit.head_phone):
        items.append(Attention(_("本单位主要负责人信息不全，请联系文明办补充"), 1))
    return items


def _problem_counts(problems, now) -> dict[str, int]:
    """The queues' sizes in one aggregate query."""
    return problems.aggregate(
        triage=Count("pk", filter=Q(status=Status.NEW)),
        overdue=Count("pk", filter=Q(status__in=WITH_UNIT, deadline__lt=now)),
        review=Count("pk", filter=Q(status=Status.SUBMITTED)),
        assigned=Count("pk", filter=Q(status=Status.ASSIGNED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        due_soon=Count(
            "pk", filter=Q(status__in=WITH_UNIT, deadline__gte=now, deadline__lt=now + datetime.timedelta(hours=48))
        ),
    )


def _manager_problem_items(user) -> list[Attention]:
    now = timezone.now()
    counts = _problem_counts(Problem.objects.visible_to(user), now)
    requests = UnitRequest.objects.filter(outcome=Review.PENDING, problem__in=Problem.objects.visible_to(user)).count()
    queue = lambda kind: reverse("problems:queue", args=[kind])  # noqa: E731
    return [
        Attention(_("待分派的问题"), counts["triage"], queue("triage"), "primary"),
        Attention(_("待审核的整改"), counts["review"], queue("review"), "primary"),
        Attention(_("超期未整改的问题"), counts["overdue"], queue("overdue"), "danger"),
        Attention(_("待处理的延期或转办申请"), requests, queue("requests"), "warning"),
    ]


def _unit_problem_items(user) -> list[Attention]:
    counts = _problem_counts(Problem.objects.visible_to(user), timezone.now())
    inbox = lambda kind: reverse("problems:inbox", args=[kind])  # noqa: E731
    overdue_url = reverse("problems:list") + "?overdue=1"
    return [
        Attention(_("新交办待签收的问题"), counts["assigned"], inbox("assigned"), "primary"),
        Attention(_("被退回需重新整改的问题"), counts["rejected"], inbox("rejected"), "danger"),
        Attention(_("已超期的问题"), counts["overdue"], overdue_url, "danger"),
        Attention(_("48小时内到期的问题"), counts["due_soon"], inbox("due_soon"), "warning"),
    ]


def attention_for(user) -> list[Attention]:
    """Only the items that need doing (count above zero): the problem queues first, then gaps."""
    if user.role in OFFICE_ROLES:
        items = _manager_problem_items(user) + _office_items(user)
    elif user.role == Role.DISTRICT_OFFICE:
        items = _manager_problem_items(user) + _district_items(user)
    elif user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD):
        items = _unit_problem_items(user) + _unit_items(user)
    else:
        items = []
    return [item for item in items if item.count > 0]
