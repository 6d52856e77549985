"""Reports from outside: citizens' 随手拍 (the public page and Open311), the 12345 hotline, petitions
(信访) and environmental-inspection transfers. Each waits in the office's triage queue until it is
accepted (it becomes a problem), rejected with a reason, or marked as a duplicate of a problem.

The reporter's name, phone and e-mail are personal data: office staff see them; units see them
masked; the public status page never shows them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.problems.models import Problem, ProblemCategory

# Tracking codes: 10 characters without look-alikes (no 0/O, 1/I/L), easy to read out on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """The Open311 token of a report (GET tokens/{token} answers its tracking code)."""
    return secrets.token_hex(8)


class Channel(models.TextChoices):
    WEB = "web", _("随手拍页面")
    OPEN311 = "open311", _("Open311 接口")
    HOTLINE = "hotline", _("12345热线")
    PETITION = "petition", _("信访")
    ENVIRONMENT = "environment", _("环保督察转办")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    DUPLICATE = "duplicate", _("重复反映")


class PublicListing(models.TextChoices):
    """What Open311's GET requests show of reports (CitizenSettings.open311_listing)."""

    ACCEPTED = "accepted", _("仅已受理的反映，显示受理时审定的文字")
    ALL = "all", _("全部反映（含待受理、不予受理和重复反映）")


class Open311Key(models.Model):
    """An api_key for an Open311 client (an app, a partner system), issued and revoked by the office.
    Only its SHA-256 is stored; the key is shown once."""

    name = models.CharField(_("名称"), max_length=50)
    prefix = models.CharField(_("前缀"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    rate_limit_per_hour = models.PositiveIntegerField(_("每小时请求上限"), default=600)
    contact = models.CharField(_("联系人"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 密钥")
        verbose_name_plural = pgettext_lazy("plural", "Open311 密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Report(models.Model):
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_tracking_code)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("问题类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("问题描述"))
    # The text the public sees once the office accepted the report (set at acceptance; by default the
    # report's own text, or as the office edited it, e.g. without a neighbour's name).
    public_text = models.TextField(_("公开文字"), blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # Personal data (office staff only; masked for units; never public).
    reporter_name = models.CharField(_("反映人"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("反映人电话"), max_length=20, blank=True, db_index=True)
    reporter_email = models.EmailField(_("反映人邮箱"), blank=True)
    # Anti-abuse keys: a hash of the client address and of the device id the page keeps (not the raw values).
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    device_hash = models.CharField(max_length=64, blank=True, db_index=True)
    external_ref = models.CharField(_("外部编号"), max_length=64, blank=True, db_index=True)
    open311_key = models.ForeignKey(Open311Key, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    attributes = models.JSONField(_("附加信息"), default=dict, blank=True)  # Open311 attribute[code] values
    media_url = models.URLField(_("图片链接"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING, db_index=True
    )
    problem = models.ForeignKey(
        Problem, verbose_name=_("对应问题"), null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    decision_note = models.TextField(_("处理意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    points = models.PositiveIntegerField(_("奖励积分"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # staff who registered a hotline/petition/transfer; empty for citizens
    created_at = models.DateTimeField(_("反映时间"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("市民反映")
        verbose_name_plural = pgettext_lazy("plural", "市民反映")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["category", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "duplicate"]) | Q(problem__isnull=False),
                name="report_decided_has_problem",
            ),
            models.UniqueConstraint(
                fields=["channel", "external_ref"], condition=~Q(external_ref=""), name="report_external_ref_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.description[:30]}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.CharField(_("图片"), max_length=200)
    thumbnail = models.CharField(_("缩略图"), max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Datatype(models.TextChoices):
    """The six datatypes of an Open311 service attribute (GeoReport v2 service definitions)."""

    STRING = "string", _("单行文字")
    NUMBER = "number", _("数字")
    DATETIME = "datetime", _("日期时间")
    TEXT = "text", _("多行文字")
    SINGLE = "singlevaluelist", _("单选")
    MULTI = "multivaluelist", _("多选")


LIST_DATATYPES = (Datatype.SINGLE, Datatype.MULTI)


class ServiceAttribute(models.Model):
    """An extra question of a problem category for Open311 clients (attribute[code]=value): its
    datatype, whether it is required, and for lists the allowed values as [{"key", "name"}]."""

    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("问题类别"), on_delete=models.CASCADE, related_name="open311_attributes"
    )
    code = models.CharField(_("编码"), max_length=50)
    datatype = models.CharField(_("数据类型"), max_length=16, choices=Datatype.choices)
    variable = models.BooleanField(_("需要填写"), default=True, help_text=_("不勾选则只作为说明文字展示"))
    required = models.BooleanField(_("必填"), default=False)
    datatype_description = models.CharField(_("填写说明"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("排序"))
    description = models.CharField(_("问题"), max_length=500)
    values = models.JSONField(_("可选值"), default=list, blank=True)

    class Meta:
        verbose_name = _("Open311 附加信息项")
        verbose_name_plural = pgettext_lazy("plural", "Open311 附加信息项")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="service_attribute_code_unique"),
            models.UniqueConstraint(fields=["category", "order"], name="service_attribute_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_DATATYPES

    def value_names(self) -> dict[str, str]:
        return {str(v.get("key", "")): str(v.get("name", "")) for v in self.values or []}


class PointsEntry(models.Model):
    """The reward points ledger (积分): one line per accepted report, keyed by the reporter's phone."""

    phone = models.CharField(_("手机号"), max_length=20, db_index=True)
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="points_entry")
    points = models.IntegerField(_("积分"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = pgettext_lazy("plural", "积分记录")
        ordering = ["-created_at"]


class CitizenSettings(models.Model):
    """The office's rules for the citizens' channel (one row)."""

    points_per_report = models.PositiveIntegerField(_("每条受理奖励积分"), default=10)
    per_phone_per_minute = models.PositiveSmallIntegerField(_("同一手机每分钟上限"), default=10)
    per_phone_per_day = models.PositiveIntegerField(_("同一手机每天上限"), default=50)
    per_device_per_minute = models.PositiveSmallIntegerField(_("同一设备每分钟上限"), default=10)
    per_client_per_minute = models.PositiveSmallIntegerField(_("同一IP每分钟上限"), default=30)
    per_client_per_day = models.PositiveIntegerField(_("同一IP每天上限"), default=500)
    duplicate_radius_m = models.PositiveIntegerField(_("疑似重复半径（米）"), default=200)
    duplicate_window_days = models.PositiveSmallIntegerField(_("疑似重复时间窗（天）"), default=7)
    open311_listing = models.CharField(
        _("Open311 公开范围"), max_length=10, choices=PublicListing.choices, default=PublicListing.ACCEPTED
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("随手拍设置")
        verbose_name_plural = pgettext_lazy("plural", "随手拍设置")

    @classmethod
    def current(cls) -> CitizenSettings:
        row = cls.objects.order_by("pk").first()
        return row or cls.objects.create()
