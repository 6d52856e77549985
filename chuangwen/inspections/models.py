"""Inspection rounds (轮次): the plan, the sample, the teams, the visits and their results.

A covert round (暗访, and by default a mock assessment) is secret until it is published: every
queryset here that a page, the API or an export reads goes through `visible_to`, which hides it
from everyone but office staff and the round's own inspectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.indicators.models import ChecklistItem, Edition, RuleKind, Standard
from chuangwen.lib.ids import random_id
from chuangwen.sites.models import Site, SiteType
from chuangwen.units.models import OFFICE_ROLES, Role, Unit


class Kind(models.TextChoices):
    OPEN = "open", _("明察")
    COVERT = "covert", _("暗访")
    MOCK = "mock", _("模拟测评")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("已排期")
    IN_PROGRESS = "in_progress", _("进行中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已发布")


# The plan (rules, sample, teams) may change while the round has not started.
PLANNING = (RoundStatus.DRAFT, RoundStatus.SCHEDULED)
# Inspectors may visit sites while the round is scheduled or running.
VISITING = (RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS)


def random_pk():
    """A random primary key (lib.ids): the rows a secret round creates leave no gap in a sequence."""
    return models.BigIntegerField(primary_key=True, default=random_id, editable=False, verbose_name="ID")


class SamplingMode(models.TextChoices):
    ALL = "all", _("全面抽查")
    COUNT = "count", _("每区随机抽取（个）")
    PERCENT = "percent", _("每区随机抽取（%）")


def announced_q() -> Q:
    """The rounds the inspected may know of: open rounds once scheduled, covert ones once published."""
    return (Q(is_covert=False) & ~Q(status=RoundStatus.DRAFT)) | Q(status=RoundStatus.PUBLISHED)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office staff see every round. A covert round before publication is seen by nobody
        else but the inspectors on its teams. Other rounds: inspectors see the rounds they work
        on; leaders, district offices and units see open rounds once scheduled, and published
        covert ones."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role in OFFICE_ROLES:
            return self
        member = Q(pk__in=TeamMember.objects.filter(user_id=user.pk).values("round_id"))
        if user.role == Role.INSPECTOR:
            return self.filter(member | Q(status=RoundStatus.PUBLISHED))
        return self.filter(announced_q())

    def secret(self):
        return self.filter(is_covert=True).exclude(status=RoundStatus.PUBLISHED)


class Round(models.Model):
    id = random_pk()
    # R2026-013: the public code, given when the inspected first see the round (services.rounds.
    # number_if_announced); until then N2026-007, the office's internal code of a plan.
    code = models.CharField(_("轮次编号"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    is_covert = models.BooleanField(_("暗访保密"), default=False, help_text=_("发布前仅文明办和本轮督查员可见"))
    edition = models.ForeignKey(Edition, verbose_name=_("测评体系版本"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT, db_index=True
    )
    scope = models.ManyToManyField(
        Unit, verbose_name=_("范围"), blank=True, related_name="+", help_text=_("不选则为全市")
    )
    assessor_unit = models.ForeignKey(
        Unit, verbose_name=_("第三方测评机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exclude_visited_days = models.PositiveSmallIntegerField(
        _("排除近期已查点位（天）"), null=True, blank=True, help_text=_("排除最近若干天内已被督查的点位")
    )
    weight_by_problems = models.BooleanField(_("问题多的点位优先"), default=False)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    sampled_at = models.DateTimeField(_("抽样时间"), null=True, blank=True)
    # The explanation of the last draw: per site type and district, population, excluded, target, drawn.
    sample_counts = models.JSONField(default=list, blank=True, editable=False)
    notes = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "督查轮次")
        verbose_name_plural = _("督查轮次")
        ordering = ["-period_start", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="round_period_order")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_secret(self) -> bool:
        return self.is_covert and self.status != RoundStatus.PUBLISHED

    @property
    def is_announced(self) -> bool:
        """Known to the inspected (announced_q): it then carries its public code."""
        return (not self.is_covert and self.status != RoundStatus.DRAFT) or self.status == RoundStatus.PUBLISHED

    @property
    def in_planning(self) -> bool:
        return self.status in PLANNING


class SamplingRule(models.Model):
    """How the sites of one type are drawn for a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rules")
    site_type = models.ForeignKey(SiteType, verbose_name=_("点位类型"), on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("抽样方式"), max_length=8, choices=SamplingMode.choices)
    value = models.PositiveIntegerField(_("数量或比例"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽样规则")
        verbose_name_plural = pgettext_lazy("plural", "抽样规则")
        ordering = ["site_type__sort_order", "site_type__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "site_type"], name="samplingrule_one_per_type"),
            models.CheckConstraint(condition=Q(mode="all") | Q(value__gt=0), name="samplingrule_random_has_value"),
            models.CheckConstraint(condition=~Q(mode="percent") | Q(value__lte=100), name="samplingrule_percent_max"),
        ]


class Team(models.Model):
    """A pair (or more) of inspectors who visit their share of the sample."""

    id = random_pk()
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("组名"), max_length=50)
    sort_order = models.IntegerField(_("排序"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("组员"), through="TeamMember", related_name="inspection_teams"
    )

    class Meta:
        verbose_name = _("督查组")
        verbose_name_plural = pgettext_lazy("plural", "督查组")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="teammember_one_team_per_round")]


