"""Staff intake: the office registers a 12345 hotline ticket, a petition (信访) or an
environmental-inspection transfer by hand (a form with photos) or many at once (an XLSX import
with a template). Each becomes a pending report in the triage queue, keeping its channel and
external reference; the same reference twice in a channel is refused."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chuangwen.citizens.forms import ImportForm, IntakeForm
from chuangwen.citizens.services import submit_report
from chuangwen.citizens.services.intake import MAX_PHOTOS
from chuangwen.citizens.services.intake_import import import_reports, template_workbook
from chuangwen.lib import uploads, xlsx
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required

PHOTO_FOLDER = "citizens"


def store_photos(files) -> list[uploads.StoredImage]:
    """Check and store every photo, or none."""
    files = uploads.validate_many(files, MAX_PHOTOS)
    stored: list[uploads.StoredImage] = []
    try:
        for file in files:
            stored.append(uploads.accept_image(file, folder=PHOTO_FOLDER))
    except BaseException:
        remove_photos(stored)
        raise
    return stored


def remove_photos(stored) -> None:
    uploads.delete_stored(*(name for photo in stored for name in photo.names))


def _form_error(form, exc: DomainError) -> None:
    names = {"phone": "reporter_phone", "name": "reporter_name"}
    field = names.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, str(exc.message))


@require_http_methods(["GET", "POST"])
@office_required
def intake(request):
    """GET the form; POST registers one ticket and opens it in the triage queue."""
    posted = request.method == "POST"
    form = IntakeForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "GET":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    stored: list = []
    try:
        stored = store_photos(form.cleaned_data["photos"])
        report = submit_report(actor=request.user, photos=stored, **form.service_fields())
    except DomainError as exc:
        remove_photos(stored)
        _form_error(form, exc)
        return _page(request, form, status=exc.status)
    except BaseException:
        remove_photos(stored)
        raise
    text = _("已登记 %(channel)s %(ref)s，进入受理队列（查询码 %(code)s）")
    values = {"channel": report.get_channel_display(), "ref": report.external_ref, "code": report.tracking_code}
    messages.success(request, text % values)
    if request.POST.get("then") == "another":
        return redirect("citizens:intake")
    return redirect(f"{reverse('citizens:triage')}?current={report.pk}")


def _page(request, form, status: int = 200):
    context = {
        "form": form,
        "section": "intake",
        "photos_kept": bool(form.files.getlist("photos")) if form.is_bound else False,
        "max_photos": MAX_PHOTOS,
    }
    return render(request, "citizens/office/intake.html", context, status=status)


@require_http_methods(["GET", "POST"])
@office_required
def intake_import(request):
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"form": form, "section": "intake"}
    if request.method == "GET":
        return render(request, "citizens/office/import.html", context)
    if not form.is_valid():
        return render(request, "citizens/office/import.html", context, status=400)
    try:
        context["imported"] = import_reports(request.user, form.cleaned_data["file"])
    except xlsx.XlsxImportError as exc:
        context.update(errors=exc.errors, error=exc.message)
        return render(request, "citizens/office/import.html", context, status=400)
    except DomainError as exc:
        _form_error(form, exc)
        return render(request, "citizens/office/import.html", context, status=exc.status)
    return render(request, "citizens/office/import.html", context)


@require_GET
@office_required
def import_template(request):
    return xlsx.xlsx_response(template_workbook(), _("热线信访登记模板.xlsx"))
