"""XLSX exports of the assessment pages: the ranking of a round or a year (a sheet per peer group),
a unit's score card (its standards in a round, its scores across rounds) and the annual target
assessment (every line, the commendation list and the accountability list with their evidence).

Each reads what its page reads, through the same functions: the rounds through
Round.objects.visible_to (a secret covert round is not there for the inspected), the change since
the previous round only where that round is visible, a unit's card behind view_access.unit_for_user
and the annual lines behind view_access.annual_scope.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from chuangwen.assessment import view_access
from chuangwen.assessment.annual_views import _year, assessed_lines, grouped
from chuangwen.assessment.models import Board, PeerGroup
from chuangwen.assessment.ranking_views import _selection, groups_of
from chuangwen.assessment.unit_views import losses, pick, unit_rounds
from chuangwen.lib import xlsx
from chuangwen.lib.xlsx import Column, ExportSpec

MOVES = {"up": "上升 %s 位", "down": "下降 %s 位", "same": "持平", "new": "首次排名"}


def move_text(move: dict | None) -> str:
    if not move or not move["kind"]:
        return ""
    text = MOVES[move["kind"]]
    return text % move["places"] if "%s" in text else text


def _ranking_row(s, boards, show_change) -> list:
    previous = (s.previous_rank or "", s.previous_score) if show_change else ("", None)
    return [
        s.rank or "", s.unit.name, s.unit.code, s.score, s.of, *previous,
        move_text(s.move) if show_change else "", boards.get(s.board, ""), s.vetoed,
    ]  # fmt: skip


RANKING = ExportSpec(
    "排名",
    [
        Column("rank", "名次", 8), Column("unit", "单位", 24), Column("code", "单位编码", 14),
        Column("score", "得分", 10), Column("of", "参评单位数", 12), Column("previous_rank", "上轮名次", 10),
        Column("previous_score", "上轮得分", 10), Column("move", "较上轮", 12), Column("board", "红黑榜", 10),
        Column("vetoed", "否决", 8),
    ],
    _ranking_row,
)  # fmt: skip


@require_GET
@login_required
def rankings_export(request):
    """The ranking the page shows (?round= or ?year=, else the newest scored round this person
    may see): one sheet per peer group, 404 when there is no score to export."""
    round_, year = _selection(request)
    if round_ is not None:
        run = view_access.current_run(round_)
    elif year is not None:
        run = view_access.year_runs().filter(year=year).first()
    else:
        run = None
    if run is None:
        raise Http404
    show_change = round_ is None or view_access.previous_visible(request.user, round_)
    groups = groups_of(run, show_change)
    labels = xlsx.chinese_labels(PeerGroup)
    context = {"boards": xlsx.chinese_labels(Board), "show_change": show_change}
    sheets = [RANKING.sheet(g["rows"], title=labels[g["key"]], **context) for g in groups]
    if not sheets:
        sheets = [RANKING.sheet([])]
    name = round_.code if round_ is not None else f"{year}年度"
    too_many = xlsx.exceeds_limit([row for g in groups for row in g["rows"]])
    back = reverse("assessment:rankings")
    return xlsx.download(request, sheets, xlsx.export_filename("排名", name), too_many=too_many, back=back)


def _standard_row(r) -> list:
    sites = [f"{s['result'].site.name}（{s['result'].site.code}）" for s in getattr(r, "sites_failed", [])]
    more = getattr(r, "sites_more", 0)
    if more:
        sites.append(f"等另 {more} 处")
    return [
        r.standard.code, r.standard.text, r.possible, r.earned, r.lost if r.lost > 0 else 0,
        r.applicable, r.failures, r.sites, r.vetoed, sites,
    ]  # fmt: skip


STANDARDS = ExportSpec(
    "失分标准",
    [
        Column("code", "标准编码", 12), Column("text", "测评标准", 50), Column("possible", "应得分", 10),
        Column("earned", "得分", 10), Column("lost", "失分", 10), Column("applicable", "有效检查数", 12),
        Column("failures", "不合格数", 10), Column("sites", "点位数", 10), Column("vetoed", "否决", 8),
        Column("failed_sites", "不合格点位", 50),
    ],
    _standard_row,
)  # fmt: skip


def _history_row(s, boards) -> list:
    r = s.run.round
    return [r.code, r.name, xlsx.local_date(r.period_start), s.score, s.rank or "", s.of, boards.get(s.board, "")]


HISTORY = ExportSpec(
    "历次得分",
    [
        Column("code", "轮次编号", 16), Column("name", "轮次名称", 28), Column("start", "开始日期", 12),
        Column("score", "得分", 10), Column("rank", "名次", 8), Column("of", "参评单位数", 12),
        Column("board", "红黑榜", 10),
    ],
    _history_row,
)  # fmt: skip


@require_GET
@login_required
def unit_export(request, pk: int):
    """A unit's score card: its standards in the round shown (?round=, else its newest), those that
    lost points first; and its scores in the rounds this person may see."""
    unit = view_access.unit_for_user(request.user, pk)
    scores = unit_rounds(request.user, unit)
    round_, score = pick(request, scores)
    lost, kept = losses(request.user, round_, score) if score else ([], [])
    history = HISTORY.sheet(scores, boards=xlsx.chinese_labels(Board))
    name = [unit.name, round_.code if round_ else ""]
    back = reverse("assessment:unit", args=[unit.pk])
    return STANDARDS.download(request, [*lost, *kept], name=name, back=back, extra=[history])


COMPONENTS = {"score": "测评得分", "on_time": "按期整改", "overdue": "超期", "rework": "返工反弹"}
LISTS = {"commend": "表彰", "summons": "约谈", "accountability": "问责"}


def _percent(rate) -> str:
    return "" if rate is None else f"{100 * rate:.0f}%"


def _annual_row(line, groups) -> list:
    evidence = line.evidence
    components = [f"{COMPONENTS[k]} {v}" for k, v in line.components if v]
    return [
        groups.get(line.group, line.group), line.unit.name, line.unit.code, line.score, _percent(line.on_time_rate),
        line.overdue, _percent(line.rework_rate), line.problems, line.composite, line.grade, line.cycle,
        [LISTS[name] for name in line.lists], line.black_count, evidence.get("black_rounds", []),
        evidence.get("overdue_open", 0), evidence.get("closed_late", 0), components,
    ]  # fmt: skip


ANNUAL = ExportSpec(
    "年度考核",
    [
        Column("group", "排名组", 10), Column("unit", "单位", 24), Column("code", "单位编码", 14),
        Column("score", "测评得分", 10), Column("on_time", "按期整改率", 12), Column("overdue", "超期件数", 10),
        Column("rework", "返工反弹率", 12), Column("problems", "问题数", 10), Column("composite", "综合得分", 10),
        Column("grade", "等次", 8), Column("cycle", "三年周期预测", 14), Column("lists", "名单", 12),
        Column("black_count", "上黑榜次数", 12), Column("black_rounds", "上黑榜轮次", 30),
        Column("overdue_open", "超期未整改", 12), Column("closed_late", "逾期办结", 10),
        Column("components", "分项得分", 50),
    ],
    _annual_row,
)  # fmt: skip


@require_GET
@login_required
def annual_export(request):
    """The annual target assessment of a year (?year=): every line this person may read by peer
    group, then the commendation and accountability lists with their evidence."""
    scope = view_access.annual_scope(request.user)
    year = _year(request)
    lines, _config = assessed_lines(year, scope)
    ordered = [line for group in grouped(lines) for line in group["rows"]]
    commend = [line for line in ordered if "commend" in line.lists]
    accountable = [line for line in ordered if {"summons", "accountability"} & set(line.lists)]
    groups = xlsx.chinese_labels(PeerGroup)
    extra = [
        ANNUAL.sheet(commend, title="表彰名单", groups=groups),
        ANNUAL.sheet(accountable, title="约谈问责名单", groups=groups),
    ]
    back = reverse("assessment:annual")
    return ANNUAL.download(request, ordered, name=[f"{year}年"], back=back, extra=extra, groups=groups)
