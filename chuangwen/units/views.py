"""The office admin's pages for units and people. Views parse, authorize, call a service, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.lib.bounded import parse_id
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_admin_required
from chuangwen.units import services
from chuangwen.units.forms import (
    CHILD_KIND,
    PARENT_KINDS,
    PasswordResetForm,
    UnitFilterForm,
    UnitForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    offered_units,
    unit_choices,
    unit_search_choices,
)
from chuangwen.units.models import OutlineRow, Unit, User
from chuangwen.units.twofactor import services as two_factor
from chuangwen.units.twofactor.policy import has_device

UNIT_PAGE_SIZE = 200
USER_PAGE_SIZE = 50


def _show_error(form, exc: DomainError | ValidationError) -> int:
    """Put a service's refusal on the form; answer with the status the view should use."""
    if isinstance(exc, DomainError):
        if exc.status == 403:
            raise PermissionDenied(exc.message)
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return exc.status
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, field_errors)
    return 400


def _with_member_count(units):
    return units.annotate(member_count=Count("members", filter=Q(members__is_active=True)))


# Units


@dataclass
class UnitRow:
    unit: Unit
    indent: int
    territorial: bool
    trail: list[str]


def _trail(row: OutlineRow, by_id: dict[int, OutlineRow]) -> list[str]:
    """Names of the unit's ancestors, from the top down."""
    names = []
    parent = by_id.get(row.parent_id)
    while parent is not None:
        names.append(parent.name)
        parent = by_id.get(parent.parent_id)
    return names[::-1]


def _unit_rows(page_rows: list[OutlineRow], by_id: dict[int, OutlineRow], filtered: bool) -> list[UnitRow]:
    units = _with_member_count(Unit.objects.filter(pk__in=[r.id for r in page_rows])).in_bulk()
    return [
        UnitRow(units[r.id], 0 if filtered else r.indent, r.territorial, _trail(r, by_id) if filtered else [])
        for r in page_rows
    ]


