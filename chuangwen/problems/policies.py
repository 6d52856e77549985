"""Configurable rules: deadline policy per severity and category, the holiday calendar, escalation."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DurationUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    DAYS = "days", _("天")


class DeadlinePolicy(models.Model):
    """How long a unit has to fix a problem of this severity (and optionally this category)."""

    severity = models.CharField(_("严重程度"), max_length=16)
    category = models.ForeignKey(
        "problems.ProblemCategory",
        verbose_name=_("问题类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示适用于所有类别"),
    )
    amount = models.PositiveIntegerField(_("时限"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("单位"), max_length=8, choices=DurationUnit.choices, default=DurationUnit.DAYS)
    working_days = models.BooleanField(_("按工作日计算"), default=False)

    class Meta:
        verbose_name = _("整改时限规则")
        verbose_name_plural = _("整改时限规则")
        ordering = ["severity", "category"]
        constraints = [
            models.UniqueConstraint(fields=["severity", "category"], name="deadlinepolicy_unique"),
            models.UniqueConstraint(
                fields=["severity"], condition=Q(category__isnull=True), name="deadlinepolicy_unique_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.severity} {self.amount} {self.unit}"


class Holiday(models.Model):
    """A public holiday, or a weekend day made a working day (调休上班) when is_workday is set."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    is_workday = models.BooleanField(_("调休上班"), default=False)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class EscalationPolicy(models.Model):
    """One row (pk=1): when reminders and escalations are sent."""

    remind_before_hours = models.PositiveIntegerField(_("到期前提醒（小时）"), default=24)
    head_after_days = models.PositiveIntegerField(_("超期几天后通知负责人"), default=2)
    summons_after_days = models.PositiveIntegerField(_("超期几天后列入约谈名单"), default=5)
    notify_sms = models.BooleanField(_("发送短信"), default=True)
    notify_email = models.BooleanField(_("发送邮件"), default=True)

    class Meta:
        verbose_name = _("督办规则")
        verbose_name_plural = _("督办规则")

    @classmethod
    def current(cls) -> EscalationPolicy:
        return cls.objects.get_or_create(pk=1)[0]
