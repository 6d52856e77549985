"""What a circular says, read from the data: the round's figures, the ranking per peer group, the red
and black lists, the problems with their photos, and the units summoned.

The text is a government document and is always Chinese, whatever the reader's screen language
(like the fixed Chinese of the XLSX formats). Everything is ordered explicitly, so the same data
gives the same content. Pictures are referred to by key; `Content.images` holds their bytes.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.utils import timezone

from chuangwen.assessment.models import AssessmentSettings, Board, PeerGroup, ScoreRun, UnitScore
from chuangwen.assessment.services import previous_run
from chuangwen.circulars import charts
from chuangwen.inspections.models import CheckResult, Kind, Round, RoundSite, Verdict, Visit, VisitStatus
from chuangwen.problems import escalation
from chuangwen.problems.models import ENDED, PhotoKind, Problem, ProblemPhoto, Severity, Status

PHOTO_PROBLEMS = 8  # problems shown with their before/after photos; all are in the table
ORDINALS = "一二三四五六七八九十"
GROUP_LABELS = {
    PeerGroup.DISTRICTS: "区县",
    PeerGroup.STREETS: "街道（乡镇）",
    PeerGroup.DEPARTMENTS: "市直部门和窗口单位",
}
KIND_WORDS = {Kind.OPEN: "明察督查", Kind.COVERT: "暗访督查", Kind.MOCK: "模拟测评"}
SEVERITY_ORDER = {Severity.URGENT: 0, Severity.SERIOUS: 1, Severity.MAJOR: 2, Severity.MINOR: 3}


@dataclass(frozen=True)
class Header:
    number: str
    title: str
    office: str
    date: datetime.date
    addressees: str
    requirements: list[str]
    copy_to: str = ""


@dataclass
class Content:
    header: Header
    round: dict
    summary: str
    figures: dict
    groups: list[dict]
    problem_summary: str
    problems: list[dict]
    photo_problems: list[dict]
    category_chart: str
    summons_intro: str
    summoned: list[dict]
    images: dict[str, bytes] = field(default_factory=dict)
    recipients: set[int] = field(default_factory=set)

    def context(self) -> dict:
        """The placeholders of the Word template and of the PDF's page (listed on the settings page)."""
        h = self.header
        return {
            "number": h.number, "title": h.title, "office": h.office, "date": cn_date(h.date), "year": h.date.year,
            "addressees": h.addressees, "requirements": h.requirements, "copy_to": h.copy_to, "round": self.round,
            "summary": self.summary, "figures": self.figures, "groups": self.groups,
            "problem_summary": self.problem_summary, "problems": self.problems, "photo_problems": self.photo_problems,
            "category_chart": self.category_chart, "summons_intro": self.summons_intro, "summoned": self.summoned,
        }  # fmt: skip


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def number_text(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}"


def short_name(round_: Round) -> str:
    """第12周明察督查: the round's name up to its first bracket or colon, saying what was done."""
    name = round_.name
    for mark in ("（", "(", "：", ":"):
        name = name.split(mark, 1)[0]
    name = name.strip() or round_.code
    return name if name.endswith(("督查", "测评", "暗访")) else f"{name}督查"


def _named(round_: Round) -> str:
    name = short_name(round_)
    kind = round_.get_kind_display()
    return name if kind in name else f"{name}（{kind}）"


def default_title(round_: Round) -> str:
    return f"关于{short_name(round_)}情况的通报"


def build(round_: Round, run: ScoreRun, header: Header, now: datetime.datetime | None = None) -> Content:
    now = now or timezone.now()
    content = Content(header, _round_info(round_), "", {}, [], "", [], [], "", "", [])
    problems = _problems(round_, now, content)
    content.groups = _groups(round_, run, content)
    content.figures = _figures(round_, problems, content.groups)
    content.summary = _summary(round_, header.date, content.figures, content.groups)
    content.problems = problems
    content.photo_problems = _photo_problems(problems)
    content.problem_summary = _problem_summary(problems, header.date, content.figures)
    content.category_chart = _category_chart(problems, content)
    content.summoned = _summoned(round_, content.groups, now)
    for group in content.groups:
        group.pop("black_scores")
    content.summons_intro = _summons_intro(content.summoned)
    content.recipients = (
        set(UnitScore.objects.filter(run=run).values_list("unit_id", flat=True))
        | {p["unit_id"] for p in problems if p["unit_id"]}
        | {s["unit_id"] for s in content.summoned}
    )
    return content


