"""Reading an edition's tree for the browse page: filters and the nested structure, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from chuangwen.indicators.models import Edition, IndexNode, NodeLevel, Standard
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit

OPEN_ALL_BELOW = 60  # open every indicator when the tree shows fewer standards than this


@dataclass
class Branch:
    node: IndexNode
    children: list[Branch] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)
    total: int = 0
    points: Any = 0

    @property
    def is_content(self) -> bool:
        return self.node.level == NodeLevel.CONTENT

    def count(self) -> int:
        for child in self.children:
            child.count()
        self.total = len(self.standards) + sum(c.total for c in self.children)
        self.points = sum(s.points for s in self.standards) + sum(c.points for c in self.children)
        return self.total

    def prune(self) -> None:
        self.children = [c for c in self.children if c.total]
        for child in self.children:
            child.prune()


def filter_standards(queryset: QuerySet, *, method="", unit_id=None, site_type_id=None, q="") -> QuerySet:
    if method:
        queryset = queryset.filter(methods__icontains=f'"{method}"')
    if unit_id:
        answers = Standard.responsible_units.through.objects.filter(unit_id=unit_id).values("standard_id")
        queryset = queryset.filter(Q(lead_unit_id=unit_id) | Q(pk__in=answers))
    if site_type_id:
        checked = Standard.site_types.through.objects.filter(sitetype_id=site_type_id).values("standard_id")
        queryset = queryset.filter(pk__in=checked)
    if q:
        queryset = queryset.filter(
            Q(code__icontains=q)
            | Q(text__icontains=q)
            | Q(content__title__icontains=q)
            | Q(content__parent__title__icontains=q)
            | Q(content__parent__parent__title__icontains=q)
        )
    return queryset


def standards_for(user, edition: Edition, filters: dict[str, Any]) -> list[Standard]:
    queryset = filter_standards(
        Standard.objects.visible_to(user).filter(edition=edition),
        method=filters.get("method") or "",
        unit_id=filters.get("unit"),
        site_type_id=filters.get("site_type"),
        q=filters.get("q") or "",
    )
    queryset = queryset.select_related("lead_unit").prefetch_related("site_types", "responsible_units")
    return list(queryset.order_by("sort_order", "code"))


def build(nodes: list[IndexNode], standards: list[Standard], *, prune: bool) -> list[Branch]:
    """Nest nodes (already ordered) and hang the standards on their contents; drop empty branches if prune."""
    branches = {node.pk: Branch(node) for node in nodes}
    roots: list[Branch] = []
    for node in nodes:
        parent = branches.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(branches[node.pk])
    for standard in standards:
        if standard.content_id in branches:
            branches[standard.content_id].standards.append(standard)
    for root in roots:
        root.count()
    if prune:
        roots = [r for r in roots if r.total]
        for root in roots:
            root.prune()
    return roots


def unit_options(user, edition: Edition) -> list[Unit]:
    """The units that lead or answer for some standard of the edition that the user may see."""
    visible = Standard.objects.visible_to(user).filter(edition=edition)
    answers = Standard.responsible_units.through.objects.filter(standard__in=visible.values("pk")).values("unit_id")
    leads = visible.filter(lead_unit__isnull=False).values("lead_unit_id")
    return list(Unit.objects.filter(Q(pk__in=answers) | Q(pk__in=leads)).order_by("path").only("id", "name"))


def tree_context(user, edition: Edition, filters: dict[str, Any], *, filtered: bool) -> dict[str, Any]:
    restricted = not (user.sees_whole_city or user.is_district_office)
    nodes = list(IndexNode.objects.filter(edition=edition).order_by("sort_order", "code"))
    standards = standards_for(user, edition, filters)
    roots = build(nodes, standards, prune=filtered or restricted)
    return {
        "roots": roots,
        "standard_count": len(standards),
        "open_all": filtered or len(standards) < OPEN_ALL_BELOW,
        "unit_options": unit_options(user, edition),
        "site_type_options": list(SiteType.objects.only("id", "name")),
        "restricted": restricted,
    }
