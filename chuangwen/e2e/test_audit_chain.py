"""The audit chain in the demo `make run` serves: audit_anchor (started beside the site) has
published the demo's three months of daily head hashes on the public page; the office admin
verifies the chain from the audit page and downloads it."""

from __future__ import annotations

import json
import time

import pytest

from chuangwen.e2e.fixtures import login, shot

pytestmark = pytest.mark.browser


def _wait_for_anchors(page, timeout: float = 120) -> None:
    """The loop anchors the closed days within its first run, seconds after start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto("public/")
        if page.locator("#audit-anchors li").count():
            return
        time.sleep(2)
    pytest.fail("audit_anchor published no daily hash")


def test_the_public_page_publishes_the_daily_hashes(new_page):
    page = new_page(390, 844)
    _wait_for_anchors(page)
    items = page.locator("#audit-anchors li")
    assert items.count() == 7
    assert len(items.first.locator("code").inner_text()) == 64
    shot(page, "audit-chain-public")


def test_the_office_admin_verifies_and_downloads_the_chain(new_page, tmp_path):
    page = new_page()
    login(page, "admin")
    page.goto("audit/")
    assert page.locator("#chain-head").inner_text() != "0" * 64
    page.click("#chain-verify")
    page.wait_for_load_state("networkidle")
    assert page.locator("#chain-status").inner_text() == "完好"
    assert "审计链完好" in page.locator("body").inner_text()
    shot(page, "audit-chain-verified")
    with page.expect_download() as download:
        page.click("#chain-export")
    path = tmp_path / "chain.jsonl"
    download.value.save_as(path)
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first["kind"] == "chain" and first["algorithm"] == "sha256"
