"""Circular pages: the list (the office issues from it), a circular with its downloads, and the
preview of its PDF pages. Reading goes through access.circular_for_user / Circular.objects.visible_to;
issuing through services.issue_circular (office only, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.circulars import access, services
from chuangwen.circulars.forms import IssueForm
from chuangwen.circulars.models import Circular, CircularSettings
from chuangwen.lib.bounded import parse_int
from chuangwen.lib.errors import DomainError

SECTION = "circulars"
PER_PAGE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _list_page(request, form=None, error: str = "", status: int = 200):
    user = request.user
    circulars = Circular.objects.visible_to(user).select_related("round", "issued_by").order_by("-issued_at", "-id")
    page = Paginator(circulars, PER_PAGE).get_page(request.GET.get("page"))
    context = {"section": SECTION, "page": page, "circulars": page.object_list, "is_office": access.is_office(user)}
    if context["is_office"]:
        rounds = services.issuable_rounds()
        context["form"] = form or IssueForm(rounds=rounds)
        context["issued_rounds"] = set(Circular.objects.values_list("round_id", flat=True))
        context["has_rounds"] = rounds.exists()
        context["config"] = CircularSettings.current()
        context["error"] = error
    return render(request, "circulars/list.html", context, status=status)


@require_GET
@login_required
def circular_list(request):
    access.require_reader(request.user)
    return _list_page(request)


@require_POST
@login_required
def issue(request):
    access.require_office(request.user)
    form = IssueForm(request.POST, rounds=services.issuable_rounds())
    if not form.is_valid():
        return _list_page(request, form, _("请选择可以印发通报的轮次"), status=400)
    data = form.cleaned_data
    try:
        circular = services.issue_circular(request.user, data["round"], title=data["title"], reason=data["reason"])
    except DomainError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, str(exc.message))
        return _list_page(request, form, str(exc.message), status=exc.status)
    messages.success(request, _("已印发 %(number)s") % {"number": circular.number})
    return redirect("circulars:detail", circular.pk)


@require_GET
@login_required
def detail(request, pk: int):
    circular = access.circular_for_user(request.user, pk)
    context = {
        "section": SECTION, "circular": circular, "figures": circular.figures, "is_office": access.is_office(request.user),
        "later": Circular.objects.filter(round=circular.round, issued_at__gt=circular.issued_at).exists(),
    }  # fmt: skip
    return render(request, "circulars/detail.html", context)


def _download(name: str, filename: str, content_type: str) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@require_GET
@login_required
def download_docx(request, pk: int):
    circular = access.circular_for_user(request.user, pk)
    return _download(circular.docx, f"{circular.file_stem}.docx", DOCX_TYPE)


@require_GET
@login_required
def download_pdf(request, pk: int):
    circular = access.circular_for_user(request.user, pk)
    return _download(circular.pdf, f"{circular.file_stem}.pdf", "application/pdf")


@require_GET
@login_required
def preview(request, pk: int):
    circular = access.circular_for_user(request.user, pk)
    context = {"section": SECTION, "circular": circular, "pages": range(1, circular.pages + 1)}
    return render(request, "circulars/preview.html", context)


@require_GET
@login_required
def page_image(request, pk: int):
    circular = access.circular_for_user(request.user, pk)
    number = parse_int(request.GET.get("page", "1"), 1, circular.pages)
    if number is None:
        raise Http404
    try:
        data = services.page_image(circular, number)
    except OSError:
        raise Http404 from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response
