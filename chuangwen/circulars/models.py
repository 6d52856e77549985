"""Circulars (督查通报): the office's notice of a scored round, issued once as Word and PDF files.

An issued circular is a document: its number, its date, the score run it reports and the files
rendered at issue are kept as they were, so what was sent is what is read later, whatever changes
afterwards (a recompute, a problem closed, a new template). Reading rules live in
`CircularQuerySet.visible_to`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.assessment.models import ScoreRun
from chuangwen.inspections.models import Round
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role, Unit, UnitKind

DEFAULT_OFFICE_SUFFIX = "精神文明建设指导委员会办公室"
DEFAULT_CITY = "示范市"
DEFAULT_PREFIX = "文明督"
DEFAULT_ADDRESSEES = "各区（县）、开发区，市直各有关单位："
DEFAULT_REQUIREMENTS = (
    "各单位要对照本通报反映的问题，逐一建立整改台账，明确责任人和整改时限，按期完成整改并在平台提交整改材料。\n"
    "列入黑榜的单位要深刻剖析原因，主要负责同志要亲自研究部署，举一反三，防止问题反弹。\n"
    "市文明办将对本次通报问题开展“回头看”，整改不力、问题反弹的，将按规定予以约谈问责，并纳入年度目标考核。"
)


def default_office_name() -> str:
    """The city's name from the unit tree, or the demo's, with the office's standard title."""
    city = Unit.objects.filter(kind=UnitKind.CITY, parent__isnull=True).order_by("pk").first()
    return f"{city.name if city else DEFAULT_CITY}{DEFAULT_OFFICE_SUFFIX}"


class CircularTemplate(models.Model):
    """A Word template uploaded by the office. Kept (never changed) once a circular used it."""

    name = models.CharField(_("模板名称"), max_length=100)
    file = models.CharField(_("模板文件"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("通报模板")
        verbose_name_plural = pgettext_lazy("plural", "通报模板")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CircularSettings(models.Model):
    """The office's circular settings (one row): who issues, how numbers look, which template."""

    office_name = models.CharField(
        _("发文机关"), max_length=100, blank=True, help_text=_("留空则为“市名 + 精神文明建设指导委员会办公室”")
    )
    number_prefix = models.CharField(
        _("发文字号前缀"), max_length=20, default=DEFAULT_PREFIX, help_text=_("文号形如：前缀〔年份〕序号号")
    )
    addressees = models.CharField(_("主送单位"), max_length=200, default=DEFAULT_ADDRESSEES)
    requirements = models.TextField(_("工作要求"), default=DEFAULT_REQUIREMENTS, help_text=_("每行一段"))
    copy_to = models.CharField(_("抄送"), max_length=200, blank=True)
    template = models.ForeignKey(
        CircularTemplate, verbose_name=_("Word 模板"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("不选则使用默认模板"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通报设置")
        verbose_name_plural = pgettext_lazy("plural", "通报设置")

    @classmethod
    def current(cls) -> CircularSettings:
        row = cls.objects.order_by("pk").first()
        return row or cls.objects.create()

    @property
    def issuing_office(self) -> str:
        return self.office_name.strip() or default_office_name()


class CircularQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office staff and leaders read every circular. A circular is sent to the units it names
        (ranked in it, answering for a listed problem, or summoned): the district office and the
        people of a named unit read it. Always only for a round the person may see (a covert round
        gets its circular only once published). Inspectors and grid workers are not addressees."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role in (*OFFICE_ROLES, Role.LEADER):
            return self
        if user.role not in (Role.DISTRICT_OFFICE, *UNIT_ROLES) or not user.unit_id:
            return self.none()
        rounds = Round.objects.visible_to(user).values("pk")
        return self.filter(Q(round__in=rounds) & Q(recipients=user.unit_id)).distinct()


class Circular(models.Model):
    number = models.CharField(_("文号"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200)
    office_name = models.CharField(_("发文机关"), max_length=100)
    issued_on = models.DateField(_("印发日期"))
    issued_at = models.DateTimeField(_("印发时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("印发人"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(Round, verbose_name=_("督查轮次"), on_delete=models.PROTECT, related_name="circulars")
    run = models.ForeignKey(ScoreRun, verbose_name=_("计分记录"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        CircularTemplate, verbose_name=_("Word 模板"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="circulars",
    )  # fmt: skip
    template_name = models.CharField(_("模板"), max_length=100)
    reason = models.CharField(_("重新印发理由"), max_length=200, blank=True)
    docx = models.CharField(_("Word 文件"), max_length=200)
    docx_sha256 = models.CharField(max_length=64)
    pdf = models.CharField(_("PDF 文件"), max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(_("页数"), default=0)
    figures = models.JSONField(_("主要数据"), default=dict, blank=True)
    recipients = models.ManyToManyField(Unit, verbose_name=_("主送单位"), blank=True, related_name="+")

    objects = CircularQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="circular_seq_per_year")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def file_stem(self) -> str:
        return f"{self.number}{self.title}"
