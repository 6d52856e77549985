"""What the public page shows: the campaign's figures this year and the red and black lists.

Citizens' reports are those of 随手拍 (the page and Open311 apps) plus problems the office
registered from a citizen itself (source 市民随手拍 without a report): received, handled (not
waiting for triage) and accepted.

Only aggregates and published material: counts of problems and citizens' reports (never a
problem, a place, a person or a note), and the lists of rounds whose status is *published* — a
round closed but not published, and a covert round before publication, are not there (the
year's pooled score is not shown either: it pools closed rounds that were never published).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from chuangwen.assessment.models import Board, PeerGroup, ScoreRun, UnitScore
from chuangwen.citizens.models import Channel, Report, ReportStatus
from chuangwen.inspections.models import Round, RoundStatus
from chuangwen.problems.models import Problem, Source, Status

CITIZEN_CHANNELS = (Channel.WEB, Channel.OPEN311)  # 随手拍: the page and the apps speaking Open311
NOT_FOUND = (Status.INVALID, Status.DUPLICATE)  # closed without a fix: not a problem found
EARLIER_ROUNDS = 12


@dataclass
class Figures:
    year: int
    found: int
    fixed: int
    fixed_on_time: int
    reports: int
    reports_handled: int
    reports_accepted: int
    latest_round: Round | None  # the latest published round, scored or not

    @property
    def on_time_rate(self) -> Decimal | None:
        """Share of this year's fixes that were done by their deadline, in %, one place."""
        if not self.fixed:
            return None
        return (Decimal(100) * self.fixed_on_time / self.fixed).quantize(Decimal("0.1"), ROUND_HALF_UP)


def year_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def figures(now: datetime.datetime | None = None) -> Figures:
    """This year's figures in three queries (one aggregate each over problems and reports)."""
    now = now or timezone.now()
    start = year_start(now)
    closed = Q(status=Status.CLOSED, closed_at__gte=start)
    without_report = ~Exists(Report.objects.filter(problem_id=OuterRef("pk")))
    problems = Problem.objects.aggregate(
        found=Count("pk", filter=Q(created_at__gte=start) & ~Q(status__in=NOT_FOUND)),
        fixed=Count("pk", filter=closed),
        fixed_on_time=Count("pk", filter=closed & Q(closed_on_time=True)),
        # A citizen's report the office registered as a problem itself (a call, a visit): received and handled.
        registered=Count("pk", filter=Q(source=Source.CITIZEN, created_at__gte=start) & without_report),
    )
    reports = Report.objects.filter(channel__in=CITIZEN_CHANNELS, created_at__gte=start).aggregate(
        received=Count("pk"),
        handled=Count("pk", filter=~Q(status=ReportStatus.PENDING)),
        accepted=Count("pk", filter=Q(status__in=(ReportStatus.ACCEPTED, ReportStatus.DUPLICATE))),
    )
    registered = problems["registered"]
    return Figures(
        year=start.year,
        found=problems["found"],
        fixed=problems["fixed"],
        fixed_on_time=problems["fixed_on_time"],
        reports=reports["received"] + registered,
        reports_handled=reports["handled"] + registered,
        reports_accepted=reports["accepted"] + registered,
        latest_round=Round.objects.filter(status=RoundStatus.PUBLISHED, published_at__isnull=False)
        .only("pk", "name", "published_at")
        .order_by("-published_at", "-pk")
        .first(),
    )


def published_rounds():
    """Published rounds that have scores, newest publication first."""
    scored = ScoreRun.objects.filter(is_current=True, round__isnull=False).values("round_id")
    return (
        Round.objects.filter(status=RoundStatus.PUBLISHED, published_at__isnull=False, pk__in=scored)
        .only("pk", "code", "name", "kind", "period_start", "period_end", "published_at", "status", "is_covert")
        .order_by("-published_at", "-created_at")
    )


def earlier_rounds(shown: Round | None) -> list[Round]:
    rounds = published_rounds()
    if shown is not None:
        rounds = rounds.exclude(pk=shown.pk)
    return list(rounds[:EARLIER_ROUNDS])


@dataclass
class GroupBoards:
    key: str
    label: str
    red: list = field(default_factory=list)
    black: list = field(default_factory=list)


def boards(round_: Round) -> list[GroupBoards]:
    """The red and black lists of a published round's current run, per peer group (one query)."""
    if round_.status != RoundStatus.PUBLISHED:  # a programming error: callers pass published rounds
        raise ValueError("only a published round's lists are public")
    scores = (
        UnitScore.objects.filter(run__round=round_, run__is_current=True, board__in=(Board.RED, Board.BLACK))
        .select_related("unit")
        .only("unit__name", "peer_group", "score", "rank", "of", "board", "vetoed", "run_id")
        .order_by("rank", "unit__path")
    )
    groups = {value: GroupBoards(value, label) for value, label in PeerGroup.choices}
    for score in scores:
        group = groups[score.peer_group]
        (group.red if score.board == Board.RED else group.black).append(score)
    for group in groups.values():
        group.black.reverse()  # the lowest first: the black list reads from the bottom up
    return [g for g in groups.values() if g.red or g.black]
