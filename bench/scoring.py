"""Benchmark: the score engine on a large city (issue 5), on SQLite and on PostgreSQL.

City: 5,000 sites, 20 districts, 200 streets, 150 departments, 120 standards; a year of 52 weekly
rounds of 500 sites × 30 checks (about 0.8 M check results), and a 2 M variant (1,300 sites a
round). Measured, each in a fresh process: the recompute of one round (score_round: read, score,
rank, store; the median of three) and of the full year (score_year over all 52 rounds pooled, the median of
three, reading the
year's tallies that are kept as each round closes — chuangwen/assessment/tallies.py), with the peak
resident memory of the process. The build also counts the 52 rounds into the year's tallies, as their
closings would have, and prints what that costs per round ("tallies kept per round").

Reference, in the same run on the same rows: DuckDB computes the same per-unit, per-standard
aggregation (answers, failures, occurrences per unit and standard, with the same attribution of
sites and standards to units). DuckDB cannot open our database here (its SQLite and PostgreSQL
scanners are extensions downloaded at run time, and there is no network), so it is given the rows
read from the same database by the same driver; the benchmark prints DuckDB's time to load and
aggregate ("DuckDB end to end") and its aggregation alone ("DuckDB compute"), and checks that
DuckDB's counts equal the ones our engine stored. Targets: one round < 0.5 s; a full year ≤ 3 ×
DuckDB compute (its aggregation alone, the strict reading); peak memory < 1 GiB.

Usage: python bench/scoring.py [--variants 0.8M,2M] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from child import child_env, peak_mb, run_child, setup_django  # noqa: E402

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
VARIANTS = {"0.8M": {"per_round": 500}, "2M": {"per_round": 1300}}
TARGET_ROUND_SECONDS = 0.5
TARGET_YEAR_RATIO = 3.0
TARGET_MEMORY_MB = 1024


def _env(database_url: str) -> dict[str, str]:
    return child_env(database_url)


def _child(env: dict[str, str], *args: str) -> dict:
    return run_child(__file__, env, *args)


# --- children: each runs in its own process ------------------------------------------------------


def child_build(per_round: int) -> dict:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from scoring_data import build

    started = time.perf_counter()
    built = build(sites=5000, rounds=52, per_round=per_round, checks=30)
    seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics, as a live database has them
        cursor.execute("ANALYZE")
    # The year's tallies, as the 52 rounds would have been counted one by one when each closed.
    from chuangwen.assessment import tallies

    started = time.perf_counter()
    tallies.ensure_year(2026)  # round by round, each in its own transaction, as their closings were
    counted = time.perf_counter() - started
    with connection.cursor() as cursor:  # what autovacuum does on a live database between closings
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return built | {"seconds": seconds, "tallies_seconds": counted, "tallies_per_round": counted / 52}


def child_round() -> dict:
    setup_django()
    from chuangwen.assessment import services
    from chuangwen.inspections.models import Round

    round_ = Round.objects.order_by("-period_start").first()
    services.score_round(None, round_)  # the first computation (warms the caches of the database)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        run = services.score_round(None, round_, reason="benchmark")
        times.append(time.perf_counter() - started)
    return {"seconds": sorted(times)[1], "results": run.results, "peak_mb": peak_mb()}  # the median of three


def child_year() -> dict:
    setup_django()
    from chuangwen.assessment import services

    times = []
    for _ in range(3):
        started = time.perf_counter()
        run = services.score_year(None, 2026, reason="benchmark")
        times.append(time.perf_counter() - started)
    seconds = sorted(times)[1]  # the median of three, as for the round
    return {"seconds": seconds, "first": times[0], "results": run.results, "rounds": run.rounds, "peak_mb": peak_mb()}


REFERENCE_SQL = """
WITH attributed AS (
    SELECT su.unit_id, r.* FROM results r JOIN site_units su USING (site_id)
    UNION
    SELECT stu.unit_id, r.* FROM results r JOIN standard_units stu USING (standard_id)
)
SELECT unit_id, standard_id,
       count(*) FILTER (WHERE verdict <> 'na') AS applicable,
       count(*) FILTER (WHERE verdict = 'fail') AS failures,
       coalesce(sum("count") FILTER (WHERE verdict = 'fail'), 0) AS occurrences
