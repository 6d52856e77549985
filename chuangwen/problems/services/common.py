"""Helpers shared by the problem services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems import access
from chuangwen.problems.models import Problem, ProblemPhoto, Rectification, Status

PROBLEM_FIELDS = [
    "status", "responsible_unit", "deadline", "severity", "category", "standard", "site", "escalation_level",
    "reopen_count", "rebound_count", "rework_count", "extension_count", "duplicate_of", "closed_on_time",
]  # fmt: skip


class StoredPhoto(Protocol):
    """What lib.uploads.accept_image returns; the services keep these fields."""

    name: str
    thumb_name: str
    width: int
    height: int
    sha256: str
    lat: Any
    lng: Any
    taken_at: Any


@dataclass(frozen=True)
class SharedPhoto:
    """A photo already stored for another record — an inspector's stamped photo, a citizen's report
    photo — attached to a problem as the same file (a StoredPhoto)."""

    name: str
    thumb_name: str
    width: int
    height: int
    sha256: str
    lat: Any
    lng: Any
    taken_at: Any

    @classmethod
    def of(cls, photo) -> SharedPhoto:
        """From a stored photo row with image, thumbnail, size, hash, position and time."""
        return cls(
            photo.image, photo.thumbnail, photo.width, photo.height, photo.sha256, photo.lat, photo.lng, photo.taken_at
        )


def locked(problem: Problem) -> Problem:
    return Problem.objects.select_for_update().get(pk=problem.pk)


def require_status(problem: Problem, allowed: Iterable[str], action: str) -> None:
    if problem.status not in allowed:
        raise Conflict(
            _("问题当前状态为“%(status)s”，不能%(action)s") % {"status": problem.get_status_display(), "action": action}
        )


def require_manager(actor, problem: Problem) -> None:
    if not access.manages(actor, problem):
        raise PermissionDenied(_("只有文明办（或本区文明办）可以办理此操作"))


def require_unit(actor, problem: Problem) -> None:
    if not access.acts_for_unit(actor, problem):
        raise PermissionDenied(_("只有责任单位的经办人或负责人可以办理此操作"))


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def snapshot(problem: Problem) -> dict[str, Any]:
    return audit.snapshot(problem, PROBLEM_FIELDS)


def add_photos(problem: Problem, photos, kind: str, actor, rectification: Rectification | None = None) -> None:
    ProblemPhoto.objects.bulk_create(
        [
            ProblemPhoto(
                problem=problem,
                kind=kind,
                rectification=rectification,
                image=p.name,
                thumbnail=p.thumb_name,
                width=p.width,
                height=p.height,
                sha256=p.sha256,
                lat=p.lat,
                lng=p.lng,
                taken_at=p.taken_at,
                uploaded_by=actor,
            )
            for p in photos
        ]
    )


def withdraw_pending_requests(problem: Problem, actor) -> None:
    """Close a pending extension or dispute request once the problem has left the unit's hands."""
    from django.utils import timezone

    from chuangwen.problems.models import Review, UnitRequest

    UnitRequest.objects.filter(problem=problem, outcome=Review.PENDING).update(
        outcome=Review.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=_("问题状态已变更，申请自动关闭"),
    )


WITH_UNIT_LABEL = (Status.ASSIGNED, Status.IN_PROGRESS, Status.REJECTED)
