"""Import a whole index edition from one XLSX file into a new edition.

Every row is checked first and every error collected (sheet, row, column, message); if any row
fails, nothing is written. A clean file is written in one transaction with bulk inserts and two
audit events: the edition's creation and the import's counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators import rules, services
from chuangwen.indicators import xlsx_format as fmt
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Method, NodeLevel, RuleKind, Standard
from chuangwen.lib.errors import DomainError
from chuangwen.lib.xlsx import CellError, Row, XlsxImportError, open_workbook, read_sheet

MAX_CODE = {NodeLevel.CATEGORY: 32, NodeLevel.INDICATOR: 32, NodeLevel.CONTENT: 32, "standard": 32, "item": 40}
MAX_TITLE = 200


@dataclass
class NodeSpec:
    level: int
    code: str
    title: str
    parent_code: str | None
    row: int


@dataclass
class StandardSpec:
    row: int
    content_code: str
    code: str
    text: str = ""
    points: Decimal | None = None
    methods: list[str] = field(default_factory=list)
    site_type_ids: list[int] = field(default_factory=list)
    negative_list: bool = False
    is_special: bool = False
    lead_unit_id: int | None = None
    responsible_unit_ids: list[int] = field(default_factory=list)


@dataclass
class ItemSpec:
    row: int
    standard_code: str
    code: str
    site_type_id: int
    text: str
    rule: dict[str, Any]


@dataclass
class ImportResult:
    edition: Edition
    counts: dict[str, int]


def _report(row: Row, exc: DomainError, keys: dict[str, str] | None = None) -> None:
    """Put a rule's DomainError on the row, in the column of the field it names."""
    key = (keys or {}).get(exc.field or "", exc.field or "")
    row.error(key, str(exc.message))


