"""Forms of the office admin's unit and people pages. They validate input; services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.lib.bounded import MAX_INT, parse_id
from chuangwen.lib.forms import BootstrapMixin
from chuangwen.units.models import ALLOWED_PARENTS, FUNCTIONAL_KINDS, TERRITORIAL_KINDS, Role, Unit, UnitKind, User

# Kinds that some other kind may hang under: the only useful choices for a parent.
PARENT_KINDS = sorted({kind for kinds in ALLOWED_PARENTS.values() for kind in kinds if kind})
# The kind a new child of a unit usually has, to prefill "new unit under ...".
CHILD_KIND = {
    UnitKind.CITY: UnitKind.DISTRICT,
    UnitKind.DISTRICT: UnitKind.STREET,
    UnitKind.COUNTY: UnitKind.TOWN,
    UnitKind.ZONE: UnitKind.STREET,
    UnitKind.STREET: UnitKind.COMMUNITY,
    UnitKind.TOWN: UnitKind.VILLAGE,
    UnitKind.COMMUNITY: UnitKind.GRID,
    UnitKind.VILLAGE: UnitKind.GRID,
    UnitKind.DEPARTMENT: UnitKind.WINDOW,
}
INDENT = "\u3000"


def kind_filter_choices() -> list:
    label = dict(UnitKind.choices)
    return [
        ("", gettext_lazy("全部类型")),
        ("territorial", gettext_lazy("全部属地单位")),
        ("territorial_no_grid", gettext_lazy("属地单位（不含网格）")),
        ("functional", gettext_lazy("全部职能单位")),
        (gettext_lazy("属地单位"), [(k.value, label[k]) for k in TERRITORIAL_KINDS]),
        (gettext_lazy("职能单位"), [(k.value, label[k]) for k in FUNCTIONAL_KINDS]),
    ]


def unit_choices(queryset, empty_label: str) -> list[tuple[str, str]]:
    """Choices for a unit select: tree order, indented, kind and code after the name."""
    kinds = dict(UnitKind.choices)
    choices = [("", empty_label)]
    for row in queryset.outline():
        name = row.name if row.is_active else _("%(name)s（已停用）") % {"name": row.name}
        label = f"{INDENT * row.indent}{name} · {kinds.get(row.kind, row.kind)} · {row.code}"
        choices.append((str(row.id), label))
    return choices


def unit_search_choices(text: str, limit: int) -> tuple[list[tuple[str, str]], bool]:
    """Active units whose name or code contains text, flat; and whether there were more."""
    kinds = dict(UnitKind.choices)
    units = list(Unit.objects.active().search(text).select_related("parent").order_by("depth", "code")[: limit + 1])
    choices = []
    for unit in units[:limit]:
        parent = f"（{unit.parent.name}）" if unit.parent else ""
        choices.append((str(unit.pk), f"{unit.name}{parent} · {kinds.get(unit.kind, unit.kind)} · {unit.code}"))
    return choices, len(units) > limit


def offered_units(*extra_ids):
    """The units a person's select offers before any search: all active units but the grid
    cells (thousands of them: they are found by searching), plus the given ones."""
    ids = [pk for pk in map(parse_id, extra_ids) if pk is not None]
    return Unit.objects.filter((Q(is_active=True) & ~Q(kind=UnitKind.GRID)) | Q(pk__in=ids))


class UnitChoiceField(forms.TypedChoiceField):
    """A unit id, valid when the unit is in `allowed` even if the select does not offer it
    (the people form finds grid cells by searching); cleans to a Unit or None."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.allowed = Unit.objects.all()

    def valid_value(self, value) -> bool:
        pk = parse_id(value)
        return pk is not None and self.allowed.filter(pk=pk).exists()

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.allowed.get(pk=pk)


class UnitPicker(forms.Select):
    """A select of the usual units, with a search box that fetches any unit into it (htmx)."""

    template_name = "units/widgets/unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("units:unit_options")
        return context


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), required=False, choices=kind_filter_choices)
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部")), ("active", gettext_lazy("启用")), ("inactive", gettext_lazy("已停用"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("名称或编码")

    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def match(self) -> Q:
        """The condition a listed unit satisfies."""
        data = self.cleaned_data
        match = Q(pk__in=Unit.objects.search(data["q"]).of_kind(data["kind"]).values("pk"))
        if data["status"]:
            match &= Q(is_active=data["status"] == "active")
        return match


UNIT_FORM_FIELDS = [
    "code", "name", "kind", "parent", "head_name", "head_phone",
    "liaison_name", "liaison_phone", "sort_order", "is_active", "is_ranked",
]  # fmt: skip


