"""Bulk assign (from the triage queue) and bulk approve (from the review queue).

Each selected problem is its own service call and transaction: a refusal of one does not stop
the others. The result names the successes and the failures by code, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import role_required
from chuangwen.problems import services
from chuangwen.problems.forms import BulkApproveForm, BulkAssignForm, assignable_units
from chuangwen.problems.models import Problem
from chuangwen.problems.views import QUEUE_ROLES, render_queue


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def report(self, request, verb: str) -> None:
        if self.done:
            n = len(self.done)
            text = ngettext("已%(verb)s %(n)s 个问题：%(codes)s", "已%(verb)s %(n)s 个问题：%(codes)s", n)
            messages.success(request, text % {"verb": verb, "n": n, "codes": "、".join(self.done)})
        if self.failed:
            n = len(self.failed)
            items = "；".join(_("%(code)s（%(reason)s）") % {"code": c, "reason": r} for c, r in self.failed)
            text = ngettext("%(n)s 个问题未能%(verb)s：%(items)s", "%(n)s 个问题未能%(verb)s：%(items)s", n)
            messages.error(request, text % {"verb": verb, "n": n, "items": items})


def run_each(user, ids: list[int], call: Callable[[Problem], object]) -> BulkResult:
    """Call the service for each problem this person may see, in the order given."""
    found = Problem.objects.visible_to(user).in_bulk(ids)
    result = BulkResult()
    for pk in ids:
        problem = found.get(pk)
        if problem is None:
            result.failed.append((f"#{pk}", _("问题不存在或无权查看")))
            continue
        try:
            call(problem)
        except DomainError as exc:
            result.failed.append((problem.code, str(exc.message)))
        else:
            result.done.append(problem.code)
    return result


def _bad_form(request, form, kind: str):
    """The selection or the options were wrong: say so on the queue page, nothing done (400)."""
    return render_queue(request, kind, bulk_form=form, status=400)


@require_POST
@role_required(*QUEUE_ROLES)
def bulk_assign(request):
    form = BulkAssignForm(request.POST, units=assignable_units(request.user))
    if not form.is_valid():
        return _bad_form(request, form, "triage")
    data = form.cleaned_data
    unit = data["unit"] if data["mode"] == "unit" else None
    reason = data["reason"] if unit is not None else ""
    result = run_each(
        request.user, data["ids"], lambda p: services.assign_problem(request.user, p, unit=unit, reason=reason)
    )
    result.report(request, _("交办"))
    return _back(request, "triage")


@require_POST
@role_required(*QUEUE_ROLES)
def bulk_approve(request):
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, form, "review")
    note = form.cleaned_data["note"]
    result = run_each(
        request.user, form.cleaned_data["ids"], lambda p: services.approve_rectification(request.user, p, note=note)
    )
    result.report(request, _("审核通过"))
    return _back(request, "review")


def _back(request, kind: str):
    """To the queue, with the filters it was shown with."""
    response = redirect("problems:queue", kind=kind)
    query = request.GET.urlencode()
    if query:
        response["Location"] += f"?{query}"
    return response
