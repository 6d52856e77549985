"""Planning a round: the plan form (create, edit) and the sampling rules. Office staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chuangwen.inspections import services
from chuangwen.inspections.forms import RoundForm, RulesForm, rule_site_types
from chuangwen.inspections.models import Round, RoundStatus
from chuangwen.inspections.office_views import form_error, office_round, round_context
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required


def _save(form, write):
    """Run the service on a valid form; None (with the refusal on the form) otherwise."""
    if not form.is_valid():
        return None
    try:
        return write()
    except DomainError as exc:
        form_error(form, exc)
        form.refused_status = exc.status
        return None


def _form_page(request, form, round_: Round | None):
    status = getattr(form, "refused_status", 400) if form.is_bound else 200
    context = {"form": form, "round": round_, "section": "rounds"}
    if round_ is not None:
        context = round_context(request, round_, "detail", form=form, locked=not round_.in_planning)
    return render(request, "inspections/office/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_required
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        round_ = _save(form, lambda: services.create_round(request.user, **form.plan_fields()))
        if round_ is not None:
            messages.success(request, _("已新建督查轮次 %(code)s，请设置抽样规则") % {"code": round_.code})
            return redirect("inspections:rules", pk=round_.pk)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def round_edit(request, pk: int):
    round_ = office_round(request, pk)
    if request.method == "GET":
        return _form_page(request, RoundForm(initial=RoundForm.initial_for(round_)), round_)
    form = RoundForm(request.POST)
    saved = _save(form, lambda: services.update_round(request.user, round_, **form.plan_fields(round_)))
    if saved is None:
        return _form_page(request, form, round_)
    messages.success(request, _("已保存计划"))
    return redirect("inspections:detail", pk=saved.pk)


@require_http_methods(["GET", "POST"])
@login_required
def round_rules(request, pk: int):
    round_ = office_round(request, pk)
    site_types = rule_site_types(round_.edition_id)
    if request.method == "GET":
        form = RulesForm(initial=RulesForm.initial_for(round_.rules.all()), site_types=site_types)
        return _rules_page(request, round_, form)
    form = RulesForm(request.POST, site_types=site_types)
    if _save(form, lambda: services.set_rules(request.user, round_, form.rules())) is None:
        return _rules_page(request, round_, form)
    messages.success(request, _("已保存抽样规则"))
    return redirect("inspections:sample", pk=round_.pk)


def _rules_page(request, round_: Round, form):
    status = getattr(form, "refused_status", 400) if form.is_bound else 200
    context = round_context(
        request,
        round_,
        "rules",
        form=form,
        editable=round_.status == RoundStatus.DRAFT,
        sampled=bool(round_.sampled_at),
    )
    return render(request, "inspections/office/rules.html", context, status=status)
