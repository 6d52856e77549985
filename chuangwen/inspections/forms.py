"""Forms of the office's round pages. They parse input; the rules live in the services."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.indicators.models import ChecklistItem, Edition
from chuangwen.inspections import access
from chuangwen.inspections.models import Kind, Round, RoundStatus, SamplingMode
from chuangwen.lib.forms import BootstrapMixin, DateInput
from chuangwen.sites.models import Site, SiteType
from chuangwen.units.models import TERRITORIAL_KINDS, Unit, UnitKind, User

SCOPE_KINDS = [k for k in TERRITORIAL_KINDS if k not in (UnitKind.CITY, UnitKind.GRID)]
REASON_MAX = 200


# The list's filter bar ----------------------------------------------------------------------


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("关键词"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), required=False, choices=[("", "")] + Kind.choices)
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False, choices=[("", "")] + RoundStatus.choices)
    year = forms.IntegerField(label=gettext_lazy("年份"), required=False, min_value=2000, max_value=2100)

    def error_message(self) -> str:
        return _("筛选条件无效：%(fields)s") % {
            "fields": "、".join(str(self.fields[name].label or name) for name in self.errors)
        }

    def apply(self, rounds):
        data = self.cleaned_data
        if data.get("q"):
            rounds = rounds.filter(Q(code__icontains=data["q"]) | Q(name__icontains=data["q"]))
        if data.get("kind"):
            rounds = rounds.filter(kind=data["kind"])
        if data.get("status"):
            rounds = rounds.filter(status=data["status"])
        if data.get("year"):
            rounds = rounds.filter(period_start__year=data["year"])
        return rounds

    def querystring(self) -> str:
        from urllib.parse import urlencode

        if not self.is_bound or not self.is_valid():
            return ""
        return urlencode({k: v for k, v in self.cleaned_data.items() if v not in (None, "")})


# The plan ------------------------------------------------------------------------------------


class ScopeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + f"{obj.name}（{obj.get_kind_display()}）"


class AssessorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class RoundForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Kind.choices)
    is_covert = forms.BooleanField(
        label=gettext_lazy("暗访保密"),
        required=False,
        help_text=gettext_lazy("发布前仅文明办和本轮督查员可见；暗访和模拟测评默认保密"),
    )
    covert_touched = forms.CharField(required=False, widget=forms.HiddenInput)
    edition = forms.ModelChoiceField(label=gettext_lazy("测评体系版本"), queryset=Edition.objects.all())
    period_start = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput)
    period_end = forms.DateField(label=gettext_lazy("结束日期"), widget=DateInput)
    scope = ScopeField(
        label=gettext_lazy("范围"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy("区县、街道或社区，可多选（按住 Ctrl 或 ⌘）；不选则为全市"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    assessor_unit = AssessorField(
        label=gettext_lazy("第三方测评机构"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )
    exclude_visited_days = forms.IntegerField(
        label=gettext_lazy("排除近期已查点位（天）"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=gettext_lazy("随机抽查时排除最近若干天内已被督查的点位；不填则不排除"),
    )
    weight_by_problems = forms.BooleanField(
        label=gettext_lazy("问题多的点位优先"),
        required=False,
        help_text=gettext_lazy("随机抽查时，近一年问题多的点位被抽中的机会更大"),
    )
    notes = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Unit.objects.filter(kind__in=SCOPE_KINDS, is_active=True).order_by("path")
        self.fields["assessor_unit"].queryset = Unit.objects.filter(kind=UnitKind.ASSESSOR, is_active=True)
        if not self.is_bound and "edition" not in self.initial:
            active = Edition.active()
            self.initial.setdefault("edition", active.pk if active else None)

    @classmethod
    def initial_for(cls, round_: Round) -> dict:
        return {
            "name": round_.name,
            "kind": round_.kind,
            "is_covert": round_.is_covert,
            "edition": round_.edition_id,
            "period_start": round_.period_start,
            "period_end": round_.period_end,
            "scope": [u.pk for u in round_.scope.all()],
            "assessor_unit": round_.assessor_unit_id,
            "exclude_visited_days": round_.exclude_visited_days,
            "weight_by_problems": round_.weight_by_problems,
            "notes": round_.notes,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("period_end", _("结束日期不能早于开始日期"))
        return data

    def plan_fields(self, round_: Round | None = None) -> dict:
        """Keyword arguments for create_round / update_round. The covert switch counts only if
        the person touched it; otherwise it follows the kind (a new kind's default, or unchanged)."""
        data = dict(self.cleaned_data)
        touched = data.pop("covert_touched") == "1"
        covert = data.pop("is_covert")
        if touched:
            data["is_covert"] = covert
        elif round_ is None or round_.kind != data["kind"]:
            data["is_covert"] = data["kind"] != Kind.OPEN
        return data


# Sampling rules -------------------------------------------------------------------------------


def rule_site_types(edition_id: int) -> list[SiteType]:
    """Site types with checklist items in the edition, each with .item_count."""
    items = ChecklistItem.objects.filter(standard__edition_id=edition_id)
    return list(
        SiteType.objects.filter(pk__in=items.values("site_type_id"))
        .annotate(item_count=Count("checklist_items", filter=Q(checklist_items__standard__edition_id=edition_id)))
        .order_by("sort_order", "code")
    )


class RulesForm(forms.Form):
    """One row per site type: mode (blank: not sampled) and value."""

    MODE_CHOICES = [("", gettext_lazy("不抽查")), *SamplingMode.choices]

    def __init__(self, *args, site_types: list[SiteType], **kwargs):
        super().__init__(*args, **kwargs)
        self.site_types = site_types
        for st in site_types:
            self.fields[f"mode_{st.pk}"] = forms.ChoiceField(
                label=st.name, choices=self.MODE_CHOICES, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm rule-mode"}),
            )  # fmt: skip
            self.fields[f"value_{st.pk}"] = forms.IntegerField(
                label=st.name, required=False, min_value=1, max_value=100000,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm rule-value"}),
            )  # fmt: skip

    @staticmethod
    def initial_for(rules) -> dict:
        initial = {}
        for rule in rules:
            initial[f"mode_{rule.site_type_id}"] = rule.mode
            initial[f"value_{rule.site_type_id}"] = rule.value
        return initial

    def rows(self) -> list[dict]:
        return [{"type": st, "mode": self[f"mode_{st.pk}"], "value": self[f"value_{st.pk}"]} for st in self.site_types]

    def rules(self) -> list[tuple]:
        chosen = []
        for st in self.site_types:
            mode = self.cleaned_data.get(f"mode_{st.pk}")
            if mode:
                chosen.append((st, mode, self.cleaned_data.get(f"value_{st.pk}")))
        return chosen


# The sample -----------------------------------------------------------------------------------


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=gettext_lazy("不填则自动生成；填写以前的种子可重现同一抽样"),
    )


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("理由"),
        max_length=REASON_MAX,
        error_messages={"required": gettext_lazy("请填写理由")},
    )


class AddSiteForm(BootstrapMixin, forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("点位"),
        queryset=Site.objects.filter(is_active=True),
        error_messages={"required": gettext_lazy("请选择点位"), "invalid_choice": gettext_lazy("请选择点位")},
    )
    reason = _reason_field()
    team = forms.ModelChoiceField(label=gettext_lazy("督查组"), queryset=None, required=False, empty_label="—")

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = round_.teams.all()


class RemoveSiteForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.all(), widget=forms.HiddenInput)
    reason = _reason_field()


# Teams ----------------------------------------------------------------------------------------


class MemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        unit = obj.unit.name if obj.unit_id else obj.get_role_display()
        return f"{obj.display_name}（{unit}）"


def team_candidates():
    return (
        User.objects.filter(is_active=True, role__in=access.TEAM_ROLES)
        .select_related("unit")
        .order_by("name", "username")
    )


class TeamForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("组名"), max_length=50)
    members = MemberField(
        label=gettext_lazy("组员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请选择组员")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = team_candidates()


class MoveSiteForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, error_messages={"required": gettext_lazy("请选择督查组")})

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = round_.teams.all()
