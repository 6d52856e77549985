"""The problem settings of the demo city, made by the office's administrator through the settings
services (so the audit log shows who configured them): categories, deadline policies, holidays."""

from __future__ import annotations

from chuangwen.demo.builders.units import CityUnits
from chuangwen.demo.data import problems as data
from chuangwen.problems import config_services as config
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.policies import DeadlinePolicy, Holiday
from chuangwen.units.models import User


def build_categories(admin: User, city: CityUnits) -> dict[str, ProblemCategory]:
    categories = {}
    for i, spec in enumerate(data.CATEGORIES, start=1):
        categories[spec.code] = config.create_category(
            admin,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            default_unit=city.departments[spec.default_unit] if spec.default_unit else None,
            is_public=spec.is_public,
            sort_order=i,
        )
    build_service_attributes(admin, categories)
    return categories


def build_service_attributes(admin: User, categories: dict[str, ProblemCategory]) -> int:
    """The Open311 attributes of some categories (all six datatypes), through the office's service."""
    from chuangwen.citizens.open311.attribute_services import create_attribute
    from chuangwen.demo.data.open311_attributes import ATTRIBUTES

    for code, attribute, datatype, question, required, values in ATTRIBUTES:
        create_attribute(
            admin, categories[code], code=attribute, datatype=datatype, description=question, required=required,
            values=[{"key": key, "name": name} for key, name in values],
        )  # fmt: skip
    return len(ATTRIBUTES)


def build_policies(admin: User, categories: dict[str, ProblemCategory]) -> int:
    """The deadline policies; a severity default the office already configured is kept."""
    configured = set(DeadlinePolicy.objects.filter(category__isnull=True).values_list("severity", flat=True))
    made = 0
    for spec in data.DEADLINE_POLICIES:
        if not spec.category and spec.severity in configured:
            continue
        config.create_deadline_policy(
            admin,
            severity=spec.severity,
            category=categories[spec.category] if spec.category else None,
            amount=spec.amount,
            unit=spec.unit,
            working_days=spec.working_days,
        )
        made += 1
    return made


def build_holidays(admin: User) -> int:
    """The 2026 holidays and 调休 working days; dates already in the calendar are left as they are."""
    taken = set(Holiday.objects.values_list("date", flat=True))
    rows = [row for row in data.holiday_rows() if row[0] not in taken]
    for day, name, workday in rows:
        config.create_holiday(admin, date=day, name=name, is_workday=workday)
    return len(rows)
