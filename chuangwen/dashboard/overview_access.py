"""Who may read the overview (态势), and at what scope.

- Office staff and leaders: the whole city, and any district (drill-down).
- A district office: its own district only; the city overview opens on that district and any
  other district answers 404, the same as a district that does not exist.
- Everyone else (units, inspectors, grid workers): 403. They have their own home page; the
  overview shows the figures of units and districts that are not theirs.

The scope is applied in the querysets (`Scope.problems`, `Scope.sites`, `Scope.visits`) on top of
each model's own `visible_to(user)`, so a district office cannot widen it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from chuangwen.inspections.models import Visit, VisitStatus
from chuangwen.problems.models import Problem
from chuangwen.sites.models import Site
from chuangwen.units.models import OFFICE_ROLES, Role, Unit, UnitKind

CITY_READERS = (*OFFICE_ROLES, Role.LEADER)
OVERVIEW_ROLES = (*CITY_READERS, Role.DISTRICT_OFFICE)


def may_read_overview(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in OVERVIEW_ROLES)


@dataclass(frozen=True)
class Scope:
    """The whole city (district None) or one district, as seen by one person."""

    user: object
    district: Unit | None
    city_name: str

    @property
    def is_city(self) -> bool:
        return self.district is None

    @property
    def name(self) -> str:
        return self.district.name if self.district else self.city_name

    @property
    def key(self) -> str:
        """What the JSON endpoints take back: "" for the city, the district's id."""
        return str(self.district.pk) if self.district else ""

    def problems(self):
        problems = Problem.objects.visible_to(self.user)
        return problems.filter(district_id=self.district.pk) if self.district else problems

    def sites(self):
        sites = Site.objects.visible_to(self.user).filter(is_active=True)
        if self.district:
            sites = sites.filter(territorial_unit__path__startswith=self.district.path)
        return sites

    def visits(self):
        """Submitted visits of the rounds this person may see (a secret round is not there)."""
        visits = Visit.objects.visible_to(self.user).filter(status=VisitStatus.SUBMITTED)
        if self.district:
            visits = visits.filter(site__territorial_unit__path__startswith=self.district.path)
        return visits

    def children(self) -> list[Unit]:
        """The units one level down: the districts of the city, the streets and towns of a district."""
        if self.district:
            units = Unit.objects.filter(path__startswith=self.district.path, depth=self.district.depth + 1)
            units = units.filter(kind__in=(UnitKind.STREET, UnitKind.TOWN))
        else:
            units = Unit.objects.districts()
        return list(
            units.filter(is_active=True).only("id", "name", "path", "depth", "kind").order_by("sort_order", "code")
        )


def _city_name() -> str:
    city = Unit.objects.filter(kind=UnitKind.CITY, parent__isnull=True).only("name").order_by("pk").first()
    return city.name if city else _("全市")


def scope_for(user, district_pk=None) -> Scope:
    """The scope asked for (None or "" for the city), or 403 / 404.

    A district office always gets its own district: asking for the city gives it its district,
    asking for another district is a 404.
    """
    if not may_read_overview(user):
        raise PermissionDenied(_("您没有访问此页面的权限"))
    if district_pk in (None, ""):
        if user.role == Role.DISTRICT_OFFICE:
            if user.unit is None or not user.unit.is_district:
                raise PermissionDenied(_("您没有访问此页面的权限"))
            return Scope(user, user.unit, _city_name())
        return Scope(user, None, _city_name())
    try:
        pk = int(district_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    district = Unit.objects.districts().filter(pk=pk).first()
    if district is None:
        raise Http404
    if user.role == Role.DISTRICT_OFFICE and user.unit_id != district.pk:
        raise Http404
    return Scope(user, district, _city_name())
