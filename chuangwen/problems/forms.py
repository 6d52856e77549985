"""Forms of the problem pages. They parse what was typed; the services decide what is allowed.

Text that a service requires (a reason, a note) is checked by the service, so the message is
the specific one it gives ("请填写退回理由"); the widgets still carry `required` for the browser.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.indicators.models import Standard
from chuangwen.lib.bounded import MAX_INT, parse_id
from chuangwen.lib.forms import BootstrapMixin, DateInput, DateTimeInput
from chuangwen.problems.models import Problem, ProblemCategory, Severity, Source
from chuangwen.problems.policies import DurationUnit
from chuangwen.problems.services.create import ROLE_SOURCES
from chuangwen.sites.models import Site
from chuangwen.units.forms import unit_choices
from chuangwen.units.models import OFFICE_ROLES, Role, Unit, UnitKind

# Units a unit select offers: not the thousands of communities, villages and grid cells
# (the units a problem's site or standard names are always added).
NOT_OFFERED_KINDS = (UnitKind.COMMUNITY, UnitKind.VILLAGE, UnitKind.GRID, UnitKind.ASSESSOR)
END_OF_DAY = datetime.time(23, 59)
FEW_SITES = 20  # a person who sees no more sites than this picks from all of them


def assignable_units(user, *extra_ids) -> list[tuple[str, str]]:
    """(id, label) choices of the units this person may give a problem to, in tree order."""
    ids = [int(i) for i in extra_ids if i]
    units = Unit.objects.filter(Q(is_active=True) & ~Q(kind__in=NOT_OFFERED_KINDS) | Q(pk__in=ids, is_active=True))
    if user.role not in OFFICE_ROLES:
        units = units.filter(path__startswith=user.unit.path) if user.unit_id else units.none()
    return unit_choices(units, _("请选择单位"))


class Bootstrap(BootstrapMixin):
    """BootstrapMixin, plus the class Bootstrap wants on checkboxes and radios."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                field.widget.attrs["class"] = "form-check-input"


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, END_OF_DAY))


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"


class PhotosField(forms.FileField):
    """Several photos from the camera or the gallery; the files are checked by lib.uploads."""

    def __init__(self, **kwargs):
        attrs = {"accept": "image/*", "capture": "environment", "multiple": True}
        kwargs.setdefault("widget", MultiplePhotoInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _text(label, *, rows: int = 2, required_in_browser: bool = True, **kwargs) -> forms.CharField:
    attrs = {"rows": rows}
    if required_in_browser:
        attrs["required"] = True
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs=attrs), **kwargs)


