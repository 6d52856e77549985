"""Benchmark: `load_demo --scale large` (5,000 sites, 150 departments, three months of problems driven
through the services) on SQLite and PostgreSQL.

Target (issue 2): under two minutes. Reference, measured in the same run on the same database:
inserting the same number of rows with plain executemany into a scratch table of similar width,
i.e. the floor any loader of that many rows pays. Prints both times and the ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BUDGET_SECONDS = 120.0
TABLES = [
    "units_unit", "units_user", "sites_site", "sites_siteresponsibility", "sites_sitetype",
    "indicators_indexnode", "indicators_standard", "indicators_checklistitem",
    "indicators_standard_site_types", "indicators_standard_responsible_units", "audit_auditevent",
    "problems_problem", "problems_problemphoto", "problems_rectification", "problems_unitrequest",
    "problems_notification", "problems_outbox",
]  # fmt: skip


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz", "HTTPS": "0"})
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _count_rows(cursor) -> int:
    total = 0
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        total += cursor.fetchone()[0]
    return total


def _reference(connection, cursor, rows: int, placeholder: str) -> float:
    cursor.execute("CREATE TABLE bench_reference (id integer PRIMARY KEY, code varchar(32), name varchar(100), "
                   "path varchar(255), lat numeric(9,6), lng numeric(9,6), parent integer)")  # fmt: skip
    values = [
        (i, f"C{i:07d}", f"示范单位{i}", f"/1/{i}/", 30.6 + i * 1e-6, 114.3 - i * 1e-6, i // 7) for i in range(rows)
    ]
    marks = ", ".join([placeholder] * 7)
    started = time.perf_counter()
    cursor.executemany(f"INSERT INTO bench_reference VALUES ({marks})", values)
    connection.commit()
    return time.perf_counter() - started


def bench_sqlite() -> dict:
    import sqlite3

    with tempfile.TemporaryDirectory() as var:
        env = _env(VAR_DIR=var)
        _manage(env, "migrate", "--noinput", "-v", "0")
        seconds = _manage(env, "load_demo", "--scale", "large")
        connection = sqlite3.connect(Path(var) / "chuangwen.sqlite3")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        cursor = connection.cursor()
        rows = _count_rows(cursor)
        reference = _reference(connection, cursor, rows, "?")
        connection.close()
    return {"database": "SQLite", "seconds": seconds, "rows": rows, "reference": reference}


def bench_postgres() -> dict | None:
    try:
        import psycopg
    except ImportError:
        return None
    name = "bench_chuangwen_demo"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: {exc}".strip())
        return None
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        env = _env(DATABASE_URL=url)
        with tempfile.TemporaryDirectory() as var:
            env["VAR_DIR"] = var
            _manage(env, "migrate", "--noinput", "-v", "0")
            seconds = _manage(env, "load_demo", "--scale", "large")
        with psycopg.connect(url) as connection, connection.cursor() as cursor:
            rows = _count_rows(cursor)
            reference = _reference(connection, cursor, rows, "%s")
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
    return {"database": "PostgreSQL", "seconds": seconds, "rows": rows, "reference": reference}


def main() -> int:
    print("load_demo --scale large (5,000 sites, 150 departments); budget 120 s")
    print(f"{'database':<11} {'load s':>8} {'rows':>8} {'raw insert s':>13} {'ratio':>7} {'budget':>7}")
    ok = True
    for result in (bench_sqlite(), bench_postgres()):
        if result is None:
            continue
        ratio = result["seconds"] / result["reference"]
        within = result["seconds"] < BUDGET_SECONDS
        ok &= within
        print(
            f"{result['database']:<11} {result['seconds']:>8.1f} {result['rows']:>8} {result['reference']:>13.2f} "
            f"{ratio:>6.1f}x {'ok' if within else 'OVER':>7}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
