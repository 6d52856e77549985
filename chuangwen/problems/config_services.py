"""The office's settings for problems: categories, deadline policies, holidays, escalation policy.

Each function is office-only, runs in one transaction and writes one audit event per change.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import ProblemCategory, Severity
from chuangwen.problems.policies import DeadlinePolicy, DurationUnit, EscalationPolicy, Holiday
from chuangwen.units.models import Unit

CATEGORY_FIELDS = ["code", "name", "description", "default_unit", "is_public", "is_active", "sort_order"]
POLICY_FIELDS = ["severity", "category", "amount", "unit", "working_days"]
HOLIDAY_FIELDS = ["date", "name", "is_workday"]
ESCALATION_FIELDS = ["remind_before_hours", "head_after_days", "summons_after_days", "notify_sms", "notify_email"]


def require_office(actor) -> None:
    if not (actor.is_authenticated and actor.is_office):
        raise PermissionDenied(_("只有文明办可以修改问题设置"))


# Categories


def _check_category(category: ProblemCategory) -> None:
    category.code = category.code.strip()
    category.name = category.name.strip()
    if not category.code:
        raise DomainError(_("请填写编码"), field="code")
    if not category.name:
        raise DomainError(_("请填写名称"), field="name")
    others = ProblemCategory.objects.exclude(pk=category.pk)
    if others.filter(code=category.code).exists():
        raise DomainError(_("编码“%(code)s”已被使用") % {"code": category.code}, field="code")
    if others.filter(name=category.name).exists():
        raise DomainError(_("名称“%(name)s”已被使用") % {"name": category.name}, field="name")
    unit: Unit | None = category.default_unit
    if unit is not None and not unit.is_active and category.default_unit_id != _saved_default(category):
        raise DomainError(_("所选单位已停用"), field="default_unit")


def _saved_default(category: ProblemCategory) -> int | None:
    if category.pk is None:
        return None
    return ProblemCategory.objects.filter(pk=category.pk).values_list("default_unit_id", flat=True).first()


@transaction.atomic
def create_category(actor, **fields) -> ProblemCategory:
    require_office(actor)
    category = ProblemCategory(**fields)
    _check_category(category)
    category.save()
    audit.record(actor, "problem_category.created", category, after=audit.snapshot(category, CATEGORY_FIELDS))
    return category


@transaction.atomic
def update_category(actor, category: ProblemCategory, **fields) -> ProblemCategory:
    require_office(actor)
    category = ProblemCategory.objects.select_for_update().get(pk=category.pk)
    before = audit.snapshot(category, CATEGORY_FIELDS)
    for name, value in fields.items():
        setattr(category, name, value)
    _check_category(category)
    category.save()
    audit.record_changes(actor, "problem_category.updated", category, before, audit.snapshot(category, CATEGORY_FIELDS))
    return category


# Deadline policies


def _check_policy(policy: DeadlinePolicy) -> None:
    if policy.severity not in Severity.values:
        raise DomainError(_("严重程度无效"), field="severity")
    if policy.unit not in DurationUnit.values:
        raise DomainError(_("时限单位无效"), field="unit")
    if not policy.amount or policy.amount < 1:
        raise DomainError(_("时限必须大于 0"), field="amount")
    if policy.unit == DurationUnit.HOURS and policy.working_days:
        raise DomainError(_("按小时计算的时限不能按工作日计算"), field="working_days")
    same = DeadlinePolicy.objects.filter(severity=policy.severity, category=policy.category).exclude(pk=policy.pk)
    if same.exists():
        raise DomainError(_("该严重程度和类别已有时限规则，请修改原规则"), field="category")


def _save_policy(policy: DeadlinePolicy) -> None:
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:  # a concurrent save of the same pair
        raise DomainError(_("该严重程度和类别已有时限规则，请修改原规则"), field="category") from None


@transaction.atomic
def create_deadline_policy(actor, **fields) -> DeadlinePolicy:
    require_office(actor)
    policy = DeadlinePolicy(**fields)
    _check_policy(policy)
    _save_policy(policy)
    audit.record(actor, "deadline_policy.created", policy, after=audit.snapshot(policy, POLICY_FIELDS))
    return policy


@transaction.atomic
def update_deadline_policy(actor, policy: DeadlinePolicy, **fields) -> DeadlinePolicy:
    require_office(actor)
    policy = DeadlinePolicy.objects.select_for_update().get(pk=policy.pk)
    before = audit.snapshot(policy, POLICY_FIELDS)
    for name, value in fields.items():
        setattr(policy, name, value)
    _check_policy(policy)
    _save_policy(policy)
    audit.record_changes(actor, "deadline_policy.updated", policy, before, audit.snapshot(policy, POLICY_FIELDS))
    return policy


@transaction.atomic
def delete_deadline_policy(actor, policy: DeadlinePolicy) -> None:
    """Remove a rule; problems of that kind then get the default rule's deadline."""
    require_office(actor)
    policy = DeadlinePolicy.objects.select_for_update().get(pk=policy.pk)
    audit.record(actor, "deadline_policy.deleted", policy, before=audit.snapshot(policy, POLICY_FIELDS))
    policy.delete()


# Holidays


def _check_holiday(holiday: Holiday) -> None:
    holiday.name = holiday.name.strip()
    if not holiday.name:
        raise DomainError(_("请填写名称"), field="name")
    if not isinstance(holiday.date, datetime.date):
        raise DomainError(_("请填写日期"), field="date")
    if Holiday.objects.filter(date=holiday.date).exclude(pk=holiday.pk).exists():
        raise DomainError(_("%(date)s 已在节假日表中") % {"date": holiday.date.isoformat()}, field="date")
    if holiday.is_workday and holiday.date.weekday() < 5:
        raise DomainError(_("调休上班的日期应是周末"), field="is_workday")


@transaction.atomic
def create_holiday(actor, **fields) -> Holiday:
    require_office(actor)
    holiday = Holiday(**fields)
    _check_holiday(holiday)
    holiday.save()
    audit.record(actor, "holiday.created", holiday, after=audit.snapshot(holiday, HOLIDAY_FIELDS))
    return holiday


@transaction.atomic
def update_holiday(actor, holiday: Holiday, **fields) -> Holiday:
    require_office(actor)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    before = audit.snapshot(holiday, HOLIDAY_FIELDS)
    for name, value in fields.items():
        setattr(holiday, name, value)
    _check_holiday(holiday)
    holiday.save()
    audit.record_changes(actor, "holiday.updated", holiday, before, audit.snapshot(holiday, HOLIDAY_FIELDS))
    return holiday


@transaction.atomic
def delete_holiday(actor, holiday: Holiday) -> None:
    require_office(actor)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    audit.record(actor, "holiday.deleted", holiday, before=audit.snapshot(holiday, HOLIDAY_FIELDS))
    holiday.delete()


# Escalation policy


@transaction.atomic
def update_escalation_policy(actor, **fields) -> EscalationPolicy:
    require_office(actor)
    EscalationPolicy.current()
    policy = EscalationPolicy.objects.select_for_update().get(pk=1)
    before = audit.snapshot(policy, ESCALATION_FIELDS)
    for name, value in fields.items():
        if name not in ESCALATION_FIELDS:
            raise DomainError(_("未知的设置项"))
        setattr(policy, name, value)
    if policy.summons_after_days < policy.head_after_days:
        raise DomainError(_("列入约谈名单的天数不能少于通知负责人的天数"), field="summons_after_days")
    policy.save()
    audit.record_changes(actor, "escalation_policy.updated", policy, before, audit.snapshot(policy, ESCALATION_FIELDS))
    return policy