class UnitSelect(forms.ModelChoiceField):
    """A unit from a select of `choices` (tree order); any active unit validates, the service rules."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.filter(is_active=True), **kwargs)
        self.error_messages["invalid_choice"] = _("所选单位不存在或已停用")


class ActionForm(Bootstrap, forms.Form):
    """Every action form takes the problem and the choices its page computed once."""

    def __init__(self, *args, problem: Problem, units: list | None = None, **kwargs):
        self.problem = problem
        super().__init__(*args, **kwargs)
        if units is not None:
            for field in self.fields.values():
                if isinstance(field, (UnitSelect, forms.ModelMultipleChoiceField)):
                    field.choices = units if isinstance(field, UnitSelect) else units[1:]


class AssignForm(ActionForm):
    unit = UnitSelect(label=gettext_lazy("责任单位"))
    cooperating = forms.ModelMultipleChoiceField(
        label=gettext_lazy("配合单位"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("整改时限"),
        required=False,
        widget=DateTimeInput,
        help_text=gettext_lazy("留空则按整改时限规则计算"),
    )
    reason = _text(gettext_lazy("交办说明"), required_in_browser=False)

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None and proposal.unit is not None:
            self.fields["unit"].initial = proposal.unit.pk
            self.fields["cooperating"].initial = [u.pk for u in proposal.cooperating]
            self.fields["reason"].help_text = _("选择的单位与系统建议不同时必须填写")


class AcceptForm(ActionForm):
    pass


class SubmitForm(ActionForm):
    note = _text(gettext_lazy("整改说明"), rows=3)
    photos = PhotosField(label=gettext_lazy("整改后照片"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["required"] = True


class ApproveForm(ActionForm):
    note = _text(gettext_lazy("审核意见"), required_in_browser=False)


class ReasonForm(ActionForm):
    reason = _text(gettext_lazy("理由"))


class RejectForm(ReasonForm):
    reason = _text(gettext_lazy("退回理由"))


class InvalidForm(ReasonForm):
    reason = _text(gettext_lazy("无效原因"))


class ReopenForm(ReasonForm):
    reason = _text(gettext_lazy("重新打开的原因"))
    rebound = forms.BooleanField(label=gettext_lazy("回头看发现反弹（计入责任单位反弹次数）"), required=False)


class ExtensionForm(ActionForm):
    deadline = forms.DateField(
        label=gettext_lazy("申请延至"),
        widget=DateInput,
        error_messages={"required": gettext_lazy("请选择申请延至的日期")},
    )
    reason = _text(gettext_lazy("延期理由"))

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("申请延至的日期不能早于今天"))
        return end_of_day(day)


class DisputeForm(ActionForm):
    reason = _text(gettext_lazy("转办理由"))
    suggested_unit = UnitSelect(label=gettext_lazy("建议责任单位"), required=False)


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("处理意见"),
        choices=[("approve", gettext_lazy("同意延期")), ("deny", gettext_lazy("不同意"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    deadline = forms.DateField(
        label=gettext_lazy("新的整改时限"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("留空则按单位申请的日期"),
    )
    note = _text(gettext_lazy("说明"), required_in_browser=False, help_text=gettext_lazy("不同意时必须填写理由"))

    def __init__(self, *args, requested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested = requested
        if requested is not None:
            self.fields["deadline"].initial = timezone.localtime(requested).date()

    def clean_deadline(self):
        """None (the requested moment itself) for the requested day; the end of another day."""
        day = self.cleaned_data.get("deadline")
        if not day or (self.requested is not None and day == timezone.localtime(self.requested).date()):
            return None
        return end_of_day(day)


class DecideDisputeForm(ActionForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("处理意见"),
        choices=[("reassign", gettext_lazy("同意，改派给")), ("uphold", gettext_lazy("不同意，维持原交办"))],
        widget=forms.RadioSelect,
        initial="reassign",
    )
    unit = UnitSelect(label=gettext_lazy("改派单位"), required=False)
    note = _text(gettext_lazy("说明"), required_in_browser=False, help_text=gettext_lazy("维持原交办时必须填写理由"))

    def __init__(self, *args, suggested: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if suggested is not None:
            self.fields["unit"].initial = suggested.pk

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reassign" and not data.get("unit"):
            self.add_error("unit", _("请选择改派的单位"))
        return data


class DuplicateForm(ActionForm):
    original = forms.CharField(
        label=gettext_lazy("原问题编号"),
        max_length=24,
        error_messages={"required": gettext_lazy("请填写原问题的编号")},
        widget=forms.TextInput(attrs={"placeholder": "P20261126000123", "autocomplete": "off"}),
    )
    reason = _text(gettext_lazy("说明"), required_in_browser=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_original(self):
        code = self.cleaned_data["original"].strip().upper()
        original = Problem.objects.visible_to(self.user).filter(code=code).first()
        if original is None:
            raise forms.ValidationError(_("未找到编号为 %(code)s 的问题") % {"code": code})
        return original


# New problem --------------------------------------------------------------------------------


class ProblemCreateForm(Bootstrap, forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("问题来源"), choices=Source.choices)
    site = forms.ModelChoiceField(label=gettext_lazy("点位"), queryset=Site.objects.none(), required=False)
    address = forms.CharField(label=gettext_lazy("问题地址"), max_length=200, required=False)
    lat = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=9, decimal_places=6, required=False)
    lng = forms.DecimalField(label=gettext_lazy("经度"), max_digits=9, decimal_places=6, required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("问题类别"),
        queryset=ProblemCategory.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("请选择"),
    )
    standard = forms.CharField(
        label=gettext_lazy("测评标准编码"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("选填，现行测评体系中的标准编码"),
    )
    severity = forms.ChoiceField(label=gettext_lazy("严重程度"), choices=Severity.choices, initial=Severity.MINOR)
    description = _text(gettext_lazy("问题描述"), rows=3)
    external_ref = forms.CharField(
        label=gettext_lazy("外部编号"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("如12345工单号、信访件编号"),
    )
    reporter_name = forms.CharField(label=gettext_lazy("反映人"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=gettext_lazy("反映人电话"), max_length=20, required=False)
    photos = PhotosField(label=gettext_lazy("问题照片"))
    assign_now = forms.BooleanField(label=gettext_lazy("登记后立即按系统建议交办"), required=False, initial=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        allowed = ROLE_SOURCES.get(user.role)
        if allowed is not None:
            self.fields["source"].choices = [c for c in Source.choices if c[0] in allowed]
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["site"].widget.choices = self._site_choices()
        if user.role not in (*OFFICE_ROLES, Role.DISTRICT_OFFICE):
            del self.fields["assign_now"]
        if user.role not in OFFICE_ROLES:
            del self.fields["reporter_name"], self.fields["reporter_phone"]
        for name in ("lat", "lng"):
            self.fields[name].widget.attrs.update({"step": "0.000001", "inputmode": "decimal"})

    def _site_choices(self) -> list[tuple[str, str]]:
        """The empty choice, the chosen site, and all sites when the person sees only a few
        (a grid worker); others find theirs by searching."""
        choices = [("", _("不选点位（填写地址或位置）"))]
        few = list(self.fields["site"].queryset.order_by("code")[: FEW_SITES + 1])
        if len(few) <= FEW_SITES:
            return choices + [(str(site.pk), site_label(site)) for site in few]
        pk = self.data.get("site") if self.is_bound else self.initial.get("site")
        if parse_id(pk) is not None:
            site = self.fields["site"].queryset.filter(pk=pk).first()
            if site is not None:
                choices.append((str(site.pk), site_label(site)))
        return choices

    def clean_standard(self):
        code = self.cleaned_data["standard"].strip()
        if not code:
            return None
        standard = Standard.objects.filter(code=code, edition__is_active=True).first()
        if standard is None:
            raise forms.ValidationError(_("现行测评体系中没有编码为 %(code)s 的标准") % {"code": code})
        return standard

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = ("source", "description", "severity", "category", "standard", "site", "lat", "lng", "address")
        fields = {name: data.get(name) for name in names}
        fields["address"] = fields["address"] or ""
        fields["external_ref"] = data.get("external_ref") or ""
        fields["reporter_name"] = data.get("reporter_name") or ""
        fields["reporter_phone"] = data.get("reporter_phone") or ""
        return fields


def site_label(site: Site) -> str:
    return f"{site.name}（{site.code}）"


# Bulk actions on a queue ---------------------------------------------------------------------


class BulkIdsForm(Bootstrap, forms.Form):
    MAX = 200
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if parse_id(v) is not None]
        self.fields["ids"].error_messages["invalid_choice"] = _("所选问题无效")

    def clean_ids(self):
        ids = list(dict.fromkeys(self.cleaned_data["ids"]))
        if not ids:
            raise forms.ValidationError(_("请先勾选问题"))
        if len(ids) > self.MAX:
            raise forms.ValidationError(_("一次最多处理 %(n)s 个问题") % {"n": self.MAX})
        return ids


class BulkAssignForm(BulkIdsForm):
    mode = forms.ChoiceField(
        choices=[("proposed", gettext_lazy("各自交办给系统建议的单位")), ("unit", gettext_lazy("统一交办给"))],
        widget=forms.RadioSelect,
        initial="proposed",
    )
    unit = UnitSelect(label=gettext_lazy("责任单位"), required=False)
    reason = forms.CharField(label=gettext_lazy("交办说明"), max_length=2000, required=False)

    def __init__(self, *args, units: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].choices = units

    def clean(self):
        data = super().clean()
        if data.get("mode") == "unit" and not data.get("unit"):
            self.add_error("unit", _("请选择统一交办的单位"))
        return data


class BulkApproveForm(BulkIdsForm):
    note = forms.CharField(label=gettext_lazy("审核意见"), max_length=2000, required=False)


# Office settings ---------------------------------------------------------------------------


class CategoryForm(Bootstrap, forms.Form):
    code = forms.CharField(label=gettext_lazy("编码"), max_length=32)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50)
    description = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    default_unit = UnitSelect(label=gettext_lazy("默认责任单位"), required=False)
    is_public = forms.BooleanField(label=gettext_lazy("市民随手拍可选"), required=False, initial=True)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)
    sort_order = forms.IntegerField(label=gettext_lazy("排序"), initial=0, min_value=-MAX_INT, max_value=MAX_INT)

    def __init__(self, *args, units: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_unit"].choices = [("", _("（无）")), *units[1:]]

    @staticmethod
    def initial_for(category: ProblemCategory) -> dict:
        names = ("code", "name", "description", "is_public", "is_active", "sort_order")
        return {**{n: getattr(category, n) for n in names}, "default_unit": category.default_unit_id}


MAX_DEADLINE = 1000  # hours, days or working days: far beyond any deadline, and a date still follows


class DeadlinePolicyForm(Bootstrap, forms.Form):
    severity = forms.ChoiceField(label=gettext_lazy("严重程度"), choices=Severity.choices)
    category = forms.ModelChoiceField(
        label=gettext_lazy("问题类别"),
        queryset=ProblemCategory.objects.all(),
        required=False,
        empty_label=gettext_lazy("所有类别（默认）"),
    )
    amount = forms.IntegerField(label=gettext_lazy("时限"), min_value=1, max_value=MAX_DEADLINE)
    unit = forms.ChoiceField(label=gettext_lazy("单位"), choices=DurationUnit.choices, initial=DurationUnit.DAYS)
    working_days = forms.BooleanField(label=gettext_lazy("按工作日计算（跳过周末和节假日）"), required=False)

    @staticmethod
    def initial_for(policy) -> dict:
        return {
            "severity": policy.severity,
            "category": policy.category_id,
            "amount": policy.amount,
            "unit": policy.unit,
            "working_days": policy.working_days,
        }


class HolidayForm(Bootstrap, forms.Form):
    date = forms.DateField(label=gettext_lazy("日期"), widget=DateInput)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50)
    is_workday = forms.BooleanField(label=gettext_lazy("调休上班（周末改为工作日）"), required=False)


class EscalationPolicyForm(Bootstrap, forms.Form):
    remind_before_hours = forms.IntegerField(label=gettext_lazy("到期前几小时提醒联络员"), min_value=0, max_value=720)
    head_after_days = forms.IntegerField(label=gettext_lazy("超期几天后通知单位负责人"), min_value=0, max_value=365)
    summons_after_days = forms.IntegerField(label=gettext_lazy("超期几天后列入约谈名单"), min_value=0, max_value=365)
    notify_sms = forms.BooleanField(label=gettext_lazy("发送短信"), required=False)
    notify_email = forms.BooleanField(label=gettext_lazy("发送邮件"), required=False)

    def clean(self):
        data = super().clean()
        head, summons = data.get("head_after_days"), data.get("summons_after_days")
        if head is not None and summons is not None and summons < head:
            self.add_error("summons_after_days", _("列入约谈名单的天数不能少于通知负责人的天数"))
        return data
