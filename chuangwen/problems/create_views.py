"""Registering a problem: the form (site by search, or an address or position), its photos, and
for the office and district offices "assign now" (assign_problem right after create_problem)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import role_required
from chuangwen.problems import services
from chuangwen.problems.access import CREATOR_ROLES
from chuangwen.problems.action_views import form_error, remove_photos, store_photos
from chuangwen.problems.forms import ProblemCreateForm, site_label
from chuangwen.sites.models import Site

SITE_OPTION_LIMIT = 20


@require_http_methods(["GET", "POST"])
@role_required(*CREATOR_ROLES)
def problem_create(request):
    form = ProblemCreateForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "GET":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    stored: list = []
    try:
        stored = store_photos(form.cleaned_data["photos"])
        problem = services.create_problem(request.user, photos=stored, **form.service_fields())
    except DomainError as exc:
        remove_photos(stored)
        form_error(form, exc)
        return _page(request, form, status=exc.status)
    except BaseException:
        remove_photos(stored)
        raise
    messages.success(request, _("已登记问题 %(code)s") % {"code": problem.code})
    if form.cleaned_data.get("assign_now"):
        _assign_now(request, problem)
    return redirect("problems:detail", pk=problem.pk)


def _assign_now(request, problem) -> None:
    """Assign to the proposed unit; if that is refused the problem stays registered (待分派)."""
    try:
        problem = services.assign_problem(request.user, problem)
    except DomainError as exc:
        messages.warning(request, _("问题已登记，但未能立即交办：%(reason)s") % {"reason": exc.message})
    else:
        messages.success(
            request, _("问题 %(code)s 已交办给%(unit)s") % {"code": problem.code, "unit": problem.responsible_unit}
        )


def _page(request, form, status: int = 200):
    context = {
        "form": form,
        "section": "problems",
        "photos_kept": bool(form.files.getlist("photos")) if form.is_bound else False,
        "site_q": request.POST.get("site_q", "")[:100],
    }
    return render(request, "problems/create.html", context, status=status)


@require_GET
@role_required(*CREATOR_ROLES)
def site_options(request):
    """<option>s of the sites this person may report at, matching ?site_q= (code, name or address)."""
    text = request.GET.get("site_q", "").strip()[:100]
    sites = Site.objects.visible_to(request.user).filter(is_active=True)
    if text:
        sites = sites.filter(Q(code__icontains=text) | Q(name__icontains=text) | Q(address__icontains=text))
    found = list(sites.order_by("code")[: SITE_OPTION_LIMIT + 1])
    context = {
        "options": [(s.pk, site_label(s)) for s in found[:SITE_OPTION_LIMIT]],
        "truncated": len(found) > SITE_OPTION_LIMIT,
        "text": text,
    }
    return render(request, "problems/_site_options.html", context)
