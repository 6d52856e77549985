"""Issuing circulars and the office's circular settings and Word templates: every write, audited.

Rendering a circular takes a few seconds (WeasyPrint), too long to hold the database's write lock:
`issue_circular` reads and renders outside a transaction, then stores the files and the row in one
short transaction that checks nothing moved meanwhile (the number still free, the run still
current); if something did, it renders again.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.assessment.models import ScoreRun
from chuangwen.audit import services as audit
from chuangwen.circulars import content as builder
from chuangwen.circulars import docx_render
from chuangwen.circulars.models import Circular, CircularSettings, CircularTemplate
from chuangwen.circulars.samples import sample_content
from chuangwen.inspections.models import Round, RoundStatus
from chuangwen.lib import uploads
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.units.models import OFFICE_ROLES

SCORABLE = (RoundStatus.CLOSED, RoundStatus.PUBLISHED)
TEMPLATE_MAX_BYTES = 10 * 1024 * 1024
ATTEMPTS = 3
SETTINGS_FIELDS = ["office_name", "number_prefix", "addressees", "requirements", "copy_to"]


def _require_office(actor, message: str) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(message)


def issuable_rounds():
    """Rounds a circular may be issued for: closed or published, scored, and not secret."""
    scored = ScoreRun.objects.filter(is_current=True, round__isnull=False).values("round_id")
    return (
        Round.objects.filter(status__in=SCORABLE, pk__in=scored)
        .exclude(pk__in=Round.objects.secret().values("pk"))
        .order_by("-period_start", "-created_at", "-id")
    )


def _check_round(round_: Round) -> ScoreRun:
    if round_.status not in SCORABLE:
        raise Conflict(_("轮次结束后才能印发通报"))
    if round_.is_secret:
        raise Conflict(_("暗访轮次发布后才能印发通报"))
    run = ScoreRun.objects.filter(round=round_, is_current=True).first()
    if run is None:
        raise Conflict(_("请先计算该轮次的得分，再印发通报"))
    return run


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"


def _next_seq(year: int) -> int:
    return (Circular.objects.filter(year=year).aggregate(m=Max("seq"))["m"] or 0) + 1


def template_bytes(template: CircularTemplate | None) -> bytes:
    if template is None:
        return docx_render.default_template()
    with default_storage.open(template.file, "rb") as handle:
        return handle.read()


def document_moment(day: datetime.date) -> datetime.datetime:
    """The time written into the documents: the circular's date at midnight, so a re-render matches."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass
class _Draft:
    round: Round
    run: ScoreRun
    config: CircularSettings
    seq: int
    header: builder.Header
    content: builder.Content
    now: datetime.datetime


def _draft(round_: Round, title: str, now: datetime.datetime) -> _Draft:
    run = _check_round(round_)
    config = CircularSettings.current()
    day = timezone.localdate(now)
    seq = _next_seq(day.year)
    header = builder.Header(
        number=format_number(config.number_prefix, day.year, seq), title=title or builder.default_title(round_),
        office=config.issuing_office, date=day, addressees=config.addressees,
        requirements=[line.strip() for line in config.requirements.splitlines() if line.strip()],
        copy_to=config.copy_to.strip(),
    )  # fmt: skip
    return _Draft(round_, run, config, seq, header, builder.build(round_, run, header, now), now)


def render_documents(draft_content: builder.Content, template: CircularTemplate | None) -> tuple[bytes, bytes, int]:
    """(DOCX, PDF, pages) of a circular's content; the same content gives the same bytes."""
    moment = document_moment(draft_content.header.date)
    docx = docx_render.render(template_bytes(template), draft_content, moment)
    from chuangwen.circulars import pdf_render  # WeasyPrint: 30 MiB and 0.4 s, only where a PDF is made

    pdf, pages = pdf_render.render(draft_content, moment)
    return docx, pdf, pages


def _store(data: bytes, year: int, extension: str) -> str:
    return default_storage.save(f"circulars/{year}/{uuid.uuid4().hex}.{extension}", ContentFile(data))


