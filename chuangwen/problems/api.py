"""The problem endpoints of the JSON API (/api/problems). Parse, authorize, call a service, render.

Reads go through ``Problem.objects.visible_to`` (a problem the caller may not see is a 404, the
same answer as a missing one); every change is one service call, so the rules and the audit
trail are the ones the web pages use. Create and rectification submission honour an
``Idempotency-Key`` header (chuangwen.lib.idempotency).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any, Literal

import pydantic
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from chuangwen.indicators.models import Standard
from chuangwen.lib import idempotency, uploads
from chuangwen.lib.bounded import Id
from chuangwen.lib.errors import DomainError
from chuangwen.problems import access, services
from chuangwen.problems import actions as problem_actions
from chuangwen.problems.display import reporter_for
from chuangwen.problems.filters import filtered_problems
from chuangwen.problems.models import (
    Problem,
    ProblemCategory,
    ProblemPhoto,
    RequestKind,
    Review,
    UnitRequest,
)
from chuangwen.problems.schemas import (
    AssignIn,
    DisputeDecisionIn,
    DisputeIn,
    DuplicateIn,
    ErrorOut,
    ExtensionDecisionIn,
    ExtensionIn,
    NoteIn,
    ProblemCreateIn,
    ProblemDetail,
    ProblemFilters,
    ProblemPage,
    ReasonIn,
    ReopenIn,
)
from chuangwen.problems.services.create import MAX_PHOTOS
from chuangwen.sites.models import Site
from chuangwen.units.models import Unit

router = Router(tags=["problems"])

PHOTO_FOLDER = "problems"
REPLAYED_HEADER = "Idempotent-Replayed"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

ERROR_TEXT = {
    400: "Bad input (a rule of the service); `field` names the input at fault.",
    401: "No valid API token or session.",
    403: "This user may not do this (or, for a session, the CSRF token is missing).",
    404: "No such problem, or not one this user may see.",
    409: "The problem's state does not allow this now, or the request is still in progress.",
    422: "The input does not have the expected shape, or the Idempotency-Key was used for another request.",
}


def _responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    return ok | dict.fromkeys((401, *codes), ErrorOut)


WRITE_ERRORS = (400, 403, 404, 409, 422)
IDEMPOTENCY_DOC = (
    "\n\nSend an `Idempotency-Key` header (1-100 visible ASCII characters, e.g. a UUID) to make a retry "
    "safe: the same key with the same request returns the first answer (status and body, with the header "
    "`Idempotent-Replayed: true`) and changes nothing; the same key with a different request is refused "
    "with 422; while the first is still being processed a retry may get 409. Keys are remembered for 24 hours."
)


def _doc(text: str, *codes: int) -> str:
    lines = [text.strip(), "", "Errors:", *(f"- {code}: {ERROR_TEXT[code]}" for code in (401, *codes))]
    return "\n".join(lines)


# --- reading --------------------------------------------------------------------------------


def _ref(obj, name: str | None = None) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": name if name is not None else str(obj)}


def _user_ref(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


def _float(value) -> float | None:
    return None if value is None else float(value)


def _list_item(problem: Problem, now: datetime.datetime) -> dict[str, Any]:
    return {
        "id": problem.pk,
        "code": problem.code,
        "status": problem.status,
        "status_label": problem.get_status_display(),
        "source": problem.source,
        "source_label": problem.get_source_display(),
        "severity": problem.severity,
        "severity_label": problem.get_severity_display(),
        "description": problem.description,
        "address": problem.address,
        "responsible_unit": _ref(problem.responsible_unit),
        "district": _ref(problem.district),
        "deadline": problem.deadline,
        "is_overdue": problem.is_overdue(now),
        "escalation_level": problem.escalation_level,
        "created_at": problem.created_at,
    }


def _photo(photo: ProblemPhoto) -> dict[str, Any]:
    url = reverse("api:problem_photo", args=[photo.problem_id, photo.pk])
    return {
        "id": photo.pk,
        "kind": photo.kind,
        "url": url,
        "thumbnail_url": f"{url}?size=thumb",
        "width": photo.width,
        "height": photo.height,
        "lat": _float(photo.lat),
        "lng": _float(photo.lng),
        "taken_at": photo.taken_at,
    }


def _rectification(rectification, photos: list[ProblemPhoto]) -> dict[str, Any]:
    return {
        "id": rectification.pk,
        "note": rectification.note,
        "submitted_by": _user_ref(rectification.submitted_by),
        "submitted_at": rectification.submitted_at,
        "outcome": rectification.outcome,
        "outcome_label": rectification.get_outcome_display(),
        "reviewed_by": _user_ref(rectification.reviewed_by),
        "reviewed_at": rectification.reviewed_at,
        "review_note": rectification.review_note,
        "photos": [_photo(p) for p in photos if p.rectification_id == rectification.pk],
    }


def _request(request: UnitRequest | None) -> dict[str, Any] | None:
    if request is None:
        return None
    return {
        "id": request.pk,
        "kind": request.kind,
        "kind_label": request.get_kind_display(),
        "reason": request.reason,
        "requested_deadline": request.requested_deadline,
        "suggested_unit": _ref(request.suggested_unit),
        "requested_by": _user_ref(request.requested_by),
        "requested_at": request.requested_at,
    }


def allowed_actions(user, problem: Problem, pending: UnitRequest | None) -> list[str]:
    """What the user may do to the problem now: the actions its page offers (problems.actions)."""
    return [action.name for action in problem_actions.offered(user, problem, pending)]


def _detail_queryset(user):
    return (
        Problem.objects.visible_to(user)
        .select_related(
            "responsible_unit", "district", "territorial_unit", "category", "standard", "site", "duplicate_of"
        )
        .select_related("created_by")
        .prefetch_related("cooperating_units")
    )


def problem_detail(user, pk: int) -> dict[str, Any]:
    """The full JSON of one problem as this user may see it (404 if not)."""
    problem = _detail_queryset(user).filter(pk=pk).first()
    if problem is None:
        raise Http404
    photos = list(problem.photos.all())
    rectifications = list(problem.rectifications.select_related("submitted_by", "reviewed_by"))
    pending = problem.requests.filter(outcome=Review.PENDING).select_related("suggested_unit", "requested_by").first()
    reporter = reporter_for(user, problem)  # in full for the city office only, masked for everyone else
    standard = problem.standard
    duplicate_of = problem.duplicate_of
    return _list_item(problem, timezone.now()) | {
        "external_ref": problem.external_ref,
        "category": _ref(problem.category),
        "standard": _ref(standard, standard.code) if standard else None,
        "site": _ref(problem.site),
        "lat": _float(problem.lat),
        "lng": _float(problem.lng),
        "territorial_unit": _ref(problem.territorial_unit),
        "cooperating_units": [_ref(u) for u in problem.cooperating_units.all()],
        "assigned_at": problem.assigned_at,
        "submitted_at": problem.submitted_at,
        "closed_at": problem.closed_at,
        "closed_on_time": problem.closed_on_time,
        "reopen_count": problem.reopen_count,
        "rebound_count": problem.rebound_count,
        "rework_count": problem.rework_count,
        "extension_count": problem.extension_count,
        "duplicate_of": _ref(duplicate_of, duplicate_of.code) if duplicate_of else None,
        "end_reason": problem.end_reason,
        "reporter_name": reporter[0],
        "reporter_phone": reporter[1],
        "created_by": _user_ref(problem.created_by),
        "photos": [_photo(p) for p in photos if p.rectification_id is None],
        "rectifications": [_rectification(r, photos) for r in rectifications],
        "pending_request": _request(pending),
        "allowed_actions": allowed_actions(user, problem, pending),
    }


def _detail_json(user, pk: int) -> dict[str, Any]:
    """The detail as plain JSON data (what an Idempotency-Key record stores)."""
    return ProblemDetail.model_validate(problem_detail(user, pk)).model_dump(mode="json")


def _filter_params(filters: ProblemFilters) -> dict[str, str]:
    """The API's filters in the form the problem list pages read (problems.filters)."""
    values = filters.model_dump(exclude={"limit", "offset", "created_after", "created_before", "overdue"})
    params = {name: str(value) for name, value in values.items() if value not in (None, "")}
    if filters.overdue:
        params["overdue"] = "1"
    if filters.created_after:
        params["created_from"] = filters.created_after.isoformat()
    if filters.created_before:
        params["created_to"] = filters.created_before.isoformat()
    return params


