"""The actions a problem's page offers: for each, its form, who may use it, at which states, and
the one service it calls. The detail page shows the allowed ones; action_views runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from chuangwen.problems import access, forms, services
from chuangwen.problems.models import ENDED, OPEN, WITH_UNIT, Problem, RequestKind, Status, UnitRequest


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    form: type[forms.ActionForm]
    who: Callable[[Any, Problem], bool]
    statuses: tuple[str, ...]
    run: Callable[..., Any]  # (user, problem, cleaned_data, photos, pending_request)
    done: Any  # success message, with %(code)s
    relabel: Any = None  # the label once the problem is with a unit (交办 → 改派)
    request_kind: str | None = None  # offered only with a pending request of this kind
    no_pending_request: bool = False  # offered only without a pending request
    photos: bool = False
    style: str = "outline-secondary"
    primary: bool = False  # shown open, not behind a button
    open_at: tuple[str, ...] = ()  # statuses at which it is shown open (the next step)


def _assign(user, problem, data, photos, pending):
    return services.assign_problem(
        user,
        problem,
        unit=data["unit"],
        cooperating=list(data["cooperating"]),
        deadline=data["deadline"],
        reason=data["reason"],
    )


def _decide_extension(user, problem, data, photos, pending):
    approve = data["decision"] == "approve"
    return services.decide_extension(user, pending, approve=approve, deadline=data["deadline"], note=data["note"])


def _decide_dispute(user, problem, data, photos, pending):
    unit = data["unit"] if data["decision"] == "reassign" else None
    return services.decide_dispute(user, pending, reassign_to=unit, note=data["note"])


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "accept", _("签收"), forms.AcceptForm, access.acts_for_unit, (Status.ASSIGNED,),
            lambda u, p, d, ph, r: services.accept_problem(u, p),
            _("已签收问题 %(code)s，请按时整改"), style="cw", primary=True,
        ),
        Action(
            "submit", _("提交整改"), forms.SubmitForm, access.acts_for_unit, WITH_UNIT,
            lambda u, p, d, ph, r: services.submit_rectification(u, p, note=d["note"], photos=ph),
            _("问题 %(code)s 的整改已提交，等待审核"), photos=True, style="cw", primary=True,
        ),
        Action(
            "request_extension", _("申请延期"), forms.ExtensionForm, access.acts_for_unit, WITH_UNIT,
            lambda u, p, d, ph, r: services.request_extension(u, p, deadline=d["deadline"], reason=d["reason"]),
            _("问题 %(code)s 的延期申请已提交"), no_pending_request=True,
        ),
        Action(
            "dispute", _("申请转办"), forms.DisputeForm, access.acts_for_unit, WITH_UNIT,
            lambda u, p, d, ph, r: services.dispute_problem(
                u, p, reason=d["reason"], suggested_unit=d["suggested_unit"]
            ),
            _("问题 %(code)s 的转办申请已提交"), no_pending_request=True,
        ),
        Action(
            "approve", _("审核通过（销号）"), forms.ApproveForm, access.manages, (Status.SUBMITTED,),
            lambda u, p, d, ph, r: services.approve_rectification(u, p, note=d["note"]),
            _("问题 %(code)s 已审核通过并销号"), style="success", primary=True,
        ),
        Action(
            "reject", _("退回整改"), forms.RejectForm, access.manages, (Status.SUBMITTED,),
            lambda u, p, d, ph, r: services.reject_rectification(u, p, reason=d["reason"]),
            _("问题 %(code)s 已退回责任单位重新整改"), style="outline-danger",
        ),
        Action(
            "decide_extension", _("处理延期申请"), forms.DecideExtensionForm, access.manages, WITH_UNIT,
            _decide_extension, _("问题 %(code)s 的延期申请已处理"), request_kind=RequestKind.EXTENSION, primary=True,
            style="cw",
        ),
        Action(
            "decide_dispute", _("处理转办申请"), forms.DecideDisputeForm, access.manages, WITH_UNIT,
            _decide_dispute, _("问题 %(code)s 的转办申请已处理"), request_kind=RequestKind.DISPUTE, primary=True,
            style="cw",
        ),
        Action(
            "assign", _("交办"), forms.AssignForm, access.manages, (Status.NEW, *WITH_UNIT),
            _assign, _("问题 %(code)s 已交办"), style="cw", relabel=_("改派"), open_at=(Status.NEW,),
        ),
        Action(
            "mark_duplicate", _("标记为重复"), forms.DuplicateForm, access.manages, OPEN,
            lambda u, p, d, ph, r: services.mark_duplicate(u, p, original=d["original"], reason=d["reason"]),
            _("问题 %(code)s 已标记为重复"),
        ),
        Action(
            "mark_invalid", _("标记为无效"), forms.InvalidForm, access.manages, OPEN,
            lambda u, p, d, ph, r: services.mark_invalid(u, p, reason=d["reason"]),
            _("问题 %(code)s 已标记为无效"), style="outline-danger",
        ),
        Action(
            "reopen", _("重新打开"), forms.ReopenForm, access.manages, ENDED,
            lambda u, p, d, ph, r: services.reopen_problem(u, p, reason=d["reason"], rebound=d["rebound"]),
            _("问题 %(code)s 已重新打开"),
        ),
    ]
}  # fmt: skip


def is_offered(action: Action, user, problem: Problem, pending: UnitRequest | None) -> bool:
    """Whether the page shows this action to this person at the problem's state."""
    if problem.status not in action.statuses or not action.who(user, problem):
        return False
    if action.request_kind is not None:
        return pending is not None and pending.kind == action.request_kind
    return not (action.no_pending_request and pending is not None)


def offered(user, problem: Problem, pending: UnitRequest | None) -> list[Action]:
    return [a for a in ACTIONS.values() if is_offered(a, user, problem, pending)]
