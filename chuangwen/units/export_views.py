"""XLSX exports of the office admin's lists of units and of people, with the lists' filters.

The units come in the list's tree order (territorial units first, then the functional ones), each
with its ancestors; both lists are the office admin's, as their pages are.
"""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_GET

from chuangwen.lib import xlsx
from chuangwen.lib.permissions import office_admin_required
from chuangwen.lib.xlsx import Column, ExportSpec
from chuangwen.units.forms import UnitFilterForm, UserFilterForm
from chuangwen.units.models import Role, Unit, UnitKind, User
from chuangwen.units.views import _trail, _with_member_count, unit_list, user_list


def _unit_rows(hits, by_id):
    """Sheet rows of the listed units, in their order: one query per batch for their details."""
    kinds = xlsx.chinese_labels(UnitKind)
    for r, units in xlsx.with_batch_lookup(hits, _details):
        u = units[r.id]
        yield [
            u.code, u.name, kinds.get(u.kind, u.kind), "属地单位" if r.territorial else "职能单位",
            " / ".join(_trail(r, by_id)), u.head_name, u.head_phone, u.liaison_name, u.liaison_phone,
            u.member_count, "启用" if u.is_active else "已停用",
        ]  # fmt: skip


def _details(batch) -> dict[int, Unit]:
    return _with_member_count(Unit.objects.filter(pk__in=[r.id for r in batch])).in_bulk()


UNIT_COLUMNS = [
    Column("code", "编码", 16), Column("name", "名称", 24), Column("kind", "类型", 12),
    Column("group", "属地/职能", 10), Column("trail", "上级单位", 36), Column("head", "主要负责人", 12),
    Column("head_phone", "负责人电话", 14), Column("liaison", "联络员", 12), Column("liaison_phone", "联络员电话", 14),
    Column("members", "在岗人员", 10), Column("active", "状态", 8),
]  # fmt: skip


@require_GET
@office_admin_required
def unit_export(request):
    """The units the list shows with its filters (?q=&kind=&status=), in the list's order."""
    form = UnitFilterForm(request.GET)
    if not form.is_valid():
        return unit_list(request)  # the list with the filter's errors, status 400
    outline = Unit.objects.outline(form.match() if form.is_filtered() else None)
    hits = [r for r in outline if r.hit]
    by_id = {r.id: r for r in outline}
    sheet = xlsx.Sheet("单位", UNIT_COLUMNS, _unit_rows(hits, by_id))
    back = reverse("units:unit_list")
    return xlsx.download(request, [sheet], xlsx.export_filename("单位"), too_many=xlsx.exceeds_limit(hits), back=back)


def _user_row(person, roles) -> list:
    return [
        person.username, person.name, roles.get(person.role, person.role), person.unit.name if person.unit else "",
        person.unit.code if person.unit else "", person.phone, "在岗" if person.is_active else "已停用",
        xlsx.local_time(person.last_login), xlsx.local_time(person.date_joined),
    ]  # fmt: skip


PEOPLE = ExportSpec(
    "人员",
    [
        Column("username", "用户名", 16), Column("name", "姓名", 12), Column("role", "角色", 16),
        Column("unit", "所属单位", 24), Column("unit_code", "单位编码", 14), Column("phone", "手机号", 14),
        Column("active", "状态", 8), Column("last_login", "最近登录", 17), Column("joined", "创建时间", 17),
    ],
    _user_row,
)  # fmt: skip


@require_GET
@office_admin_required
def user_export(request):
    """The people the list shows with its filters (?q=&role=&unit=&subtree=&active=)."""
    form = UserFilterForm(request.GET)
    if not form.is_valid():
        return user_list(request)  # the list with the filter's errors, status 400
    people = form.filter(User.objects.select_related("unit").order_by("username"))
    back = reverse("units:user_list")
    return PEOPLE.download(request, people, back=back, roles=xlsx.chinese_labels(Role))
