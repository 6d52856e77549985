"""Template filters of the index pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """Points without trailing zeros: 2, 1.5, 0.25."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, TypeError, ValueError):
        return ""
