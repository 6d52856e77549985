"""The citizens' public pages, without login and made for phones: 随手拍 (report a problem), the
status of a report by its tracking code, and the reward points of a phone.

Anti-abuse, without third parties:
- the service's limits per phone, device and client address (CitizenSettings) answer 429 with
  the reason in Chinese, before any photo is processed and again inside the transaction;
- the device id is a random value the page keeps in localStorage and sends with the form (only
  its keyed hash is stored); the client address is REMOTE_ADDR (see public_limits);
- a honeypot field (``website``), hidden from people and skipped by keyboards: when a bot fills
  it the answer looks like a success (a made-up tracking code, status 200) but nothing is stored
  and no audit event is written, so the bot learns nothing to adapt to;
- status, points and "thank you" lookups are counted per client address and minute (429 beyond).

Unknown tracking codes, and a phone and code that do not belong together, get the same friendly
404. The status page shows only the public part of a report (public_status).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from chuangwen.citizens.models import Channel, PointsEntry, Report, new_tracking_code
from chuangwen.citizens.public_forms import PointsForm, ReportForm, StatusForm, normalize_code
from chuangwen.citizens.public_limits import allow_lookup, client_address
from chuangwen.citizens.public_status import after_photos, public_problem, public_state
from chuangwen.citizens.services import intake
from chuangwen.lib import uploads
from chuangwen.lib.errors import DomainError
from chuangwen.problems.display import mask_phone

logger = logging.getLogger(__name__)
UPLOAD_FOLDER = "citizens"
TEMPLATES = "citizens/public/"


TABS = {"report.html": "report", "done.html": "report", "points.html": "points"}


def _render(request, name: str, context: dict | None = None, status: int = 200):
    context = {"tab": TABS.get(name, "status"), **(context or {})}
    return render(request, TEMPLATES + name, context, status=status)


def _map_config() -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": [settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG],
    }


def _map_text() -> dict:
    return {
        "picked": _("已选位置：%s"),
        "none": _("尚未选择位置：请在地图上点一下，或使用我的位置"),
        "locating": _("正在定位…"),
        "located": _("已定位（精度约 %s 米），可拖动图钉微调"),
        "failed": _("无法获取您的位置，请在地图上点选或填写地址"),
        "unsupported": _("此浏览器不支持定位，请在地图上点选或填写地址"),
        "noTiles": _("未接入底图：建议使用我的位置，再拖动图钉微调"),
    }


def _form_page(request, form, status: int = 200, error: str = ""):
    context = {
        "form": form,
        "error": error,
        "photos_lost": form.is_bound and bool(request.FILES.getlist("photos")),
        "map_config": _map_config(),
        "map_text": _map_text(),
    }
    return _render(request, "report.html", context, status=status)


def _refused(request, form, exc: DomainError):
    field = exc.field if exc.field in form.fields else None
    if exc.status == 429 or field is None:
        return _form_page(request, form, status=exc.status, error=str(exc.message))
    form.add_error(field, str(exc.message))
    return _form_page(request, form, status=exc.status)


def _store_photos(files) -> list[uploads.StoredImage]:
    stored: list[uploads.StoredImage] = []
    try:
        for file in files:
            stored.append(uploads.accept_image(file, folder=UPLOAD_FOLDER))
    except BaseException:
        _remove(stored)
        raise
    return stored


def _remove(stored) -> None:
    uploads.delete_stored(*(name for photo in stored for name in photo.names))


def _submit(request, form) -> Report:
    """Check the limits (cheap, before the photos are decoded), store the photos, then the report;
    a refusal removes the photos already stored."""
    address, device = client_address(request), form.cleaned_data.get("device") or ""
    intake.check_limits(
        phone=form.cleaned_data.get("phone") or "",
        device_hash=intake.fingerprint(device),
        client_hash=intake.fingerprint(address),
        now=timezone.now(),
    )
    stored = _store_photos(form.cleaned_data["photos"])
    try:
        return intake.submit_report(
            channel=Channel.WEB, photos=stored, client_address=address, device_id=device, **form.service_fields()
        )
    except BaseException:
        _remove(stored)
        raise


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    """随手拍: the form, and on success a redirect to the page with the tracking code."""
    if request.method == "GET":
        return _form_page(request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    if form.trapped:
        logger.info("citizens: honeypot filled, report dropped")
        return _render(request, "done.html", {"code": new_tracking_code(), "trapped": True})
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        created = _submit(request, form)
    except DomainError as exc:
        return _refused(request, form, exc)
    return redirect("citizens:report_done", code=created.tracking_code)


def _too_many(request, template: str = "status.html", context: dict | None = None):
    error = _("查询过于频繁，请一分钟后再试")
    return _render(request, template, {"error": error, **(context or {})}, status=429)


def _not_found(request, form=None):
    form = form or StatusForm()
    return _render(request, "not_found.html", {"form": form}, status=404)


def _report_by_code(code: str) -> Report | None:
    code = normalize_code(code)
    if not code:
        return None
    return Report.objects.select_related("category", "problem__responsible_unit").filter(tracking_code=code).first()


@never_cache
@require_GET
def report_done(request, code: str):
    if not allow_lookup(request):
        return _too_many(request, context={"form": StatusForm()})
    found = _report_by_code(code)
    if found is None:
        return _not_found(request)
    return _render(request, "done.html", {"code": found.tracking_code})


@never_cache
@require_GET
def status_lookup(request):
    """The tracking-code form (GET ?code=): a known code goes to its status page."""
    if "code" not in request.GET:
        return _render(request, "status.html", {"form": StatusForm()})
    form = StatusForm(request.GET)
    if not form.is_valid():
        return _render(request, "status.html", {"form": form}, status=400)
    if not allow_lookup(request):
        return _too_many(request, context={"form": form})
    if not Report.objects.filter(tracking_code=form.cleaned_data["code"]).exists():
        return _not_found(request, form)
    return redirect("citizens:status_detail", code=form.cleaned_data["code"])


@never_cache
@require_GET
def status_detail(request, code: str):
    if not allow_lookup(request):
        return _too_many(request, context={"form": StatusForm()})
    found = _report_by_code(code)
    if found is None:
        return _not_found(request, StatusForm(initial={"code": normalize_code(code)}))
    return _render(request, "status_detail.html", {"report": found, "state": public_state(found)})


@require_GET
def status_photo(request, code: str, pk: int):
    """An after-photo of the closed problem a report became (?size=thumb: its thumbnail); nothing else."""
    found = _report_by_code(code)
    if found is None:
        if not allow_lookup(request):
            return _too_many(request, context={"form": StatusForm()})
        raise Http404
    problem = public_problem(found)
    photo = next((p for p in after_photos(problem) if p.pk == pk), None) if problem else None
    if photo is None:
        raise Http404
    photo.refresh_from_db(fields=["image", "thumbnail"])
    name = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def points(request):
    """A phone's points: the phone and one tracking code of a report from that phone (POST, so
    the phone stays out of addresses and logs). A wrong pair answers like an unknown one."""
    if request.method == "GET":
        return _render(request, "points.html", {"form": PointsForm()})
    form = PointsForm(request.POST)
    if not form.is_valid():
        return _render(request, "points.html", {"form": form}, status=400)
    if not allow_lookup(request):
        return _too_many(request, "points.html", {"form": form})
    phone, code = form.cleaned_data["phone"], form.cleaned_data["code"]
    if not Report.objects.filter(tracking_code=code, reporter_phone=phone).exclude(reporter_phone="").exists():
        error = _("没有找到：请核对手机号和查询码（须是用这个手机号提交的反映）")
        return _render(request, "points.html", {"form": form, "error": error}, status=404)
    entries = PointsEntry.objects.filter(phone=phone).select_related("report").order_by("-created_at", "-id")
    context = {
        "form": PointsForm(),
        "entries": list(entries[:200]),
        "balance": entries.aggregate(total=Sum("points"))["total"] or 0,
        "phone_masked": mask_phone(phone),
    }
    return _render(request, "points.html", context)