def issue_circular(actor, round_: Round, *, title: str = "", reason: str = "") -> Circular:
    """Issue the circular of a closed (a covert round: published) and scored round. A second circular
    for the same round needs a reason; numbers run 1, 2, 3 … per year and never repeat."""
    _require_office(actor, _("只有文明办可以印发通报"))
    title, reason = " ".join((title or "").split())[:200], " ".join((reason or "").split())[:200]
    round_ = Round.objects.get(pk=round_.pk)
    earlier = Circular.objects.filter(round=round_).order_by("-issued_at").first()
    if earlier is not None and not reason:
        raise DomainError(
            _("该轮次已印发通报（%(number)s），重新印发请说明理由") % {"number": earlier.number}, field="reason"
        )
    for _attempt in range(ATTEMPTS):
        draft = _draft(round_, title, timezone.now())
        docx, pdf, pages = render_documents(draft.content, draft.config.template)
        names = [_store(docx, draft.header.date.year, "docx"), _store(pdf, draft.header.date.year, "pdf")]
        try:
            return _save(actor, draft, names, docx, pdf, pages, reason)
        except _Moved:
            uploads.delete_stored(*names)
        except BaseException:
            uploads.delete_stored(*names)
            raise
    raise Conflict(_("其他通报正在印发，请稍后重试"))


class _Moved(Exception):
    """Something the draft was made from changed before it could be saved."""


def _save(actor, draft: _Draft, names: list[str], docx: bytes, pdf: bytes, pages: int, reason: str) -> Circular:
    try:
        with transaction.atomic():
            config = CircularSettings.objects.select_for_update().get(pk=draft.config.pk)
            round_ = Round.objects.select_for_update().get(pk=draft.round.pk)
            if round_.status != draft.round.status or _check_round(round_).pk != draft.run.pk:
                raise _Moved
            if config.template_id != draft.config.template_id or _next_seq(draft.header.date.year) != draft.seq:
                raise _Moved
            if not reason and Circular.objects.filter(round=round_).exists():
                raise DomainError(_("该轮次已印发通报，重新印发请说明理由"), field="reason")
            circular = _create(actor, draft, names, docx, pdf, pages, reason)
            audit.record(
                actor, "circular.issued", circular, reason=reason,
                after={
                    "number": circular.number, "round": round_.pk, "run": draft.run.pk, "title": circular.title,
                    "template": circular.template_name, "docx_sha256": circular.docx_sha256,
                    "pdf_sha256": circular.pdf_sha256, "pages": pages, "recipients": len(draft.content.recipients),
                },
            )  # fmt: skip
            return circular
    except IntegrityError:  # the number was taken between the check and the insert
        raise _Moved from None


def _create(actor, draft: _Draft, names: list[str], docx: bytes, pdf: bytes, pages: int, reason: str) -> Circular:
    h, template = draft.header, draft.config.template
    circular = Circular.objects.create(
        number=h.number, year=h.date.year, seq=draft.seq, title=h.title, office_name=h.office, issued_on=h.date,
        issued_at=draft.now, issued_by=actor, round=draft.round, run=draft.run, template=template,
        template_name=template.name if template else _("默认模板"), reason=reason,
        docx=names[0], docx_sha256=hashlib.sha256(docx).hexdigest(), pdf=names[1],
        pdf_sha256=hashlib.sha256(pdf).hexdigest(), pages=pages, figures=draft.content.figures,
    )  # fmt: skip
    circular.recipients.set(sorted(draft.content.recipients))
    return circular


# --- settings and templates -------------------------------------------------------------------------


@transaction.atomic
def update_settings(actor, **fields) -> CircularSettings:
    _require_office(actor, _("只有文明办可以修改通报设置"))
    CircularSettings.current()
    config = CircularSettings.objects.select_for_update().order_by("pk").first()
    before = audit.snapshot(config, SETTINGS_FIELDS)
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise DomainError(_("未知的设置项"))
        setattr(config, name, str(value or "").strip())
    prefix = config.number_prefix
    if not prefix or any(mark in prefix for mark in "〔〕[]()（）号") or len(prefix) > 20:
        raise DomainError(_("发文字号前缀须为 1 到 20 个字，且不含括号和“号”字"), field="number_prefix")
    if not config.addressees:
        raise DomainError(_("请填写主送单位"), field="addressees")
    if not config.requirements.strip():
        raise DomainError(_("请填写工作要求"), field="requirements")
    config.save()
    audit.record_changes(actor, "circular_settings.updated", config, before, audit.snapshot(config, SETTINGS_FIELDS))
    return config