@router.get(
    "",
    response=_responses({200: ProblemPage}, 400, 422),
    summary="List problems",
    description=_doc(
        "The problems this user may see, newest first, filtered and paginated (`limit` at most 100). "
        "Office staff and leaders see every problem; a district office its district's; a unit the problems "
        "assigned to it or shared with it; inspectors and grid workers the ones they registered.",
        400,
        422,
    ),
)
def list_problems(request: HttpRequest, filters: Query[ProblemFilters]):
    now = timezone.now()
    _filter, queryset = filtered_problems(request.auth, _filter_params(filters), now)
    count = queryset.count()
    rows = queryset.select_related("responsible_unit", "district")[filters.offset : filters.offset + filters.limit]
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_list_item(p, now) for p in rows],
    }


@router.get(
    "/{int:problem_id}",
    response=_responses({200: ProblemDetail}, 404, 422),
    summary="One problem",
    description=_doc(
        "The problem with its before-photos, its rectifications (with after-photos and the office's review), "
        "the unit's pending request if any, and `allowed_actions`: what this user may do to it now.",
        404,
        422,
    ),
)
def get_problem(request: HttpRequest, problem_id: Id):
    return problem_detail(request.auth, problem_id)


@router.get(
    "/{int:problem_id}/photos/{int:photo_id}",
    url_name="problem_photo",
    summary="A photo of a problem",
    description=_doc(
        "The JPEG (re-encoded, EXIF removed), or its thumbnail with `size=thumb`. Needs the same "
        "authentication as the rest of the API.",
        404,
        422,
    ),
    response={401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The image",
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_photo(request: HttpRequest, problem_id: Id, photo_id: Id, size: Literal["full", "thumb"] = "full"):
    problem = access.get_problem_for_user(request.auth, problem_id)
    photo = ProblemPhoto.objects.filter(pk=photo_id, problem_id=problem.pk).first()
    if photo is None:
        raise Http404
    name = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- creating, with Idempotency-Key -----------------------------------------------------------


def _form_or_json(request: HttpRequest) -> dict[str, Any]:
    """The fields of a multipart/urlencoded form, or of a JSON object body."""
    if request.content_type in FORM_TYPES:  # an empty form field is an absent one
        return {key: value for key, value in request.POST.items() if value != ""}
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except ValueError:
        raise DomainError(_("请求内容不是有效的 JSON")) from None
    if not isinstance(data, dict):
        raise DomainError(_("请求内容须为 JSON 对象"))
    return data


def _validate(schema, data: dict[str, Any]):
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = [dict(e, loc=("body", *e["loc"])) for e in exc.errors(include_url=False, include_context=True)]
        raise ValidationError(errors) from None


def _idempotent_with_photos(
    call: idempotency.Call,
    files: list,
    action: Callable[[Any, list], tuple[int, Any]],
    prepare: Callable[[], Any] = lambda: None,
) -> idempotency.Answer:
    """Replay a known request before anything else; else check what needs no files (``prepare``),
    store the photos, run ``action(prepared, photos)`` once, and remove the stored photos when it
    is refused (or when another copy of the request got there first)."""
    answer = idempotency.replay(call)
    if answer is not None:
        return answer
    if len(files) > MAX_PHOTOS:
        raise DomainError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS}, field="photos")
    prepared = prepare()
    stored: list[uploads.StoredImage] = []
    try:
        for uploaded in files:
            stored.append(uploads.accept_image(uploaded, folder=PHOTO_FOLDER))
        answer = idempotency.execute(call, lambda: action(prepared, stored))
    except BaseException:
        uploads.delete_stored(*[name for image in stored for name in image.names])
        raise
    if answer.replayed:
        uploads.delete_stored(*[name for image in stored for name in image.names])
    return answer


