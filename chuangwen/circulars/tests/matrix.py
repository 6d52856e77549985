"""Access-matrix rows: (url name, object key, personas, method); PUBLIC names need no login;
objects(world, found) adds the objects these rows' keys name.

A circular of the scored round is sent to the units it names: unit A (ranked and answering for the
problem) and district A read it; the outsider (unit B, not named) does not; inspectors and grid
workers are not addressees. Issuing, settings and templates: the office."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

OFFICE = frozenset(["office_admin", "office_staff"])
LIST = OFFICE | {"leader", "district_officer", "handler", "unit_head", "outsider"}
READERS = OFFICE | {"leader", "district_officer", "handler", "unit_head"}

PAGES: list = [
    ("circulars:list", None, LIST, "get"),
    ("circulars:issue", None, OFFICE, "post"),
    ("circulars:detail", "circular", READERS, "get"),
    ("circulars:docx", "circular", READERS, "get"),
    ("circulars:pdf", "circular", READERS, "get"),
    ("circulars:preview", "circular", READERS, "get"),
    ("circulars:page", "circular", READERS, "get"),
    ("circulars:settings", None, OFFICE, "get"),
    ("circulars:template_upload", None, OFFICE, "post"),
    ("circulars:template_revert", None, OFFICE, "post"),
    ("circulars:template_default", None, OFFICE, "get"),
    ("circulars:template_current", None, OFFICE, "get"),
]
PUBLIC: set = set()

# The files of the first circular issued, reused (rendering takes a second or two and the matrix
# builds its objects for every row).
_FILES: dict[str, bytes] = {}


def objects(world, found: dict) -> dict:
    from chuangwen.circulars import services

    round_ = found["scored_round"]
    if not _FILES:
        circular = services.issue_circular(world.office_staff, round_)
        for key in ("docx", "pdf"):
            with default_storage.open(getattr(circular, key), "rb") as handle:
                _FILES[key] = handle.read()
        _FILES["page"] = services.page_image(circular, 1)
        _FILES["pages"] = bytes([circular.pages])
        return {"circular": circular}
    return {"circular": _copy(world, round_)}


def _copy(world, round_):
    from chuangwen.assessment.models import ScoreRun, UnitScore
    from chuangwen.circulars.models import Circular
    from chuangwen.problems.models import Problem

    run = ScoreRun.objects.get(round=round_, is_current=True)
    names = {
        key: default_storage.save(f"circulars/test/matrix.{key}", ContentFile(_FILES[key])) for key in ("docx", "pdf")
    }
    default_storage.save(names["pdf"].rsplit(".", 1)[0] + "-p1.png", ContentFile(_FILES["page"]))
    circular = Circular.objects.create(
        number="文明督〔2026〕1号", year=2026, seq=1, title="关于城区明察督查情况的通报", office_name="示范市文明办",
        issued_on=round_.period_end, issued_at=round_.created_at, issued_by=world.office_staff, round=round_, run=run,
        template_name="默认模板", docx=names["docx"], docx_sha256="", pdf=names["pdf"], pdf_sha256="",
        pages=_FILES["pages"][0], figures={},
    )  # fmt: skip
    units = set(UnitScore.objects.filter(run=run).values_list("unit_id", flat=True))
    units |= set(Problem.objects.filter(check_result__round=round_).values_list("responsible_unit_id", flat=True))
    circular.recipients.set(sorted(u for u in units if u))
    return circular
