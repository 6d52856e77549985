"""The shape every office page of the index shares: a form that calls a service, a delete confirmation,
an error page. Views pass the service call in; these helpers never change data themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from chuangwen.lib import errors


def add_error(form, exc: errors.DomainError) -> int:
    """Put a service's error on the form (on its field when the form has it); return the HTTP status."""
    if isinstance(exc, errors.PermissionDenied):
        raise PermissionDenied(exc.message)
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return exc.status


def error_page(request, message, *, status: int = 400, back: str = ""):
    """A plain page that says what was wrong with the request."""
    context = {"message": message, "back": back, "section": "indicators"}
    return render(request, "indicators/error.html", context, status=status)


def form_page(
    request,
    form,
    action: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    done: Callable[[Any], str],
    message: str,
    extra: dict[str, Any] | None = None,
):
    """GET shows the form; a valid POST calls action(cleaned_data) and redirects to done(result);
    invalid input or a broken rule shows the form again with status 400 (or the error's status)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = action(form.cleaned_data)
            except errors.DomainError as exc:
                status = add_error(form, exc)
            else:
                messages.success(request, message)
                return redirect(done(result))
    context = {"form": form, "title": title, "back": back, "section": "indicators", **(extra or {})}
    return render(request, "indicators/form.html", context, status=status)


def confirm_page(request, action: Callable[[], Any], *, title: str, subject: str, back: str, done: str, message: str):
    """GET asks to confirm; POST calls action() and redirects to done, or shows why it could not."""
    error, status = "", 200
    if request.method == "POST":
        try:
            action()
        except errors.DomainError as exc:
            if isinstance(exc, errors.PermissionDenied):
                raise PermissionDenied(exc.message) from None
            error, status = exc.message, exc.status
        else:
            messages.success(request, message)
            return redirect(done)
    context = {"title": title, "subject": subject, "back": back, "error": error, "section": "indicators"}
    return render(request, "indicators/confirm.html", context, status=status)
