"""Stored scores: one run per computation of a round (or a period), kept as history.

A recompute is a new run; the round's current run is the latest. Rankings and lists are stored
with the unit totals of the run, so what was published holds still when rules change later.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.indicators.models import Standard
from chuangwen.inspections.models import Round
from chuangwen.units.models import Unit


class PeerGroup(models.TextChoices):
    DISTRICTS = "districts", _("区县")
    STREETS = "streets", _("街道乡镇")
    DEPARTMENTS = "departments", _("市直部门")


class ListMode(models.TextChoices):
    RANK = "rank", _("按名次")
    THRESHOLD = "threshold", _("按分数线")


class Board(models.TextChoices):
    RED = "red", _("红榜")
    BLACK = "black", _("黑榜")


def default_cycle_weights() -> list:
    return [15, 25, 60]


def default_target_weights() -> dict:
    return {"score": 60, "on_time": 20, "overdue": 10, "rework": 10}


def default_grades() -> list:
    return [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "合格", "min": 60}]


class AssessmentSettings(models.Model):
    """The office's rules for lists and the annual assessment (one row)."""

    list_mode = models.CharField(_("红黑榜方式"), max_length=10, choices=ListMode.choices, default=ListMode.RANK)
    list_size = models.PositiveSmallIntegerField(_("红黑榜名次数"), default=3)
    red_threshold = models.DecimalField(_("红榜分数线"), max_digits=5, decimal_places=2, default=Decimal(95))
    black_threshold = models.DecimalField(_("黑榜分数线"), max_digits=5, decimal_places=2, default=Decimal(85))
    cycle_weights = models.JSONField(_("三年周期权重（%）"), default=default_cycle_weights)
    target_weights = models.JSONField(_("年度考核权重（%）"), default=default_target_weights)
    overdue_penalty = models.DecimalField(
        _("每件超期扣分"), max_digits=5, decimal_places=2, default=Decimal(2),
        help_text=_("超期件数折算为百分制时每件扣的分"),
    )  # fmt: skip
    grades = models.JSONField(_("考核等次"), default=default_grades)
    summons_black_count = models.PositiveSmallIntegerField(
        _("上黑榜次数达到即约谈"), default=2, help_text=_("一年内上黑榜达到此次数的单位列入约谈名单")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核设置")
        verbose_name_plural = pgettext_lazy("plural", "考核设置")

    @classmethod
    def current(cls) -> AssessmentSettings:
        settings_row = cls.objects.order_by("pk").first()
        return settings_row or cls.objects.create()


class ScoreRun(models.Model):
    """One computation of the scores of a round, or of a whole year's rounds pooled together."""

    round = models.ForeignKey(
        Round, verbose_name=_("督查轮次"), null=True, blank=True, on_delete=models.PROTECT, related_name="score_runs"
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    rounds = models.PositiveIntegerField(_("轮次数"), default=1)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    results = models.PositiveIntegerField(_("检查结果数"), default=0)
    reason = models.CharField(_("重新计算理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("计分记录")
        verbose_name_plural = pgettext_lazy("plural", "计分记录")
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round"], condition=Q(is_current=True), name="scorerun_one_current"),
            models.UniqueConstraint(fields=["year"], condition=Q(is_current=True), name="scorerun_one_current_year"),
            models.CheckConstraint(
                condition=Q(round__isnull=False, year__isnull=True) | Q(round__isnull=True, year__isnull=False),
                name="scorerun_round_or_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.code if self.round_id else self.year} · {self.computed_at:%Y-%m-%d %H:%M}"


class StandardScore(models.Model):
    """Points of one unit on one standard in a run: derived rows, tens of thousands per run, written
    in bulk by the engine from ids it has just read. Their unit and standard references are not
    checked by the database (checking them costs PostgreSQL about as much as writing the rows);
    units and standards are deactivated, never deleted, while scores refer to them."""

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="standard_scores")
    unit = models.ForeignKey(Unit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    standard = models.ForeignKey(Standard, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    method = models.CharField(_("测评方法"), max_length=10, default="field")
    earned = models.DecimalField(_("得分"), max_digits=9, decimal_places=4)
    possible = models.DecimalField(_("应得分"), max_digits=9, decimal_places=4)
    applicable = models.PositiveIntegerField(_("有效检查数"), default=0)
    failures = models.PositiveIntegerField(_("不合格数"), default=0)
    sites = models.PositiveIntegerField(_("点位数"), default=0)
    vetoed = models.BooleanField(_("否决"), default=False)

    class Meta:
        indexes = [models.Index(fields=["run", "unit"])]

    @property
    def lost(self) -> Decimal:
        return max(self.possible - self.earned, Decimal(0)) if self.possible else -self.earned


class UnitScore(models.Model):
    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="unit_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    peer_group = models.CharField(_("排名组"), max_length=12, choices=PeerGroup.choices)
    earned = models.DecimalField(_("得分"), max_digits=10, decimal_places=4)
    possible = models.DecimalField(_("应得分"), max_digits=10, decimal_places=4)
    score = models.DecimalField(_("百分制得分"), max_digits=5, decimal_places=2, null=True)
    vetoed = models.BooleanField(_("否决"), default=False)
    rank = models.PositiveIntegerField(_("名次"), null=True)
    of = models.PositiveIntegerField(_("参评单位数"), default=0)
    previous_rank = models.PositiveIntegerField(_("上轮名次"), null=True)
    previous_score = models.DecimalField(_("上轮得分"), max_digits=5, decimal_places=2, null=True)
    board = models.CharField(_("红黑榜"), max_length=5, choices=Board.choices, blank=True)

    class Meta:
        ordering = ["peer_group", "rank", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="unitscore_one_per_run")]


class TalliedRound(models.Model):
    """A scorable round whose check results are counted into its year's tallies. The results of a
    closed round are frozen (no visit is open, none can start), so its counts never change."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, primary_key=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    results = models.PositiveIntegerField(_("检查结果数"), default=0)
    tallied_at = models.DateTimeField(_("计入时间"))


class YearTally(models.Model):
    """The answers of a year's scorable rounds counted per (site, standard, rule): what a year's
    score reads (about a fifth of the rows of its check results), kept as rounds become scorable.

    `rule_key` folds the rule's three parts into one non-null text, so a round's counts are added
    to an existing row by one INSERT … ON CONFLICT DO UPDATE on both databases (a nullable
    deduction would never conflict)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    site = models.ForeignKey("sites.Site", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    standard = models.ForeignKey(Standard, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    rule_key = models.CharField(max_length=60)
    rule_kind = models.CharField(max_length=16)
    deduction_per = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    veto_scope = models.CharField(max_length=16, blank=True)
    passes = models.PositiveIntegerField(default=0)
    fails = models.PositiveIntegerField(default=0)
    occurrences = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "site", "standard", "rule_key"], name="yeartally_one_per_rule")
        ]
