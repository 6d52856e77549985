"""The filters shared by the list, the map, the GeoJSON endpoint and the export."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.lib.bounded import IdField
from chuangwen.lib.errors import DomainError
from chuangwen.sites.access import UNIT_COLUMNS, visible_sites
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.units.models import DISTRICT_KINDS, Unit, UnitKind

ACTIVE_CHOICES = [("1", gettext_lazy("启用")), ("0", gettext_lazy("停用")), ("all", gettext_lazy("全部"))]
FILTER_KINDS = (*DISTRICT_KINDS, UnitKind.STREET, UnitKind.TOWN)
# Colours for site types on the map and in the list (types beyond the palette reuse it).
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#e6550d", "#7b4173", "#3182bd",
    "#843c39", "#31a354", "#de9ed6", "#636363",
)  # fmt: skip


class SiteFilterForm(forms.Form):
    site_type = IdField()
    district = IdField()
    territorial_unit = IdField()
    responsible_unit = IdField()
    active = forms.ChoiceField(required=False, choices=ACTIVE_CHOICES)
    q = forms.CharField(required=False, max_length=100)

    def clean_site_type(self):
        pk = self.cleaned_data.get("site_type")
        if pk is None:
            return None
        site_type = SiteType.objects.filter(pk=pk).first()
        if site_type is None:
            raise forms.ValidationError(_("所选点位类型不存在"))
        return site_type

    def clean(self):
        data = super().clean()
        names = ("district", "territorial_unit", "responsible_unit")
        ids = [data[n] for n in names if data.get(n)]
        units = Unit.objects.only(*UNIT_COLUMNS).in_bulk(ids) if ids else {}
        for name in names:
            if data.get(name):
                data[name] = units.get(data[name])
                if data[name] is None:
                    self.add_error(name, _("所选单位不存在"))
        if data.get("district") and not data["district"].is_district:
            self.add_error("district", _("所选单位不是区县"))
        if data.get("territorial_unit") and not data["territorial_unit"].is_territorial:
            self.add_error("territorial_unit", _("所选单位不是属地单位"))
        return data


@dataclass
class SiteFilter:
    """Validated filters; `apply` narrows a queryset, `querystring` carries them to other pages."""

    site_type: SiteType | None = None
    district: Unit | None = None
    territorial_unit: Unit | None = None
    responsible_unit: Unit | None = None
    active: str = "1"
    q: str = ""

    @classmethod
    def from_params(cls, params) -> SiteFilter:
        """The filters from a query string, or DomainError (400) with the first problem."""
        form = SiteFilterForm(params)
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            raise DomainError(messages[0], field=field)
        data = form.cleaned_data
        return cls(
            site_type=data.get("site_type"),
            district=data.get("district"),
            territorial_unit=data.get("territorial_unit"),
            responsible_unit=data.get("responsible_unit"),
            active=data.get("active") or "1",
            q=(data.get("q") or "").strip(),
        )

    def apply(self, sites: QuerySet[Site]) -> QuerySet[Site]:
        if self.site_type:
            sites = sites.filter(site_type=self.site_type)
        for unit in (self.district, self.territorial_unit):
            if unit:
                sites = sites.filter(territorial_unit__path__startswith=unit.path)
        if self.responsible_unit:
            answered = SiteResponsibility.objects.filter(unit=self.responsible_unit).values("site_id")
            sites = sites.filter(pk__in=answered)
        if self.active in ("0", "1"):
            sites = sites.filter(is_active=self.active == "1")
        if self.q:
            q = self.q
            sites = sites.filter(
                Q(code__icontains=q) | Q(name__icontains=q) | Q(address__icontains=q) | Q(road_chief_name__icontains=q)
            )
        return sites

    def params(self) -> dict[str, str]:
        values = {
            "site_type": self.site_type.pk if self.site_type else "",
            "district": self.district.pk if self.district else "",
            "territorial_unit": self.territorial_unit.pk if self.territorial_unit else "",
            "responsible_unit": self.responsible_unit.pk if self.responsible_unit else "",
            "active": self.active if self.active != "1" else "",
            "q": self.q,
        }
        return {k: str(v) for k, v in values.items() if v != ""}

    def querystring(self) -> str:
        return urlencode(self.params())


def filtered_sites(user, params) -> tuple[SiteFilter, QuerySet[Site]]:
    """The sites this person may see, narrowed by the filters in params (DomainError if bad)."""
    site_filter = SiteFilter.from_params(params)
    return site_filter, site_filter.apply(visible_sites(user))


# Choices for the filter bar --------------------------------------------------------------------


def _scope_unit(user) -> Unit | None:
    """The territorial unit a scoped person's choices are limited to (None: the whole city)."""
    if user.sees_whole_city or user.unit is None or not user.unit.is_territorial:
        return None
    return user.unit


def filter_choices(user, site_filter: SiteFilter, districts: list[Unit]) -> dict:
    """Site types, districts, territorial units and responsible units to offer (three queries)."""
    scope = _scope_unit(user)
    types = list(SiteType.objects.all())
    district_choices = [d for d in districts if scope is None or d.contains(scope) or scope.contains(d)]
    territorial = Unit.objects.active().filter(kind__in=FILTER_KINDS)
    if scope is not None:
        territorial = territorial.filter(path__startswith=scope.path)
    responsible = Unit.objects.filter(pk__in=SiteResponsibility.objects.values("unit_id"))
    return {
        "types": types,
        "type_colors": type_colors(types),
        "districts": district_choices,
        "territorial_units": _with_selected(territorial, site_filter.territorial_unit),
        "responsible_units": _with_selected(responsible, site_filter.responsible_unit),
        "active_choices": ACTIVE_CHOICES,
    }


def _with_selected(units: QuerySet[Unit], selected: Unit | None) -> list[Unit]:
    """The units in tree order (the selected one first if it is not among them), indented by depth."""
    found = list(units.only(*UNIT_COLUMNS).order_by("path"))
    if selected is not None and all(u.pk != selected.pk for u in found):
        found.insert(0, selected)
    for unit in found:
        unit.indented_name = "\u3000" * max(unit.depth - 1, 0) + unit.name
    return found


def all_districts() -> list[Unit]:
    return list(Unit.objects.districts().only(*UNIT_COLUMNS).order_by("path"))


class DistrictIndex:
    """Which district a territorial unit lies in, from its path (no query per site)."""

    def __init__(self, districts: list[Unit]):
        self.by_id = {d.pk: d for d in districts}
        self._cache: dict[str, Unit | None] = {}

    def for_path(self, path: str) -> Unit | None:
        if path not in self._cache:
            ids = (int(p) for p in path.strip("/").split("/") if p)
            self._cache[path] = next((self.by_id[i] for i in ids if i in self.by_id), None)
        return self._cache[path]


def type_colors(types: list[SiteType]) -> dict[int, str]:
    """A stable colour per site type: its position among all types, in their display order."""
    return {t.pk: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
