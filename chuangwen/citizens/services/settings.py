"""The office's rules for the citizens' channel (CitizenSettings): points, limits, the
duplicate-suggestion radius and window, and what Open311 shows of reports before triage. One audited service; every value is checked here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.audit import services as audit
from chuangwen.citizens.models import CitizenSettings, PublicListing
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.units.models import OFFICE_ROLES


@dataclass(frozen=True)
class Rule:
    label: object
    minimum: int
    maximum: int


# 0 for a limit means "no limit" (intake.check_limits skips it); 0 points means no reward.
RULES = {
    "points_per_report": Rule(gettext_lazy("每条受理奖励积分"), 0, 1000),
    "per_phone_per_minute": Rule(gettext_lazy("同一手机每分钟上限"), 0, 1000),
    "per_phone_per_day": Rule(gettext_lazy("同一手机每天上限"), 0, 100000),
    "per_device_per_minute": Rule(gettext_lazy("同一设备每分钟上限"), 0, 1000),
    "per_client_per_minute": Rule(gettext_lazy("同一IP每分钟上限"), 0, 10000),
    "per_client_per_day": Rule(gettext_lazy("同一IP每天上限"), 0, 1000000),
    "duplicate_radius_m": Rule(gettext_lazy("疑似重复半径（米）"), 10, 5000),
    "duplicate_window_days": Rule(gettext_lazy("疑似重复时间窗（天）"), 1, 365),
}
# Settings chosen from a list: the field's choices.
CHOICES = {"open311_listing": PublicListing}
FIELDS = (*RULES, *CHOICES)


def _require_office(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以修改随手拍设置"))


def _chosen(name: str, value) -> str:
    value = str(value or "").strip()
    if value not in CHOICES[name].values:
        label = CitizenSettings._meta.get_field(name).verbose_name
        raise DomainError(_("“%(label)s”的取值无效") % {"label": label}, field=name)
    return value


def _checked(name: str, value) -> int | str:
    if name in CHOICES:
        return _chosen(name, value)
    rule = RULES[name]
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise DomainError(_("“%(label)s”须为整数") % {"label": rule.label}, field=name) from None
    if not rule.minimum <= value <= rule.maximum:
        raise DomainError(
            _("“%(label)s”须在 %(min)s 至 %(max)s 之间")
            % {"label": rule.label, "min": rule.minimum, "max": rule.maximum},
            field=name,
        )
    return value


def _values(row: CitizenSettings) -> dict[str, int | str]:
    return {name: getattr(row, name) for name in FIELDS}


@transaction.atomic
def update_settings(actor, **values) -> CitizenSettings:
    """Change some of the rules (the others keep their values); records what changed."""
    _require_office(actor)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise DomainError(_("未知的设置项：%(names)s") % {"names": "、".join(sorted(unknown))})
    checked = {name: _checked(name, value) for name, value in values.items()}
    _check_order(checked, CitizenSettings.current())
    row = CitizenSettings.objects.select_for_update().get(pk=CitizenSettings.current().pk)
    before = _values(row)
    for name, value in checked.items():
        setattr(row, name, value)
    row.save()
    audit.record_changes(actor, "citizen_settings.updated", row, before, _values(row))
    return row


PAIRS = (
    ("per_phone_per_minute", "per_phone_per_day", gettext_lazy("同一手机每分钟上限不能大于每天上限")),
    ("per_client_per_minute", "per_client_per_day", gettext_lazy("同一IP每分钟上限不能大于每天上限")),
)


def _check_order(checked: dict, current: CitizenSettings) -> None:
    """A per-minute limit above the per-day limit of the same key is a typing error (0: no limit)."""
    for minute_name, day_name, message in PAIRS:
        minute = checked.get(minute_name, getattr(current, minute_name))
        day = checked.get(day_name, getattr(current, day_name))
        if minute and day and minute > day:
            raise DomainError(str(message), field=minute_name)
