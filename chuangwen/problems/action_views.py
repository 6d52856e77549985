"""The actions on a problem: one POST view that parses the action's form, stores its photos and
calls the action's one service. A refusal re-renders the problem's page with the message next
to the form (400, 403 or 409) and keeps what was typed; photos stored for a refused call are
deleted again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.lib import uploads
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems.actions import ACTIONS, Action
from chuangwen.problems.detail_views import action_context, build_form, get_problem_page, render_detail
from chuangwen.problems.models import Problem
from chuangwen.problems.services.create import MAX_PHOTOS

UPLOAD_FOLDER = "problems"
UNIT_SIDE = {"accept", "submit", "request_extension", "dispute"}


def form_error(form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def store_photos(files) -> list[uploads.StoredImage]:
    """Check and store every photo, or store none: a refused file removes those already stored."""
    files = uploads.validate_many(files, MAX_PHOTOS)
    stored: list[uploads.StoredImage] = []
    try:
        for file in files:
            stored.append(uploads.accept_image(file, folder=UPLOAD_FOLDER))
    except BaseException:
        remove_photos(stored)
        raise
    return stored


def remove_photos(stored) -> None:
    uploads.delete_stored(*(name for photo in stored for name in photo.names))


def _refused(request, problem: Problem, action: Action, form, exc: DomainError):
    if form is not None:
        form_error(form, exc)
        return render_detail(request, problem, failed=(action.name, form), status=exc.status)
    return render_detail(request, problem, error=str(exc.message), status=exc.status)


@login_required
@require_POST
def perform(request, pk: int, action: str):
    """POST /problems/<pk>/<action>/: run one action (see actions.ACTIONS)."""
    spec = ACTIONS[action]
    user = request.user
    problem = get_problem_page(user, pk)
    if not spec.who(user, problem):
        return _refused(request, problem, spec, None, PermissionDenied(_not_yours(spec)))
    context = action_context(user, problem)
    pending = context["pending"]
    form = build_form(spec, user, problem, context, request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, problem, failed=(spec.name, form), status=400)
    if spec.request_kind is not None and (pending is None or pending.kind != spec.request_kind):
        return _refused(request, problem, spec, form, Conflict(_("该问题没有待处理的此类申请")))
    return _run(request, problem, spec, form, pending)


def _not_yours(spec: Action) -> str:
    if spec.name in UNIT_SIDE:
        return _("只有责任单位的经办人或负责人可以办理此操作")
    return _("只有文明办（或本区文明办）可以办理此操作")


def _run(request, problem: Problem, spec: Action, form, pending):
    stored: list = []
    try:
        if spec.photos:
            stored = store_photos(form.cleaned_data["photos"])
        spec.run(request.user, problem, form.cleaned_data, stored, pending)
    except DomainError as exc:
        remove_photos(stored)
        return _refused(request, problem, spec, form, exc)
    except BaseException:
        remove_photos(stored)
        raise
    messages.success(request, spec.done % {"code": problem.code})
    return redirect("problems:detail", pk=problem.pk)
