"""The XLSX format of an index edition, shared by the importer, the exporter and the template.

The workbook is an interchange format with fixed Chinese sheet names, headers and labels, whatever
the language of the person's screen; the notes sheet and error messages are translated.

- 版本信息: one row: 版本编码, 名称, 年份, 说明 (optional; the import form may give them instead).
- 测评体系: one row per standard with its category / indicator / content codes and titles; a row may
  stop after the category, indicator or content to declare a node without standards.
- 考察要求: one row per checklist item of a field standard, for one site type, with its scoring rule.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from chuangwen.indicators import rules
from chuangwen.indicators.models import Method, NodeLevel, RuleKind, VetoScope
from chuangwen.lib.errors import DomainError
from chuangwen.lib.xlsx import Column
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit

NOTES_SHEET = "填写说明"
EDITION_SHEET = "版本信息"
TREE_SHEET = "测评体系"
ITEM_SHEET = "考察要求"
YES, NO = "是", "否"

EDITION_COLUMNS = [
    Column("code", "版本编码", 16),
    Column("name", "名称", 36),
    Column("year", "年份", 10),
    Column("notes", "说明", 50),
]
TREE_COLUMNS = [
    Column("category_code", "测评项目编码", 14, required=True),
    Column("category", "测评项目", 16, required=True),
    Column("indicator_code", "指标编码", 12, required=True),
    Column("indicator", "指标", 20, required=True),
    Column("content_code", "测评内容编码", 14, required=True),
    Column("content", "测评内容", 24, required=True),
    Column("code", "标准编码", 16, required=True),
    Column("text", "测评标准", 60, required=True),
    Column("points", "分值", 8, required=True),
    Column("methods", "测评方法", 18, required=True),
    Column("site_types", "点位类型", 26),
    Column("negative_list", "负面清单", 10),
    Column("is_special", "自选指标", 10),
    Column("lead_unit", "牵头单位", 18),
    Column("responsible_units", "责任单位", 36),
]
ITEM_COLUMNS = [
    Column("standard_code", "标准编码", 16, required=True),
    Column("code", "要求编码", 18, required=True),
    Column("site_type", "点位类型", 16, required=True),
    Column("text", "考察要求", 60, required=True),
    Column("rule_kind", "计分规则", 14),
    Column("deduction_per", "每处扣分", 10),
    Column("grade_thresholds", "等级阈值", 28),
    Column("veto_scope", "否决范围", 12),
]
LEVEL_KEYS = (
    (NodeLevel.CATEGORY, "category_code", "category"),
    (NodeLevel.INDICATOR, "indicator_code", "indicator"),
    (NodeLevel.CONTENT, "content_code", "content"),
)
STANDARD_KEYS = tuple(c.key for c in TREE_COLUMNS[6:])

# Chinese labels of the file (first one is what the exporter writes), with accepted synonyms.
METHOD_WORDS = {
    Method.FIELD: ("实地考察", "实地暗访", "实地"),
    Method.MATERIAL: ("材料审核", "网上申报", "材料"),
    Method.SURVEY: ("问卷调查", "入户问卷", "问卷"),
    Method.ONLINE: ("网上数据", "网络数据"),
}
RULE_WORDS = {
    RuleKind.PASS_RATE: ("按合格率计分", "合格率"),
    RuleKind.DEDUCTION: ("按处扣分", "扣分"),
    RuleKind.GRADE: ("按等级计分", "等级"),
    RuleKind.VETO: ("一票否决", "否决"),
}
VETO_WORDS = {
    VetoScope.STANDARD: ("本项不得分",),
    VetoScope.TOTAL: ("总分否决",),
}


def _vocabulary(words, choices) -> dict[str, str]:
    """Each value's Chinese words, its code and its label in the current language, mapped to the value."""
    table = {}
    for value, label in choices.choices:
        for word in (*words[value], value, str(label)):
            table[word.strip().lower()] = value
    return table


def method_value(word: str) -> str | None:
    return _vocabulary(METHOD_WORDS, Method).get(word.strip().lower())


def rule_value(word: str) -> str | None:
    return _vocabulary(RULE_WORDS, RuleKind).get(word.strip().lower())


def veto_value(word: str) -> str | None:
    return _vocabulary(VETO_WORDS, VetoScope).get(word.strip().lower())


