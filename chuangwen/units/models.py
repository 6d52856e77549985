"""Units (the territorial tree and functional units) and the people who work in them."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,20}$", _("请输入有效的电话号码"))


class UnitKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    ZONE = "zone", _("开发区")
    STREET = "street", _("街道")
    TOWN = "town", _("乡镇")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")
    GRID = "grid", _("网格")
    DEPARTMENT = "department", _("职能部门")
    WINDOW = "window", _("窗口单位")
    ASSESSOR = "assessor", _("第三方测评机构")


TERRITORIAL_KINDS = (
    UnitKind.CITY,
    UnitKind.DISTRICT,
    UnitKind.COUNTY,
    UnitKind.ZONE,
    UnitKind.STREET,
    UnitKind.TOWN,
    UnitKind.COMMUNITY,
    UnitKind.VILLAGE,
    UnitKind.GRID,
)
DISTRICT_KINDS = (UnitKind.DISTRICT, UnitKind.COUNTY, UnitKind.ZONE)
FUNCTIONAL_KINDS = (UnitKind.DEPARTMENT, UnitKind.WINDOW, UnitKind.ASSESSOR)

# Which kinds a unit of each kind may hang under (None: a root).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    UnitKind.CITY: (None,),
    UnitKind.DISTRICT: (UnitKind.CITY,),
    UnitKind.COUNTY: (UnitKind.CITY,),
    UnitKind.ZONE: (UnitKind.CITY,),
    UnitKind.STREET: DISTRICT_KINDS,
    UnitKind.TOWN: DISTRICT_KINDS,
    UnitKind.COMMUNITY: (UnitKind.STREET, UnitKind.TOWN),
    UnitKind.VILLAGE: (UnitKind.STREET, UnitKind.TOWN),
    UnitKind.GRID: (UnitKind.COMMUNITY, UnitKind.VILLAGE),
    UnitKind.DEPARTMENT: (UnitKind.CITY, UnitKind.DEPARTMENT, *DISTRICT_KINDS),
    UnitKind.WINDOW: (UnitKind.CITY, UnitKind.DEPARTMENT, *DISTRICT_KINDS),
    UnitKind.ASSESSOR: (None, UnitKind.CITY),
}


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def territorial(self):
        return self.filter(kind__in=TERRITORIAL_KINDS)

    def functional(self):
        return self.filter(kind__in=FUNCTIONAL_KINDS)

    def districts(self):
        return self.filter(kind__in=DISTRICT_KINDS)

    def subtree(self, unit: Unit):
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def search(self, text: str):
        """Units whose name or code contains text."""
        text = text.strip()
        return self.filter(Q(name__icontains=text) | Q(code__icontains=text)) if text else self

    def of_kind(self, kind: str):
        """kind is a UnitKind value, "territorial" / "functional" for a whole group, or "territorial_no_grid"."""
        if kind == "territorial":
            return self.territorial()
        if kind == "functional":
            return self.functional()
        if kind == "territorial_no_grid":
            return self.territorial().exclude(kind=UnitKind.GRID)
        return self.filter(kind=kind) if kind else self

    def outline(self, match: Q | None = None) -> list[OutlineRow]:
        """The units of this queryset in tree order, with their indent, in one query.

        The territorial tree comes first, then the functional units (each group is its own
        tree: a department under the city is a root of the functional group). Siblings are
        ordered by sort_order, then code. A unit whose parent is not in the queryset is a root.
        match, if given, marks each row (row.hit) with whether the unit satisfies it.
        """
        fields = ["id", "parent_id", "name", "code", "kind", "is_active", "sort_order"]
        qs = self.order_by()  # sorted below
        if match is None:
            rows = [(*r, True) for r in qs.values_list(*fields)]
        else:
            rows = list(qs.annotate(hit=ExpressionWrapper(match, BooleanField())).values_list(*fields, "hit"))
        rows.sort(key=lambda r: (r[6], r[3]))
        return _outline([r[:6] + (r[7],) for r in rows])


class OutlineRow(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    code: str
    kind: str
    is_active: bool
    hit: bool
    indent: int
    territorial: bool


def _outline(rows: list[tuple]) -> list[OutlineRow]:
    territorial = set(TERRITORIAL_KINDS)
    by_id = {r[0]: r for r in rows}
    children: dict[int | None, list[tuple]] = defaultdict(list)
    roots: dict[bool, list[tuple]] = {True: [], False: []}
    for row in rows:
        group = row[4] in territorial
        parent = by_id.get(row[1])
        if parent is None or (parent[4] in territorial) != group:
            roots[group].append(row)
        else:
            children[row[1]].append(row)
    result: list[OutlineRow] = []
    make = OutlineRow._make
    for group in (True, False):
        stack = [(row, 0) for row in reversed(roots[group])]
        while stack:
            row, indent = stack.pop()
            result.append(make((*row, indent, group)))
            kids = children.get(row[0])
            if kids:
                stack.extend((child, indent + 1) for child in reversed(kids))
    return result


class Unit(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialized path of ids, e.g. "/1/4/27/", kept by the services; subtree = path prefix.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    head_name = models.CharField(_("主要负责人"), max_length=50, blank=True)
    head_phone = models.CharField(_("负责人电话"), max_length=20, blank=True, validators=[phone_validator])
    liaison_name = models.CharField(_("联络员"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("联络员电话"), max_length=20, blank=True, validators=[phone_validator])
    sort_order = models.IntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    is_ranked = models.BooleanField(
        _("参加排名"), default=True, help_text=_("组织创建工作的单位（如文明办）可不参加测评排名和红黑榜")
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in TERRITORIAL_KINDS

    @property
    def is_district(self) -> bool:
        return self.kind in DISTRICT_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def contains(self, other: Unit | None) -> bool:
        return other is not None and other.path.startswith(self.path)

    def district(self) -> Unit | None:
        """The district, county or zone this unit lies in (itself if it is one)."""
        if self.is_district:
            return self
        ids = self.ancestor_ids()
        return Unit.objects.filter(pk__in=ids, kind__in=DISTRICT_KINDS).first()


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("文明办管理员")
    OFFICE_STAFF = "office_staff", _("文明办工作人员")
    DISTRICT_OFFICE = "district_office", _("区文明办")
    INSPECTOR = "inspector", _("督查员")
    UNIT_HANDLER = "unit_handler", _("责任单位经办人")
    UNIT_HEAD = "unit_head", _("单位负责人")
    LEADER = "leader", _("领导")
    GRID_WORKER = "grid_worker", _("网格员")


OFFICE_ROLES = (Role.OFFICE_ADMIN, Role.OFFICE_STAFF)
UNIT_ROLES = (Role.UNIT_HANDLER, Role.UNIT_HEAD)
# Roles that must be attached to a unit, and the unit kinds they may be attached to.
ROLE_UNIT_KINDS: dict[str, tuple[str, ...] | None] = {
    Role.OFFICE_ADMIN: None,
    Role.OFFICE_STAFF: None,
    Role.DISTRICT_OFFICE: DISTRICT_KINDS,
    Role.INSPECTOR: None,
    Role.UNIT_HANDLER: tuple(UnitKind.values),
    Role.UNIT_HEAD: tuple(UnitKind.values),
    Role.LEADER: None,
    Role.GRID_WORKER: (UnitKind.GRID, UnitKind.COMMUNITY, UnitKind.VILLAGE),
}


class User(AbstractUser):
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[phone_validator])
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.UNIT_HANDLER)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]),
                name="user_role_valid",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_office(self) -> bool:
        return self.is_active and self.role in OFFICE_ROLES

    @property
    def is_office_admin(self) -> bool:
        return self.is_active and self.role == Role.OFFICE_ADMIN

    @property
    def is_district_office(self) -> bool:
        return self.role == Role.DISTRICT_OFFICE

    @property
    def is_unit_member(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def requires_two_factor(self) -> bool:
        """The role is one of settings.TWO_FACTOR_ROLES: login asks for a second factor."""
        from chuangwen.units.twofactor.policy import is_required

        return is_required(self)

    @property
    def awaits_second_factor(self) -> bool:
        """Logged in with the password, the second factor still to come: no menus yet."""
        from chuangwen.units.twofactor.policy import is_verified

        return self.requires_two_factor and not is_verified(self)

    @property
    def sees_whole_city(self) -> bool:
        """Office staff, leaders and inspectors read across the whole city."""
        return self.role in (*OFFICE_ROLES, Role.LEADER, Role.INSPECTOR)
