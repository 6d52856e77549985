"""The rules a site must satisfy, as pure functions (no queries).

The services raise the first issue as a DomainError; the XLSX importer reports every issue of
every row. Both therefore validate exactly alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chuangwen.sites.models import Site, SiteType
from chuangwen.units.models import Unit, phone_validator

# Sites of a Chinese city lie in China: a box around the country catches swapped or mistyped
# coordinates (a longitude of 30 or a latitude of 114) that the world-wide range would let through.
LAT_RANGE = (Decimal("3"), Decimal("54"))
LNG_RANGE = (Decimal("73"), Decimal("136"))
COORDINATE_STEP = Decimal("0.000001")

MAX_LENGTHS = {
    "code": 32,
    "name": 100,
    "address": 200,
    "road_chief_name": 50,
    "road_chief_phone": 20,
}

Issue = tuple[str, str]  # (field name, message in Chinese)


@dataclass
class SiteData:
    """The values of one site as a person or a spreadsheet row gave them."""

    code: str = ""
    name: str = ""
    site_type: SiteType | None = None
    address: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    territorial_unit: Unit | None = None
    responsible_units: list[Unit] = field(default_factory=list)
    road_chief_name: str = ""
    road_chief_phone: str = ""
    notes: str = ""
    is_active: bool = True

    def __post_init__(self) -> None:
        for name in ("code", "name", "address", "road_chief_name", "road_chief_phone", "notes"):
            setattr(self, name, (getattr(self, name) or "").strip())
        self.lat = to_coordinate(self.lat)
        self.lng = to_coordinate(self.lng)
        unique: dict[int, Unit] = {}
        for unit in self.responsible_units:
            unique.setdefault(unit.pk, unit)
        self.responsible_units = list(unique.values())

    @classmethod
    def from_site(cls, site: Site, responsible_units: list[Unit]) -> SiteData:
        return cls(
            code=site.code,
            name=site.name,
            site_type=site.site_type,
            address=site.address,
            lat=site.lat,
            lng=site.lng,
            territorial_unit=site.territorial_unit,
            responsible_units=responsible_units,
            road_chief_name=site.road_chief_name,
            road_chief_phone=site.road_chief_phone,
            notes=site.notes,
            is_active=site.is_active,
        )

    @property
    def responsible_ids(self) -> list[int]:
        return sorted(u.pk for u in self.responsible_units)

    def model_values(self) -> dict:
        """Keyword arguments for Site(...) or for setattr on a Site."""
        return {
            "code": self.code,
            "name": self.name,
            "site_type": self.site_type,
            "address": self.address,
            "lat": self.lat,
            "lng": self.lng,
            "territorial_unit": self.territorial_unit,
            "road_chief_name": self.road_chief_name,
            "road_chief_phone": self.road_chief_phone,
            "notes": self.notes,
            "is_active": self.is_active,
        }


def to_coordinate(value) -> Decimal | None:
    """A coordinate rounded to the six decimals the database keeps; None stays None."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP) if abs(number) < 1000 else number


def site_issues(
    data: SiteData, previous: Site | None = None, previous_responsible: Collection[int] = ()
) -> list[Issue]:
    """Every rule the values break. `previous` is the site being updated (None when creating):
    a site may keep an inactive type or unit it already has, but not be given a new one."""
    issues: list[Issue] = []
    issues += _text_issues(data)
    issues += _type_issues(data, previous)
    issues += _coordinate_issues(data)
    issues += _territorial_issues(data, previous)
    issues += _responsible_issues(data, previous_responsible)
    issues += _road_chief_issues(data)
    return issues


def _text_issues(data: SiteData) -> list[Issue]:
    issues = []
    if not data.code:
        issues.append(("code", _("请填写点位编码")))
    if not data.name:
        issues.append(("name", _("请填写点位名称")))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(data, name)) > limit:
            issues.append((name, _("不能超过 %(n)s 个字符") % {"n": limit}))
    return issues


def _type_issues(data: SiteData, previous: Site | None) -> list[Issue]:
    site_type = data.site_type
    if site_type is None:
        return [("site_type", _("请选择点位类型"))]
    if not site_type.is_active and (previous is None or previous.site_type_id != site_type.pk):
        return [("site_type", _("点位类型“%(name)s”已停用") % {"name": site_type.name})]
    return []


def _coordinate_issues(data: SiteData) -> list[Issue]:
    issues = []
    for name, value, (low, high), label in (
        ("lat", data.lat, LAT_RANGE, _("纬度")),
        ("lng", data.lng, LNG_RANGE, _("经度")),
    ):
        if value is None:
            issues.append((name, _("请填写%(label)s") % {"label": label}))
        elif not low <= value <= high:
            message = _("%(label)s应在 %(low)s 至 %(high)s 之间（中国境内）")
            issues.append((name, message % {"label": label, "low": low, "high": high}))
    return issues


def _territorial_issues(data: SiteData, previous: Site | None) -> list[Issue]:
    unit = data.territorial_unit
    if unit is None:
        return [("territorial_unit", _("请填写属地单位"))]
    if not unit.is_territorial:
        return [("territorial_unit", _("“%(name)s”不是属地单位（区县、街道、社区、网格等）") % {"name": unit.name})]
    if not unit.is_active and (previous is None or previous.territorial_unit_id != unit.pk):
        return [("territorial_unit", _("单位“%(name)s”已停用") % {"name": unit.name})]
    return []


def _responsible_issues(data: SiteData, previous_responsible: Collection[int]) -> list[Issue]:
    kept = set(previous_responsible)
    inactive = [u.name for u in data.responsible_units if not u.is_active and u.pk not in kept]
    if inactive:
        return [("responsible_units", _("单位已停用：%(names)s") % {"names": "、".join(inactive)})]
    return []


def _road_chief_issues(data: SiteData) -> list[Issue]:
    issues = []
    is_road = data.site_type is not None and data.site_type.is_road
    if not is_road and data.site_type is not None and (data.road_chief_name or data.road_chief_phone):
        field_name = "road_chief_name" if data.road_chief_name else "road_chief_phone"
        issues.append((field_name, _("只有道路类点位可以设置路长")))
        return issues
    if data.road_chief_phone and not data.road_chief_name:
        issues.append(("road_chief_name", _("填写了路长电话，请同时填写路长姓名")))
    if data.road_chief_phone and not phone_validator.regex.match(data.road_chief_phone):
        issues.append(("road_chief_phone", _("“%(phone)s”不是有效的电话号码") % {"phone": data.road_chief_phone}))
    return issues