def _round_info(round_: Round) -> dict:
    return {
        "code": round_.code, "name": round_.name, "kind": round_.get_kind_display(), "kind_words": KIND_WORDS[round_.kind],
        "start": cn_date(round_.period_start), "end": cn_date(round_.period_end),
        "period": f"{short_date(round_.period_start)}至{short_date(round_.period_end)}",
    }  # fmt: skip


# --- figures and the summary ----------------------------------------------------------------


def _figures(round_: Round, problems: list[dict], groups: list[dict]) -> dict:
    visits = Visit.objects.filter(round=round_, status=VisitStatus.SUBMITTED)
    visited = RoundSite.objects.filter(round=round_, site_id__in=visits.values("site_id"))
    types = list(
        visited.values_list("site_type__name", flat=True)
        .order_by("site_type__sort_order", "site_type__code")
        .distinct()
    )
    tally = CheckResult.objects.filter(round=round_).aggregate(
        passes=Count("id", filter=Q(verdict=Verdict.PASS)), fails=Count("id", filter=Q(verdict=Verdict.FAIL))
    )
    checks = tally["passes"] + tally["fails"]
    states = Counter(p["state"] for p in problems)
    averages = {g["key"]: g["average"] for g in groups}
    return {
        "sites": visits.count(), "site_types": len(types), "site_type_names": "、".join(types[:4]),
        "checks": checks, "passes": tally["passes"], "failures": tally["fails"],
        "pass_rate": f"{Decimal(100 * tally['passes']) / checks:.1f}" if checks else "—",
        "problems": len(problems), "closed": states["closed"], "submitted": states["submitted"],
        "open": states["open"] + states["overdue"], "overdue": states["overdue"],
        "units": len({p["unit_id"] for p in problems if p["unit_id"]}),
        "ranked": sum(len(g["rows"]) for g in groups), "average": averages.get(PeerGroup.DISTRICTS, "—"),
        "red": sum(len(g["red"]) for g in groups), "black": sum(len(g["black"]) for g in groups),
    }  # fmt: skip


def _summary(round_: Round, day: datetime.date, f: dict, groups: list[dict]) -> str:
    types = f["site_type_names"] + ("等" if f["site_types"] > 4 else "")
    text = (
        f"{round_.period_start.year}年{short_date(round_.period_start)}至{short_date(round_.period_end)}，"
        f"市文明办组织开展了{_named(round_)}，"
        f"对{types}共{f['site_types']}类{f['sites']}个点位进行了检查，"
        f"共检查{f['checks']}项次，发现不合格{f['failures']}项次，合格率{f['pass_rate']}%，"
        f"形成问题{f['problems']}个，已全部交办责任单位限期整改。"
    )
    district = next((g for g in groups if g["key"] == PeerGroup.DISTRICTS), None)
    if district and district["rows"]:
        text += f"{len(district['rows'])}个区县平均得分{district['average']}分。"
    text += f"截至{cn_date(day)}，已整改销号{f['closed']}个，待审核{f['submitted']}个，正在整改{f['open']}个"
    return text + (f"（其中超期{f['overdue']}个）。" if f["overdue"] else "。")


# --- ranking and lists ------------------------------------------------------------------------


def _change(score: UnitScore, show: bool) -> str:
    if not show or score.rank is None:
        return "—"
    if score.previous_rank is None:
        return "新进"
    places = score.previous_rank - score.rank
    return f"▲{places}" if places > 0 else f"▼{-places}" if places < 0 else "持平"


def _show_change(round_: Round) -> bool:
    """No rank change from a previous round that is still secret."""
    previous = previous_run(round_)
    return previous is None or not previous.round.is_secret


