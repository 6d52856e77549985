"""Browser tests: `make run` serves the demo city exactly as the README says, and a real
chromium (Debian's package, driven by Playwright) uses it. Screenshots go to var/screenshots/."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from chuangwen.e2e.serving import free_port, stop_group, wait_healthy

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


@contextmanager
def served_demo(var: Path, **extra_env: str):
    """`make run` on a free port with a fresh database in var (and extra_env); yields its base URL."""
    port = free_port()
    log = var / "make-run.log"
    env = {**os.environ, "VAR_DIR": str(var), "PORT": str(port), **extra_env}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS"):
        env.pop(name, None)
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop_group(proc)


@pytest.fixture(scope="session")
def demo_url(demo_var):
    """Run `make run` on a free port with a fresh database; yield its base URL."""
    with served_demo(demo_var) as url:
        yield url
    (ROOT / "var").mkdir(exist_ok=True)
    shutil.copy(demo_var / "make-run.log", ROOT / "var" / "e2e-make-run.log")


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


@contextmanager
def page_factory(browser, base_url: str):
    """make(width, height, locale) opens a fresh context (its own cookies) on base_url."""
    contexts = []

    def make(width: int = 1280, height: int = 800, locale: str = "zh-CN"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, base_url=base_url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_page(browser, demo_url):
    """new_page(width, height) opens a fresh context (its own cookies) in Chinese."""
    with page_factory(browser, demo_url) as make:
        yield make


def wait_until(page, function: str, arg=None, timeout: float = 15_000) -> None:
    """Poll a JavaScript function (source text, called with arg) until it returns something truthy.
    Playwright's wait_for_function evaluates its predicate with eval(), which the pages' Content
    Security Policy refuses; page.evaluate goes through the DevTools protocol and is not refused."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(function, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {function}")
        time.sleep(0.1)


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
