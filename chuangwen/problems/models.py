"""Problems (问题) and their rectification: the state, the photos, the requests, the history."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.indicators.models import Standard
from chuangwen.sites.models import Site
from chuangwen.units.models import OFFICE_ROLES, Role, Unit


class Source(models.TextChoices):
    INSPECTION = "inspection", _("督查发现")
    CITIZEN = "citizen", _("市民随手拍")
    GRID = "grid", _("网格上报")
    HOTLINE = "hotline", _("12345热线")
    PETITION = "petition", _("信访")
    ENVIRONMENT = "environment", _("环保督察转办")
    LEADER = "leader", _("领导交办")
    MEDIA = "media", _("媒体曝光")


class Severity(models.TextChoices):
    URGENT = "urgent", _("紧急")
    SERIOUS = "serious", _("严重")
    MAJOR = "major", _("较重")
    MINOR = "minor", _("一般")


class Status(models.TextChoices):
    NEW = "new", _("待分派")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("整改中")
    SUBMITTED = "submitted", _("待审核")
    REJECTED = "rejected", _("已退回")
    CLOSED = "closed", _("已销号")
    INVALID = "invalid", _("无效")
    DUPLICATE = "duplicate", _("重复")


# With the unit, the clock running: these can be overdue.
WITH_UNIT = (Status.ASSIGNED, Status.IN_PROGRESS, Status.REJECTED)
OPEN = (Status.NEW, *WITH_UNIT, Status.SUBMITTED)
ENDED = (Status.CLOSED, Status.INVALID, Status.DUPLICATE)


class Escalation(models.IntegerChoices):
    NONE = 0, _("未提醒")
    REMINDED = 1, _("临期提醒联络员")
    OVERDUE = 2, _("超期通知联络员")
    HEAD = 3, _("超期通知负责人")
    SUMMONS = 4, _("列入约谈名单")


class ProblemCategory(models.Model):
    """What kind of problem (市容环境, 交通秩序 …): drives the deadline policy and the citizens' channel."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)
    default_unit = models.ForeignKey(
        Unit, verbose_name=_("默认责任单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(_("市民可选"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ProblemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def overdue(self, now: datetime.datetime):
        return self.filter(status__in=WITH_UNIT, deadline__lt=now)

    def due_before(self, moment: datetime.datetime):
        return self.filter(status__in=WITH_UNIT, deadline__lt=moment)

    def for_unit(self, unit: Unit):
        """Problems a unit answers for, as the responsible or a cooperating unit."""
        cooperating = Problem.cooperating_units.through.objects.filter(unit_id=unit.pk).values("problem_id")
        return self.filter(Q(responsible_unit_id=unit.pk) | Q(pk__in=cooperating)).exclude(status=Status.NEW)

    def visible_to(self, user):
        """Office staff and leaders read every problem; a district office its district's; a unit
        the problems assigned to it or shared with it; inspectors and grid workers what they reported."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (*OFFICE_ROLES, Role.LEADER):
            return self
        if user.role == Role.DISTRICT_OFFICE and user.unit_id:
            return self.filter(district_id=user.unit_id)
        if user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD) and user.unit_id:
            return self.for_unit(user.unit)
        if user.role in (Role.INSPECTOR, Role.GRID_WORKER):
            return self.filter(created_by_id=user.pk)
        return self.none()


class Problem(models.Model):
    code = models.CharField(_("编号"), max_length=24, unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    external_ref = models.CharField(_("外部编号"), max_length=64, blank=True, db_index=True)
    category = models.ForeignKey(
        ProblemCategory,
        verbose_name=_("问题类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("测评标准"), null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("点位"), null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("问题描述"))
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices, default=Severity.MINOR)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    # Where it is: the territorial unit and its district, kept for routing, scoping and filters.
    territorial_unit = models.ForeignKey(
        Unit, verbose_name=_("属地单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Unit, verbose_name=_("区县"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_problems"
    )
    deadline = models.DateTimeField(_("整改时限"), null=True, blank=True, db_index=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交整改时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("按期整改"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("督办级别"), choices=Escalation.choices, default=Escalation.NONE
    )
    reopen_count = models.PositiveSmallIntegerField(_("重新打开次数"), default=0)
    rebound_count = models.PositiveSmallIntegerField(_("反弹次数"), default=0)
    rework_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("重复于"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    end_reason = models.TextField(_("无效或重复说明"), blank=True)
    reporter_name = models.CharField(_("反映人"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("反映人电话"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible_unit", "status"]),
            models.Index(fields=["district", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new") | Q(status__in=["invalid", "duplicate"]) | Q(responsible_unit__isnull=False),
                name="problem_assigned_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False), name="problem_duplicate_has_original"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def is_overdue(self, now: datetime.datetime) -> bool:
        return self.status in WITH_UNIT and self.deadline is not None and self.deadline < now

    def overdue_days(self, now: datetime.datetime) -> int:
        if not self.is_overdue(now):
            return 0
        return (now - self.deadline).days + 1


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("整改前")
    AFTER = "after", _("整改后")
    RECHECK = "recheck", _("复查")


class ProblemPhoto(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("类型"), max_length=8, choices=PhotoKind.choices)
    rectification = models.ForeignKey(
        "Rectification", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.CharField(_("图片"), max_length=200)
    thumbnail = models.CharField(_("缩略图"), max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    lat = models.DecimalField(_("拍摄纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("拍摄经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问题照片")
        verbose_name_plural = _("问题照片")
        ordering = ["id"]


class Review(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("退回")


class Rectification(models.Model):
    """One submission of a fix by the unit, and the office's review of it."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="rectifications")
    note = models.TextField(_("整改说明"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    outcome = models.CharField(_("审核结果"), max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("整改提交")
        verbose_name_plural = _("整改提交")
        ordering = ["submitted_at", "id"]


class RequestKind(models.TextChoices):
    EXTENSION = "extension", _("申请延期")
    DISPUTE = "dispute", _("申请转办")


class UnitRequest(models.Model):
    """A unit's request to the office about a problem: more time, or "not ours"."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("申请类型"), max_length=10, choices=RequestKind.choices)
    reason = models.TextField(_("申请理由"))
    requested_deadline = models.DateTimeField(_("申请延至"), null=True, blank=True)
    suggested_unit = models.ForeignKey(
        Unit, verbose_name=_("建议责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Review.choices, default=Review.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("单位申请")
        verbose_name_plural = _("单位申请")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem"], condition=Q(outcome="pending"), name="unitrequest_one_pending_per_problem"
            )
        ]


from chuangwen.problems.delivery_models import Outbox  # noqa: E402,F401
from chuangwen.problems.followup_models import FollowUpCheck, FollowUpSample  # noqa: E402,F401
from chuangwen.problems.inbox import Notification  # noqa: E402,F401
from chuangwen.problems.policies import DeadlinePolicy, EscalationPolicy, Holiday  # noqa: E402,F401