@require_GET
@office_admin_required
def unit_list(request):
    form = UnitFilterForm(request.GET)
    context = {"form": form, "section": "units"}
    if not form.is_valid():
        return render(request, "units/unit_list.html", context, status=400)
    filtered = form.is_filtered()
    outline = Unit.objects.outline(form.match() if filtered else None)
    page = Paginator([r for r in outline if r.hit], UNIT_PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = {r.id: r for r in outline}
    context |= {"page": page, "rows": _unit_rows(page.object_list, by_id, filtered), "filtered": filtered}
    return render(request, "units/unit_list.html", context)


@require_GET
@office_admin_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    context = {
        "unit": unit,
        "section": "units",
        "ancestors": Unit.objects.filter(pk__in=unit.ancestor_ids()).exclude(pk=unit.pk).order_by("depth"),
        "children": _with_member_count(unit.children.order_by("sort_order", "code")),
        "members": unit.members.order_by("-is_active", "username"),
        "can_have_children": unit.kind in PARENT_KINDS,
    }
    return render(request, "units/unit_detail.html", context)


def _create_initial(request) -> dict:
    """Prefill the parent (and the usual child kind) from ?parent=ID."""
    parent_id = parse_id(request.GET.get("parent"))
    parent = Unit.objects.filter(pk=parent_id).first() if parent_id is not None else None
    if parent is None:
        return {"is_active": True}
    return {"parent": parent.pk, "kind": CHILD_KIND.get(parent.kind, ""), "is_active": True}


@require_http_methods(["GET", "POST"])
@office_admin_required
def unit_create(request):
    form = UnitForm(request.POST or None, initial=_create_initial(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                unit = services.create_unit(request.user, **form.unit_fields())
            except (DomainError, ValidationError) as exc:
                status = _show_error(form, exc)
            else:
                messages.success(request, _("单位“%(name)s”已创建") % {"name": unit.name})
                return redirect("units:unit_detail", pk=unit.pk)
    context = {"form": form, "section": "units", "unit": None}
    return render(request, "units/unit_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_admin_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, unit=unit, initial=UnitForm.initial_for(unit))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_unit(request.user, unit, reason=form.cleaned_data["reason"], **form.unit_fields())
            except (DomainError, ValidationError) as exc:
                status = _show_error(form, exc)
            else:
                messages.success(request, _("单位信息已保存"))
                return redirect("units:unit_detail", pk=unit.pk)
    context = {"form": form, "section": "units", "unit": unit}
    return render(request, "units/unit_form.html", context, status=status)


# People

UNIT_OPTION_LIMIT = 50


@require_GET
@office_admin_required
def unit_options(request):
    """The <option>s of the people form's unit select, for its search box."""
    text = request.GET.get("unit_search", "").strip()[:100]
    if text:
        choices, truncated = unit_search_choices(text, UNIT_OPTION_LIMIT)
    else:
        choices, truncated = unit_choices(offered_units(), "")[1:], False
    context = {
        "choices": choices,
        "truncated": truncated,
        "limit": UNIT_OPTION_LIMIT,
        "empty_label": _("（无所属单位）"),
        "select_first": bool(text),  # the best match is picked; the select shows which
    }
    return render(request, "units/_unit_options.html", context)


@require_GET
@office_admin_required
def user_list(request):
    form = UserFilterForm(request.GET)
    users = User.objects.select_related("unit").order_by("username")
    status = 200
    if form.is_valid():
        users = form.filter(users)
    else:
        users, status = users.none(), 400
    page = Paginator(users, USER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "section": "users"}
    return render(request, "units/user_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_admin_required
def user_create(request):
    form = UserCreateForm(request.POST or None, initial={"unit": request.GET.get("unit", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = services.create_user(request.user, **form.user_fields())
            except (DomainError, ValidationError) as exc:
                status = _show_error(form, exc)
            else:
                messages.success(request, _("用户“%(name)s”已创建") % {"name": user.display_name})
                return redirect("units:user_edit", pk=user.pk)
    return render(request, "units/user_create.html", {"form": form, "section": "users"}, status=status)


def _user_edit_page(request, person: User, form, reset_form, status: int = 200):
    context = {
        "person": person,
        "form": form,
        "reset_form": reset_form,
        "section": "users",
        "two_factor_enrolled": has_device(person),
        "two_factor_codes_left": len(two_factor.recovery_codes(person)),
    }
    return render(request, "units/user_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_admin_required
def user_edit(request, pk: int):
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    form = UserEditForm(request.POST or None, user=person, initial=UserEditForm.initial_for(person))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_user(request.user, person, reason=form.cleaned_data["reason"], **form.user_fields())
            except (DomainError, ValidationError) as exc:
                status = _show_error(form, exc)
            else:
                messages.success(request, _("用户信息已保存"))
                return redirect("units:user_edit", pk=person.pk)
    return _user_edit_page(request, person, form, PasswordResetForm(), status)


@require_POST
@office_admin_required
def user_reset_password(request, pk: int):
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(request.user, person, form.cleaned_data["password"])
        except DomainError as exc:
            _show_error(form, exc)
        else:
            if person.pk == request.user.pk:
                update_session_auth_hash(request, person)
            messages.success(request, _("密码已重置，请将新密码告知本人"))
            return redirect("units:user_edit", pk=person.pk)
    edit_form = UserEditForm(user=person, initial=UserEditForm.initial_for(person))
    return _user_edit_page(request, person, edit_form, form, status=400)


@require_POST
@office_admin_required
def user_reset_two_factor(request, pk: int):
    """A person lost their phone: remove their authenticator and recovery codes (audited)."""
    person = get_object_or_404(User, pk=pk)
    try:
        two_factor.reset_devices(request.user, person, reason=request.POST.get("reason", "")[:500])
    except DomainError as exc:
        raise PermissionDenied(exc.message) from None
    messages.success(
        request, _("已重置双重验证，%(name)s 下次打开页面时须重新绑定身份验证器") % {"name": person.display_name}
    )
    return redirect("units:user_edit", pk=person.pk)