class UnitForm(BootstrapMixin, forms.Form):
    """Create or edit a unit; the reason is asked only when editing."""

    code = Unit._meta.get_field("code").formfield()
    name = Unit._meta.get_field("name").formfield()
    kind = Unit._meta.get_field("kind").formfield()
    parent = UnitChoiceField(label=gettext_lazy("上级单位"), required=False)
    head_name = Unit._meta.get_field("head_name").formfield()
    head_phone = Unit._meta.get_field("head_phone").formfield()
    liaison_name = Unit._meta.get_field("liaison_name").formfield()
    liaison_phone = Unit._meta.get_field("liaison_phone").formfield()
    sort_order = Unit._meta.get_field("sort_order").formfield(min_value=-MAX_INT, max_value=MAX_INT)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)
    is_ranked = forms.BooleanField(
        label=gettext_lazy("参加排名"),
        required=False,
        initial=True,
        help_text=Unit._meta.get_field("is_ranked").help_text,
    )
    reason = forms.CharField(label=gettext_lazy("修改原因"), required=False, max_length=500)

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(kind__in=PARENT_KINDS)
        if unit is None:
            parents = parents.active()
            del self.fields["reason"]
        else:
            parents = parents.filter(Q(is_active=True) | Q(pk=unit.parent_id))
        self.fields["parent"].allowed = parents
        self.fields["parent"].choices = unit_choices(parents, _("（无上级单位）"))

    def unit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in UNIT_FORM_FIELDS}

    @staticmethod
    def initial_for(unit: Unit) -> dict:
        initial = {name: getattr(unit, name) for name in UNIT_FORM_FIELDS}
        initial["parent"] = unit.parent_id
        return initial


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=100)
    role = forms.ChoiceField(label=gettext_lazy("角色"), required=False)
    unit = forms.TypedChoiceField(label=gettext_lazy("所属单位"), required=False, coerce=int, empty_value=None)
    subtree = forms.BooleanField(label=gettext_lazy("含下级单位"), required=False)
    active = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部")), ("1", gettext_lazy("在岗")), ("0", gettext_lazy("已停用"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("用户名、姓名或手机号")
        self.fields["role"].choices = [("", _("全部角色")), *Role.choices]
        # Every unit but the grid cells, which are many: only those that have people.
        has_people = Exists(User.objects.filter(unit=OuterRef("pk")))
        units = Unit.objects.filter(~Q(kind=UnitKind.GRID) | has_people)
        self.fields["unit"].choices = unit_choices(units, _("全部单位"))

    def filter(self, users):
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            users = users.filter(Q(username__icontains=text) | Q(name__icontains=text) | Q(phone__icontains=text))
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["active"]:
            users = users.filter(is_active=data["active"] == "1")
        return self._filter_unit(users, data["unit"], data["subtree"])

    @staticmethod
    def _filter_unit(users, unit_id: int | None, subtree: bool):
        if unit_id is None:
            return users
        if subtree:
            return users.filter(unit__path__startswith=Unit.objects.get(pk=unit_id).path)
        return users.filter(unit_id=unit_id)


def _min_password_length() -> int:
    for validator in get_default_password_validators():
        if isinstance(validator, MinimumLengthValidator):
            return validator.min_length
    return 0


class PasswordPairMixin:
    """Two password fields that must agree; the service checks the strength.

    The length is also checked here because Django 5.2's Chinese catalogue lacks the
    message of its MinimumLengthValidator, which would otherwise be shown in English.
    """

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        password, limit = data.get("password"), _min_password_length()
        if password and len(password) < limit:
            self.add_error("password", _("密码太短，至少需要 %(limit)d 个字符") % {"limit": limit})  # type: ignore[attr-defined]
        elif password and password != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))  # type: ignore[attr-defined]
        return data


def _password_field(label):
    return forms.CharField(label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


USER_EDIT_FIELDS = ["name", "phone", "email", "role", "unit", "is_active"]


class UserEditForm(BootstrapMixin, forms.Form):
    name = User._meta.get_field("name").formfield()
    phone = User._meta.get_field("phone").formfield()
    email = User._meta.get_field("email").formfield()
    role = User._meta.get_field("role").formfield()
    unit = UnitChoiceField(label=gettext_lazy("所属单位"), required=False, widget=UnitPicker)
    is_active = forms.BooleanField(label=gettext_lazy("在岗（可登录）"), required=False, initial=True)
    reason = forms.CharField(label=gettext_lazy("修改原因"), required=False, max_length=500)

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current_id = user.unit_id if user is not None else None
        self.fields["unit"].allowed = Unit.objects.filter(Q(is_active=True) | Q(pk=current_id))
        offered = offered_units(current_id, self["unit"].value() or "")
        self.fields["unit"].choices = unit_choices(offered, _("（无所属单位）"))
        self.fields["unit"].help_text = _("区文明办、网格员和单位人员必须指定所属单位")

    def user_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in USER_EDIT_FIELDS}

    @staticmethod
    def initial_for(user: User) -> dict:
        initial = {name: getattr(user, name) for name in USER_EDIT_FIELDS}
        initial["unit"] = user.unit_id
        return initial


class UserCreateForm(PasswordPairMixin, UserEditForm):
    username = User._meta.get_field("username").formfield()
    password = _password_field(gettext_lazy("初始密码"))
    password2 = _password_field(gettext_lazy("确认初始密码"))

    field_order = ["username", "name", "phone", "email", "role", "unit", "password", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]
        del self.fields["reason"]

    def user_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in ["username", "name", "phone", "email", "role", "unit"]}
        return fields | {"password": self.cleaned_data["password"]}


class PasswordResetForm(PasswordPairMixin, BootstrapMixin, forms.Form):
    password = _password_field(gettext_lazy("新密码"))
    password2 = _password_field(gettext_lazy("确认新密码"))
