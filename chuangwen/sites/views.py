"""Site pages: list, detail, map and its GeoJSON, create, edit, deactivate.

Views parse, authorize, call a service and render; every site goes through
access.get_site_for_user or filters.filtered_sites (both scoped by Site.objects.visible_to).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import SITE_READERS, office_required, role_required
from chuangwen.sites import services
from chuangwen.sites.access import get_site_for_user, responsible_prefetch
from chuangwen.sites.filters import DistrictIndex, SiteFilter, all_districts, filter_choices, filtered_sites
from chuangwen.sites.forms import ReasonForm, SiteForm, unit_options
from chuangwen.sites.geo import feature_collection
from chuangwen.sites.models import Site

PAGE_SIZE = 50


def form_error(form, exc: DomainError) -> None:
    """Show a service's DomainError on the form field it names (or on the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def _filter_context(request, site_filter: SiteFilter, districts) -> dict:
    return {
        "filter": site_filter,
        "querystring": site_filter.querystring(),
        "choices": filter_choices(request.user, site_filter, districts),
    }


def filter_error_page(request, exc: DomainError, template: str, section: str):
    """A bad filter value: the page with the message and no sites, status 400."""
    districts = all_districts()
    context = {**_filter_context(request, SiteFilter(), districts), "error": exc.message, "section": section}
    return render(request, template, context, status=400)


@require_GET
@role_required(*SITE_READERS)
def site_list(request):
    try:
        site_filter, sites = filtered_sites(request.user, request.GET)
    except DomainError as exc:
        return filter_error_page(request, exc, "sites/list.html", "sites")
    districts = all_districts()
    context = _filter_context(request, site_filter, districts)
    sites = sites.select_related("site_type", "territorial_unit").prefetch_related(responsible_prefetch())
    page = Paginator(sites.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    index = DistrictIndex(districts)
    context.update(
        page=page,
        rows=[(site, index.for_path(site.territorial_unit.path)) for site in page.object_list],
        type_counts=_type_counts(sites, context["choices"]),
        section="sites",
    )
    return render(request, "sites/list.html", context)


def _type_counts(sites, choices: dict) -> list[dict]:
    counts = dict(sites.order_by().values_list("site_type_id").annotate(n=Count("pk")).values_list("site_type_id", "n"))
    colors = choices["type_colors"]
    return [{"type": t, "count": counts[t.pk], "color": colors[t.pk]} for t in choices["types"] if t.pk in counts]


@require_GET
@role_required(*SITE_READERS)
def site_detail(request, pk: int):
    site = get_site_for_user(request.user, pk)
    return render(request, "sites/detail.html", _detail_context(request, site))


EVENT_LABELS = {
    "site.created": pgettext_lazy("audit verb", "新建"),
    "site.updated": pgettext_lazy("audit verb", "修改"),
    "site.deactivated": pgettext_lazy("audit verb", "停用"),
}


def _history(site) -> list[dict]:
    """The site's last audit events, with Chinese labels for the event and the changed fields."""
    rows = []
    for event in AuditEvent.objects.for_object(site)[:20]:
        fields = [] if event.event_type == "site.created" else [_field_label(k) for k in (event.after or {})]
        label = EVENT_LABELS.get(event.event_type, event.event_type)
        rows.append({"event": event, "label": label, "fields": _join_labels(fields)})
    return rows


def _join_labels(labels: list[str]) -> str:
    """Field labels as one list in the screen language: 名称、地址 / Name, Address."""
    text = labels[0] if labels else ""
    for label in labels[1:]:
        # Translators: adds one more item to a list of field labels.
        text = _("%(list)s、%(item)s") % {"list": text, "item": label}
    return text


def _field_label(key: str) -> str:
    try:
        return str(Site._meta.get_field(key.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return key


def _detail_context(request, site, **extra) -> dict:
    events = _history(site) if request.user.is_office else None
    return {
        "site": site,
        "district": site.territorial_unit.district(),
        "events": events,
        "map_config": _map_config(site={"lat": float(site.lat), "lng": float(site.lng), "name": site.name}),
        "section": "sites",
        **extra,
    }


def _map_text() -> dict:
    return {
        "loading": _("正在加载点位…"),
        "count": _("共 %s 个点位"),
        "empty": _("没有符合条件的点位"),
        "failed": _("点位加载失败，请刷新重试"),
        "legend": _("图例"),
        "detail": _("查看详情"),
        "inactive": _("已停用"),
    }


def _map_config(**extra) -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": [settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG],
        **extra,
    }


@require_http_methods(["GET", "POST"])
@office_required
def site_create(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST":
        site = _save(form, lambda fields: services.create_site(request.user, **fields))
        if site is not None:
            messages.success(request, _("已新建点位“%(name)s”") % {"name": site.name})
            return redirect("sites:detail", pk=site.pk)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@office_required
def site_edit(request, pk: int):
    site = get_site_for_user(request.user, pk)
    if request.method == "GET":
        return _form_page(request, SiteForm(initial=SiteForm.initial_for(site), editing=True), site)
    form = SiteForm(request.POST, editing=True)
    saved = _save(form, lambda fields: services.update_site(request.user, site, **fields))
    if saved is not None:
        messages.success(request, _("已保存点位“%(name)s”") % {"name": saved.name})
        return redirect("sites:detail", pk=saved.pk)
    return _form_page(request, form, site)


def _save(form, write):
    """Run the service on a valid form; None (and errors on the form) if anything was refused."""
    if not form.is_valid():
        return None
    try:
        return write(form.site_fields())
    except DomainError as exc:
        form_error(form, exc)
        return None


def _form_page(request, form, site):
    status = 400 if form.is_bound else 200
    context = {"form": form, "site": site, "unit_options": unit_options(), "section": "sites"}
    return render(request, "sites/form.html", context, status=status)


@require_POST
@office_required
def site_deactivate(request, pk: int):
    site = get_site_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        error = form.errors["reason"][0]
    else:
        try:
            services.deactivate_site(request.user, site, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已停用点位“%(name)s”") % {"name": site.name})
            return redirect("sites:detail", pk=site.pk)
    return render(request, "sites/detail.html", _detail_context(request, site, error=error), status=400)


@require_GET
@role_required(*SITE_READERS)
def site_map(request):
    try:
        site_filter, _sites = filtered_sites(request.user, request.GET)
    except DomainError as exc:
        return filter_error_page(request, exc, "sites/map.html", "map")
    context = _filter_context(request, site_filter, all_districts())
    geojson_url = reverse("sites:geojson") + (f"?{context['querystring']}" if context["querystring"] else "")
    detail_url = reverse("sites:detail", args=[0])
    context.update(
        map_config=_map_config(geojsonUrl=geojson_url, detailUrl=detail_url), map_text=_map_text(), section="map"
    )
    return render(request, "sites/map.html", context)


@gzip_page
@require_GET
@role_required(*SITE_READERS)
def site_geojson(request):
    try:
        _filter, sites = filtered_sites(request.user, request.GET)
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message), "field": exc.field}, status=400)
    return JsonResponse(
        feature_collection(sites),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