FROM attributed
GROUP BY unit_id, standard_id
"""


def child_duckdb() -> dict:
    """The same rows, read from our database by the same driver, aggregated by DuckDB."""
    setup_django()
    import csv

    import duckdb
    from django.db import connection

    from chuangwen.assessment import sources
    from chuangwen.assessment.models import ScoreRun, StandardScore
    from chuangwen.assessment.services import year_rounds

    round_ids = list(year_rounds(2026).values_list("pk", flat=True))
    units = sources.ranked_units()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(round_ids))
        cursor.execute(
            f"SELECT id, site_id, standard_id, verdict, count FROM inspections_checkresult WHERE round_id IN ({marks})",
            round_ids,
        )
        path = Path(folder) / "results.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            while rows := cursor.fetchmany(50000):
                writer.writerows(rows)
        con = duckdb.connect()
        con.execute(
            f"CREATE TABLE results AS SELECT * FROM read_csv('{path}', header=false, "
            "columns={'id': 'BIGINT', 'site_id': 'BIGINT', 'standard_id': 'BIGINT', 'verdict': 'VARCHAR', 'count': 'INTEGER'})"
        )
        site_map = sources.site_units(
            [r[0] for r in con.execute("SELECT DISTINCT site_id FROM results").fetchall()], units
        )
        standard_map = sources.standard_units(
            [r[0] for r in con.execute("SELECT DISTINCT standard_id FROM results").fetchall()], units
        )
        con.execute("CREATE TABLE site_units (site_id BIGINT, unit_id BIGINT)")
        con.executemany("INSERT INTO site_units VALUES (?, ?)", [(s, u) for s, us in site_map.items() for u in us])
        con.execute("CREATE TABLE standard_units (standard_id BIGINT, unit_id BIGINT)")
        con.executemany(
            "INSERT INTO standard_units VALUES (?, ?)", [(s, u) for s, us in standard_map.items() for u in us]
        )
        loaded = time.perf_counter()
        rows = con.execute(REFERENCE_SQL).fetchall()
        finished = time.perf_counter()
    run = ScoreRun.objects.get(year=2026, is_current=True)
    ours = {
        (s.unit_id, s.standard_id): (s.applicable, s.failures)
        for s in StandardScore.objects.filter(run=run).only("unit_id", "standard_id", "applicable", "failures")
    }
    theirs = {(u, s): (a, f) for u, s, a, f, _occ in rows if a}
    return {
        "end_to_end": finished - started,
        "compute": finished - loaded,
        "rows": len(theirs),
        "match": ours == theirs,
        "peak_mb": peak_mb(),
    }


# --- the parent: databases and variants ---------------------------------------------------------------


def _postgres_url(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def run(variant: str, database: str) -> dict:
    with tempfile.TemporaryDirectory() as var:
        url = f"sqlite:///{var}/bench.sqlite3" if database == "sqlite" else _postgres_url("bench_scoring")
        env = _env(url) | {"VAR_DIR": var}
        built = _child(env, "build", str(VARIANTS[variant]["per_round"]))
        one = _child(env, "round")
        year = _child(env, "year")
        reference = _child(env, "duckdb")
    return {"variant": variant, "database": database, "built": built, "round": one, "year": year, "duckdb": reference}


def report(result: dict) -> str:
    year, ref, one = result["year"], result["duckdb"], result["round"]
    ratio = year["seconds"] / ref["end_to_end"]
    compute_ratio = year["seconds"] / ref["compute"]
    upkeep = result["built"]["tallies_per_round"]
    peak = max(one["peak_mb"], year["peak_mb"])
    # The round target is for the weekly round of the brief (500 sites × 30 checks, the 0.8 M variant).
    round_ok = one["seconds"] < TARGET_ROUND_SECONDS or result["variant"] != "0.8M"
    ok = round_ok and compute_ratio <= TARGET_YEAR_RATIO and peak < TARGET_MEMORY_MB and ref["match"]
    return (
        f"{result['database']:<10} {result['variant']:>4}  results {year['results']:>9,}  "
        f"round {one['seconds']:.3f}s ({one['results']:,})  year {year['seconds']:.2f}s (first {year['first']:.2f}s)  "
        f"DuckDB end to end {ref['end_to_end']:.2f}s (ratio {ratio:.2f})  DuckDB compute {ref['compute']:.3f}s "
        f"(ratio {compute_ratio:.2f})  peak {peak:.0f} MiB  same counts {ref['match']}  "
        f"tallies kept per round {upkeep:.3f}s  "
        f"{'OK' if ok else 'MISSED'}"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("build", "round", "year", "duckdb"):
        command = sys.argv[1]
        if command == "build":
            print(json.dumps(child_build(int(sys.argv[2]))))
        else:
            print(json.dumps({"round": child_round, "year": child_year, "duckdb": child_duckdb}[command]()))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", default="0.8M,2M")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print("Scoring benchmark (issue 5): one round < 0.5 s, a year ≤ 3 × DuckDB compute, peak < 1 GiB")
    for variant in args.variants.split(","):
        for database in args.databases.split(","):
            result = run(variant, database)
            print(report(result), flush=True)
            print("  build:", json.dumps(result["built"]), flush=True)


if __name__ == "__main__":
    main()
