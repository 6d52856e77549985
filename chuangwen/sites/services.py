"""Every write to site types and sites, each with its audit event. Office staff only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.sites.rules import SiteData, site_issues
from chuangwen.units.models import Unit, User

SITE_TYPE_FIELDS = ["code", "name", "description", "is_road", "sort_order", "is_active"]
SITE_FIELDS = [
    "code", "name", "site_type", "address", "lat", "lng", "territorial_unit",
    "road_chief_name", "road_chief_phone", "notes", "is_active",
]  # fmt: skip
SITE_TYPE_MAX_LENGTHS = {"code": 32, "name": 50}


def require_office(actor: User | None) -> None:
    if not (actor is not None and getattr(actor, "is_office", False)):
        raise PermissionDenied(_("只有文明办工作人员可以维护点位"))


def site_snapshot(site: Site, responsible_ids: list[int]) -> dict[str, Any]:
    """What the audit trail keeps of a site, responsible units included (no query)."""
    data = audit.snapshot(site, SITE_FIELDS)
    data["responsible_units"] = sorted(responsible_ids)
    return data


def _raise_first(issues: list[tuple[str, str]]) -> None:
    if issues:
        field, message = issues[0]
        raise DomainError(message, field=field)


# Site types ---------------------------------------------------------------------------------


def _check_site_type(site_type: SiteType) -> None:
    for name, limit in SITE_TYPE_MAX_LENGTHS.items():
        value = getattr(site_type, name)
        if not value:
            raise DomainError(_("不能为空"), field=name)
        if len(value) > limit:
            raise DomainError(_("不能超过 %(n)s 个字符") % {"n": limit}, field=name)
    others = SiteType.objects.exclude(pk=site_type.pk)
    if others.filter(code=site_type.code).exists():
        raise DomainError(_("点位类型编码“%(code)s”已存在") % {"code": site_type.code}, field="code")
    if others.filter(name=site_type.name).exists():
        raise DomainError(_("点位类型名称“%(name)s”已存在") % {"name": site_type.name}, field="name")


def _strip_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def create_site_type(actor: User, **fields: Any) -> SiteType:
    require_office(actor)
    site_type = SiteType(**_strip_fields(fields))
    _check_site_type(site_type)
    site_type.save()
    audit.record(actor, "site_type.created", site_type, after=audit.snapshot(site_type, SITE_TYPE_FIELDS))
    return site_type


@transaction.atomic
def update_site_type(actor: User, site_type: SiteType, reason: str = "", **fields: Any) -> SiteType:
    require_office(actor)
    site_type = SiteType.objects.select_for_update().get(pk=site_type.pk)
    before = audit.snapshot(site_type, SITE_TYPE_FIELDS)
    for name, value in _strip_fields(fields).items():
        setattr(site_type, name, value)
    _check_site_type(site_type)
    if before["is_road"] and not site_type.is_road and _sites_with_road_chief(site_type).exists():
        raise DomainError(_("该类型下有点位设置了路长，不能改为非道路类"), field="is_road")
    if before["is_active"] and not site_type.is_active:
        _check_no_active_sites(site_type)
    site_type.save()
    audit.record_changes(
        actor, "site_type.updated", site_type, before, audit.snapshot(site_type, SITE_TYPE_FIELDS), reason=reason
    )
    return site_type


@transaction.atomic
def deactivate_site_type(actor: User, site_type: SiteType, reason: str = "") -> SiteType:
    require_office(actor)
    site_type = SiteType.objects.select_for_update().get(pk=site_type.pk)
    if not site_type.is_active:
        raise DomainError(_("该点位类型已停用"), field="is_active")
    _check_no_active_sites(site_type)
    site_type.is_active = False
    site_type.save(update_fields=["is_active"])
    audit.record(
        actor, "site_type.deactivated", site_type, before={"is_active": True}, after={"is_active": False}, reason=reason
    )
    return site_type


def _sites_with_road_chief(site_type: SiteType):
    return Site.objects.filter(site_type=site_type).exclude(road_chief_name="", road_chief_phone="")


def _check_no_active_sites(site_type: SiteType) -> None:
    count = Site.objects.filter(site_type=site_type, is_active=True).count()
    if count:
        raise DomainError(
            ngettext("该类型下仍有 %(n)s 个启用的点位，不能停用", "该类型下仍有 %(n)s 个启用的点位，不能停用", count)
            % {"n": count},
            field="is_active",
        )


# Sites --------------------------------------------------------------------------------------


def _check_code_free(code: str, site: Site | None = None) -> None:
    others = Site.objects.filter(code=code)
    if site is not None:
        others = others.exclude(pk=site.pk)
    if others.exists():
        raise DomainError(_("点位编码“%(code)s”已存在") % {"code": code}, field="code")


def _set_responsible(site: Site, unit_ids: list[int], previous: list[int]) -> None:
    removed = set(previous) - set(unit_ids)
    added = set(unit_ids) - set(previous)
    if removed:
        SiteResponsibility.objects.filter(site=site, unit_id__in=removed).delete()
    if added:
        SiteResponsibility.objects.bulk_create([SiteResponsibility(site=site, unit_id=pk) for pk in sorted(added)])


@transaction.atomic
def create_site(actor: User, **fields: Any) -> Site:
    """Create a site from the SiteData fields (code, name, site_type, lat, lng, territorial_unit, ...)."""
    require_office(actor)
    data = SiteData(**fields)
    _raise_first(site_issues(data))
    _check_code_free(data.code)
    site = Site(**data.model_values())
    site.save()
    _set_responsible(site, data.responsible_ids, [])
    audit.record(actor, "site.created", site, after=site_snapshot(site, data.responsible_ids))
    return site


@transaction.atomic
def update_site(actor: User, site: Site, reason: str = "", **fields: Any) -> Site:
    """Change the given fields of a site; fields not given keep their values."""
    require_office(actor)
    site = Site.objects.select_for_update().select_related("site_type", "territorial_unit").get(pk=site.pk)
    current_units = list(site.responsible_units.order_by("pk"))
    previous_ids = [u.pk for u in current_units]
    before = site_snapshot(site, previous_ids)
    data = SiteData.from_site(site, current_units)
    for name, value in fields.items():
        if not hasattr(data, name):
            raise TypeError(f"update_site() got an unexpected field {name!r}")
        setattr(data, name, value)
    data = SiteData(**vars(data))  # normalise again after the changes
    _raise_first(site_issues(data, site, previous_ids))
    _check_code_free(data.code, site)
    for name, value in data.model_values().items():
        setattr(site, name, value)
    site.save()
    _set_responsible(site, data.responsible_ids, previous_ids)
    audit.record_changes(actor, "site.updated", site, before, site_snapshot(site, data.responsible_ids), reason=reason)
    return site


@transaction.atomic
def deactivate_site(actor: User, site: Site, reason: str = "") -> Site:
    require_office(actor)
    site = Site.objects.select_for_update().get(pk=site.pk)
    if not site.is_active:
        raise DomainError(_("该点位已停用"), field="is_active")
    site.is_active = False
    site.save(update_fields=["is_active", "updated_at"])
    audit.record(actor, "site.deactivated", site, before={"is_active": True}, after={"is_active": False}, reason=reason)
    return site


def responsible_units_of(site: Site) -> list[Unit]:
    return list(site.responsible_units.order_by("path"))