def _read_template(uploaded_file) -> bytes:
    if uploaded_file is None:
        raise DomainError(_("请选择要上传的 Word 模板（.docx）"), field="template")
    if (getattr(uploaded_file, "size", 0) or 0) > TEMPLATE_MAX_BYTES:
        raise DomainError(_("模板文件过大（上限 10 MB）"), field="template")
    uploaded_file.seek(0)
    data = uploaded_file.read(TEMPLATE_MAX_BYTES + 1)
    if len(data) > TEMPLATE_MAX_BYTES:
        raise DomainError(_("模板文件过大（上限 10 MB）"), field="template")
    if not data:
        raise DomainError(_("文件是空的"), field="template")
    return data


def check_template(data: bytes) -> None:
    """Raise DomainError(field="template") unless the file renders the sample circular."""
    if not data.startswith(b"PK\x03\x04"):
        raise DomainError(_("文件不是有效的 Word 文档（.docx）"), field="template")
    sample = sample_content()
    docx_render.render(data, sample, document_moment(sample.header.date))


def upload_template(actor, uploaded_file, *, name: str = "") -> CircularTemplate:
    """Check an uploaded Word template against the sample circular, keep it and make it current."""
    _require_office(actor, _("只有文明办可以更换通报模板"))
    data = _read_template(uploaded_file)
    check_template(data)
    original = uploads.sanitize_name(getattr(uploaded_file, "name", "")) or "template.docx"
    stored = uploads.accept_document(ContentFile(data, name=original), folder="circulars/templates")
    try:
        if stored.content_type != docx_render.DOCX_TYPE:
            raise DomainError(_("文件不是有效的 Word 文档（.docx）"), field="template")
        with transaction.atomic():
            CircularSettings.current()
            config = CircularSettings.objects.select_for_update().order_by("pk").first()
            template = CircularTemplate.objects.create(
                name=(" ".join((name or "").split()) or original)[:100], file=stored.name, sha256=stored.sha256,
                size=stored.bytes, uploaded_by=actor, uploaded_at=timezone.now(),
            )  # fmt: skip
            previous = config.template_id
            config.template = template
            config.save(update_fields=["template", "updated_at"])
            audit.record(
                actor, "circular_template.uploaded", template, before={"template": previous},
                after={"template": template.pk, "name": template.name, "sha256": template.sha256, "size": template.size},
            )  # fmt: skip
            return template
    except BaseException:
        uploads.delete_stored(*stored.names)
        raise


@transaction.atomic
def revert_template(actor) -> CircularSettings:
    """Go back to the default template (uploaded ones are kept: issued circulars refer to them)."""
    _require_office(actor, _("只有文明办可以更换通报模板"))
    CircularSettings.current()
    config = CircularSettings.objects.select_for_update().order_by("pk").first()
    if config.template_id is None:
        raise Conflict(_("当前已在使用默认模板"))
    previous = config.template_id
    config.template = None
    config.save(update_fields=["template", "updated_at"])
    audit.record(actor, "circular_template.reverted", config, before={"template": previous}, after={"template": None})
    return config


# --- page previews ------------------------------------------------------------------------------------


def page_image(circular: Circular, page: int) -> bytes:
    """Page `page` of the circular's PDF as PNG, rendered once and kept beside the PDF (the PDF never
    changes, so neither does the picture)."""
    if not 1 <= page <= max(circular.pages, 1):
        raise DomainError(_("没有这一页"), field="page")
    name = f"{circular.pdf.rsplit('.', 1)[0]}-p{page}.png"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    with default_storage.open(circular.pdf, "rb") as handle:
        from chuangwen.circulars import pdf_render

        data = pdf_render.page_png(handle.read(), page)
    default_storage.save(name, ContentFile(data))
    return data
