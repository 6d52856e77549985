"""XLSX exports of the round pages: the list of rounds (its filters), a round's sample (office) and
its results, each streamed (chuangwen.lib.xlsx.ExportSpec).

Each reads what its page reads: the rounds through Round.objects.visible_to (a secret covert round
is not there for the inspected), the sampled sites through visible_site_ids, the visits through
Visit.objects.visible_to. Headers are fixed Chinese whatever the screen language.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_GET

from chuangwen.inspections import access
from chuangwen.inspections.models import Kind, Origin, RoundSite, RoundStatus, VisitStatus
from chuangwen.inspections.office_views import listed_rounds, office_round, round_list, visible_site_ids
from chuangwen.inspections.result_views import visits_with_counts
from chuangwen.lib import xlsx
from chuangwen.lib.xlsx import Column, ExportSpec


def _round_row(r, labels) -> list:
    return [
        r.code, r.name, labels["kind"].get(r.kind, r.kind), r.is_covert, xlsx.local_date(r.period_start),
        xlsx.local_date(r.period_end), labels["status"].get(r.status, r.status), r.edition.name,
        r.n_sample, r.n_visited, r.n_findings, xlsx.local_time(r.published_at),
    ]  # fmt: skip


ROUNDS = ExportSpec(
    "督查轮次",
    [
        Column("code", "编号", 16), Column("name", "名称", 30), Column("kind", "类型", 10),
        Column("covert", "暗访保密", 10), Column("start", "开始日期", 12), Column("end", "结束日期", 12),
        Column("status", "状态", 10), Column("edition", "测评体系版本", 22), Column("sample", "抽样点位", 10),
        Column("visited", "已检查", 10), Column("findings", "不合格项", 10), Column("published", "发布时间", 17),
    ],
    _round_row,
)  # fmt: skip


@require_GET
@login_required
def round_export(request):
    """The rounds of the list with its filters (?q=&kind=&status=&year=)."""
    _form, rounds, error = listed_rounds(request.user, request.GET)
    if error:
        return round_list(request)  # the list with the filter's message, status 400
    labels = {"kind": xlsx.chinese_labels(Kind), "status": xlsx.chinese_labels(RoundStatus)}
    return ROUNDS.download(request, rounds, back=reverse("inspections:list"), labels=labels)


def _sample_row(e, origins) -> list:
    return [
        e.site.code, e.site.name, e.site_type.name, e.district.name if e.district else "", e.site.address,
        e.team.name if e.team else "", e.seq, origins.get(e.origin, e.origin), e.reason, e.site.lat, e.site.lng,
    ]  # fmt: skip


SAMPLE = ExportSpec(
    "抽样点位",
    [
        Column("code", "点位编码", 14), Column("name", "点位名称", 28), Column("type", "点位类型", 14),
        Column("district", "区县", 12), Column("address", "地址", 30), Column("team", "督查组", 12),
        Column("seq", "路线顺序", 10), Column("origin", "来源", 10), Column("reason", "增减理由", 30),
        Column("lat", "纬度", 12), Column("lng", "经度", 12),
    ],
    _sample_row,
)  # fmt: skip


@require_GET
@login_required
def sample_export(request, pk: int):
    """The sample of a round (office only), in route order per team."""
    round_ = office_round(request, pk)
    entries = RoundSite.objects.filter(round=round_).in_sample()
    entries = entries.select_related("site", "site_type", "district", "team")
    back = reverse("inspections:sample", args=[round_.pk])
    return SAMPLE.download(request, entries, name=[round_.code], back=back, origins=xlsx.chinese_labels(Origin))


RESULTS_COLUMNS = [
    Column("code", "点位编码", 14), Column("name", "点位名称", 28), Column("type", "点位类型", 14),
    Column("district", "区县", 12), Column("team", "督查组", 12), Column("state", "检查状态", 10),
    Column("inspector", "督查员", 12), Column("time", "检查时间", 17), Column("pass", "合格", 8),
    Column("fail", "不合格", 8), Column("na", "不适用", 8), Column("deduction", "扣分", 8),
    Column("distance", "位置偏离（米）", 14), Column("items", "不合格项", 40), Column("problems", "问题编号", 24),
]  # fmt: skip


def result_rows(user, entries):
    """Sheet rows of the sampled sites with their visit, one query for the visits of each batch."""
    states = xlsx.chinese_labels(VisitStatus)

    def visits(batch) -> dict:
        return {v.round_site_id: v for v in visits_with_counts(user).filter(round_site__in=[e.pk for e in batch])}

    for e, by_entry in xlsx.with_batch_lookup(entries.iterator(chunk_size=xlsx.EXPORT_CHUNK), visits):
        v = by_entry.get(e.pk)
        yield [
            e.site.code, e.site.name, e.site_type.name, e.district.name if e.district else "",
            e.team.name if e.team else "", states.get(v.status, "") if v else "未检查",
            v.inspector.display_name if v else "", xlsx.local_time(v.submitted_at or v.started_at) if v else "",
            v.n_pass if v else "", v.n_fail if v else "", v.n_na if v else "", v.deduction if v else "",
            v.distance_m if v and v.far_from_site else "", [r.item.text for r in v.fails] if v else "",
            [r.problem.code for r in v.fails if r.problem_id] if v else "",
        ]  # fmt: skip


@require_GET
@login_required
def results_export(request, pk: int):
    """A round's results: the sampled sites this person may see, each with its visit's counts."""
    round_ = access.get_round_for_user(request.user, pk)
    entries = RoundSite.objects.filter(round=round_).in_sample()
    sites = visible_site_ids(request.user)
    if sites is not None:
        entries = entries.filter(site__in=sites)
    entries = entries.select_related("site", "site_type", "district", "team").order_by("site__code")
    sheet = xlsx.Sheet("督查结果", RESULTS_COLUMNS, result_rows(request.user, entries))
    back = reverse("inspections:results", args=[round_.pk])
    filename = xlsx.export_filename("督查结果", round_.code)
    return xlsx.download(request, [sheet], filename, too_many=xlsx.exceeds_limit(entries), back=back)
