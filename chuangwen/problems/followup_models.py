"""Follow-up (回头看): a reproducible random sample of closed problems, and the re-check of each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpSample(models.Model):
    """One draw: who drew it, with which criteria and seed. The same criteria and seed over the
    same closed problems draw the same sample (followup.draw_sample)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("抽取时间"), db_index=True)
    seed = models.BigIntegerField(_("随机种子"))
    size = models.PositiveIntegerField(_("抽取数量"))
    # closed_after, closed_before, unit, district, size or percent, and the population drawn from.
    criteria = models.JSONField(_("抽取条件"), default=dict)

    class Meta:
        verbose_name = _("回头看抽样")
        verbose_name_plural = _("回头看抽样")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} #{self.pk} ({self.size})"


class CheckResult(models.TextChoices):
    PENDING = "pending", _("待复查")
    PASSED = "passed", _("复查通过")
    FAILED = "failed", _("出现反弹")


class FollowUpCheck(models.Model):
    sample = models.ForeignKey(FollowUpSample, verbose_name=_("抽样"), on_delete=models.CASCADE, related_name="checks")
    problem = models.ForeignKey(
        "problems.Problem", verbose_name=_("问题"), on_delete=models.PROTECT, related_name="followup_checks"
    )
    result = models.CharField(_("复查结果"), max_length=8, choices=CheckResult.choices, default=CheckResult.PENDING)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    note = models.TextField(_("复查说明"), blank=True)

    class Meta:
        verbose_name = _("回头看复查")
        verbose_name_plural = _("回头看复查")
        ordering = ["sample", "problem_id"]
        constraints = [models.UniqueConstraint(fields=["sample", "problem"], name="followupcheck_once_per_sample")]

    def __str__(self) -> str:
        return f"{self.sample_id}/{self.problem_id} {self.result}"
