"""The office's problem settings: categories, deadline policies, holidays and the escalation policy.
Writes go through config_services (office-only, atomic, audited)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.lib.bounded import parse_int
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.problems import config_services
from chuangwen.problems.action_views import form_error
from chuangwen.problems.deadlines import DEFAULTS
from chuangwen.problems.forms import (
    CategoryForm,
    DeadlinePolicyForm,
    EscalationPolicyForm,
    HolidayForm,
    assignable_units,
)
from chuangwen.problems.models import ProblemCategory, Severity
from chuangwen.problems.policies import DeadlinePolicy, DurationUnit, EscalationPolicy, Holiday

SECTION = "problem_settings"


def _save(form, write):
    """Run the service on a valid form: (the saved object, None) or (None, the status to answer)."""
    if not form.is_valid():
        return None, 400
    try:
        return write(form.cleaned_data), None
    except DomainError as exc:
        form_error(form, exc)
        return None, exc.status


@require_GET
@office_required
def settings_index(request):
    context = {
        "section": SECTION,
        "category_count": ProblemCategory.objects.count(),
        "policy_count": DeadlinePolicy.objects.count(),
        "holiday_count": Holiday.objects.filter(date__year=timezone.localdate().year).count(),
        "escalation": _escalation(),
    }
    return render(request, "problems/settings/index.html", context)


# Categories


@require_GET
@office_required
def category_list(request):
    categories = ProblemCategory.objects.select_related("default_unit")
    return render(request, "problems/settings/categories.html", {"categories": categories, "section": SECTION})


def _category_page(request, form, category, status=200):
    context = {"form": form, "category": category, "section": SECTION}
    return render(request, "problems/settings/category_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_required
def category_create(request):
    form = CategoryForm(request.POST or None, units=assignable_units(request.user))
    if request.method == "GET":
        return _category_page(request, form, None)
    category, status = _save(form, lambda data: config_services.create_category(request.user, **data))
    if category is None:
        return _category_page(request, form, None, status)
    messages.success(request, _("已新建问题类别“%(name)s”") % {"name": category.name})
    return redirect("problems:category_list")


@require_http_methods(["GET", "POST"])
@office_required
def category_edit(request, pk: int):
    category = get_object_or_404(ProblemCategory, pk=pk)
    units = assignable_units(request.user, category.default_unit_id)
    form = CategoryForm(request.POST or None, units=units, initial=CategoryForm.initial_for(category))
    if request.method == "GET":
        return _category_page(request, form, category)
    saved, status = _save(form, lambda data: config_services.update_category(request.user, category, **data))
    if saved is None:
        return _category_page(request, form, category, status)
    messages.success(request, _("已保存问题类别“%(name)s”") % {"name": saved.name})
    return redirect("problems:category_list")


# Deadline policies


def _rule_text(amount: int, unit: str, working: bool) -> str:
    if unit == DurationUnit.HOURS:
        return _("%(n)s 小时") % {"n": amount}
    if working:
        return _("%(n)s 个工作日") % {"n": amount}
    return _("%(n)s 天") % {"n": amount}


@require_GET
@office_required
def deadline_list(request):
    """The rules as a table: severity down, "all categories" and each category across."""
    policies = list(DeadlinePolicy.objects.select_related("category"))
    categories = [c for c in ProblemCategory.objects.all() if any(p.category_id == c.pk for p in policies)]
    by_key = {(p.severity, p.category_id): p for p in policies}
    rows = []
    for value, label in Severity.choices:
        default = DEFAULTS[value]
        rows.append(
            {
                "severity": value,
                "label": label,
                "builtin": _rule_text(*default),
                "default": by_key.get((value, None)),
                "cells": [(c, by_key.get((value, c.pk))) for c in categories],
            }
        )
    context = {"rows": rows, "categories": categories, "policies": policies, "section": SECTION}
    return render(request, "problems/settings/deadlines.html", context)


def _policy_page(request, form, policy, status=200):
    context = {"form": form, "policy": policy, "section": SECTION}
    return render(request, "problems/settings/deadline_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_required
def deadline_create(request):
    initial = {k: request.GET[k] for k in ("severity", "category") if request.GET.get(k)}
    form = DeadlinePolicyForm(request.POST or None, initial=initial)
    if request.method == "GET":
        return _policy_page(request, form, None)
    policy, status = _save(form, lambda data: config_services.create_deadline_policy(request.user, **data))
    if policy is None:
        return _policy_page(request, form, None, status)
    messages.success(request, _("已新增整改时限规则"))
    return redirect("problems:deadline_list")


@require_http_methods(["GET", "POST"])
@office_required
def deadline_edit(request, pk: int):
    policy = get_object_or_404(DeadlinePolicy, pk=pk)
    form = DeadlinePolicyForm(request.POST or None, initial=DeadlinePolicyForm.initial_for(policy))
    if request.method == "GET":
        return _policy_page(request, form, policy)
    saved, status = _save(form, lambda data: config_services.update_deadline_policy(request.user, policy, **data))
    if saved is None:
        return _policy_page(request, form, policy, status)
    messages.success(request, _("已保存整改时限规则"))
    return redirect("problems:deadline_list")


@require_POST
@office_required
def deadline_delete(request, pk: int):
    policy = get_object_or_404(DeadlinePolicy, pk=pk)
    config_services.delete_deadline_policy(request.user, policy)
    messages.success(request, _("已删除整改时限规则"))
    return redirect("problems:deadline_list")


# Holidays


def _year(request) -> int:
    value = request.GET.get("year", "")
    return parse_int(value, 2000, 2100) or timezone.localdate().year


def _holiday_list_page(request, form, year: int, status=200):
    holidays = Holiday.objects.filter(date__year=year)
    context = {"holidays": holidays, "form": form, "year": year, "section": SECTION}
    return render(request, "problems/settings/holidays.html", context, status=status)


@require_GET
@office_required
def holiday_list(request):
    year = _year(request)
    return _holiday_list_page(request, HolidayForm(initial={"date": datetime.date(year, 1, 1)}), year)


@require_POST
@office_required
def holiday_create(request):
    form = HolidayForm(request.POST)
    holiday, status = _save(form, lambda data: config_services.create_holiday(request.user, **data))
    if holiday is None:
        year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else _year(request)
        return _holiday_list_page(request, form, year, status)
    messages.success(request, _("已添加 %(date)s %(name)s") % {"date": holiday.date, "name": holiday.name})
    return redirect(f"{_holidays_url()}?year={holiday.date.year}")


def _holidays_url() -> str:
    return reverse("problems:holiday_list")


@require_http_methods(["GET", "POST"])
@office_required
def holiday_edit(request, pk: int):
    holiday = get_object_or_404(Holiday, pk=pk)
    initial = {"date": holiday.date, "name": holiday.name, "is_workday": holiday.is_workday}
    form = HolidayForm(request.POST or None, initial=initial)
    context = {"form": form, "holiday": holiday, "section": SECTION}
    if request.method == "GET":
        return render(request, "problems/settings/holiday_form.html", context)
    saved, status = _save(form, lambda data: config_services.update_holiday(request.user, holiday, **data))
    if saved is None:
        return render(request, "problems/settings/holiday_form.html", context, status=status)
    messages.success(request, _("已保存 %(date)s %(name)s") % {"date": saved.date, "name": saved.name})
    return redirect(f"{_holidays_url()}?year={saved.date.year}")


@require_POST
@office_required
def holiday_delete(request, pk: int):
    holiday = get_object_or_404(Holiday, pk=pk)
    year = holiday.date.year
    config_services.delete_holiday(request.user, holiday)
    messages.success(request, _("已删除节假日"))
    return redirect(f"{_holidays_url()}?year={year}")


# Escalation policy


def _escalation() -> EscalationPolicy:
    """The saved policy, or the defaults (unsaved: a page view writes nothing)."""
    return EscalationPolicy.objects.filter(pk=1).first() or EscalationPolicy(pk=1)


@require_http_methods(["GET", "POST"])
@office_required
def escalation_policy(request):
    policy = _escalation()
    initial = {n: getattr(policy, n) for n in config_services.ESCALATION_FIELDS}
    form = EscalationPolicyForm(request.POST or None, initial=initial)
    context = {"form": form, "section": SECTION}
    if request.method == "GET":
        return render(request, "problems/settings/escalation.html", context)
    saved, status = _save(form, lambda data: config_services.update_escalation_policy(request.user, **data))
    if saved is None:
        return render(request, "problems/settings/escalation.html", context, status=status)
    messages.success(request, _("已保存督办规则"))
    return redirect("problems:escalation_policy")
