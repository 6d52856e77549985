"""Browser tests: `make run` serves the demo city exactly as the README says, and a real
chromium (Debian's package, driven by Playwright) uses it. Screenshots go to var/screenshots/."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
DEMO_PASSWORD = "demo-2026"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"`make run` exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the demo did not come up:\n{log.read_text()[-4000:]}")


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def demo_var(tmp_path_factory) -> Path:
    """The VAR_DIR of the demo `make run` serves (its database), for tests that change the demo."""
    return tmp_path_factory.mktemp("demo-var")


def demo_env(var: Path) -> dict[str, str]:
    """The environment `make run` serves the demo with, for a manage.py or python -m beside it."""
    env = {**os.environ, "VAR_DIR": str(var), "HTTPS": "0", "DJANGO_SETTINGS_MODULE": "chuangwen.settings"}
    env["SECRET_KEY"] = (ROOT / "var" / "secret_key").read_text().strip()
    for name in ("DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="session")
def demo_url(demo_var):
    """Run `make run` on a free port with a fresh database; yield its base URL."""
    var = demo_var
    port = _free_port()
    log = var / "make-run.log"
    env = {**os.environ, "VAR_DIR": str(var), "PORT": str(port)}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS"):
        env.pop(name, None)
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        _stop(proc)
    (ROOT / "var").mkdir(exist_ok=True)
    shutil.copy(log, ROOT / "var" / "e2e-make-run.log")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (apt-get install chromium; .ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, demo_url):
    """new_page(width, height) opens a fresh context (its own cookies) in Chinese."""
    contexts = []

    def make(width: int = 1280, height: int = 800, locale: str = "zh-CN"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, base_url=demo_url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
