"""Finding site types and units from what a person typed: a code, an exact name, or "名称（编码）".

The importer loads every type and unit once (no per-row queries); the site form loads only
the units it was given.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit

LABELLED = re.compile(r"^(?P<name>.+?)\s*[（(](?P<code>[^（）()]+)[）)]$")
UNIT_FIELDS = ("id", "code", "name", "kind", "is_active", "path", "depth")


def unit_label(unit: Unit) -> str:
    """How exports name a unit: readable and unambiguous, and read back by the importer."""
    return f"{unit.name}（{unit.code}）"


class Directory:
    """Site types and units by code and by name, with the lookups the importer needs."""

    def __init__(self, site_types: Iterable[SiteType], units: Iterable[Unit]):
        self.types_by_id: dict[int, SiteType] = {}
        self.types_by_code: dict[str, SiteType] = {}
        self.types_by_name: dict[str, SiteType] = {}
        for site_type in site_types:
            self.types_by_id[site_type.pk] = site_type
            self.types_by_code[site_type.code] = site_type
            self.types_by_name[site_type.name] = site_type
        self.units_by_id: dict[int, Unit] = {}
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            self.units_by_id[unit.pk] = unit
            self.units_by_code[unit.code] = unit
            self.units_by_name[unit.name].append(unit)

    @classmethod
    def load_all(cls) -> Directory:
        return cls(SiteType.objects.all(), Unit.objects.only(*UNIT_FIELDS))

    @classmethod
    def load_units_for(cls, texts: Iterable[str]) -> Directory:
        """Only the units the given texts may name (one query)."""
        tokens = {t for t in texts if t}
        for token in list(tokens):
            match = LABELLED.match(token)
            if match:
                tokens.add(match["code"].strip())
        units = Unit.objects.filter(Q(code__in=tokens) | Q(name__in=tokens)).only(*UNIT_FIELDS) if tokens else []
        return cls([], units)

    def site_type(self, text: str) -> tuple[SiteType | None, str]:
        """The type a code or a name means, or None and the reason."""
        found = self.types_by_code.get(text) or self.types_by_name.get(text)
        if found is None:
            return None, _("未知的点位类型“%(text)s”") % {"text": text}
        return found, ""

    def unit(self, text: str) -> tuple[Unit | None, str]:
        """The unit a code, an exact name or "名称（编码）" means, or None and the reason."""
        if text in self.units_by_code:
            return self.units_by_code[text], ""
        named = self.units_by_name.get(text, [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            return None, _("有多个名为“%(text)s”的单位，请填写单位编码") % {"text": text}
        match = LABELLED.match(text)
        if match:
            unit = self.units_by_code.get(match["code"].strip())
            if unit is not None and unit.name == match["name"].strip():
                return unit, ""
        return None, _("未知的单位“%(text)s”") % {"text": text}

    def units(self, texts: Iterable[str]) -> tuple[list[Unit], list[str]]:
        found, problems = [], []
        for text in texts:
            unit, problem = self.unit(text)
            if unit is None:
                problems.append(problem)
            else:
                found.append(unit)
        return found, problems
