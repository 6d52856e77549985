"""Access helpers: "this object, if this user may see it", used by every index view."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Standard


def get_standard_for_user(user, pk: int) -> Standard:
    """The standard if the user may read it (Standard.objects.visible_to), else 404."""
    queryset = Standard.objects.visible_to(user).select_related("edition", "content__parent__parent", "lead_unit")
    return get_object_or_404(queryset, pk=pk)


def get_item_for_user(user, pk: int) -> ChecklistItem:
    """The checklist item if the user may read its standard, else 404."""
    visible = Standard.objects.visible_to(user).values("pk")
    queryset = ChecklistItem.objects.select_related("standard__edition", "site_type")
    return get_object_or_404(queryset.filter(standard__in=visible), pk=pk)


def get_edition(pk: int) -> Edition:
    return get_object_or_404(Edition, pk=pk)


def get_node(pk: int) -> IndexNode:
    return get_object_or_404(IndexNode.objects.select_related("edition", "parent"), pk=pk)
