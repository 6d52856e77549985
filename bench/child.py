"""What the benchmarks share: each measurement runs in a fresh child process (its own peak memory,
cold caches), started with a bench-only environment, answering one JSON line."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "HTTPS": "0",
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "chuangwen.settings",
            **extra,
        }
    )
    return env


def run_child(script: str, env: dict[str, str], *args: str) -> dict:
    """Run `python script args…` and return the JSON of its last line of output."""
    out = subprocess.run(
        [sys.executable, script, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
