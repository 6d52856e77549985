"""The navigation bar, by role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chuangwen.lib.permissions import INDEX_READERS, SITE_READERS
from chuangwen.units.models import OFFICE_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    section: str
    group: str = ""  # items of a group share one dropdown when a person has more than one


GROUP_LABELS = {
    "problems": _("问题"), "sites": _("点位"), "inspections": _("督查"), "assessment": _("测评考核"), "admin": _("管理")
}  # fmt: skip


NAV_ITEMS = (
    NavItem(_("工作台"), "home", tuple(Role.values), "home"),
    NavItem(_("态势"), "overview", (*OFFICE_ROLES, Role.DISTRICT_OFFICE, Role.LEADER), "overview"),
    NavItem(_("工作队列"), "problems:queue", (*OFFICE_ROLES, Role.DISTRICT_OFFICE), "queue"),
    NavItem(_("待办问题"), "problems:inbox", (Role.UNIT_HANDLER, Role.UNIT_HEAD), "inbox"),
    NavItem(_("全部问题"), "problems:list", tuple(Role.values), "problems", "problems"),
    NavItem(
        _("约谈名单"), "problems:summons", (*OFFICE_ROLES, Role.DISTRICT_OFFICE, Role.LEADER), "summons", "problems"
    ),
    NavItem(_("回头看"), "problems:followups", OFFICE_ROLES, "followups", "problems"),
    NavItem(_("随手拍受理"), "citizens:triage", OFFICE_ROLES, "triage", "problems"),
    NavItem(_("热线信访登记"), "citizens:intake", OFFICE_ROLES, "intake", "problems"),
    NavItem(_("督查轮次"), "inspections:list", tuple(Role.values), "rounds", "inspections"),
    NavItem(_("我的督查任务"), "inspections:mine", (*OFFICE_ROLES, Role.INSPECTOR), "my_rounds", "inspections"),
    NavItem(_("排名"), "assessment:rankings", tuple(Role.values), "rankings", "assessment"),
    NavItem(
        _("督查通报"),
        "circulars:list",
        (*OFFICE_ROLES, Role.LEADER, Role.DISTRICT_OFFICE, Role.UNIT_HANDLER, Role.UNIT_HEAD),
        "circulars",
        "assessment",
    ),
    NavItem(_("年度考核"), "assessment:annual", (*OFFICE_ROLES, Role.LEADER), "annual", "assessment"),
    NavItem(_("考核设置"), "assessment:settings", OFFICE_ROLES, "assessment_settings", "assessment"),
    NavItem(_("测评体系"), "indicators:tree", INDEX_READERS, "indicators"),
    NavItem(_("点位列表"), "sites:list", SITE_READERS, "sites", "sites"),
    NavItem(_("点位地图"), "sites:map", SITE_READERS, "map", "sites"),
    NavItem(_("单位"), "units:unit_list", (Role.OFFICE_ADMIN,), "units", "admin"),
    NavItem(_("人员"), "units:user_list", (Role.OFFICE_ADMIN,), "users", "admin"),
    NavItem(_("问题设置"), "problems:settings", OFFICE_ROLES, "problem_settings", "admin"),
    NavItem(_("新闻发布"), "publicity:news_list", OFFICE_ROLES, "news", "admin"),
    NavItem(_("Open311 密钥"), "open311_keys:list", OFFICE_ROLES, "open311_keys", "admin"),
    NavItem(_("审计日志"), "audit:list", OFFICE_ROLES, "audit", "admin"),
)


def grouped(items: list[dict]) -> list[dict]:
    """Collapse the items of a group into one dropdown entry when there are two or more."""
    counts: dict[str, int] = {}
    for item in items:
        if item["group"]:
            counts[item["group"]] = counts.get(item["group"], 0) + 1
    entries: list[dict] = []
    dropdowns: dict[str, dict] = {}
    for item in items:
        group = item["group"]
        if not group or counts[group] < 2:
            entries.append(item)
        elif group in dropdowns:
            dropdowns[group]["children"].append(item)
        else:
            dropdowns[group] = {"label": GROUP_LABELS[group], "group": group, "children": [item], "url": ""}
            entries.append(dropdowns[group])
    for dropdown in dropdowns.values():
        dropdown["sections"] = [child["section"] for child in dropdown["children"]]
    return entries


def nav_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if user.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "section": item.section, "group": item.group})
    return grouped(items)


def navigation(request):
    context = {"nav_items": nav_for(request.user)}
    if request.user.is_authenticated:
        from chuangwen.dashboard.notifications import unread_count

        context["unread_notifications"] = unread_count(request.user)
    return context
