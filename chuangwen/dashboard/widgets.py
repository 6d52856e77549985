"""Figures and lists for the home page, chosen by role and scoped to what the person may see."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from chuangwen.audit.labels import event_label
from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.models import Edition, Standard
from chuangwen.inspections import field_tasks
from chuangwen.sites.models import Site
from chuangwen.units.models import OFFICE_ROLES, Role, Unit, User


def _card(label: str, value, url: str = "", hint: str = "") -> dict:
    return {"label": label, "value": value, "url": url, "hint": hint}


def _edition_standards(user):
    edition = Edition.active()
    if edition is None:
        return Standard.objects.none()
    return Standard.objects.visible_to(user).filter(edition=edition)


def _today_tasks_card(user: User) -> dict:
    """Sites still to inspect in the inspector's rounds running today."""
    remaining, rounds = field_tasks.today_summary(user)
    hint = ngettext("%(n)s 个督查轮次", "%(n)s 个督查轮次", rounds) % {"n": rounds} if rounds else _("今日无督查任务")
    return _card(_("今日待查点位"), remaining, reverse("inspections:mine"), hint)


def _pending_reports_card() -> dict:
    """Citizens' reports, hotline tickets, petitions and transfers waiting for the office's triage."""
    from chuangwen.citizens.models import Report, ReportStatus

    pending = Report.objects.filter(status=ReportStatus.PENDING).count()
    return _card(_("待受理市民反映"), pending, reverse("citizens:triage"))


def cards_for(user: User) -> list[dict]:
    sites = Site.objects.visible_to(user).active()
    cards = []
    if user.role in (*OFFICE_ROLES, Role.LEADER):
        cards.append(
            _card(_("单位"), Unit.objects.active().count(), reverse("units:unit_list") if user.is_office_admin else "")
        )
        cards.append(_card(_("点位"), sites.count(), reverse("sites:list")))
        cards.append(
            _card(pgettext("plural", "测评标准"), _edition_standards(user).count(), reverse("indicators:tree"))
        )
        if user.role in OFFICE_ROLES:
            cards.append(_pending_reports_card())
        if user.is_office_admin:
            cards.append(_card(_("人员"), User.objects.filter(is_active=True).count(), reverse("units:user_list")))
    elif user.role == Role.DISTRICT_OFFICE:
        cards.append(_card(_("辖区点位"), sites.count(), reverse("sites:list")))
        cards.append(_card(_("辖区街道"), Unit.objects.subtree(user.unit).filter(depth=user.unit.depth + 1).count()))
    elif user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD):
        cards.append(
            _card(_("本单位牵头或负责的测评标准"), _edition_standards(user).count(), reverse("indicators:tree"))
        )
        cards.append(_card(_("本单位负责的点位"), sites.count(), reverse("sites:list")))
    elif user.role == Role.GRID_WORKER:
        cards.append(_card(_("网格内点位"), sites.count(), reverse("sites:list")))
    elif user.role == Role.INSPECTOR:
        cards.append(_today_tasks_card(user))
        cards.append(_card(_("全市点位"), sites.count(), reverse("sites:list")))
    return cards


def panels_for(user: User) -> dict:
    panels: dict = {"edition": Edition.active()}
    if user.role in OFFICE_ROLES:
        events = list(AuditEvent.objects.all()[:8])
        for event in events:
            event.label = event_label(event)
        panels["recent_events"] = events
    if user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD):
        panels["my_standards"] = list(
            _edition_standards(user).select_related("lead_unit").order_by("sort_order", "code")[:10]
        )
        panels["unit"] = user.unit
    return panels
