"""A problem's page, and its photos served to those who may see the problem (media is not public)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from chuangwen.problems import actions, display, routing
from chuangwen.problems.actions import Action
from chuangwen.problems.forms import assignable_units
from chuangwen.problems.models import PhotoKind, Problem, ProblemPhoto, Review, Status
from chuangwen.problems.timeline import timeline

UNIT_ACTIONS = {"assign", "decide_dispute", "dispute"}


def get_problem_page(user, pk: int) -> Problem:
    """The problem with what its page shows, if this person may see it; 404 otherwise."""
    problem = (
        Problem.objects.visible_to(user)
        .select_related(
            "site__territorial_unit",
            "standard__lead_unit",
            "category__default_unit",
            "responsible_unit",
            "district",
            "territorial_unit",
            "created_by",
            "duplicate_of",
        )
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404
    return problem


@dataclass
class ActionPanel:
    action: Action
    form: Any
    open: bool  # shown expanded: a primary action, or the one whose submission failed
    label: str = ""


def build_form(action: Action, user, problem: Problem, context: dict, data=None, files=None):
    kwargs: dict[str, Any] = {"problem": problem}
    if action.name in UNIT_ACTIONS:
        kwargs["units"] = context["unit_choices"]()
    if action.name == "assign":
        kwargs["proposal"] = context["proposal"]
    elif action.name == "decide_dispute":
        kwargs["suggested"] = context["pending"].suggested_unit if context["pending"] else None
    elif action.name == "decide_extension":
        kwargs["requested"] = context["pending"].requested_deadline if context["pending"] else None
    elif action.name == "mark_duplicate":
        kwargs["user"] = user
    return action.form(data, files, **kwargs) if data is not None else action.form(**kwargs)


def _unit_choices_once(user, problem: Problem, proposal):
    """The unit select's choices, computed on first use and shared by the page's forms."""
    cache: list = []

    def get() -> list:
        if not cache:
            extra = [problem.responsible_unit_id, proposal.unit.pk if proposal.unit else None]
            extra += [u.pk for u in proposal.cooperating]
            cache.append(assignable_units(user, *extra))
        return cache[0]

    return get


def _photos(problem: Problem) -> tuple[list[ProblemPhoto], dict[int, list[ProblemPhoto]]]:
    before: list[ProblemPhoto] = []
    by_rectification: dict[int, list[ProblemPhoto]] = defaultdict(list)
    for photo in problem.photos.all():
        if photo.kind == PhotoKind.BEFORE:
            before.append(photo)
        elif photo.rectification_id:
            by_rectification[photo.rectification_id].append(photo)
    return before, by_rectification


def action_context(user, problem: Problem, requests: list | None = None) -> dict:
    """What the action forms need: the pending request, the routing proposal, the unit choices."""
    if requests is None:
        requests = list(problem.requests.filter(outcome=Review.PENDING).select_related("suggested_unit"))
    proposal = routing.propose(problem.site, problem.standard, problem.category, problem.territorial_unit)
    return {
        "pending": next((r for r in requests if r.outcome == Review.PENDING), None),
        "proposal": proposal,
        "unit_choices": _unit_choices_once(user, problem, proposal),
    }


def detail_context(request, problem: Problem, *, failed: tuple[str, Any] | None = None, error: str = "") -> dict:
    user = request.user
    now = timezone.now()
    requests = list(problem.requests.select_related("requested_by", "decided_by", "suggested_unit"))
    rectifications = list(
        problem.rectifications.select_related("submitted_by", "reviewed_by").order_by("-submitted_at", "-id")
    )
    before, after_by_rect = _photos(problem)
    for rectification in rectifications:
        rectification.photo_list = after_by_rect.get(rectification.pk, [])
    context = {"problem": problem, "now": now, "state": display.deadline_state(problem, now)}
    context.update(action_context(user, problem, requests))
    reporter_name, reporter_phone = display.reporter_for(user, problem)
    panels = _panels(user, problem, context, failed)
    if failed and not any(p.action.name == failed[0] for p in panels):
        error = error or _first_error(failed[1])  # the action is no longer offered at this state
    context.update(
        panels=panels,
        cooperating=list(problem.cooperating_units.order_by("path")),
        requests=requests,
        rectifications=rectifications,
        latest=rectifications[0] if rectifications else None,
        before_photos=before,
        timeline=timeline(problem),
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        error=error,
        failed_action=failed[0] if failed else "",
        section="problems",
    )
    return context


def _panels(user, problem: Problem, context: dict, failed) -> list[ActionPanel]:
    panels = []
    for action in actions.offered(user, problem, context["pending"]):
        label = action.relabel if action.relabel and problem.status != Status.NEW else action.label
        if failed and failed[0] == action.name:
            panels.append(ActionPanel(action, failed[1], True, label))
        else:
            form = build_form(action, user, problem, context)
            shown = action.primary or problem.status in action.open_at
            panels.append(ActionPanel(action, form, shown, label))
    return panels


def _first_error(form) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), "")


def render_detail(request, problem: Problem, *, status: int = 200, **kwargs):
    return render(request, "problems/detail.html", detail_context(request, problem, **kwargs), status=status)


@login_required
@require_GET
def problem_detail(request, pk: int):
    return render_detail(request, get_problem_page(request.user, pk))


@login_required
@require_GET
def problem_photo(request, pk: int):
    """A photo (or with ?size=thumb its thumbnail), if the person may see its problem."""
    visible = Problem.objects.visible_to(request.user).values("pk")
    photo = ProblemPhoto.objects.filter(pk=pk, problem_id__in=visible).only("image", "thumbnail").first()
    if photo is None:
        raise Http404
    name = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