def _call(request: HttpRequest, key: str | None, fields: dict[str, Any], files: list) -> idempotency.Call:
    return idempotency.Call(
        user=request.auth,
        key=idempotency.parse_key(key),
        method=request.method,
        path=request.path,
        request_hash=idempotency.fingerprint(request.method, request.path, fields, files),
    )


def _reply(response: HttpResponse, answer: idempotency.Answer):
    if answer.replayed:
        response[REPLAYED_HEADER] = "true"
    return Status(answer.status, answer.body)


def _lookup(model_or_queryset, pk: int | None, field: str, message: str):
    if pk is None:
        return None
    queryset = model_or_queryset.objects.all() if isinstance(model_or_queryset, type) else model_or_queryset
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise DomainError(message, field=field)
    return found


IDEMPOTENCY_KEY = Header(None, alias="Idempotency-Key", description="Makes a retry safe (see above).")

CREATE_FIELDS_SCHEMA = ProblemCreateIn.model_json_schema()
CREATE_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CREATE_FIELDS_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    **CREATE_FIELDS_SCHEMA,
                    "properties": {
                        **CREATE_FIELDS_SCHEMA["properties"],
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": f"Before-photos (JPEG, PNG, WebP), at most {MAX_PHOTOS}.",
                        },
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    response=_responses({201: ProblemDetail}, *WRITE_ERRORS),
    summary="Register a problem",
    description=_doc(
        "Registers a problem (status `new`; assignment is a separate step). Send JSON, or multipart/form-data "
        "with the same fields plus `photos` files. Office staff, district offices, inspectors (source "
        "`inspection`), grid workers (`grid`) and leaders (`leader`) may register problems. Photos are checked "
        "and re-encoded without EXIF; a refused request stores none." + IDEMPOTENCY_DOC,
        *WRITE_ERRORS,
    ),
    openapi_extra=CREATE_BODY_DOC,
)
def create_problem(request: HttpRequest, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY):
    user = request.auth
    payload = _validate(ProblemCreateIn, _form_or_json(request))
    files = request.FILES.getlist("photos")
    call = _call(request, idempotency_key, payload.model_dump(mode="json"), files)

    def references() -> dict[str, Any]:
        categories = ProblemCategory.objects.filter(is_active=True)
        return {
            "category": _lookup(categories, payload.category, "category", _("问题类别不存在")),
            "standard": _lookup(Standard, payload.standard, "standard", _("测评标准不存在")),
            "site": _lookup(Site.objects.visible_to(user).active(), payload.site, "site", _("点位不存在或已停用")),
        }

    def create(refs: dict[str, Any], photos: list) -> tuple[int, Any]:
        fields = payload.model_dump(exclude={"category", "standard", "site"})
        problem = services.create_problem(user, **fields, **refs, photos=photos)
        return 201, _detail_json(user, problem.pk)

    return _reply(response, _idempotent_with_photos(call, files, create, references))


