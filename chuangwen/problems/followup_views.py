"""Office pages for follow-up checks (回头看) and the summons list (约谈名单)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.lib import uploads
from chuangwen.lib.bounded import MAX_ID
from chuangwen.lib.errors import DomainError
from chuangwen.lib.forms import BootstrapMixin, DateInput
from chuangwen.lib.permissions import role_required
from chuangwen.problems import escalation, followup
from chuangwen.problems.followup_models import CheckResult, FollowUpCheck, FollowUpSample
from chuangwen.problems.models import Problem
from chuangwen.units.models import OFFICE_ROLES, Role, Unit

SUMMONS_READERS = (*OFFICE_ROLES, Role.DISTRICT_OFFICE, Role.LEADER)
office_only = role_required(*OFFICE_ROLES)


class DrawForm(BootstrapMixin, forms.Form):
    closed_after = forms.DateField(label=gettext_lazy("办结日期自"), widget=DateInput)
    closed_before = forms.DateField(label=gettext_lazy("办结日期至"), widget=DateInput)
    size = forms.IntegerField(label=gettext_lazy("抽取数量"), min_value=1, max_value=2000, required=False)
    percent = forms.FloatField(label=gettext_lazy("或抽取比例（%）"), min_value=0.1, max_value=100, required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"), queryset=Unit.objects.none(), required=False, empty_label=gettext_lazy("全部")
    )
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子"),
        required=False,
        min_value=0,
        max_value=MAX_ID,
        help_text=gettext_lazy("留空自动生成；相同条件和种子抽出相同样本"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Problem.objects.exclude(responsible_unit=None).values("responsible_unit")
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units).order_by("path")

    def clean(self):
        data = super().clean()
        if not data.get("size") and not data.get("percent"):
            raise forms.ValidationError(_("请填写抽取数量或抽取比例"))
        if data.get("closed_after") and data.get("closed_before") and data["closed_after"] > data["closed_before"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期"))
        return data

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.cleaned_data["closed_after"], datetime.time.min, tz)
        end = datetime.datetime.combine(self.cleaned_data["closed_before"], datetime.time.min, tz)
        return start, end + datetime.timedelta(days=1)


def _samples_page(request, form, status=200):
    samples = (
        FollowUpSample.objects.select_related("created_by")
        .annotate(
            checked=Count("checks", filter=~Q(checks__result=CheckResult.PENDING)),
            rebounds=Count("checks", filter=Q(checks__result=CheckResult.FAILED)),
        )
        .order_by("-created_at", "-id")
    )  # an aggregate drops Meta.ordering
    page = Paginator(samples, 20).get_page(request.GET.get("page"))
    return render(
        request, "problems/followups.html", {"form": form, "page": page, "section": "followups"}, status=status
    )


@office_only
@require_http_methods(["GET", "POST"])
def followup_list(request):
    today = timezone.localdate()
    initial = {"closed_after": today - datetime.timedelta(days=30), "closed_before": today, "size": 20}
    form = DrawForm(request.POST or None, initial=initial)
    if request.method == "GET":
        return _samples_page(request, form)
    if not form.is_valid():
        return _samples_page(request, form, 400)
    start, end = form.window()
    try:
        sample = followup.draw_sample(
            request.user,
            closed_after=start,
            closed_before=end,
            size=form.cleaned_data["size"],
            percent=form.cleaned_data["percent"] if not form.cleaned_data["size"] else None,
            seed=form.cleaned_data["seed"],
            unit=form.cleaned_data["unit"],
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _samples_page(request, form, 400)
    messages.success(request, _("已抽取 %(n)s 个问题，随机种子 %(seed)s") % {"n": sample.size, "seed": sample.seed})
    return redirect("problems:followup_detail", pk=sample.pk)


@office_only
@require_GET
def followup_detail(request, pk: int):
    sample = get_object_or_404(FollowUpSample.objects.select_related("created_by"), pk=pk)
    checks = sample.checks.select_related("problem__responsible_unit", "problem__site", "checked_by")
    context = {"sample": sample, "checks": checks, "section": "followups"}
    return render(request, "problems/followup_detail.html", context)


@office_only
@require_POST
def followup_check(request, pk: int):
    check = get_object_or_404(FollowUpCheck.objects.select_related("sample", "problem"), pk=pk)
    result = request.POST.get("result")
    if result not in (CheckResult.PASSED, CheckResult.FAILED):
        messages.error(request, _("请选择复查结果"))
        return redirect("problems:followup_detail", pk=check.sample_id)
    stored = []
    try:
        files = uploads.validate_many(request.FILES.getlist("photos"), 9)
        stored = [uploads.accept_image(f, folder="problems") for f in files]
        followup.record_check(
            request.user, check, passed=result == CheckResult.PASSED, note=request.POST.get("note", ""), photos=stored
        )
    except DomainError as exc:
        for image in stored:
            uploads.delete_stored(*image.names)
        messages.error(request, exc.message)
        return redirect("problems:followup_detail", pk=check.sample_id)
    messages.success(request, _("已记录问题 %(code)s 的复查结果") % {"code": check.problem.code})
    return redirect("problems:followup_detail", pk=check.sample_id)


@role_required(*SUMMONS_READERS)
@require_GET
def summons(request):
    groups = escalation.summons_list(queryset=Problem.objects.visible_to(request.user))
    return render(request, "problems/summons.html", {"groups": groups, "section": "summons"})
