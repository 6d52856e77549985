"""Reading the index: the tree of an edition and a standard's page."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from chuangwen.indicators import rules
from chuangwen.indicators.access import get_standard_for_user
from chuangwen.indicators.forms import TreeFilterForm
from chuangwen.indicators.models import Edition, Method
from chuangwen.indicators.pages import error_page
from chuangwen.indicators.tree import tree_context
from chuangwen.lib.permissions import INDEX_READERS, role_required


def _pick_edition(editions: list[Edition], pk: int | None) -> Edition | None:
    """The edition asked for (404 if unknown), else the active one, else the newest."""
    if pk:
        for edition in editions:
            if edition.pk == pk:
                return edition
        raise Http404(_("测评体系版本不存在"))
    return next((e for e in editions if e.is_active), editions[0] if editions else None)


@role_required(*INDEX_READERS)
@require_GET
@vary_on_headers("HX-Request")
def tree(request):
    form = TreeFilterForm(request.GET)
    if not form.is_valid():
        return error_page(request, _("筛选条件不正确"))
    editions = list(Edition.objects.all())
    edition = _pick_edition(editions, form.cleaned_data["edition"])
    context = {
        "section": "indicators",
        "editions": editions,
        "edition": edition,
        "filters": form.cleaned_data,
        "filtered": form.has_filters(),
        "methods": Method.choices,
    }
    if edition is not None:
        context.update(tree_context(request.user, edition, form.cleaned_data, filtered=form.has_filters()))
    template = "indicators/tree.html#tree-body" if request.htmx else "indicators/tree.html"
    return render(request, template, context)


@role_required(*INDEX_READERS)
@require_GET
def standard_detail(request, pk: int):
    standard = get_standard_for_user(request.user, pk)
    items = list(standard.checklist_items.select_related("site_type").order_by("site_type__sort_order", "sort_order"))
    by_site_type = defaultdict(list)
    for item in items:
        item.rule_text = rules.describe_rule(item)
        by_site_type[item.site_type].append(item)
    content = standard.content
    context = {
        "section": "indicators",
        "standard": standard,
        "path": [content.parent.parent, content.parent, content],
        "site_types": list(standard.site_types.all()),
        "responsible_units": list(standard.responsible_units.all()),
        "item_groups": list(by_site_type.items()),
        "item_count": len(items),
    }
    return render(request, "indicators/standard_detail.html", context)