@router.post(
    "/{int:problem_id}/rectifications",
    response=_responses({201: ProblemDetail}, *WRITE_ERRORS),
    summary="Submit a rectification",
    description=_doc(
        "The responsible unit's handler or head reports the fix: multipart/form-data with `note` and one or "
        "more `photos` (after-photos), both required. The problem goes to the office for review (`submitted`)."
        + IDEMPOTENCY_DOC,
        *WRITE_ERRORS,
    ),
)
def submit_rectification(
    request: HttpRequest,
    response: HttpResponse,
    problem_id: Id,
    note: Form[str] = "",
    photos: File[list[UploadedFile]] = None,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    user = request.auth
    problem = access.get_problem_for_user(user, problem_id)
    if len(note) > 2000:
        raise DomainError(_("整改说明最多 2000 个字"), field="note")
    files = list(photos or [])
    call = _call(request, idempotency_key, {"note": note}, files)

    def submit(_prepared, stored: list) -> tuple[int, Any]:
        services.submit_rectification(user, problem, note=note, photos=stored)
        return 201, _detail_json(user, problem.pk)

    return _reply(response, _idempotent_with_photos(call, files, submit))


# --- the other transitions --------------------------------------------------------------------


def _unit(pk: int | None, field: str) -> Unit | None:
    return _lookup(Unit, pk, field, _("单位不存在"))


def _unit_request(problem: Problem, request_id: int, kind: str) -> UnitRequest:
    found = UnitRequest.objects.filter(pk=request_id, problem_id=problem.pk, kind=kind).first()
    if found is None:
        raise Http404
    return found


def _transition(summary: str, text: str, path: str):
    return router.post(
        f"/{{int:problem_id}}/{path}",
        response=_responses({200: ProblemDetail}, *WRITE_ERRORS),
        summary=summary,
        description=_doc(text + " Answers with the problem as it is afterwards.", *WRITE_ERRORS),
    )


@_transition(
    "Assign to a unit",
    "The office (or the district office, within its district) gives the problem to a responsible unit with a "
    "deadline, or reassigns it. With no `unit` the routing rules choose; another unit than the proposed one "
    "needs a `reason`. With no `deadline` the deadline policy sets it.",
    "assign",
)
def assign(request: HttpRequest, problem_id: Id, payload: AssignIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    cooperating = [_unit(pk, "cooperating") for pk in dict.fromkeys(payload.cooperating)]
    services.assign_problem(
        request.auth,
        problem,
        unit=_unit(payload.unit, "unit"),
        cooperating=cooperating,
        deadline=payload.deadline,
        reason=payload.reason,
    )
    return problem_detail(request.auth, problem.pk)


@_transition("Accept", "The responsible unit takes the problem on (`assigned` → `in_progress`). No body.", "accept")
def accept(request: HttpRequest, problem_id: Id):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.accept_problem(request.auth, problem)
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Approve the rectification",
    "The office accepts the submitted fix and closes the problem (销号); optional `note`.",
    "approve",
)
def approve(request: HttpRequest, problem_id: Id, payload: NoteIn | None = None):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.approve_rectification(request.auth, problem, note=payload.note if payload else "")
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Reject the rectification",
    "The office sends the fix back to the unit (退回); `reason` is required. The deadline stands.",
    "reject",
)
def reject(request: HttpRequest, problem_id: Id, payload: ReasonIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.reject_rectification(request.auth, problem, reason=payload.reason)
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Request an extension",
    "The responsible unit asks for a later `deadline` with a `reason` (申请延期). One pending request at a time.",
    "extension-requests",
)
def request_extension(request: HttpRequest, problem_id: Id, payload: ExtensionIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.request_extension(request.auth, problem, deadline=payload.deadline, reason=payload.reason)
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Decide an extension request",
    "The office approves (`approve: true`, the requested or another later `deadline`) or denies "
    "(`approve: false`, `note` required) the unit's extension request.",
    "extension-requests/{int:request_id}/decision",
)
def decide_extension(request: HttpRequest, problem_id: Id, request_id: Id, payload: ExtensionDecisionIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    unit_request = _unit_request(problem, request_id, RequestKind.EXTENSION)
    services.decide_extension(
        request.auth, unit_request, approve=payload.approve, deadline=payload.deadline, note=payload.note
    )
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Dispute the assignment",
    "The responsible unit says the problem is not its own (申请转办 / 申诉), with a `reason` and optionally the "
    "`suggested_unit`.",
    "disputes",
)
def dispute(request: HttpRequest, problem_id: Id, payload: DisputeIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    suggested = _unit(payload.suggested_unit, "suggested_unit")
    services.dispute_problem(request.auth, problem, reason=payload.reason, suggested_unit=suggested)
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Decide a dispute",
    "The office reassigns the problem (`reassign_to`, new deadline from the policy) or upholds the assignment "
    "(no `reassign_to`, `note` required).",
    "disputes/{int:request_id}/decision",
)
def decide_dispute(request: HttpRequest, problem_id: Id, request_id: Id, payload: DisputeDecisionIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    unit_request = _unit_request(problem, request_id, RequestKind.DISPUTE)
    reassign_to = _unit(payload.reassign_to, "reassign_to")
    services.decide_dispute(request.auth, unit_request, reassign_to=reassign_to, note=payload.note)
    return problem_detail(request.auth, problem.pk)


@_transition("Mark invalid", "The office closes the problem as not a real one (无效); `reason` required.", "invalid")
def mark_invalid(request: HttpRequest, problem_id: Id, payload: ReasonIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.mark_invalid(request.auth, problem, reason=payload.reason)
    return problem_detail(request.auth, problem.pk)


@_transition(
    "Mark duplicate",
    "The office closes the problem as a duplicate of the `original` problem (重复), linked to it.",
    "duplicate",
)
def mark_duplicate(request: HttpRequest, problem_id: Id, payload: DuplicateIn):
    user = request.auth
    problem = access.get_problem_for_user(user, problem_id)
    original = _lookup(Problem.objects.visible_to(user), payload.original, "original", _("原问题不存在"))
    services.mark_duplicate(user, problem, original=original, reason=payload.reason)
    return problem_detail(user, problem.pk)


@_transition(
    "Reopen",
    "The office opens an ended problem again with a `reason`; `rebound: true` counts a failed follow-up "
    "check (回头看) against the unit.",
    "reopen",
)
def reopen(request: HttpRequest, problem_id: Id, payload: ReopenIn):
    problem = access.get_problem_for_user(request.auth, problem_id)
    services.reopen_problem(request.auth, problem, reason=payload.reason, rebound=payload.rebound)
    return problem_detail(request.auth, problem.pk)
