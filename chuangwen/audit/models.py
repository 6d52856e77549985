"""The append-only audit trail: one AuditEvent per change, written by services."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditImmutableError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("audit events cannot be updated")

    def delete(self):
        raise AuditImmutableError("audit events cannot be deleted")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    # Set when the event is built (not on save), so that its hash can cover it.
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    event_type = models.CharField(_("事件类型"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("变更后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("原因"), blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    # The hash chain (chain.py): position, the previous event's hash and this event's own.
    seq = models.BigIntegerField(_("序号"), unique=True)
    prev_hash = models.CharField(_("前一事件校验值"), max_length=64)
    hash = models.CharField(_("校验值"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = pgettext_lazy("plural", "审计事件")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event_type} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditImmutableError("audit events cannot be updated")
        if self.seq is None or not self.hash:
            raise AuditImmutableError("audit events are appended by chuangwen.audit.services.record()")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit events cannot be deleted")


class AuditAnchor(models.Model):
    """A closed day's head of the chain, published (digest email, inbox, public page) so that the
    office cannot quietly rewrite the trail before it: the last event of the day and its hash."""

    day = models.DateField(_("日期"), unique=True)
    # The day's end (exclusive), so that a verifier needs no time zone: events before it belong.
    until = models.DateTimeField(_("截止时间"))
    seq = models.BigIntegerField(_("截至序号"))
    head_hash = models.CharField(_("当日校验值"), max_length=64)
    events = models.PositiveIntegerField(_("当日事件数"), default=0)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审计链每日校验值")
        verbose_name_plural = _("审计链每日校验值")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} #{self.seq} {self.head_hash}"


class ChainCheck(models.Model):
    """The result of one verification of the whole chain (page, anchor job), for the audit page."""

    checked_at = models.DateTimeField(_("校验时间"), auto_now_add=True, db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("校验人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    ok = models.BooleanField(_("完好"))
    length = models.BigIntegerField(_("事件数"))
    head_hash = models.CharField(_("链头校验值"), max_length=64, blank=True)
    # The first broken link (chain.Finding.as_dict()), or null when the chain held.
    finding = models.JSONField(_("首个断点"), null=True, blank=True)
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'broken'}"