def _groups(round_: Round, run: ScoreRun, content: Content) -> list[dict]:
    show = _show_change(round_)
    scores = list(UnitScore.objects.filter(run=run).select_related("unit").order_by("rank", "unit__path", "unit_id"))
    groups = []
    for key, _label in PeerGroup.choices:
        rows = [s for s in scores if s.peer_group == key]
        if not rows:
            continue
        scored = [s for s in rows if s.score is not None]
        average = sum((s.score for s in scored), Decimal(0)) / len(scored) if scored else None
        label = GROUP_LABELS.get(key, key)
        chart_key = f"chart-{key}"
        content.images[chart_key] = charts.bar_chart(
            [charts.Bar(s.unit.name, float(s.score), "vetoed" if s.vetoed else s.board, number_text(s.score))
             for s in scored],
            title=f"{label}得分（百分制）", maximum=100, average=float(average) if average is not None else None,
            average_label=f"平均 {number_text(average)}", legend=[("红榜", "red"), ("黑榜", "black"), ("其他", "")],
        )  # fmt: skip
        groups.append(
            {
                "key": key, "label": label, "ordinal": ORDINALS[len(groups) % 10], "chart": chart_key,
                "average": number_text(average), "count": len(rows),
                "rows": [_row(s, show) for s in rows],
                "red": [s.unit.name for s in rows if s.board == Board.RED],
                "black": [s.unit.name for s in rows if s.board == Board.BLACK],
                "black_scores": [s for s in rows if s.board == Board.BLACK],
            }
        )  # fmt: skip
        group = groups[-1]
        group["red_names"] = "、".join(group["red"]) or "无"
        group["black_names"] = "、".join(group["black"]) or "无"
        group["summary"] = _group_summary(label, scored, len(rows), average)
    return groups


def _row(s: UnitScore, show: bool) -> dict:
    score = number_text(s.score) + ("（否决）" if s.vetoed else "")
    board = {Board.RED: "红榜", Board.BLACK: "黑榜"}.get(s.board, "")
    return {
        "rank": s.rank or "—", "name": s.unit.name, "score": score, "change": _change(s, show), "board": board,
        "board_key": s.board, "unit_id": s.unit_id,
    }  # fmt: skip


def _group_summary(label: str, scored: list[UnitScore], count: int, average) -> str:
    if not scored:
        return f"{label}共{count}个单位，本轮无可计分的检查结果。"
    top, bottom = scored[0], scored[-1]
    return (
        f"{label}共{count}个单位参评，平均得分{number_text(average)}分；"
        f"最高{number_text(top.score)}分（{top.unit.name}），最低{number_text(bottom.score)}分（{bottom.unit.name}）。"
    )


# --- problems ---------------------------------------------------------------------------------


def _state(problem: Problem, now: datetime.datetime) -> tuple[str, str]:
    if problem.status == Status.CLOSED:
        return "closed", "已整改销号"
    if problem.status == Status.SUBMITTED:
        return "submitted", "已提交整改，待审核"
    if problem.status in ENDED:
        return "ended", problem.get_status_display()
    if problem.status == Status.NEW:
        return "open", "待交办"
    if problem.is_overdue(now):
        return "overdue", f"整改中，已超期{problem.overdue_days(now)}天"
    deadline = timezone.localtime(problem.deadline).date() if problem.deadline else None
    return "open", f"整改中，限{short_date(deadline)}前完成" if deadline else "整改中"


def _photo_key(name: str) -> str:
    return "photo-" + hashlib.sha256(name.encode()).hexdigest()[:16]


def _load(name: str, content: Content) -> str:
    """The picture's key, its bytes loaded once; "" when the file is missing."""
    key = _photo_key(name)
    if key not in content.images:
        try:
            with default_storage.open(name, "rb") as handle:
                content.images[key] = handle.read()
        except OSError:
            return ""
    return key


def _problems(round_: Round, now: datetime.datetime, content: Content) -> list[dict]:
    problems = list(
        Problem.objects.filter(check_result__round=round_)
        .select_related("site", "responsible_unit", "district", "standard__content__parent__parent")
        .order_by("code", "pk")
    )
    before, after = {}, {}
    photos = ProblemPhoto.objects.filter(problem__in=problems, kind__in=[PhotoKind.BEFORE, PhotoKind.AFTER])
    for photo in photos.order_by("pk"):
        if photo.kind == PhotoKind.BEFORE:
            before.setdefault(photo.problem_id, photo.thumbnail or photo.image)
        else:
            after[photo.problem_id] = photo.thumbnail or photo.image  # the latest fix
    rows = []
    for i, p in enumerate(problems, start=1):
        state, state_text = _state(p, now)
        category = p.standard.content.parent.parent.title if p.standard_id else "其他"
        rows.append(
            {
                "no": i, "code": p.code, "site": p.site.name if p.site_id else (p.address or "—"),
                "district": p.district.name if p.district_id else "", "description": " ".join(p.description.split()),
                "unit": p.responsible_unit.name if p.responsible_unit_id else "待交办", "unit_id": p.responsible_unit_id,
                "state": state, "status": state_text, "severity": p.get_severity_display(),
                "severity_order": SEVERITY_ORDER.get(p.severity, 9), "category": category,
                "before": _load(before[p.pk], content) if p.pk in before else "",
                "after": _load(after[p.pk], content) if p.pk in after else "",
            }
        )  # fmt: skip
    return rows


