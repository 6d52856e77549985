"""Site types and sites (点位): the places that get inspected."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.units.models import Role, Unit, UnitKind, phone_validator


class SiteTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SiteType(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)
    is_road = models.BooleanField(_("道路类"), default=False, help_text=_("道路类点位设路长"))
    sort_order = models.IntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = SiteTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("点位类型")
        verbose_name_plural = pgettext_lazy("plural", "点位类型")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Sites a person may see: the whole city for office, leaders and inspectors;
        their district for a district office; for a unit, sites in its territory or that it answers for."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_city:
            return self
        if user.unit_id is None:
            return self.none()
        unit = user.unit
        if user.role == Role.DISTRICT_OFFICE:
            return self.filter(territorial_unit__path__startswith=unit.path)
        territory = unit.path
        if user.role == Role.GRID_WORKER and unit.kind == UnitKind.GRID and unit.parent_id:
            # A grid cell is a slice of its community; sites are registered to the community.
            territory = unit.path[: unit.path.rstrip("/").rfind("/") + 1]
        if user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD, Role.GRID_WORKER):
            in_territory = Q(territorial_unit__path__startswith=territory)
            answers_for = Q(pk__in=Site.responsible_units.through.objects.filter(unit=unit).values("site_id"))
            return self.filter(in_territory | answers_for)
        return self.none()


class Site(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    site_type = models.ForeignKey(SiteType, verbose_name=_("点位类型"), on_delete=models.PROTECT, related_name="sites")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lat = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    lng = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    territorial_unit = models.ForeignKey(
        Unit, verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="territorial_sites"
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("包保单位"), blank=True, related_name="answered_sites", through="SiteResponsibility"
    )
    road_chief_name = models.CharField(_("路长"), max_length=50, blank=True)
    road_chief_phone = models.CharField(_("路长电话"), max_length=20, blank=True, validators=[phone_validator])
    notes = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "点位")
        verbose_name_plural = _("点位")
        ordering = ["code"]
        indexes = [models.Index(fields=["site_type", "territorial_unit"])]

    def __str__(self) -> str:
        return self.name


class SiteResponsibility(models.Model):
    """A unit that answers for a site (包保单位)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT)

    class Meta:
        verbose_name = pgettext_lazy("model", "包保单位")
        verbose_name_plural = _("包保单位")
        constraints = [models.UniqueConstraint(fields=["site", "unit"], name="site_responsibility_unique")]