def method_word(value: str) -> str:
    return METHOD_WORDS[value][0]


def rule_word(value: str) -> str:
    return RULE_WORDS[value][0]


def veto_word(value: str) -> str:
    return VETO_WORDS[value][0] if value else ""


def yes_no(flag: bool) -> str:
    return YES if flag else NO


class Lookups:
    """Units and site types by code or exact name, loaded once per import or export."""

    def __init__(self) -> None:
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.only("id", "code", "name", "kind"):
            self.units_by_code[unit.code] = unit
            self.units_by_name[unit.name].append(unit)
        self.site_types_by_code: dict[str, SiteType] = {}
        self.site_types_by_name: dict[str, SiteType] = {}
        for site_type in SiteType.objects.all():
            self.site_types_by_code[site_type.code] = site_type
            self.site_types_by_name[site_type.name] = site_type

    def unit(self, token: str, field: str) -> Unit:
        """The unit whose code or exact name is token, allowed to answer for a standard."""
        unit = self.units_by_code.get(token)
        if unit is None:
            named = self.units_by_name.get(token, [])
            if len(named) > 1:
                raise DomainError(_("有多个单位名为“%(name)s”，请改填单位编码") % {"name": token}, field=field)
            if not named:
                raise DomainError(_("找不到单位“%(name)s”（请填写单位编码或完整名称）") % {"name": token}, field=field)
            unit = named[0]
        rules.check_unit(unit, field)
        return unit

    def unit_label(self, unit: Unit) -> str:
        """The name when it is unique, otherwise the code, so that the file reads back to the same unit."""
        return unit.name if len(self.units_by_name.get(unit.name, ())) == 1 else unit.code

    def site_type(self, token: str, field: str) -> SiteType:
        site_type = self.site_types_by_code.get(token) or self.site_types_by_name.get(token)
        if site_type is None:
            raise DomainError(_("找不到点位类型“%(name)s”") % {"name": token}, field=field)
        return site_type


def notes_lines() -> list[tuple[str, str]]:
    """What the notes sheet of the template and of every export explains."""
    return [
        (_("工作表"), _("“版本信息”填版本编码、名称、年份（也可在导入页面填写，页面填写的优先）；")),
        ("", _("“测评体系”每行一条测评标准；“考察要求”每行一条实地考察要求。带 * 的列为必填。")),
        (_("编码"), _("测评项目、指标、测评内容的编码在同一版本内唯一；同一编码在多行出现时，名称和上级必须一致。")),
        ("", _("只填到测评项目、指标或测评内容而不填标准的行，表示一个暂无标准的节点。")),
        (_("分值"), _("不小于 0 的数字，最多两位小数。")),
        (_("测评方法"), _("实地考察、材料审核、问卷调查、网上数据，可填多个，用“、”分隔。")),
        (_("点位类型"), _("点位类型名称或编码，多个用“、”分隔；含实地考察的标准必须填写。")),
        (_("负面清单、自选指标"), _("填“是”或“否”；自选指标即本市的特色指标（自选动作）。")),
        (_("牵头单位、责任单位"), _("单位编码或完整名称；牵头单位一个，责任单位可多个，用“、”分隔。")),
        ("", _("只能是职能部门、窗口单位或属地单位（区、街道、社区等）。单位名称重名时请填编码。")),
        (
            _("考察要求"),
            _("标准编码必须出现在“测评体系”中；点位类型必须是该标准的点位类型之一；要求编码在同一标准内唯一。"),
        ),
        (_("计分规则"), _("按合格率计分（默认）、按处扣分、按等级计分、一票否决。")),
        (_("每处扣分"), _("按处扣分时必填，大于 0，例如 2 表示每发现一处扣 2 分，扣完为止。")),
        (_("等级阈值"), _("按等级计分时必填，写作“等级:最低值:得分比例”，从高到低，如 A:95:1.0、B:80:0.8、C:70:0.6；")),
        ("", _("最低值在 0 到 100 之间且严格递减，得分比例在 0 到 1 之间；低于最后一级不得分。")),
        (_("否决范围"), _("一票否决时必填：本项不得分 或 总分否决。")),
        (_("导入"), _("文件有任何错误时不导入任何数据，页面会列出每处错误的工作表、行号和列名。")),
    ]
