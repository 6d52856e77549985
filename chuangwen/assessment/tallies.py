"""The year's tallies: the answers of its scorable rounds counted per (site, standard, rule).

A year pools some fifty rounds, three quarters of a million check results for a large city.
Counting them all again for every year score is most of its cost, and they never change once a
round is closed (no visit is open and none can start). So each round is counted into its year
once, when it becomes scorable (closed; a covert round when it is published): one GROUP BY over
the round's rows added to the year's rows by INSERT … ON CONFLICT DO UPDATE, inside the
transaction that closes or publishes it. A year's score then reads about a fifth as many rows.

`ensure_year` makes the tallies match the year's scorable rounds before they are read: rounds
counted elsewhere (a bulk load, a database restored from before this table) are added, and if a
counted round is no longer scorable for the year the year is counted again from its rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from chuangwen.assessment import engine
from chuangwen.assessment.models import TalliedRound, YearTally
from chuangwen.indicators.models import ChecklistItem
from chuangwen.inspections.models import CheckResult, Round, RoundStatus, Verdict

SCORABLE = (RoundStatus.CLOSED, RoundStatus.PUBLISHED)


def year_rounds(year: int):
    """The rounds a year's score pools: closed or published, and never a secret one."""
    rounds = Round.objects.filter(period_start__year=year, status__in=SCORABLE)
    return rounds.filter(Q(status=RoundStatus.PUBLISHED) | Q(is_covert=False))


def _upsert_sql() -> str:
    tally, result, item = YearTally._meta.db_table, CheckResult._meta.db_table, ChecklistItem._meta.db_table
    counts = ("passes", "fails", "occurrences")
    update = ", ".join(f"{c} = {tally}.{c} + excluded.{c}" for c in counts)
    return f"""
        INSERT INTO {tally} (year, site_id, standard_id, rule_key, rule_kind, deduction_per, veto_scope,
                             passes, fails, occurrences)
        SELECT %s, r.site_id, r.standard_id,
               r.rule_kind || ':' || COALESCE(CAST(r.deduction_per AS TEXT), '') || ':' || COALESCE(i.veto_scope, ''),
               r.rule_kind, r.deduction_per, COALESCE(i.veto_scope, ''),
               SUM(CASE WHEN r.verdict = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN r.verdict = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN r.verdict = %s THEN r.count ELSE 0 END)
        FROM {result} r JOIN {item} i ON i.id = r.item_id
        WHERE r.round_id = %s AND r.verdict <> %s
        GROUP BY r.site_id, r.standard_id, r.rule_kind, r.deduction_per, i.veto_scope
        ON CONFLICT (year, site_id, standard_id, rule_key) DO UPDATE SET {update}
    """


@transaction.atomic
def add_round(round_: Round) -> bool:
    """Count a scorable round into its year, once. Returns whether it was added now."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    year = round_.period_start.year
    if TalliedRound.objects.filter(round=round_).exists() or not year_rounds(year).filter(pk=round_.pk).exists():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            _upsert_sql(), [year, Verdict.PASS, Verdict.FAIL, Verdict.FAIL, round_.pk, Verdict.NOT_APPLICABLE]
        )
    results = CheckResult.objects.filter(round=round_).exclude(verdict=Verdict.NOT_APPLICABLE).count()
    TalliedRound.objects.create(round=round_, year=year, results=results, tallied_at=timezone.now())
    return True


def ensure_year(year: int) -> list[int]:
    """Make the year's tallies count exactly its scorable rounds; returns their ids. Each round is
    added in its own transaction when called outside one (a round's rows and its mark together),
    so PostgreSQL can reclaim the replaced row versions as it goes."""
    wanted = set(year_rounds(year).values_list("pk", flat=True))
    counted = set(TalliedRound.objects.filter(year=year).values_list("round_id", flat=True))
    if counted - wanted:
        with transaction.atomic():
            YearTally.objects.filter(year=year).delete()
            TalliedRound.objects.filter(year=year).delete()
        counted = set()
    for round_ in Round.objects.filter(pk__in=wanted - counted).order_by("period_start", "created_at"):
        add_round(round_)
    return sorted(wanted)


def read_year(year: int) -> list[engine.Tally]:
    """The year's tallies, straight from the cursor (the ORM's converters cost more than the query).
    The columns come in the order of engine.Tally; PostgreSQL gives the deduction as a Decimal
    already, SQLite as a number to convert."""
    table = YearTally._meta.db_table
    sql = (
        f"SELECT site_id, standard_id, rule_kind, passes, fails, occurrences, deduction_per, veto_scope "
        f"FROM {table} WHERE year = %s"
    )
    make = engine.Tally._make
    decimals: dict[object, Decimal | None] = {None: None}
    tallies: list[engine.Tally] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        while chunk := cursor.fetchmany(50000):
            for row in chunk:
                per = row[6]
                if per is not None and not isinstance(per, Decimal):
                    if per not in decimals:
                        decimals[per] = Decimal(str(per))
                    row = (*row[:6], decimals[per], row[7])
                tallies.append(make(row))
    return tallies


def on_round_scorable(sender, round_: Round, **kwargs) -> None:
    add_round(round_)
