"""A real server for the failure tests: scripts/serve.sh (gunicorn with its gthread workers, and the
loops beside it) on a free port, over a fresh SQLite database in a temporary VAR_DIR holding the
test personas, with API tokens for the office admin and the outsider. SQLite whatever
DATABASE_URL says: a writer holding SQLite's lock and a worker killed mid-upload are what the
tests are about."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from chuangwen.e2e.serving import free_port, stop_group, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
SETUP = """
from chuangwen.apitokens.services import issue_token
from chuangwen.testing import build_world
world = build_world()
print(issue_token(world.office_admin, name="failure tests")[1])
print(issue_token(world.outsider, name="failure tests")[1])
"""


def _env(var: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "chuangwen.test_settings", **extra}
    for name in ("DATABASE_URL", "DEBUG", "MEDIA_ROOT", "SQLITE_TEST_FILE"):
        env.pop(name, None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(PY), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Served:
    url: str
    var: Path
    env: dict[str, str]
    proc: subprocess.Popen
    admin_token: str
    outsider_token: str
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def database(self) -> Path:
        return self.var / "chuangwen.sqlite3"

    @property
    def media(self) -> Path:
        return self.var / "media"

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)

    def query(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def workers(self) -> list[int]:
        """The gunicorn workers: children of the gunicorn master (the child of serve.sh running gunicorn)."""
        masters = [pid for pid in _children(self.proc.pid) if "gunicorn" in _cmdline(pid)]
        return [pid for master in masters for pid in _children(master)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> tuple[Path, list[str]]:
    """A migrated SQLite database with the personas (built once), and the two tokens."""
    var = tmp_path_factory.mktemp("served-template")
    env = _env(var)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    tokens = manage(env, "shell", "-c", SETUP).split()[-2:]
    return var / "chuangwen.sqlite3", tokens


def start(migrated_database, var: Path, **env_extra: str) -> Served:
    template, (admin_token, outsider_token) = migrated_database
    var.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, var / "chuangwen.sqlite3")
    port = free_port()
    env = _env(var, PORT=str(port), PY=str(PY), **env_extra)
    log = var / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/"
    served = Served(url, var, env, proc, admin_token, outsider_token, log)
    try:
        wait_healthy(url, proc, log, timeout=120, poll=0.3)
    except BaseException:
        stop(served)
        raise
    return served


def stop(served: Served) -> None:
    stop_group(served.proc, timeout=30)
