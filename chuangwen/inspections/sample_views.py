"""The sample of a round: the draw, its explanation, manual additions and removals (its export:
export_views.sample_export). Office staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.inspections import services
from chuangwen.inspections.forms import AddSiteForm, DrawForm, RemoveSiteForm
from chuangwen.inspections.models import Origin, Round, RoundSite, RoundStatus
from chuangwen.inspections.office_views import form_error, office_round, round_context
from chuangwen.lib.errors import DomainError
from chuangwen.sites.models import Site, SiteType
from chuangwen.units.models import Unit

PAGE_SIZE = 100
SITE_OPTION_LIMIT = 30
GROUP_FIELDS = ("population", "excluded", "target", "drawn", "added", "removed", "current")


def explanation(round_: Round) -> dict:
    """Per site type × district: the draw's numbers (round.sample_counts) with the manual changes
    and what is in the sample now; plus the totals."""
    groups: dict[tuple, dict] = {}
    for row in round_.sample_counts or []:
        key = (row["site_type"], row["district"])
        groups[key] = dict.fromkeys(GROUP_FIELDS, 0) | {k: row.get(k, 0) for k in GROUP_FIELDS[:4]}
    manual = (
        RoundSite.objects.filter(round=round_)
        .values("site_type_id", "district_id")
        .annotate(
            n_added=Count("pk", filter=Q(origin=Origin.ADDED, removed=False)),
            n_removed=Count("pk", filter=Q(removed=True)),
            n_current=Count("pk", filter=Q(removed=False)),
        )
        .order_by()
    )
    for row in manual:
        key = (row["site_type_id"], row["district_id"])
        group = groups.setdefault(key, dict.fromkeys(GROUP_FIELDS, 0))
        group.update(added=row["n_added"], removed=row["n_removed"], current=row["n_current"])
    types = SiteType.objects.in_bulk({k[0] for k in groups})
    districts = Unit.objects.in_bulk({k[1] for k in groups if k[1]})
    rows = []
    for (type_id, district_id), numbers in groups.items():
        site_type, district = types.get(type_id), districts.get(district_id)
        rows.append({"type": site_type, "district": district, **numbers})
    rows.sort(key=lambda r: (r["type"].sort_order, r["type"].code, r["district"].path if r["district"] else "~"))
    totals = {k: sum(r[k] for r in rows) for k in GROUP_FIELDS}
    return {"rows": rows, "totals": totals}


def _entries(round_: Round):
    return RoundSite.objects.filter(round=round_).select_related("site", "site_type", "district", "team", "visit")


def sample_context(request, round_: Round, **forms) -> dict:
    sample = _entries(round_).in_sample()
    page = Paginator(sample, PAGE_SIZE).get_page(request.GET.get("page"))
    return round_context(
        request,
        round_,
        "sample",
        explain=explanation(round_),
        page=page,
        removed=_entries(round_).filter(removed=True).order_by("site__code"),
        draw_form=forms.get("draw_form") or DrawForm(),
        add_form=forms.get("add_form") or AddSiteForm(round_=round_),
        remove_form=forms.get("remove_form"),
        can_draw=round_.status == RoundStatus.DRAFT,
        can_change=round_.status in (RoundStatus.DRAFT, RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS),
    )


def _page(request, round_: Round, status: int = 200, **forms):
    return render(request, "inspections/office/sample.html", sample_context(request, round_, **forms), status=status)


@require_GET
@login_required
def sample(request, pk: int):
    return _page(request, office_round(request, pk))


def _refused(request, round_: Round, name: str, form, exc: DomainError):
    form_error(form, exc)
    round_.refresh_from_db()
    return _page(request, round_, exc.status, **{name: form})


@require_POST
@login_required
def draw(request, pk: int):
    round_ = office_round(request, pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        return _page(request, round_, 400, draw_form=form)
    try:
        result = services.draw_sample(request.user, round_, seed=form.cleaned_data["seed"])
    except DomainError as exc:
        return _refused(request, round_, "draw_form", form, exc)
    messages.success(request, _("已抽取 %(n)s 个点位") % {"n": len(result.site_ids)})
    return redirect("inspections:sample", pk=round_.pk)


@require_POST
@login_required
def add_site(request, pk: int):
    round_ = office_round(request, pk)
    form = AddSiteForm(request.POST, round_=round_)
    if not form.is_valid():
        return _page(request, round_, 400, add_form=form)
    data = form.cleaned_data
    try:
        services.add_site(request.user, round_, data["site"], reason=data["reason"], team=data["team"])
    except DomainError as exc:
        return _refused(request, round_, "add_form", form, exc)
    messages.success(request, _("已增加点位“%(name)s”") % {"name": data["site"].name})
    return redirect("inspections:sample", pk=round_.pk)


@require_POST
@login_required
def remove_site(request, pk: int):
    round_ = office_round(request, pk)
    form = RemoveSiteForm(request.POST)
    if not form.is_valid():
        return _page(request, round_, 400, remove_form=form)
    data = form.cleaned_data
    try:
        services.remove_site(request.user, round_, data["site"], reason=data["reason"])
    except DomainError as exc:
        return _refused(request, round_, "remove_form", form, exc)
    messages.success(request, _("已移出点位“%(name)s”") % {"name": data["site"].name})
    return redirect("inspections:sample", pk=round_.pk)


@require_GET
@login_required
def site_options(request, pk: int):
    """<option>s of active sites not in the sample, matching ?site_q= (code or name)."""
    round_ = office_round(request, pk)
    text = request.GET.get("site_q", "").strip()[:100]
    in_sample = RoundSite.objects.filter(round=round_, removed=False).values("site_id")
    sites = Site.objects.active().exclude(pk__in=in_sample).select_related("site_type")
    if text:
        sites = sites.filter(Q(code__icontains=text) | Q(name__icontains=text))
    found = list(sites.order_by("code")[: SITE_OPTION_LIMIT + 1])
    context = {
        "options": [(s.pk, f"{s.name}（{s.code} · {s.site_type.name}）") for s in found[:SITE_OPTION_LIMIT]],
        "truncated": len(found) > SITE_OPTION_LIMIT,
        "text": text,
    }
    return render(request, "inspections/office/_site_options.html", context)
