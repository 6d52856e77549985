"""Rules of the index system that need no database: checked by the services and by the importer.

Every check raises DomainError with a Chinese message and the name of the offending field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from chuangwen.indicators.models import Method, RuleKind, VetoScope
from chuangwen.lib.errors import DomainError
from chuangwen.units.models import TERRITORIAL_KINDS, UnitKind

# Units that may lead or answer for a standard: departments, window units and territorial units.
RESPONSIBLE_KINDS = (*TERRITORIAL_KINDS, UnitKind.DEPARTMENT, UnitKind.WINDOW)
MAX_POINTS = Decimal("9999.99")
CENTS = Decimal("0.01")
GRADE_SEPARATORS = re.compile(r"[、,，;；\n]+")
GRADE_PARTS = re.compile(r"[:：]")


def check_points(points: Any) -> Decimal:
    try:
        value = Decimal(str(points))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("分值不是有效的数字"), field="points")
    if not value.is_finite() or value < 0:
        raise DomainError(_("分值不能小于 0"), field="points")
    if value > MAX_POINTS:
        raise DomainError(_("分值不能大于 %(max)s") % {"max": MAX_POINTS}, field="points")
    if value != value.quantize(CENTS):
        raise DomainError(_("分值最多保留两位小数"), field="points")
    return value.quantize(CENTS)


def check_methods(methods: Iterable[str]) -> list[str]:
    """A non-empty subset of Method, returned in the canonical order of Method."""
    chosen = set(methods or ())
    if not chosen:
        raise DomainError(_("请至少选择一种测评方法"), field="methods")
    unknown = chosen - set(Method.values)
    if unknown:
        raise DomainError(_("未知的测评方法：%(m)s") % {"m": "、".join(sorted(unknown))}, field="methods")
    return [m for m in Method.values if m in chosen]


def check_site_types(methods: list[str], site_types: Iterable[Any]) -> None:
    if Method.FIELD in methods and not list(site_types):
        raise DomainError(_("实地考察的标准必须选择点位类型"), field="site_types")


def check_unit(unit, field: str) -> None:
    if unit is not None and unit.kind not in RESPONSIBLE_KINDS:
        raise DomainError(
            _("“%(unit)s”不能作为牵头或责任单位（只能是职能部门、窗口单位或属地单位）") % {"unit": unit.name},
            field=field,
        )


def check_text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("%(label)s不能为空") % {"label": label}, field=field)
    return value


# --- scoring rules of checklist items ------------------------------------------------------------


def _number(raw: Any, field: str, what: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("%(what)s“%(raw)s”不是有效的数字") % {"what": what, "raw": raw}, field=field)
    if not value.is_finite():
        raise DomainError(_("%(what)s“%(raw)s”不是有效的数字") % {"what": what, "raw": raw}, field=field)
    return value


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_grades(text: str) -> list[dict[str, Any]]:
    """Read "A:95:1.0、B:80:0.8" (grade : minimum rate : ratio of the points) into validated thresholds."""
    thresholds = []
    for part in (p.strip() for p in GRADE_SEPARATORS.split(text or "")):
        if not part:
            continue
        pieces = GRADE_PARTS.split(part)
        if len(pieces) != 3:
            raise DomainError(
                _("等级阈值“%(part)s”的格式应为“等级:最低值:得分比例”，如 A:95:1.0") % {"part": part},
                field="grade_thresholds",
            )
        thresholds.append({"grade": pieces[0].strip(), "min": pieces[1], "ratio": pieces[2]})
    return check_grades(thresholds)


def format_grades(thresholds: list[dict[str, Any]]) -> str:
    return "、".join(f"{t['grade']}:{_plain(t['min'])}:{_plain(t['ratio'])}" for t in thresholds or ())


def _plain(value: Any) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text + ".0" if "." not in text and isinstance(value, float) else text


def check_grades(thresholds: Any) -> list[dict[str, Any]]:
    """Thresholds highest first, minimums strictly descending within 0-100, ratios within 0-1."""
    field = "grade_thresholds"
    if not isinstance(thresholds, list) or not thresholds:
        raise DomainError(_("按等级计分必须填写等级阈值，如 A:95:1.0、B:80:0.8"), field=field)
    clean: list[dict[str, Any]] = []
    for entry in thresholds:
        if not isinstance(entry, dict):
            raise DomainError(_("等级阈值格式不正确"), field=field)
        grade = str(entry.get("grade") or "").strip()
        if not grade or len(grade) > 10:
            raise DomainError(_("等级名称不能为空，且不超过 10 个字"), field=field)
        minimum = _number(entry.get("min"), field, _("最低值"))
        ratio = _number(entry.get("ratio"), field, _("得分比例"))
        if not Decimal(0) <= minimum <= Decimal(100):
            raise DomainError(_("等级“%(g)s”的最低值应在 0 到 100 之间") % {"g": grade}, field=field)
        if not Decimal(0) <= ratio <= Decimal(1):
            raise DomainError(_("等级“%(g)s”的得分比例应在 0 到 1 之间") % {"g": grade}, field=field)
        if clean and minimum >= Decimal(str(clean[-1]["min"])):
            raise DomainError(_("等级阈值必须从高到低排列，且最低值严格递减"), field=field)
        if any(c["grade"] == grade for c in clean):
            raise DomainError(_("等级“%(g)s”重复") % {"g": grade}, field=field)
        clean.append({"grade": grade, "min": _json_number(minimum), "ratio": float(ratio)})
    return clean


def check_rule(
    rule_kind: str, deduction_per: Any = None, grade_thresholds: Any = None, veto_scope: str = ""
) -> dict[str, Any]:
    """Validate a scoring rule and return it normalized: parameters the kind does not use are cleared."""
    rule = {"rule_kind": rule_kind, "deduction_per": None, "grade_thresholds": [], "veto_scope": ""}
    if rule_kind not in RuleKind.values:
        raise DomainError(_("未知的计分规则"), field="rule_kind")
    if rule_kind == RuleKind.DEDUCTION:
        if deduction_per in (None, ""):
            raise DomainError(_("按处扣分必须填写每处扣分"), field="deduction_per")
        value = _number(deduction_per, "deduction_per", _("每处扣分"))
        if value <= 0:
            raise DomainError(_("每处扣分必须大于 0"), field="deduction_per")
        if value > MAX_POINTS or value != value.quantize(CENTS):
            raise DomainError(_("每处扣分最多两位小数，且不超过 %(max)s") % {"max": MAX_POINTS}, field="deduction_per")
        rule["deduction_per"] = value.quantize(CENTS)
    elif rule_kind == RuleKind.GRADE:
        rule["grade_thresholds"] = check_grades(grade_thresholds)
    elif rule_kind == RuleKind.VETO:
        if veto_scope not in VetoScope.values:
            raise DomainError(_("一票否决必须选择否决范围"), field="veto_scope")
        rule["veto_scope"] = veto_scope
    return rule


def describe_rule(item) -> str:
    """A one-line Chinese description of a checklist item's rule, for pages and exports."""
    if item.rule_kind == RuleKind.DEDUCTION:
        return _("每处扣 %(n)s 分，扣完为止") % {"n": _plain(item.deduction_per)}
    if item.rule_kind == RuleKind.GRADE:
        return _("按等级计分：%(g)s") % {"g": format_grades(item.grade_thresholds)}
    if item.rule_kind == RuleKind.VETO:
        return _("一票否决（%(scope)s）") % {"scope": item.get_veto_scope_display()}
    return _("分值 × 合格率")
