"""The office's assessment settings as a form: plain numbers in, the service's fields out.

Field types and ranges are checked here; the rules across fields (weights summing to 100, grade
lines descending, red line not below black) are the service's, which answers with the field group
(cycle_weights, target_weights, grades, red_threshold) the page shows its message at.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.assessment.models import AssessmentSettings, ListMode
from chuangwen.lib.forms import BootstrapMixin

GRADE_NAMES = ("优秀", "良好", "合格")
CYCLE_FIELDS = ("cycle_1", "cycle_2", "cycle_3")
TARGET_FIELDS = {
    "score": "weight_score",
    "on_time": "weight_on_time",
    "overdue": "weight_overdue",
    "rework": "weight_rework",
}
GRADE_FIELDS = ("grade_1", "grade_2", "grade_3")
# Where a service refusal about a group of fields is shown.
GROUPS = {
    "cycle_weights": "cycle", "target_weights": "target", "grades": "grades", "red_threshold": "lists",
    "list_mode": "lists",
}  # fmt: skip


def _messages() -> dict:
    return {
        "required": _("请填写此项"),
        "invalid": _("请输入数字"),
        "min_value": _("不能小于 %(limit_value)s"),
        "max_value": _("不能大于 %(limit_value)s"),
        "max_digits": _("数字位数过多"),
        "max_decimal_places": _("最多两位小数"),
    }


def _int(label, low=0, high=100, **kwargs) -> forms.IntegerField:
    field = forms.IntegerField(label=label, min_value=low, max_value=high, **kwargs)
    field.error_messages.update(_messages())
    return field


def _decimal(label, low=0, high=100, **kwargs) -> forms.DecimalField:
    field = forms.DecimalField(label=label, min_value=low, max_value=high, max_digits=5, decimal_places=2, **kwargs)
    field.error_messages.update(_messages())
    return field


def _plain(value: Decimal) -> int | float:
    """A JSON number: whole numbers as ints."""
    return int(value) if value == value.to_integral_value() else float(value)


class AssessmentSettingsForm(BootstrapMixin, forms.Form):
    list_mode = forms.ChoiceField(label=gettext_lazy("红黑榜方式"), choices=ListMode.choices)
    list_size = _int(gettext_lazy("红黑榜名次数（按名次时，前 N 名上红榜、后 N 名上黑榜）"), 1, 50)
    red_threshold = _decimal(gettext_lazy("红榜分数线（按分数线时，达到即上红榜）"))
    black_threshold = _decimal(gettext_lazy("黑榜分数线（按分数线时，低于即上黑榜）"))
    cycle_1 = _int(gettext_lazy("第一年"))
    cycle_2 = _int(gettext_lazy("第二年"))
    cycle_3 = _int(gettext_lazy("第三年"))
    weight_score = _int(gettext_lazy("测评得分"))
    weight_on_time = _int(gettext_lazy("按期整改率"))
    weight_overdue = _int(gettext_lazy("超期件数"))
    weight_rework = _int(gettext_lazy("返工反弹率"))
    overdue_penalty = _decimal(gettext_lazy("每件超期扣分"))
    grade_1 = _int(gettext_lazy("优秀（综合得分不低于）"))
    grade_2 = _int(gettext_lazy("良好（综合得分不低于）"))
    grade_3 = _int(gettext_lazy("合格（综合得分不低于）"))
    summons_black_count = _int(gettext_lazy("一年内上黑榜达到几次列入约谈名单"), 1, 52)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_mode"].error_messages["invalid_choice"] = _("红黑榜方式无效")
        self.fields["list_mode"].error_messages["required"] = _("请选择红黑榜方式")
        self.group_errors: dict[str, str] = {}

    @staticmethod
    def initial_for(config: AssessmentSettings) -> dict:
        initial = {
            "list_mode": config.list_mode, "list_size": config.list_size, "red_threshold": config.red_threshold,
            "black_threshold": config.black_threshold, "overdue_penalty": config.overdue_penalty,
            "summons_black_count": config.summons_black_count,
        }  # fmt: skip
        for name, value in zip(CYCLE_FIELDS, config.cycle_weights, strict=False):
            initial[name] = value
        for key, name in TARGET_FIELDS.items():
            initial[name] = config.target_weights.get(key)
        lines = {g["grade"]: g["min"] for g in config.grades}
        for grade, name in zip(GRADE_NAMES, GRADE_FIELDS, strict=True):
            initial[name] = lines.get(grade)
        return initial

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "list_mode": data["list_mode"],
            "list_size": data["list_size"],
            "red_threshold": data["red_threshold"],
            "black_threshold": data["black_threshold"],
            "cycle_weights": [data[name] for name in CYCLE_FIELDS],
            "target_weights": {key: data[name] for key, name in TARGET_FIELDS.items()},
            "overdue_penalty": data["overdue_penalty"],
            "grades": [{"grade": g, "min": data[name]} for g, name in zip(GRADE_NAMES, GRADE_FIELDS, strict=True)],
            "summons_black_count": data["summons_black_count"],
        }

    def refuse(self, field: str | None, message: str) -> None:
        """A service refusal: on its group of fields when it names one, else above the form."""
        group = GROUPS.get(field or "")
        if group:
            self.group_errors[group] = message
        self.add_error(None, message)
