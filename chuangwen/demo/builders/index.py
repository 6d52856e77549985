"""The active index edition: its tree, standards, responsibility and checklist items."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chuangwen.demo.builders.units import CityUnits
from chuangwen.demo.data import index as data
from chuangwen.demo.data.spec import Node, StandardSpec
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, NodeLevel, Standard
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit

DISTRICTS = "DISTRICTS"


@dataclass
class IndexResult:
    edition: Edition
    nodes: int
    standards: int
    checklist_items: int


class IndexBuilder:
    def __init__(self, city: CityUnits, site_types: dict[str, SiteType]):
        self.city = city
        self.site_types = site_types
        self.edition = Edition.objects.create(
            code=data.EDITION_CODE,
            name=data.EDITION_NAME,
            year=data.EDITION_YEAR,
            is_active=True,
            notes=data.EDITION_NOTES,
        )
        self.levels: list[list[IndexNode]] = [[], [], []]
        self.leaves: list[tuple[IndexNode, str, StandardSpec]] = []
        self.order = 0

    def build(self) -> IndexResult:
        for i, category in enumerate(data.CATEGORIES, start=1):
            self._node(category, NodeLevel.CATEGORY, None, f"{i:02d}")
        for level in self.levels:  # parents first, so children get their parent's id
            IndexNode.objects.bulk_create(level)
        standards = self._standards()
        items = self._checklist_items(standards)
        nodes = sum(len(level) for level in self.levels)
        return IndexResult(self.edition, nodes, len(standards), len(items))

    def _node(self, spec: Node, level: int, parent: IndexNode | None, code: str) -> None:
        self.order += 1
        node = IndexNode(
            edition=self.edition, level=level, parent=parent, code=code, title=spec.title, sort_order=self.order
        )
        self.levels[level - 1].append(node)
        for i, child in enumerate(spec.children, start=1):
            if isinstance(child, StandardSpec):
                self.leaves.append((node, f"{code}.{i:02d}", child))
            else:
                self._node(child, level + 1, node, f"{code}.{i:02d}")

    def _units(self, keys: tuple[str, ...]) -> list[Unit]:
        units: list[Unit] = []
        for key in keys:
            if key == DISTRICTS:
                units.extend(d.unit for d in self.city.districts)
            else:
                units.append(self.city.departments[key])
        return list(dict.fromkeys(units))

    def _standards(self) -> list[tuple[Standard, StandardSpec]]:
        pairs = []
        for i, (content, code, spec) in enumerate(self.leaves, start=1):
            standard = Standard(
                edition=self.edition,
                content=content,
                code=code,
                text=spec.text,
                points=Decimal(spec.points),
                methods=list(spec.methods),
                negative_list=spec.negative,
                is_special=spec.special,
                lead_unit=self.city.departments[spec.lead] if spec.lead else None,
                sort_order=i,
            )
            pairs.append((standard, spec))
        Standard.objects.bulk_create([s for s, _ in pairs])
        type_links, unit_links = [], []
        for standard, spec in pairs:
            type_links += [
                Standard.site_types.through(standard_id=standard.pk, sitetype_id=self.site_types[c].pk)
                for c in spec.site_types
            ]
            unit_links += [
                Standard.responsible_units.through(standard_id=standard.pk, unit_id=u.pk)
                for u in self._units(spec.responsible)
            ]
        Standard.site_types.through.objects.bulk_create(type_links)
        Standard.responsible_units.through.objects.bulk_create(unit_links)
        return pairs

    def _checklist_items(self, standards: list[tuple[Standard, StandardSpec]]) -> list[ChecklistItem]:
        items = []
        for standard, spec in standards:
            if "field" not in spec.methods:
                continue
            for type_code in spec.site_types:
                site_type = self.site_types[type_code]
                for n, check in enumerate(spec.checks, start=1):
                    suffix = f"-{n}" if len(spec.checks) > 1 else ""
                    items.append(
                        ChecklistItem(
                            standard=standard,
                            site_type=site_type,
                            code=f"{standard.code}-{type_code}{suffix}",
                            text=check.text or spec.text,
                            rule_kind=check.rule,
                            deduction_per=Decimal(check.per) if check.per else None,
                            grade_thresholds=list(check.grades),
                            veto_scope=check.veto_scope,
                            sort_order=n,
                        )
                    )
        ChecklistItem.objects.bulk_create(items, batch_size=500)
        return items


def build_index(city: CityUnits, site_types: dict[str, SiteType]) -> IndexResult:
    return IndexBuilder(city, site_types).build()
