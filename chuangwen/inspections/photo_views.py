"""Serving inspection photos to the people who may see their visit."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from chuangwen.inspections import access
from chuangwen.inspections.models import CheckPhoto, Visit


@login_required
@require_GET
def check_photo(request, pk: int):
    """The stamped photo; ?size=thumb its thumbnail; ?size=original the photo as uploaded
    (office staff and the round's own inspectors only: it is the evidence)."""
    visible = Visit.objects.visible_to(request.user).values("pk")
    photo = CheckPhoto.objects.filter(pk=pk, visit_id__in=visible).select_related("visit__round").first()
    if photo is None:
        raise Http404
    size = request.GET.get("size", "")
    name, content_type = photo.image, "image/jpeg"
    if size == "thumb" and photo.thumbnail:
        name = photo.thumbnail
    elif size == "original":
        if not (access.plans(request.user) or access.is_member(request.user, photo.visit.round)):
            raise Http404
        name = photo.original
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