class Origin(models.TextChoices):
    SAMPLED = "sampled", _("抽样")
    ADDED = "added", _("人工增加")


class RoundSiteQuerySet(models.QuerySet):
    def in_sample(self):
        return self.filter(removed=False)


class RoundSite(models.Model):
    """A site in a round's sample, the team that visits it and its place in the team's route."""

    id = random_pk()
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sample")
    site = models.ForeignKey(Site, verbose_name=_("点位"), on_delete=models.PROTECT, related_name="+")
    site_type = models.ForeignKey(SiteType, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, verbose_name=_("督查组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sites"
    )
    seq = models.PositiveIntegerField(_("路线顺序"), null=True, blank=True)
    origin = models.CharField(_("来源"), max_length=8, choices=Origin.choices, default=Origin.SAMPLED)
    removed = models.BooleanField(_("已移出"), default=False)
    reason = models.CharField(_("增减理由"), max_length=200, blank=True)

    objects = RoundSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽样点位")
        verbose_name_plural = pgettext_lazy("plural", "抽样点位")
        ordering = ["team__sort_order", "seq", "site_id"]
        constraints = [models.UniqueConstraint(fields=["round", "site"], name="roundsite_unique")]


class VisitStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("检查中")
    SUBMITTED = "submitted", _("已提交")


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visits of the rounds a person may see, narrowed to the sites they may see (units and
        district offices see the results of their own sites only)."""
        rounds = Round.objects.visible_to(user)
        visits = self.filter(round__in=rounds)
        if user.is_authenticated and (user.role in OFFICE_ROLES or user.role in (Role.INSPECTOR, Role.LEADER)):
            return visits
        return visits.filter(site__in=Site.objects.visible_to(user))


class Visit(models.Model):
    """One team's inspection of one sampled site."""

    id = random_pk()
    round_site = models.OneToOneField(RoundSite, on_delete=models.PROTECT, related_name="visit")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="visits")
    site = models.ForeignKey(Site, verbose_name=_("点位"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督查员"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.IN_PROGRESS)
    started_at = models.DateTimeField(_("开始时间"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    lat = models.DecimalField(_("检查位置纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("检查位置经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(_("定位精度（米）"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("与点位距离（米）"), null=True, blank=True)
    far_from_site = models.BooleanField(_("位置偏离"), default=False)
    notes = models.TextField(_("备注"), blank=True)
    findings_created_at = models.DateTimeField(_("问题生成时间"), null=True, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = pgettext_lazy("plural", "检查记录")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round.code} · {self.site}"


class Verdict(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NOT_APPLICABLE = "na", _("不适用")


class CheckResult(models.Model):
    """The answer to one checklist item at one visit: what the assessment scores.

    The round, site and standard are copied from the visit and the item so that scoring a round
    reads one table; the rule and the deduction per occurrence are copied as they were when the
    answer was given, so a later change of the index does not change a past round.
    """

    id = random_pk()
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="results")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("考察要求"), on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("结论"), max_length=4, choices=Verdict.choices)
    count = models.PositiveIntegerField(_("问题处数"), default=0)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    rule_kind = models.CharField(_("计分规则"), max_length=16, choices=RuleKind.choices)
    deduction_per = models.DecimalField(_("每处扣分"), max_digits=6, decimal_places=2, null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("记录时间"))
    client_at = models.DateTimeField(null=True, blank=True)  # when the phone recorded it; later wins
    problem = models.OneToOneField(
        "problems.Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="check_result"
    )

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = pgettext_lazy("plural", "检查结果")
        ordering = ["item__standard__sort_order", "item__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="checkresult_one_per_item"),
            models.CheckConstraint(condition=Q(verdict="fail") | Q(count=0), name="checkresult_count_only_on_fail"),
        ]
        indexes = [models.Index(fields=["round", "standard"]), models.Index(fields=["site", "round"])]

    @property
    def deduction(self):
        """Points lost by the deduction rule at this site (the engine floors the total at zero)."""
        if self.rule_kind != RuleKind.DEDUCTION or self.verdict != Verdict.FAIL or self.deduction_per is None:
            return 0
        return self.deduction_per * max(self.count, 1)


class CheckPhoto(models.Model):
    """A photo taken for one checklist item: the original as uploaded and a stamped copy."""

    id = random_pk()
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    client_id = models.CharField(max_length=64)
    original = models.CharField(_("原图"), max_length=200)
    image = models.CharField(_("水印图"), max_length=200)
    thumbnail = models.CharField(_("缩略图"), max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    lat = models.DecimalField(_("拍摄纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("拍摄经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    taken_at = models.DateTimeField(_("拍摄时间"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("检查照片")
        verbose_name_plural = pgettext_lazy("plural", "检查照片")
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "client_id"], name="checkphoto_client_id_unique")]
