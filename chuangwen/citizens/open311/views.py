"""The Open311 GeoReport v2 endpoint (plain Django views; the format is the URL's suffix)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import PublicListing, ReportPhoto, ReportStatus, ServiceAttribute
from chuangwen.citizens.open311 import present, query
from chuangwen.citizens.open311.errors import Open311Error, bad_request, not_found
from chuangwen.citizens.open311.posting import create_request
from chuangwen.citizens.open311.render import respond
from chuangwen.problems.models import ProblemCategory

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# What the discovery document and the service list depend on: the categories, their attributes,
# and the citizens' settings (what GET requests lists).
CHANGESET_EVENTS = ("problem_category.", "open311_attribute.", "citizen_settings.")


def _param(request, name: str) -> str:
    value = request.POST.get(name) if request.method == "POST" else None
    return (value if value is not None else request.GET.get(name, "")).strip()


def _check_jurisdiction(request) -> None:
    configured = getattr(settings, "OPEN311_JURISDICTION", "")
    given = _param(request, "jurisdiction_id")
    if configured and given and given.lower() != configured.lower():
        raise not_found(_("jurisdiction_id %(id)s 不存在（本接口服务 %(ours)s）") % {"id": given, "ours": configured})


def open311(view):
    """Answer the spec's errors in the requested format; check jurisdiction_id everywhere."""

    @wraps(view)
    def wrapper(request, *args, fmt: str = "xml", **kwargs):
        try:
            _check_jurisdiction(request)
            return view(request, fmt, *args, **kwargs)
        except Open311Error as exc:
            return exc.response(fmt)

    return wrapper


def _get_only(request) -> None:
    if request.method not in ("GET", "HEAD"):
        raise Open311Error(405, _("此地址只接受 GET 请求"))


def _changeset() -> str:
    matches = Q()
    for prefix in CHANGESET_EVENTS:
        matches |= Q(event_type__startswith=prefix)
    last = AuditEvent.objects.filter(matches).order_by("-at").values_list("at", flat=True).first()
    return timezone.localtime(last).strftime("%Y-%m-%d %H:%M") if last else "2026-01-01 00:00"


def endpoint_url(request) -> str:
    return request.build_absolute_uri(reverse("open311:index")).rstrip("/")


def discovery_data(request) -> dict:
    changeset = _changeset()
    return {
        "changeset": changeset,
        "description": present.listing_text(present.listing()),
        "contact": getattr(settings, "OPEN311_CONTACT", "") or _("请联系本市文明办（创建全国文明城市工作办公室）"),
        "key_service": getattr(settings, "OPEN311_KEY_SERVICE", "")
        or _("api_key 由文明办签发：请联系文明办说明应用名称和联系人。GET 请求无需 api_key。"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url(request),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


@open311
def discovery(request, fmt):
    _get_only(request)
    return respond(fmt, "discovery", discovery_data(request))


def _public_categories():
    has_attributes = Exists(ServiceAttribute.objects.filter(category=OuterRef("pk")))
    return (
        ProblemCategory.objects.filter(is_public=True, is_active=True)
        .select_related("default_unit")
        .annotate(has_attributes=has_attributes)
        .order_by("sort_order", "code")
    )


@open311
def service_list(request, fmt):
    _get_only(request)
    services_ = [present.service(c, c.has_attributes) for c in _public_categories()]
    return respond(fmt, "services", services_)


def _category(code: str) -> ProblemCategory:
    if not code:
        raise bad_request(_("缺少 service_code"))
    category = _public_categories().filter(code=code).first()
    if category is None:
        raise not_found(_("service_code %(code)s 不存在") % {"code": code})
    return category


@open311
def service_definition(request, fmt, service_code: str):
    _get_only(request)
    category = _category(service_code)
    attributes = [present.attribute(a) for a in category.open311_attributes.order_by("order", "id")]
    return respond(fmt, "service_definition", {"service_code": category.code, "attributes": attributes})


def _reports():
    photos = ReportPhoto.objects.filter(report=OuterRef("pk"))
    return present.public_reports().annotate(has_photos=Exists(photos))


@csrf_exempt  # a machine-to-machine endpoint: no session, no cookie; the api_key authenticates
@open311
def service_requests(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt)
    _get_only(request)
    value, reports = present.listing(), _reports()
    if not query.comma_list(request.GET.get("service_request_id")):
        reports = present.listed(reports, value)  # asked by id, a report not public answers its status only
    reports = query.filtered(reports, request.GET, timezone.now())
    page = query.page(request.GET)
    start = (page.number - 1) * page.size
    rows = [present.service_request(request, r, value) for r in reports[start : start + page.size]]
    return respond(fmt, "service_requests", rows)


@open311
def service_request(request, fmt, request_id: str):
    _get_only(request)
    report = _reports().filter(tracking_code=request_id.strip().upper()).first()
    if report is None:
        raise not_found(_("service_request_id %(id)s 不存在") % {"id": request_id})
    return respond(fmt, "service_requests", [present.service_request(request, report, present.listing())])


@open311
def token(request, fmt, token: str):
    _get_only(request)
    report = present.public_reports().filter(token=token.strip().lower()).first()
    if report is None:
        raise not_found(_("token %(token)s 不存在") % {"token": token})
    return respond(fmt, "service_requests", [{"service_request_id": report.tracking_code, "token": report.token}])


@require_GET
def media(request, request_id: str):
    """The report's first photo (its "before" photo), for media_url: only while the report is public
    under the listing rule, and never for a rejected report."""
    photos = ReportPhoto.objects.filter(
        report__tracking_code=request_id.upper(), report__channel__in=present.PUBLIC_CHANNELS
    ).exclude(report__status=ReportStatus.REJECTED)
    if present.listing() != PublicListing.ALL:
        photos = photos.filter(report__status=ReportStatus.ACCEPTED)
    photo = photos.order_by("id").only("image").first()
    if photo is None:
        raise Http404
    try:
        handle = default_storage.open(photo.image, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def index(request):
    """A page for people: what this endpoint serves and our extensions (the spec's discovery in HTML)."""
    context = {"discovery": discovery_data(request), "categories": _public_categories()}
    return render(request, "citizens/open311/index.html", context)


@csrf_exempt
def unknown(request, rest: str = ""):
    fmt = "json" if request.path.endswith(".json") else "xml"
    return bad_request(_("请求地址无效：%(path)s") % {"path": request.path}).response(fmt)