def _photo_problems(problems: list[dict]) -> list[dict]:
    """Typical problems with photos: fixed ones (before and after) first, then the most severe."""
    with_photo = [p for p in problems if p["before"]]
    chosen = sorted(with_photo, key=lambda p: (not p["after"], p["severity_order"], p["no"]))[:PHOTO_PROBLEMS]
    return sorted(chosen, key=lambda p: p["no"])


def _problem_summary(problems: list[dict], day: datetime.date, f: dict) -> str:
    if not problems:
        return "本轮督查未发现需要整改的问题。"
    categories = Counter(p["category"] for p in problems)
    top = [name for name, _n in sorted(categories.items(), key=lambda item: (-item[1], item[0]))[:3]]
    return (
        f"本轮督查发现问题{len(problems)}个，涉及责任单位{f['units']}个，主要集中在{'、'.join(top)}等方面。"
        f"截至{cn_date(day)}，已整改销号{f['closed']}个，待审核{f['submitted']}个，正在整改{f['open']}个"
        + (f"，其中超期{f['overdue']}个。" if f["overdue"] else "。")
        + "问题清单如下："
    )


def _category_chart(problems: list[dict], content: Content) -> str:
    if not problems:
        return ""
    counts = sorted(Counter(p["category"] for p in problems).items(), key=lambda item: (-item[1], item[0]))
    content.images["chart-categories"] = charts.bar_chart(
        [charts.Bar(name, n, "", f"{n}个") for name, n in counts], title="问题分布（按测评项目）"
    )
    return "chart-categories"


# --- summons ------------------------------------------------------------------------------------


def _black_counts(round_: Round, unit_ids: set[int]) -> Counter:
    """How often each unit was on a black list in the year's scored rounds up to this one (secret
    rounds left out)."""
    year_runs = ScoreRun.objects.filter(
        is_current=True,
        round__period_start__year=round_.period_start.year,
        round__period_start__lte=round_.period_start,
    ).exclude(round__in=Round.objects.secret())
    rows = UnitScore.objects.filter(run__in=year_runs, unit_id__in=unit_ids, board=Board.BLACK)
    return Counter(rows.values_list("unit_id", flat=True))


def _summoned(round_: Round, groups: list[dict], now: datetime.datetime) -> list[dict]:
    """Units on this round's black list, and units with problems on the summons list (overdue long
    enough to be summoned, any source) at the time of issue."""
    entries: dict[int, dict] = {}
    blacks = [s for g in groups for s in g["black_scores"]]
    counts = _black_counts(round_, {s.unit_id for s in blacks})
    threshold = AssessmentSettings.current().summons_black_count
    for s in blacks:
        label = next(g["label"] for g in groups if g["key"] == s.peer_group)
        reason = f"本轮列入{label}黑榜（第{s.rank}名，{number_text(s.score)}分）"
        if counts[s.unit_id] >= max(threshold, 2):
            reason += f"，年内第{counts[s.unit_id]}次列入黑榜"
        entries[s.unit_id] = {"unit_id": s.unit_id, "name": s.unit.name, "reasons": [reason], "order": len(entries)}
    for group in escalation.summons_list(now):
        oldest = max(p.days_overdue for p in group.problems)
        reason = f"{group.count}个问题超期未整改，已列入约谈名单（最长超期{oldest}天）"
        entry = entries.setdefault(
            group.unit.pk, {"unit_id": group.unit.pk, "name": group.unit.name, "reasons": [], "order": len(entries)}
        )
        entry["reasons"].append(reason)
    result = sorted(entries.values(), key=lambda e: e["order"])
    for i, entry in enumerate(result, start=1):
        entry["no"] = i
        entry["reason"] = "；".join(entry["reasons"])
    return result


def _summons_intro(summoned: list[dict]) -> str:
    if not summoned:
        return "本轮无需约谈的单位。"
    return (
        f"根据本轮测评结果和问题整改情况，对以下{len(summoned)}个单位的主要负责同志进行约谈，"
        "请被约谈单位按通知要求参加约谈，并于约谈后5个工作日内书面报送整改措施："
    )
