"""The staff-intake endpoints of the JSON API (/api/intake): other systems of the office (the 12345
hotline platform, the petition system, the environmental inspectors' transfers) register their
tickets as reports for the triage queue, and read them back with their outcome.

Office staff only (their API tokens or sessions): anyone else is answered 403. The channel and
the external reference are kept; the same reference twice in a channel is refused (400), and an
``Idempotency-Key`` header makes a retry safe (chuangwen.lib.idempotency), as for problems.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from chuangwen.citizens.models import Report
from chuangwen.citizens.services import submit_report
from chuangwen.citizens.services.intake import MAX_DESCRIPTION, MAX_PHOTOS
from chuangwen.citizens.services.triage import SOURCES
from chuangwen.lib import idempotency, uploads
from chuangwen.lib.bounded import Id
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.lib.text import Text
from chuangwen.problems.api import IDEMPOTENCY_DOC, IDEMPOTENCY_KEY, _call, _form_or_json, _reply, _validate
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.schemas import ErrorOut
from chuangwen.units.models import OFFICE_ROLES

router = Router(tags=["intake"])
PHOTO_FOLDER = "citizens"
ERRORS = {
    400: "Bad input (a rule of the service, e.g. the external reference is already registered); `field` names it.",
    401: "No valid API token or session.",
    403: "Only the city office (文明办) may register and read intake.",
    404: "No such report.",
    409: "The same Idempotency-Key is still being processed.",
    422: "The input does not have the expected shape, or the Idempotency-Key was used for another request.",
}


class IntakeIn(Schema):
    channel: Literal["hotline", "petition", "environment"] = Field(
        description="hotline (12345热线), petition (信访) or environment (环保督察转办)."
    )
    external_ref: Text = Field(min_length=1, max_length=64, description="The ticket's number in its own system.")
    description: Text = Field(max_length=MAX_DESCRIPTION)
    category: Id | None = Field(None, description="Problem category id.")
    address: Text = Field("", max_length=200, description="An address, or a position (lat and lng), or both.")
    lat: Decimal | None = Field(None, ge=-90, le=90, max_digits=12, decimal_places=7)
    lng: Decimal | None = Field(None, ge=-180, le=180, max_digits=12, decimal_places=7)
    reporter_name: Text = Field("", max_length=50)
    reporter_phone: str = Field("", max_length=40)


class Ref(Schema):
    id: int
    name: str


class ProblemRef(Schema):
    id: int
    code: str
    status: str


class IntakeOut(Schema):
    id: int
    tracking_code: str
    channel: str
    channel_label: str
    source: str = Field(description="The source the problem gets when the office accepts the report.")
    external_ref: str
    status: str = Field(description="pending, accepted, rejected or duplicate.")
    status_label: str
    description: str
    category: Ref | None
    address: str
    lat: float | None
    lng: float | None
    reporter_name: str
    reporter_phone: str
    photos: int
    created_at: str
    created_by: Ref | None
    decided_at: str | None
    decision_note: str
    problem: ProblemRef | None = Field(description="The problem it became (accepted) or repeats (duplicate).")
    url: str = Field(description="The report's page in the office's web interface.")


def _require_office(user) -> None:
    if not (user.is_authenticated and user.is_active and user.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以登记和查看热线、信访和转办件"))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def intake_json(report: Report) -> dict[str, Any]:
    problem = report.problem
    return {
        "id": report.pk,
        "tracking_code": report.tracking_code,
        "channel": report.channel,
        "channel_label": str(report.get_channel_display()),
        "source": SOURCES[report.channel],
        "external_ref": report.external_ref,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "description": report.description,
        "category": {"id": report.category_id, "name": report.category.name} if report.category_id else None,
        "address": report.address,
        "lat": float(report.lat) if report.lat is not None else None,
        "lng": float(report.lng) if report.lng is not None else None,
        "reporter_name": report.reporter_name,
        "reporter_phone": report.reporter_phone,
        "photos": report.photos.count(),
        "created_at": _iso(report.created_at),
        "created_by": {"id": report.created_by_id, "name": report.created_by.display_name}
        if report.created_by_id
        else None,
        "decided_at": _iso(report.decided_at),
        "decision_note": report.decision_note,
        "problem": {"id": problem.pk, "code": problem.code, "status": problem.status} if problem else None,
        "url": reverse("citizens:report_detail", args=[report.pk]),
    }


def _doc(text: str, *codes: int) -> str:
    return "\n".join([text.strip(), "", "Errors:", *(f"- {code}: {ERRORS[code]}" for code in codes)])


def _category(pk: int | None) -> ProblemCategory | None:
    if pk is None:
        return None
    found = ProblemCategory.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise DomainError(_("问题类别不存在或已停用"), field="category")
    return found


def _register(user, call: idempotency.Call, payload: IntakeIn, files: list) -> idempotency.Answer:
    """Replay a known request; else check, store the photos, register once, and remove the photos
    when refused (or when another copy of the request got there first)."""
    answer = idempotency.replay(call)
    if answer is not None:
        return answer
    if len(files) > MAX_PHOTOS:
        raise DomainError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS}, field="photos")
    category = _category(payload.category)
    stored: list[uploads.StoredImage] = []

    def register() -> tuple[int, Any]:
        report = submit_report(
            actor=user, channel=payload.channel, external_ref=payload.external_ref, description=payload.description,
            category=category, address=payload.address, lat=payload.lat, lng=payload.lng,
            name=payload.reporter_name, phone=payload.reporter_phone, photos=stored,
        )  # fmt: skip
        return 201, intake_json(report)

    try:
        for uploaded in files:
            stored.append(uploads.accept_image(uploaded, folder=PHOTO_FOLDER))
        answer = idempotency.execute(call, register)
    except BaseException:
        uploads.delete_stored(*[name for image in stored for name in image.names])
        raise
    if answer.replayed:
        uploads.delete_stored(*[name for image in stored for name in image.names])
    return answer


@router.post(
    "",
    response={201: IntakeOut, **dict.fromkeys((400, 401, 403, 409, 422), ErrorOut)},
    summary="Register a 12345 ticket, a petition or a transfer",
    description=_doc(
        "Registers a report for the office's triage queue, keeping its channel and external reference (unique per "
        "channel). Send JSON, or multipart/form-data with the same fields plus up to "
        f"{MAX_PHOTOS} `photos` files. Accepted by the office, it becomes a problem with the source 12345热线, 信访 "
        "or 环保督察转办 and the external reference." + IDEMPOTENCY_DOC,
        400,
        401,
        403,
        409,
        422,
    ),  # fmt: skip
)
def create_intake(request: HttpRequest, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY):
    user = request.auth
    _require_office(user)
    payload = _validate(IntakeIn, _form_or_json(request))
    files = request.FILES.getlist("photos")
    call = _call(request, idempotency_key, payload.model_dump(mode="json"), files)
    return _reply(response, _register(user, call, payload, files))


@router.get(
    "/{int:report_id}",
    response={200: IntakeOut, **dict.fromkeys((401, 403, 404, 422), ErrorOut)},
    summary="Read a registered report and its outcome",
    description=_doc("A report (of any channel) with its status and the problem it became.", 401, 403, 404, 422),
)
def get_intake(request: HttpRequest, report_id: Id):
    _require_office(request.auth)
    report = get_object_or_404(Report.objects.select_related("category", "created_by", "problem"), pk=report_id)
    return intake_json(report)