class WorkbookReader:
    """Reads and checks the three sheets, collecting every error in self.errors."""

    def __init__(self, workbook, lookups: fmt.Lookups) -> None:
        self.workbook = workbook
        self.lookups = lookups
        self.errors: list[CellError] = []
        self.nodes: dict[str, NodeSpec] = {}
        self.standards: dict[str, StandardSpec] = {}
        self.items: dict[tuple[str, str], ItemSpec] = {}

    # -- edition block --

    def edition(self, code: str, name: str, year: int | None, notes: str) -> dict[str, Any]:
        values = {"code": code.strip(), "name": name.strip(), "year": year, "notes": notes.strip()}
        row = self._edition_row()
        if row is not None:
            values["code"] = values["code"] or row.text("code")
            values["name"] = values["name"] or row.text("name")
            values["notes"] = values["notes"] or row.text("notes")
            if values["year"] is None and row.text("year"):
                values["year"] = self._year(row)
        row = row or Row(fmt.EDITION_SHEET, 2, {}, {c.key: c for c in fmt.EDITION_COLUMNS}, self.errors)
        self._check_edition(row, values)
        return values

    def _edition_row(self) -> Row | None:
        if fmt.EDITION_SHEET not in self.workbook.sheetnames:
            return None
        return next(read_sheet(self.workbook, fmt.EDITION_SHEET, fmt.EDITION_COLUMNS, self.errors), None)

    def _year(self, row: Row) -> int | None:
        value = row.decimal("year")
        if value is not None and value != value.to_integral_value():
            row.error("year", _("年份必须是整数"))
            return None
        return int(value) if value is not None else None

    def _check_edition(self, row: Row, values: dict[str, Any]) -> None:
        for key, label in (("code", _("版本编码")), ("name", _("名称")), ("year", _("年份"))):
            if not values[key]:
                row.error(key, _("请在导入页面或本工作表中填写%(label)s") % {"label": label})
        if values["code"] and Edition.objects.filter(code=values["code"]).exists():
            row.error("code", _("版本编码“%(code)s”已存在，请换一个") % {"code": values["code"]})
        if len(values["code"]) > 32 or len(values["name"]) > 100:
            row.error("code", _("版本编码不超过 32 个字符，名称不超过 100 个字符"))
        if values["year"] is not None and not 1990 <= values["year"] <= 2100:
            row.error("year", _("年份应在 1990 到 2100 之间"))

    # -- the tree sheet --

    def tree(self) -> None:
        for row in read_sheet(self.workbook, fmt.TREE_SHEET, fmt.TREE_COLUMNS, self.errors):
            path = self._node_path(row)
            if path is not None and len(path) == 3 and self._has_standard(row):
                self._standard(row, path[-1])

    @staticmethod
    def _has_standard(row: Row) -> bool:
        return any(row.text(key) for key in fmt.STANDARD_KEYS)

    def _node_path(self, row: Row) -> list[str] | None:
        """The codes of the row's category, indicator and content (a prefix of them for a node-only row)."""
        filled = [bool(row.text(ck) or row.text(tk)) for _level, ck, tk in fmt.LEVEL_KEYS]
        depth = filled.index(False) if False in filled else 3
        if any(filled[depth:]) or (depth < 3 and self._has_standard(row)):
            level, code_key, _title = fmt.LEVEL_KEYS[depth]
            row.error(code_key, _("请填写%(level)s的编码和名称") % {"level": NodeLevel(level).label})
            return None
        path: list[str] = []
        for level, code_key, title_key in fmt.LEVEL_KEYS[:depth]:
            code = self._code(row, code_key, MAX_CODE[level])
            title = self._title(row, title_key)
            if not (code and title):
                return None
            self._node(row, level, code, title, path[-1] if path else None)  # a conflict is reported; go on
            path.append(code)
        return path

    def _code(self, row: Row, key: str, limit: int) -> str:
        code = row.required_text(key)
        if len(code) > limit:
            row.error(key, _("编码不能超过 %(n)s 个字符") % {"n": limit})
            return ""
        return code

    def _title(self, row: Row, key: str) -> str:
        title = row.required_text(key)
        if len(title) > MAX_TITLE:
            row.error(key, _("名称不能超过 %(n)s 个字符") % {"n": MAX_TITLE})
            return ""
        return title

    def _node(self, row: Row, level: int, code: str, title: str, parent_code: str | None) -> None:
        _level, code_key, title_key = fmt.LEVEL_KEYS[level - 1]
        seen = self.nodes.get(code)
        if seen is None:
            self.nodes[code] = NodeSpec(level, code, title, parent_code, row.number)
            return
        args = {"code": code, "row": seen.row, "title": seen.title, "level": NodeLevel(seen.level).label}
        if seen.level != level:
            row.error(code_key, _("编码“%(code)s”已在第 %(row)s 行用作%(level)s") % args)
        elif seen.title != title:
            row.error(title_key, _("编码“%(code)s”的名称与第 %(row)s 行的“%(title)s”不一致") % args)
        elif seen.parent_code != parent_code:
            args["parent"] = seen.parent_code
            row.error(code_key, _("“%(code)s”在第 %(row)s 行属于“%(parent)s”，与本行的上级不一致") % args)

    def _standard(self, row: Row, content_code: str) -> None:
        code = self._code(row, "code", MAX_CODE["standard"])
        if code in self.standards:
            row.error(
                "code", _("标准编码“%(code)s”与第 %(row)s 行重复") % {"code": code, "row": self.standards[code].row}
            )
            return
        spec = StandardSpec(row=row.number, content_code=content_code, code=code, text=row.required_text("text"))
        spec.points = self._points(row)
        spec.methods = self._methods(row)
        spec.site_type_ids = [st.pk for st in self._tokens(row, "site_types", self.lookups.site_type)]
        if Method.FIELD in spec.methods and not row.items("site_types"):
            row.error("site_types", _("含实地考察的标准必须填写点位类型"))
        spec.negative_list = row.boolean("negative_list")
        spec.is_special = row.boolean("is_special")
        lead = self._tokens(row, "lead_unit", self.lookups.unit)
        if len(row.items("lead_unit")) > 1:
            row.error("lead_unit", _("牵头单位只能填写一个"))
        spec.lead_unit_id = lead[0].pk if lead else None
        spec.responsible_unit_ids = list(
            dict.fromkeys(u.pk for u in self._tokens(row, "responsible_units", self.lookups.unit))
        )
        if code:
            self.standards[code] = spec

    def _points(self, row: Row) -> Decimal | None:
        value = row.decimal("points", required=True, minimum=Decimal(0))
        if value is None:
            return None
        try:
            return rules.check_points(value)
        except DomainError as exc:
            _report(row, exc)
            return None

    def _methods(self, row: Row) -> list[str]:
        words = row.items("methods")
        if not words:
            row.error("methods", _("不能为空"))
        chosen = []
        for word in words:
            value = fmt.method_value(word)
            if value is None:
                row.error(
                    "methods", _("未知的测评方法“%(m)s”（可填：实地考察、材料审核、问卷调查、网上数据）") % {"m": word}
                )
            else:
                chosen.append(value)
        return [m for m in Method.values if m in chosen]

    @staticmethod
    def _tokens(row: Row, key: str, lookup) -> list:
        found = []
        for token in row.items(key):
            try:
                found.append(lookup(token, key))
            except DomainError as exc:
                _report(row, exc)
        return found

    # -- the checklist sheet --

    def checklist(self) -> None:
        if fmt.ITEM_SHEET not in self.workbook.sheetnames:
            return
        for row in read_sheet(self.workbook, fmt.ITEM_SHEET, fmt.ITEM_COLUMNS, self.errors):
            self._item(row)

    def _item(self, row: Row) -> None:
        standard_code = row.required_text("standard_code")
        standard = self.standards.get(standard_code)
        if standard_code and standard is None:
            row.error("standard_code", _("标准编码“%(code)s”不在“测评体系”工作表中") % {"code": standard_code})
        code = self._code(row, "code", MAX_CODE["item"])
        seen = self.items.get((standard_code, code))
        if code and seen is not None:
            row.error("code", _("要求编码“%(code)s”与第 %(row)s 行重复") % {"code": code, "row": seen.row})
        site_type = self._item_site_type(row, standard)
        text = row.required_text("text")
        rule = self._rule(row)
        if standard and code and site_type and rule and seen is None:
            self.items[(standard_code, code)] = ItemSpec(row.number, standard_code, code, site_type.pk, text, rule)

    def _item_site_type(self, row: Row, standard: StandardSpec | None):
        token = row.required_text("site_type")
        if not token:
            return None
        found = self._tokens(row, "site_type", self.lookups.site_type)
        if found and standard is not None and found[0].pk not in standard.site_type_ids:
            message = _("点位类型“%(name)s”不在标准“%(code)s”的点位类型中")
            row.error("site_type", message % {"name": token, "code": standard.code})
            return None
        return found[0] if found else None

    def _rule(self, row: Row) -> dict[str, Any] | None:
        word = row.text("rule_kind")
        kind = fmt.rule_value(word) if word else RuleKind.PASS_RATE
        if kind is None:
            row.error(
                "rule_kind",
                _("未知的计分规则“%(r)s”（可填：按合格率计分、按处扣分、按等级计分、一票否决）") % {"r": word},
            )
            return None
        deduction = row.decimal("deduction_per") if kind == RuleKind.DEDUCTION else None
        grades: Any = None
        veto = fmt.veto_value(row.text("veto_scope")) if row.text("veto_scope") else ""
        if kind == RuleKind.VETO and veto is None:
            row.error("veto_scope", _("否决范围应填“本项不得分”或“总分否决”"))
            return None
        try:
            if kind == RuleKind.GRADE:
                grades = rules.parse_grades(row.text("grade_thresholds"))
            return rules.check_rule(kind, deduction, grades, veto or "")
        except DomainError as exc:
            _report(row, exc)
            return None


