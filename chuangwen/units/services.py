"""Every write to units and people, each with its audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.units.models import ALLOWED_PARENTS, ROLE_UNIT_KINDS, Unit, User

UNIT_FIELDS = [
    "code", "name", "kind", "parent", "head_name", "head_phone",
    "liaison_name", "liaison_phone", "sort_order", "is_active", "is_ranked",
]  # fmt: skip
USER_FIELDS = ["username", "name", "phone", "email", "role", "unit", "is_active"]


def _require_admin(actor: User) -> None:
    if not (actor and actor.is_office_admin):
        raise PermissionDenied(_("只有文明办管理员可以管理单位和人员"))


def _check_parent(kind: str, parent: Unit | None, unit: Unit | None = None) -> None:
    allowed = ALLOWED_PARENTS.get(kind, ())
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        raise DomainError(_("该类型的单位不能设在所选上级单位之下"), field="parent")
    if unit is not None and unit.pk and parent is not None and parent.path.startswith(unit.path):
        raise DomainError(_("上级单位不能是本单位或其下级单位"), field="parent")


def _set_path(unit: Unit) -> None:
    prefix = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


def _rebuild_subtree_paths(unit: Unit, old_path: str) -> None:
    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
        child.path = unit.path + child.path[len(old_path) :]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth"])


@transaction.atomic
def create_unit(actor: User | None, *, system: bool = False, **fields: Any) -> Unit:
    if not system:
        _require_admin(actor)
    _check_parent(fields["kind"], fields.get("parent"))
    if Unit.objects.filter(code=fields["code"]).exists():
        raise DomainError(_("单位编码已存在"), field="code")
    unit = Unit(**fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit.record(actor, "unit.created", unit, after=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(actor: User, unit: Unit, reason: str = "", **fields: Any) -> Unit:
    _require_admin(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if fields.get("kind", unit.kind) != unit.kind:
        _check_kind_change(unit, fields["kind"])
    _check_activity(unit, fields.get("is_active", unit.is_active), fields.get("parent", unit.parent))
    before = audit.snapshot(unit, UNIT_FIELDS)
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    _check_parent(unit.kind, unit.parent, unit)
    if Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        raise DomainError(_("单位编码已存在"), field="code")
    if not unit.is_active and unit.members.filter(is_active=True).exists():
        raise DomainError(_("单位仍有在岗人员，不能停用"), field="is_active")
    unit.full_clean(exclude=["path"])
    _set_path(unit)
    unit.save()
    if unit.path != old_path:
        _rebuild_subtree_paths(unit, old_path)
    audit.record_changes(actor, "unit.updated", unit, before, audit.snapshot(unit, UNIT_FIELDS), reason=reason)
    return unit


def _check_role_unit(role: str, unit: Unit | None) -> None:
    kinds = ROLE_UNIT_KINDS.get(role)
    if kinds is None:
        return
    if unit is None:
        raise DomainError(_("该角色必须指定所属单位"), field="unit")
    if unit.kind not in kinds:
        raise DomainError(_("所属单位的类型与角色不符"), field="unit")


@transaction.atomic
def create_user(actor: User | None, *, password: str, system: bool = False, **fields: Any) -> User:
    if not system:
        _require_admin(actor)
    _check_role_unit(fields.get("role", ""), fields.get("unit"))
    if User.objects.filter(username__iexact=fields["username"]).exists():
        raise DomainError(_("用户名已存在"), field="username")
    user = User(**fields)
    if not system:
        _validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor, "user.created", user, after=audit.snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def update_user(actor: User, user: User, reason: str = "", **fields: Any) -> User:
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value)
    if user.pk == actor.pk and (not user.is_active or user.role != actor.role):
        raise DomainError(_("不能停用自己或修改自己的角色"), field="role")
    _check_role_unit(user.role, user.unit)
    if User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists():
        raise DomainError(_("用户名已存在"), field="username")
    user.full_clean(exclude=["password"])
    user.save()
    audit.record_changes(actor, "user.updated", user, before, audit.snapshot(user, USER_FIELDS), reason=reason)
    return user


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None


@transaction.atomic
def reset_password(actor: User, user: User, password: str) -> User:
    _require_admin(actor)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "user.password_reset", user)
    return user


@transaction.atomic
def change_own_password(user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise DomainError(_("原密码不正确"), field="old_password")
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(user, "user.password_changed", user)
    return user


def _check_kind_change(unit: Unit, kind: str) -> None:
    """A new kind must still fit the unit's children and the roles of its members."""
    for child_kind in set(unit.children.values_list("kind", flat=True)):
        if kind not in ALLOWED_PARENTS.get(child_kind, ()):
            raise DomainError(_("本单位的下级单位不能设在该类型的单位之下"), field="kind")
    for role in set(unit.members.values_list("role", flat=True)):
        kinds = ROLE_UNIT_KINDS.get(role)
        if kinds is not None and kind not in kinds:
            raise DomainError(_("本单位人员的角色与该类型不符"), field="kind")


def _check_activity(unit: Unit, is_active: bool, parent: Unit | None) -> None:
    if not is_active and unit.is_active and unit.children.filter(is_active=True).exists():
        raise DomainError(_("下级单位仍在启用，请先停用下级单位"), field="is_active")
    if is_active and parent is not None and not parent.is_active:
        raise DomainError(_("上级单位已停用"), field="parent")
