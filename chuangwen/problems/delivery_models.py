"""The outbox: SMS and email messages written in the transaction that decided to send them, and
sent afterwards by delivery.deliver_pending(). One row per message and recipient; the unique
dedupe_key makes a second write of the same message a no-op."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("邮件")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Outbox(models.Model):
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("接收方"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    problem = models.ForeignKey(
        "problems.Problem", verbose_name=_("问题"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Same key, same message: written twice, stored (and sent) once.
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("状态"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    # Set by the sender that claimed the row (pending → sending); a stale claim is taken back.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.to} {self.status}"
