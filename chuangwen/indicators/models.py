"""The index system (测评体系): editions, the tree of standards, responsibility and checklist items."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.sites.models import SiteType
from chuangwen.units.models import Role, Unit


class Method(models.TextChoices):
    FIELD = "field", _("实地考察")
    MATERIAL = "material", _("材料审核")
    SURVEY = "survey", _("问卷调查")
    ONLINE = "online", _("网上数据")


class NodeLevel(models.IntegerChoices):
    CATEGORY = 1, _("测评项目")
    INDICATOR = 2, _("指标")
    CONTENT = 3, _("测评内容")


class RuleKind(models.TextChoices):
    PASS_RATE = "pass_rate", _("按合格率计分")
    DEDUCTION = "deduction", _("按处扣分")
    GRADE = "grade", _("按等级计分")
    VETO = "veto", _("一票否决")


class VetoScope(models.TextChoices):
    STANDARD = "standard", _("本项不得分")
    TOTAL = "total", _("总分否决")


class Edition(models.Model):
    code = models.CharField(_("版本编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年份"))
    is_active = models.BooleanField(_("当前启用"), default=False)
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "测评体系版本")
        verbose_name_plural = _("测评体系版本")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="edition_one_active")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def active(cls) -> Edition | None:
        return cls.objects.filter(is_active=True).first()


class IndexNode(models.Model):
    """A category (测评项目), indicator (指标) or content (测评内容) node of an edition's tree."""

    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="nodes")
    level = models.PositiveSmallIntegerField(_("层级"), choices=NodeLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("编码"), max_length=32)
    title = models.CharField(_("名称"), max_length=200)
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("测评体系节点")
        verbose_name_plural = pgettext_lazy("plural", "测评体系节点")
        ordering = ["edition", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="indexnode_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class StandardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office, leaders, inspectors and district offices read the whole index;
        a unit reads the standards it leads or answers for."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_city or user.role == Role.DISTRICT_OFFICE:
            return self
        if user.role in (Role.UNIT_HANDLER, Role.UNIT_HEAD) and user.unit_id:
            responsible = Standard.responsible_units.through.objects.filter(unit_id=user.unit_id)
            return self.filter(Q(lead_unit_id=user.unit_id) | Q(pk__in=responsible.values("standard_id")))
        return self.none()


class Standard(models.Model):
    """A scored leaf of the index (测评标准)."""

    edition = models.ForeignKey(Edition, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="standards")
    content = models.ForeignKey(
        IndexNode, verbose_name=_("测评内容"), on_delete=models.CASCADE, related_name="standards"
    )
    code = models.CharField(_("编码"), max_length=32)
    text = models.TextField(_("测评标准"))
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    methods = models.JSONField(_("测评方法"), default=list)
    site_types = models.ManyToManyField(SiteType, verbose_name=_("点位类型"), blank=True, related_name="standards")
    negative_list = models.BooleanField(_("负面清单"), default=False)
    is_special = models.BooleanField(_("自选指标"), default=False)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_standards"
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("责任单位"), blank=True, related_name="responsible_standards"
    )
    sort_order = models.IntegerField(_("排序"), default=0)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("测评标准")
        verbose_name_plural = pgettext_lazy("plural", "测评标准")
        ordering = ["edition", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="standard_code_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="standard_points_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"

    def method_labels(self) -> list[str]:
        labels = dict(Method.choices)
        return [str(labels.get(m, m)) for m in self.methods]


class ChecklistItem(models.Model):
    """A concrete check (考察要求) of a field standard at a site type, with its scoring rule."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("测评标准"), on_delete=models.CASCADE, related_name="checklist_items"
    )
    site_type = models.ForeignKey(
        SiteType, verbose_name=_("点位类型"), on_delete=models.PROTECT, related_name="checklist_items"
    )
    code = models.CharField(_("编码"), max_length=40)
    text = models.TextField(_("考察要求"))
    rule_kind = models.CharField(_("计分规则"), max_length=16, choices=RuleKind.choices, default=RuleKind.PASS_RATE)
    deduction_per = models.DecimalField(_("每处扣分"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Grade rule: [{"min": 95, "grade": "A", "ratio": 1.0}, ...], highest first; below the last: 0 points.
    grade_thresholds = models.JSONField(_("等级阈值"), default=list, blank=True)
    veto_scope = models.CharField(_("否决范围"), max_length=16, choices=VetoScope.choices, blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考察要求")
        verbose_name_plural = pgettext_lazy("plural", "考察要求")
        ordering = ["standard", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="checklist_code_unique"),
            models.CheckConstraint(
                condition=~Q(rule_kind="deduction") | Q(deduction_per__gt=0), name="checklist_deduction_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"
