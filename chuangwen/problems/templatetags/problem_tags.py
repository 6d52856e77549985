"""Template helpers of the problem pages: status badges, deadlines with overdue days, masked data."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from chuangwen.problems import display

register = template.Library()


@register.simple_tag
def status_badge(problem):
    css = display.STATUS_CLASSES.get(problem.status, "text-bg-secondary")
    return format_html('<span class="badge {} status-badge">{}</span>', css, problem.get_status_display())


@register.simple_tag
def deadline_cell(problem, now, with_date=True):
    """The deadline, and in red "超期N天" (or "剩余N小时" when due within 48 hours)."""
    state = display.deadline_state(problem, now)
    if state.deadline is None:
        return mark_safe('<span class="text-muted">—</span>')
    date = timezone.localtime(state.deadline).strftime("%m-%d %H:%M") if with_date else ""
    if state.overdue_days:
        return format_html('{} <span class="badge text-bg-danger overdue">{}</span>', date, state.text)
    if state.hours_left is not None:
        return format_html('{} <span class="badge text-bg-warning due-soon">{}</span>', date, state.text)
    css = "" if state.running else "text-muted"
    return format_html('<span class="{}">{}</span>', css, date)


@register.filter
def severity_class(problem) -> str:
    return display.SEVERITY_CLASSES.get(problem.severity, "")


@register.filter
def masked_phone(value: str) -> str:
    return display.mask_phone(value)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when missing)."""
    return mapping.get(key) if mapping else None
