"""What the problem API reads and writes (pydantic schemas through django-ninja).

Input schemas check shapes and types; the rules (who may, which state, what is required)
stay in the services, which answer with Chinese messages. Naive datetimes are read in the
site's time zone (Asia/Shanghai by default).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field

from chuangwen.lib.bounded import Flag, Id, Limit, Offset
from chuangwen.lib.text import Text
from chuangwen.problems.models import RequestKind, Review, Severity, Source, Status


def _aware(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


AwareDatetime = Annotated[datetime.datetime, AfterValidator(_aware)]
Reason = Annotated[Text, Field(max_length=2000)]


def _choices(values: list[str]) -> dict[str, Any]:
    return {"enum": values}


# --- output ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the request's language (Chinese by default).")
    field: str | None = Field(None, description="The input field at fault, when there is one.")


class UnitRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    role_label: str
    unit: UnitRef | None
    auth: str = Field(description='"token" or "session": how this request was authenticated.')


class PhotoOut(Schema):
    id: int
    kind: str
    url: str = Field(description="The photo (JPEG, EXIF removed); needs the same authentication as the API.")
    thumbnail_url: str
    width: int
    height: int
    lat: float | None
    lng: float | None
    taken_at: datetime.datetime | None


class RectificationOut(Schema):
    id: int
    note: str
    submitted_by: UserRef
    submitted_at: datetime.datetime
    outcome: str = Field(json_schema_extra=_choices(Review.values))
    outcome_label: str
    reviewed_by: UserRef | None
    reviewed_at: datetime.datetime | None
    review_note: str
    photos: list[PhotoOut]


class UnitRequestOut(Schema):
    id: int
    kind: str = Field(json_schema_extra=_choices(RequestKind.values))
    kind_label: str
    reason: str
    requested_deadline: datetime.datetime | None
    suggested_unit: UnitRef | None
    requested_by: UserRef
    requested_at: datetime.datetime


class ProblemListItem(Schema):
    id: int
    code: str
    status: str = Field(json_schema_extra=_choices(Status.values))
    status_label: str
    source: str = Field(json_schema_extra=_choices(Source.values))
    source_label: str
    severity: str = Field(json_schema_extra=_choices(Severity.values))
    severity_label: str
    description: str
    address: str
    responsible_unit: UnitRef | None
    district: UnitRef | None
    deadline: datetime.datetime | None
    is_overdue: bool
    escalation_level: int
    created_at: datetime.datetime


class ProblemPage(Schema):
    count: int = Field(description="How many problems match the filters.")
    limit: int
    offset: int
    items: list[ProblemListItem]


class ProblemDetail(ProblemListItem):
    external_ref: str
    category: UnitRef | None = Field(description="The problem category (id, name).")
    standard: UnitRef | None = Field(description="The standard (id, and its code as name).")
    site: UnitRef | None
    lat: float | None
    lng: float | None
    territorial_unit: UnitRef | None
    cooperating_units: list[UnitRef]
    assigned_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    closed_on_time: bool | None
    reopen_count: int
    rebound_count: int
    rework_count: int
    extension_count: int
    duplicate_of: UnitRef | None = Field(description="The original problem (id, and its code as name).")
    end_reason: str
    reporter_name: str = Field(description="Only shown to the office and the district office managing it.")
    reporter_phone: str = Field(description="Only shown to the office and the district office managing it.")
    created_by: UserRef | None
    photos: list[PhotoOut] = Field(description="The before-photos.")
    rectifications: list[RectificationOut]
    pending_request: UnitRequestOut | None
    allowed_actions: list[str] = Field(
        description="What this user may do now: assign, accept, submit_rectification, approve, reject, "
        "request_extension, decide_extension, dispute, decide_dispute, mark_invalid, mark_duplicate, reopen."
    )


# --- input ----------------------------------------------------------------------------------


class ProblemFilters(Schema):
    """The filters of the problem list pages (problems.filters), under the API's names."""

    status: str | None = Field(
        None,
        description="A status, or `open` (not ended) or `ended` (closed, invalid, duplicate).",
        json_schema_extra=_choices(["open", "ended", *Status.values]),
    )
    source: str | None = Field(None, json_schema_extra=_choices(Source.values))
    severity: str | None = Field(None, json_schema_extra=_choices(Severity.values))
    unit: Id | None = Field(None, description="Responsible unit id (the unit or any unit under it).")
    district: Id | None = Field(None, description="District unit id.")
    category: Id | None = Field(None, description="Problem category id.")
    standard: str | None = Field(None, max_length=32, description="Standard code.")
    pending: str | None = Field(
        None,
        description="Only problems with a pending unit request: `any`, `extension` or `dispute`.",
        json_schema_extra=_choices(["any", *RequestKind.values]),
    )
    overdue: Flag = Field(False, description="true: only problems past their deadline while with the unit.")
    q: str | None = Field(None, max_length=100, description="Words to find in code, description, address, site.")
    created_after: datetime.date | None = Field(None, description="Registered on or after this day.")
    created_before: datetime.date | None = Field(None, description="Registered on or before this day.")
    limit: Limit = 20
    offset: Offset = 0


class ProblemCreateIn(Schema):
    source: str = Field(json_schema_extra=_choices(Source.values))
    description: Text = Field(max_length=5000)
    severity: str = Field(Severity.MINOR.value, json_schema_extra=_choices(Severity.values))
    category: Id | None = Field(None, description="Problem category id.")
    standard: Id | None = Field(None, description="Standard id.")
    site: Id | None = Field(None, description="Site id.")
    lat: Decimal | None = Field(None, ge=-90, le=90, max_digits=12, decimal_places=7)
    lng: Decimal | None = Field(None, ge=-180, le=180, max_digits=12, decimal_places=7)
    address: Text = Field("", max_length=200)
    external_ref: Text = Field("", max_length=64, description="A reference in another system (12345 ticket …).")
    reporter_name: Text = Field("", max_length=50)
    reporter_phone: Text = Field("", max_length=20)


class AssignIn(Schema):
    unit: Id | None = Field(None, description="Responsible unit id; omitted: the routing rules choose.")
    cooperating: list[Id] = Field(default_factory=list, description="Cooperating unit ids.")
    deadline: AwareDatetime | None = Field(None, description="Omitted: from the deadline policy.")
    reason: Reason = Field("", description="Required when the unit differs from the proposed one.")


class NoteIn(Schema):
    note: Reason = ""


class ReasonIn(Schema):
    reason: Reason = ""


class ReopenIn(Schema):
    reason: Reason = ""
    rebound: Flag = Field(False, description="A failed follow-up check (回头看): counts as a rebound.")


class ExtensionIn(Schema):
    deadline: AwareDatetime | None = Field(None, description="The deadline asked for.")
    reason: Reason = ""


class ExtensionDecisionIn(Schema):
    approve: Flag
    deadline: AwareDatetime | None = Field(None, description="On approval, another deadline than the one asked.")
    note: Reason = Field("", description="Required when denying.")


class DisputeIn(Schema):
    reason: Reason = ""
    suggested_unit: Id | None = Field(None, description="The unit the problem belongs to, in the unit's view.")


class DisputeDecisionIn(Schema):
    reassign_to: Id | None = Field(None, description="Reassign to this unit; omitted: uphold the assignment.")
    note: Reason = Field("", description="Required when upholding.")


class DuplicateIn(Schema):
    original: Id = Field(description="Id of the original problem.")
    reason: Reason = ""