@transaction.atomic
def _write(actor, header: dict[str, Any], reader: WorkbookReader, filename: str) -> ImportResult:
    edition = services.create_edition(actor, **header)
    nodes = _create_nodes(edition, reader.nodes)
    standards = _create_standards(edition, nodes, reader.standards)
    items = [
        ChecklistItem(
            standard=standards[spec.standard_code],
            site_type_id=spec.site_type_id,
            code=spec.code,
            text=spec.text,
            sort_order=index,
            **spec.rule,
        )
        for index, spec in enumerate(reader.items.values())
    ]
    ChecklistItem.objects.bulk_create(items, batch_size=500)
    counts = {"nodes": len(nodes), "standards": len(standards), "checklist_items": len(items)}
    audit.record(actor, "edition.imported", edition, after={**counts, "file": filename})
    return ImportResult(edition, counts)


def _create_nodes(edition: Edition, specs: dict[str, NodeSpec]) -> dict[str, IndexNode]:
    created: dict[str, IndexNode] = {}
    for level in NodeLevel.values:
        batch = [
            IndexNode(
                edition=edition,
                level=level,
                code=spec.code,
                title=spec.title,
                sort_order=index,
                parent=created[spec.parent_code] if spec.parent_code else None,
            )
            for index, spec in enumerate(specs.values())
            if spec.level == level
        ]
        for node in IndexNode.objects.bulk_create(batch, batch_size=500):
            created[node.code] = node
    return created


def _create_standards(edition: Edition, nodes: dict[str, IndexNode], specs: dict[str, StandardSpec]):
    batch = [
        Standard(
            edition=edition,
            content=nodes[s.content_code],
            code=s.code,
            text=s.text,
            points=s.points,
            methods=s.methods,
            negative_list=s.negative_list,
            is_special=s.is_special,
            lead_unit_id=s.lead_unit_id,
            sort_order=index,
        )
        for index, s in enumerate(specs.values())
    ]
    standards = {s.code: s for s in Standard.objects.bulk_create(batch, batch_size=500)}
    site_types = Standard.site_types.through
    units = Standard.responsible_units.through
    site_types.objects.bulk_create(
        [
            site_types(standard_id=standards[s.code].pk, sitetype_id=pk)
            for s in specs.values()
            for pk in s.site_type_ids
        ],
        batch_size=1000,
    )
    units.objects.bulk_create(
        [units(standard_id=standards[s.code].pk, unit_id=pk) for s in specs.values() for pk in s.responsible_unit_ids],
        batch_size=1000,
    )
    return standards


def import_edition(
    actor, uploaded, *, code: str = "", name: str = "", year: int | None = None, notes: str = ""
) -> ImportResult:
    """Read the whole file; raise XlsxImportError with every bad cell, or create the new edition."""
    services.require_office(actor)
    reader = WorkbookReader(open_workbook(uploaded), fmt.Lookups())
    header = reader.edition(code or "", name or "", year, notes or "")
    reader.tree()
    reader.checklist()
    if not reader.errors and not reader.standards and not reader.nodes:
        reader.errors.append(CellError(fmt.TREE_SHEET, 2, "", _("工作表中没有任何数据")))
    if reader.errors:
        raise XlsxImportError(reader.errors)
    return _write(actor, header, reader, getattr(uploaded, "name", ""))
