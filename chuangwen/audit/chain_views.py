"""The audit chain on the audit page: verify it now, download it for an outside check."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.audit import anchoring, integrity
from chuangwen.audit.chain import Finding
from chuangwen.lib.permissions import office_admin_required
from chuangwen.lib.xlsx import content_disposition


@require_POST
@office_admin_required
def chain_verify(request):
    """Walk the whole chain now; the result stays on the audit page."""
    check = anchoring.check_chain(request.user)
    if check.ok:
        messages.success(request, _("审计链完好：共 %(n)s 条事件，均与校验值相符") % {"n": check.length})
    else:
        messages.error(request, _("审计链断裂：%(message)s") % {"message": Finding.from_dict(check.finding).message()})
    return redirect("audit:list")


@require_GET
@office_admin_required
def chain_export(request):
    """Every event's canonical content and hash, with the daily anchors, as JSON Lines: what an
    outside party (纪检, a timestamp service) keeps and checks with `verify_audit --export`."""
    filename = "审计链-" + timezone.localdate().strftime("%Y%m%d") + ".jsonl"
    response = StreamingHttpResponse(integrity.export_lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response
