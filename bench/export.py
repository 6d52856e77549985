"""Benchmark: the streamed XLSX export of the problem list (issue 7), on SQLite and on PostgreSQL.

Data: 100,000 problems (bulk inserted, benchmark rows, not a demo: no services, no audit trail)
over a city of 20 districts, 150 departments and 5,000 sites, with every column of the export
filled (category, standard, site, district, unit, times, reporters).

Measured, each in a fresh process: the export of all 100,000 through the real view (Django's test
Client, logged in as office staff, reading the streamed response to the end), its time and the
peak resident memory of the process (ru_maxrss). Reference, in the same run on the same rows, in
its own process: openpyxl's normal (not write-only) workbook built in memory from the same rows and
saved (what the export did before issue 7). Target: our export's peak under 300 MiB.

Usage: python bench/export.py [--problems 100000] [--databases sqlite,postgresql]
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
TARGET_MEMORY_MB = 300
CATEGORIES = ["市容环境", "交通秩序", "公共设施", "环境卫生", "文明行为", "公益广告", "农贸市场", "背街小巷"]
STATUSES = ["new", "assigned", "in_progress", "submitted", "rejected", "closed", "closed", "closed", "invalid"]
SOURCES = ["inspection", "citizen", "grid", "hotline", "petition", "leader"]
SEVERITIES = ["urgent", "serious", "major", "minor", "minor"]


def _env(database_url: str, var: str) -> dict[str, str]:
    # DEBUG off: with it on, Django would keep every query in memory.
    return child_env(database_url, DEBUG="0", ALLOWED_HOSTS="testserver", VAR_DIR=var)


def _child(env: dict[str, str], *args: str) -> dict:
    return run_child(__file__, env, *args)


# --- children: each runs in its own process ------------------------------------------------------


def _problems(n: int, rng, sites, district_of, departments, categories, standards, creator_id):
    import datetime

    from django.utils import timezone

    from chuangwen.problems.models import Problem

    start = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))
    for i in range(n):
        site = rng.choice(sites)
        status = rng.choice(STATUSES)
        created = start + datetime.timedelta(minutes=4 * i)
        with_unit = status != "new"
        yield Problem(
            code=f"B{i:08d}", source=rng.choice(SOURCES), external_ref=f"12345-{i}" if i % 5 == 0 else "",
            category=rng.choice(categories), standard=rng.choice(standards) if i % 3 == 0 else None, site=site,
            lat=site.lat, lng=site.lng, address=f"基准路{i % 997}号", severity=rng.choice(SEVERITIES), status=status,
            description=f"基准问题{i}：人行道有垃圾堆放，影响市容环境，请尽快清理并建立长效机制。",
            territorial_unit_id=site.territorial_unit_id, district_id=district_of[site.territorial_unit_id],
            responsible_unit=rng.choice(departments) if with_unit else None,
            assigned_at=created + datetime.timedelta(hours=2) if with_unit else None,
            deadline=created + datetime.timedelta(days=3) if with_unit else None,
            submitted_at=created + datetime.timedelta(days=2) if status in ("submitted", "closed") else None,
            closed_at=created + datetime.timedelta(days=3) if status == "closed" else None,
            escalation_level=rng.choice([0, 0, 0, 1, 2]), rework_count=rng.randint(0, 2),
            reporter_name="张三丰" if i % 2 else "李四", reporter_phone=f"138{i:08d}",
            created_by_id=creator_id, created_at=created,
        )  # fmt: skip


def child_build(n: int) -> dict:
    setup_django()
    import random

    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from scoring_data import _index, _sites, _units

    from chuangwen.indicators.models import Standard
    from chuangwen.problems.models import Problem, ProblemCategory
    from chuangwen.units.models import Role, User

    started = time.perf_counter()
    rng = random.Random(2026)
    with transaction.atomic():
        communities, departments, _districts = _units(rng)
        types, sites = _sites(rng, 5000, communities, departments)
        _index(rng, types, departments)
        district_of = {c.pk: int(c.path.strip("/").split("/")[1]) for c in communities}
        categories = ProblemCategory.objects.bulk_create(
            [ProblemCategory(code=f"BC{i}", name=name) for i, name in enumerate(CATEGORIES)]
        )
        standards = list(Standard.objects.all())
        office = User.objects.create(username="bench-office", role=Role.OFFICE_STAFF, name="基准文明办")
        batch = []
        for problem in _problems(n, rng, sites, district_of, departments, categories, standards, office.pk):
            batch.append(problem)
            if len(batch) == 5000:
                Problem.objects.bulk_create(batch)
                batch = []
        Problem.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # planner statistics, as a live database has them
        cursor.execute("ANALYZE")
    return {"problems": Problem.objects.count(), "seconds": time.perf_counter() - started}


def child_export(path: str) -> dict:
    """Ours: the real view, through the test Client, the streamed response read to the end."""
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from chuangwen.units.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-office"), backend="django.contrib.auth.backends.ModelBackend")
    warm = client.get(reverse("problems:export"), {"q": "基准以外"})  # imports, URLs, session: not the export
    b"".join(warm.streaming_content)
    before = peak_mb()
    started = time.perf_counter()
    response = client.get(reverse("problems:export"))
    assert response.status_code == 200 and response.streaming, response.status_code
    size = 0
    with open(path, "wb") as out:
        for block in response.streaming_content:
            out.write(block)
            size += len(block)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": size, "peak_mb": peak_mb(), "before_mb": before}


def child_reference(path: str) -> dict:
    """openpyxl's normal workbook: the same rows, built in memory, then saved."""
    setup_django()
    from django.utils import timezone

    from chuangwen.lib import xlsx
    from chuangwen.problems import export_views
    from chuangwen.problems.models import Problem
    from chuangwen.units.models import User

    user = User.objects.get(username="bench-office")
    before = peak_mb()
    started = time.perf_counter()
    now = timezone.now()
    rows = export_views.export_rows(export_views.export_values(Problem.objects.visible_to(user)), user, now)
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, export_views.SHEET, export_views.COLUMNS, rows)
    workbook.save(path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": os.path.getsize(path), "peak_mb": peak_mb(), "before_mb": before}


# --- the parent: databases ---------------------------------------------------------------------------


def _postgres_url(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _data_rows(path: str) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    n = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    workbook.close()
    return n


def run(n: int, database: str) -> dict:
    with tempfile.TemporaryDirectory() as var:
        url = f"sqlite:///{var}/bench.sqlite3" if database == "sqlite" else _postgres_url("bench_export")
        env = _env(url, var)
        built = _child(env, "build", str(n))
        ours = _child(env, "export", f"{var}/ours.xlsx") | {"rows": _data_rows(f"{var}/ours.xlsx")}
        reference = _child(env, "reference", f"{var}/reference.xlsx") | {"rows": _data_rows(f"{var}/reference.xlsx")}
    return {"database": database, "built": built, "ours": ours, "reference": reference}


def report(result: dict) -> str:
    ours, ref = result["ours"], result["reference"]
    ok = ours["peak_mb"] < TARGET_MEMORY_MB and ours["rows"] == ref["rows"] == result["built"]["problems"]
    return (
        f"{result['database']:<10} rows {ours['rows']:>7,}  streamed export {ours['seconds']:.1f}s, "
        f"peak {ours['peak_mb']:.0f} MiB (after start-up {ours['before_mb']:.0f})  |  "
        f"openpyxl in memory {ref['seconds']:.1f}s, peak {ref['peak_mb']:.0f} MiB  |  "
        f"memory ratio {ref['peak_mb'] / ours['peak_mb']:.1f}×, time ratio {ours['seconds'] / ref['seconds']:.2f}  "
        f"file {ours['bytes'] / 2**20:.1f} MiB  {'OK' if ok else 'MISSED'}"
    )


def main() -> None:
    commands = {"build": lambda a: child_build(int(a)), "export": child_export, "reference": child_reference}
    if len(sys.argv) > 1 and sys.argv[1] in commands:
        print(json.dumps(commands[sys.argv[1]](sys.argv[2])))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"Export benchmark (issue 7): {args.problems:,} problems as XLSX, streamed export peak < 300 MiB")
    for database in args.databases.split(","):
        result = run(args.problems, database)
        print(report(result), flush=True)
        print("  build:", json.dumps(result["built"]), flush=True)


if __name__ == "__main__":
    main()
