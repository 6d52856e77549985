"""Readable labels for audit events, shared by the audit log and the home page."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.translation import pgettext, pgettext_lazy

from chuangwen.audit.models import AuditEvent

# Labels of event types whose name alone does not say it well; others are built from
# the object type and the verb (see event_label) or shown as they are.
EVENT_LABELS = {
    "unit.created": pgettext_lazy("audit event", "新建单位"),
    "unit.updated": pgettext_lazy("audit event", "修改单位"),
    "user.created": pgettext_lazy("audit event", "新建人员"),
    "user.updated": pgettext_lazy("audit event", "修改人员"),
    "user.password_reset": pgettext_lazy("audit event", "管理员重置密码"),
    "user.password_changed": pgettext_lazy("audit event", "本人修改密码"),
    "user.two_factor_enrolled": pgettext_lazy("audit event", "绑定身份验证器"),
    "user.two_factor_reset": pgettext_lazy("audit event", "管理员重置双重验证"),
    "user.recovery_code_used": pgettext_lazy("audit event", "使用恢复码登录"),
    "user.recovery_codes_regenerated": pgettext_lazy("audit event", "重新生成恢复码"),
    "demo.loaded": pgettext_lazy("audit event", "加载演示数据"),
    "media.orphans_swept": pgettext_lazy("audit event", "清理无记录的存储文件"),
    "problem.created": pgettext_lazy("audit event", "登记问题"),
    "problem.assigned": pgettext_lazy("audit event", "交办"),
    "problem.reassigned": pgettext_lazy("audit event", "改派"),
    "problem.accepted": pgettext_lazy("audit event", "签收"),
    "problem.rectification_submitted": pgettext_lazy("audit event", "提交整改"),
    "problem.approved": pgettext_lazy("audit event", "审核通过（销号）"),
    "problem.rejected": pgettext_lazy("audit event", "退回整改"),
    "problem.extension_requested": pgettext_lazy("audit event", "申请延期"),
    "problem.extension_approved": pgettext_lazy("audit event", "同意延期"),
    "problem.extension_denied": pgettext_lazy("audit event", "不同意延期"),
    "problem.dispute_requested": pgettext_lazy("audit event", "申请转办"),
    "problem.dispute_upheld": pgettext_lazy("audit event", "维持原交办"),
    "problem.marked_invalid": pgettext_lazy("audit event", "标记为无效"),
    "problem.marked_duplicate": pgettext_lazy("audit event", "标记为重复"),
    "problem.reopened": pgettext_lazy("audit event", "重新打开"),
    "problem.rebounded": pgettext_lazy("audit event", "回头看反弹，重新打开"),
    "problem.escalated": pgettext_lazy("audit event", "超期督办升级"),
    "problem.followup_passed": pgettext_lazy("audit event", "回头看复查通过"),
    "problem.followup_failed": pgettext_lazy("audit event", "回头看发现反弹"),
    "followup.sample_drawn": pgettext_lazy("audit event", "抽取回头看样本"),
    "round.created": pgettext_lazy("audit event", "新建督查轮次"),
    "round.updated": pgettext_lazy("audit event", "修改督查计划"),
    "round.deleted": pgettext_lazy("audit event", "删除督查轮次"),
    "round.rules_set": pgettext_lazy("audit event", "设置抽样规则"),
    "round.sampled": pgettext_lazy("audit event", "抽样"),
    "round.sample_cleared": pgettext_lazy("audit event", "清空抽样"),
    "round.site_added": pgettext_lazy("audit event", "增加抽样点位"),
    "round.site_removed": pgettext_lazy("audit event", "移出抽样点位"),
    "round.site_moved": pgettext_lazy("audit event", "调整点位督查组"),
    "round.team_saved": pgettext_lazy("audit event", "保存督查组"),
    "round.team_deleted": pgettext_lazy("audit event", "删除督查组"),
    "round.teams_assigned": pgettext_lazy("audit event", "分配点位到督查组"),
    "round.scheduled": pgettext_lazy("audit event", "督查排期"),
    "round.unscheduled": pgettext_lazy("audit event", "撤回排期"),
    "round.started": pgettext_lazy("audit event", "督查开始"),
    "round.closed": pgettext_lazy("audit event", "督查结束"),
    "round.published": pgettext_lazy("audit event", "发布督查结果"),
    "visit.started": pgettext_lazy("audit event", "开始点位检查"),
    "visit.position": pgettext_lazy("audit event", "记录检查位置"),
    "visit.answered": pgettext_lazy("audit event", "记录检查结果"),
    "visit.photo_added": pgettext_lazy("audit event", "上传检查照片"),
    "visit.submitted": pgettext_lazy("audit event", "提交点位检查"),
    "score.computed": pgettext_lazy("audit event", "计算得分"),
    "score.recomputed": pgettext_lazy("audit event", "重新计算得分"),
    "score.year_computed": pgettext_lazy("audit event", "计算年度得分"),
    "assessment_settings.updated": pgettext_lazy("audit event", "修改考核设置"),
    "open311_key.issued": pgettext_lazy("audit event", "签发 Open311 密钥"),
    "open311_key.revoked": pgettext_lazy("audit event", "撤销 Open311 密钥"),
    "open311_key.rate_changed": pgettext_lazy("audit event", "修改 Open311 密钥限额"),
    "open311_attribute.created": pgettext_lazy("audit event", "新增服务附加项"),
    "open311_attribute.updated": pgettext_lazy("audit event", "修改服务附加项"),
    "open311_attribute.deleted": pgettext_lazy("audit event", "删除服务附加项"),
    "report.submitted": pgettext_lazy("audit event", "提交市民反映"),
    "report.accepted": pgettext_lazy("audit event", "受理市民反映"),
    "report.rejected": pgettext_lazy("audit event", "市民反映不予受理"),
    "report.duplicate": pgettext_lazy("audit event", "市民反映标记为重复"),
    "report.imported": pgettext_lazy("audit event", "导入热线信访件"),
    "citizen_settings.updated": pgettext_lazy("audit event", "修改随手拍设置"),
    "audit.chain_checked": pgettext_lazy("audit event", "校验审计链"),
    "audit.anchored": pgettext_lazy("audit event", "生成审计链每日校验值"),
}
# Keys services add to before/after that are not model fields.
EXTRA_LABELS = {
    "cooperating_units": pgettext_lazy("audit field", "配合单位"),
    "proposed": pgettext_lazy("audit field", "系统建议依据"),
    "note": pgettext_lazy("audit field", "整改说明"),
    "photos": pgettext_lazy("audit field", "照片数"),
    "rectification": pgettext_lazy("audit field", "整改提交编号"),
    "requested_deadline": pgettext_lazy("audit field", "申请延至"),
    "suggested_unit": pgettext_lazy("audit field", "建议责任单位"),
}

# What happened to an object, as a word that follows the object type in English ("Site created").
VERB_LABELS = {
    "created": pgettext_lazy("audit verb", "新建"),
    "updated": pgettext_lazy("audit verb", "修改"),
    "deleted": pgettext_lazy("audit verb", "删除"),
    "imported": pgettext_lazy("audit verb", "导入"),
    "activated": pgettext_lazy("audit verb", "启用"),
    "deactivated": pgettext_lazy("audit verb", "停用"),
}


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model_for(object_type)
    return str(model._meta.verbose_name) if model else object_type


def event_label(event: AuditEvent) -> str:
    if event.event_type in EVENT_LABELS:
        return str(EVENT_LABELS[event.event_type])
    verb = event.event_type.rsplit(".", 1)[-1]
    if verb in VERB_LABELS and _model_for(event.object_type):
        # Translators: an audit event, e.g. 新建点位 / Site created.
        return pgettext("audit event", "%(verb)s%(object)s") % {
            "verb": VERB_LABELS[verb],
            "object": object_type_label(event.object_type),
        }
    return event.event_type
