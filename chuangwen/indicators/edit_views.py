"""Office pages that edit an edition's tree: nodes, standards, responsibility and checklist items."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chuangwen.indicators import rules, services
from chuangwen.indicators.access import get_edition, get_item_for_user, get_node, get_standard_for_user
from chuangwen.indicators.edition_views import tree_url
from chuangwen.indicators.forms import ChecklistItemForm, NodeForm, ResponsibilityForm, StandardForm
from chuangwen.indicators.models import IndexNode, Method, NodeLevel, RuleKind
from chuangwen.indicators.pages import confirm_page, error_page, form_page
from chuangwen.lib.bounded import parse_int
from chuangwen.lib.permissions import office_required

GET_POST = require_http_methods(["GET", "POST"])


def _node_url(node: IndexNode) -> str:
    return f"{tree_url(node.edition)}#node-{node.pk}"


def _standard_url(standard) -> str:
    return reverse("indicators:standard_detail", args=[standard.pk])


def _orders(data: dict) -> dict:
    """Blank sort orders mean 0."""
    if "sort_order" in data and data["sort_order"] is None:
        data["sort_order"] = 0
    return data


# --- nodes ---------------------------------------------------------------------------------------


@office_required
@GET_POST
def node_create(request, pk: int):
    edition = get_edition(pk)
    level = parse_int(request.GET.get("level", str(NodeLevel.CATEGORY)), 1, 9) or 0
    if level not in NodeLevel.values:
        return error_page(request, _("节点层级不正确"), back=tree_url(edition))
    form = NodeForm(request.POST or None, edition=edition, level=level, initial={"parent": request.GET.get("parent")})
    return form_page(
        request,
        form,
        lambda data: services.create_node(request.user, edition, level=level, **_orders(data)),
        title=_("新建%(level)s") % {"level": NodeLevel(level).label},
        back=tree_url(edition),
        done=_node_url,
        message=_("已新建%(level)s") % {"level": NodeLevel(level).label},
    )


@office_required
@GET_POST
def node_edit(request, pk: int):
    node = get_node(pk)
    initial = {"parent": node.parent_id, "code": node.code, "title": node.title, "sort_order": node.sort_order}
    form = NodeForm(request.POST or None, edition=node.edition, level=node.level, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.update_node(request.user, node, **_orders(data)),
        title=_("修改%(level)s") % {"level": node.get_level_display()},
        back=_node_url(node),
        done=_node_url,
        message=_("已保存"),
    )


@office_required
@GET_POST
def node_delete(request, pk: int):
    node = get_node(pk)
    return confirm_page(
        request,
        lambda: services.delete_node(request.user, node),
        title=_("删除%(level)s") % {"level": node.get_level_display()},
        subject=str(node),
        back=_node_url(node),
        done=tree_url(node.edition),
        message=_("已删除“%(node)s”") % {"node": node},
    )


# --- standards -----------------------------------------------------------------------------------


def _standard_initial(standard) -> dict:
    fields = ["content", "code", "text", "points", "methods", "negative_list", "is_special", "lead_unit", "sort_order"]
    initial = {name: getattr(standard, name) for name in fields}
    initial["site_types"] = list(standard.site_types.all())
    initial["responsible_units"] = list(standard.responsible_units.all())
    return initial


@office_required
@GET_POST
def standard_create(request, pk: int):
    content = get_node(pk)
    if content.level != NodeLevel.CONTENT:
        raise Http404(_("只能在测评内容下新建测评标准"))
    initial = {"content": content, "methods": [Method.FIELD], "sort_order": 0}
    form = StandardForm(request.POST or None, edition=content.edition, initial=initial)

    def create(data):
        return services.create_standard(request.user, data.pop("content"), **_orders(data))

    return form_page(
        request,
        form,
        create,
        title=_("新建测评标准"),
        back=_node_url(content),
        done=_standard_url,
        message=_("测评标准已新建"),
    )


@office_required
@GET_POST
def standard_edit(request, pk: int):
    standard = get_standard_for_user(request.user, pk)
    form = StandardForm(request.POST or None, edition=standard.edition, initial=_standard_initial(standard))
    return form_page(
        request,
        form,
        lambda data: services.update_standard(request.user, standard, **_orders(data)),
        title=_("修改测评标准 %(code)s") % {"code": standard.code},
        back=_standard_url(standard),
        done=_standard_url,
        message=_("测评标准已保存"),
    )


@office_required
@GET_POST
def standard_responsibility(request, pk: int):
    standard = get_standard_for_user(request.user, pk)
    initial = {"lead_unit": standard.lead_unit, "responsible_units": list(standard.responsible_units.all())}
    return form_page(
        request,
        ResponsibilityForm(request.POST or None, initial=initial),
        lambda data: services.set_responsibility(request.user, standard, **data),
        title=_("设置责任分工：%(code)s") % {"code": standard.code},
        back=_standard_url(standard),
        done=_standard_url,
        message=_("责任分工已保存"),
    )


@office_required
@GET_POST
def standard_delete(request, pk: int):
    standard = get_standard_for_user(request.user, pk)
    return confirm_page(
        request,
        lambda: services.delete_standard(request.user, standard),
        title=_("删除测评标准"),
        subject=str(standard),
        back=_standard_url(standard),
        done=_node_url(standard.content),
        message=_("已删除测评标准 %(code)s") % {"code": standard.code},
    )


# --- checklist items -----------------------------------------------------------------------------


def _item_initial(item) -> dict:
    fields = ["site_type", "code", "text", "rule_kind", "deduction_per", "veto_scope", "sort_order"]
    initial = {name: getattr(item, name) for name in fields}
    initial["grade_thresholds"] = rules.format_grades(item.grade_thresholds)
    return initial


def _item_page(request, form, action, *, title: str, standard):
    return form_page(
        request,
        form,
        action,
        title=title,
        back=_standard_url(standard),
        done=lambda item: _standard_url(item.standard),
        message=_("考察要求已保存"),
        extra={
            "rule_form": True,
            "rule_kinds": {"deduction": RuleKind.DEDUCTION, "grade": RuleKind.GRADE, "veto": RuleKind.VETO},
        },
    )


@office_required
@GET_POST
def item_create(request, pk: int):
    standard = get_standard_for_user(request.user, pk)
    form = ChecklistItemForm(request.POST or None, standard=standard, initial={"sort_order": 0})
    return _item_page(
        request,
        form,
        lambda data: services.create_checklist_item(request.user, standard, **_orders(data)),
        title=_("新建考察要求：%(code)s") % {"code": standard.code},
        standard=standard,
    )


@office_required
@GET_POST
def item_edit(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = ChecklistItemForm(request.POST or None, standard=item.standard, initial=_item_initial(item))
    return _item_page(
        request,
        form,
        lambda data: services.update_checklist_item(request.user, item, **_orders(data)),
        title=_("修改考察要求 %(code)s") % {"code": item.code},
        standard=item.standard,
    )


@office_required
@GET_POST
def item_delete(request, pk: int):
    item = get_item_for_user(request.user, pk)
    return confirm_page(
        request,
        lambda: services.delete_checklist_item(request.user, item),
        title=_("删除考察要求"),
        subject=str(item),
        back=_standard_url(item.standard),
        done=_standard_url(item.standard),
        message=_("已删除考察要求 %(code)s") % {"code": item.code},
    )
