"""A full inspection on a 360×740 phone against `make run`: the demo inspector checks the first site
of the current open round (one failure with a photo, a moment offline on the way), submits, and the
responsible unit's handler finds the new problem with its photo in 待办问题."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw

from chuangwen.e2e.fixtures import login, shot, wait_until

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
FAR_AWAY = {"latitude": 31.2304, "longitude": 121.4737}  # nowhere near the demo city


@pytest.fixture
def phone(browser, demo_url):
    """A phone's browser context: small screen, Chinese, geolocation allowed (and set later)."""
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        base_url=demo_url,
        geolocation=FAR_AWAY,
        permissions=["geolocation"],
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def jpeg(tmp_path):
    """A photo as a phone camera would give it: a JPEG file."""
    image = Image.new("RGB", (1280, 960), (120, 160, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle([300, 300, 900, 700], fill=(200, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    path = tmp_path / "roadside.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _pending(page) -> int:
    return int(page.locator("#pending-count").get_attribute("data-count"))


def _open_first_site(page) -> None:
    """我的督查任务 → the current open round (本周明察) → its first site not yet inspected."""
    page.goto("inspections/my/")
    assert page.locator("#page-title").inner_text() == "我的督查任务"
    rounds = page.locator(".round-tasks").filter(has=page.locator(".round-name", has_text="本周明察"))
    assert rounds.count() >= 1, "the demo's current open round is not in 我的督查任务"
    shot(page, "40-inspector-my-tasks")
    site = rounds.first.locator(".task-site[data-state=todo]").first
    with page.expect_navigation():
        site.locator(".start-button").click()
    assert re.search(r"/inspections/visits/\d+/check/$", page.url)


def _check_position(phone, page) -> None:
    warning = page.locator("#position-warning")
    warning.wait_for(state="visible")
    assert "超过" in warning.inner_text()
    shot(page, "42-inspection-far-from-site", full_page=False)
    app = page.locator("#field-app")
    here = {
        "latitude": float(app.get_attribute("data-site-lat")),
        "longitude": float(app.get_attribute("data-site-lng")),
    }
    phone.set_geolocation(here)
    page.click("#locate-button")
    warning.wait_for(state="hidden")
    assert re.match(r"距点位约 \d{1,2} 米", page.locator("#position-text").inner_text())


def _answer_all(phone, page, jpeg) -> str:
    """Every item: the first fails with a photo and a note, the second is answered offline."""
    cards = page.locator(".item-card")
    total = cards.count()
    assert total >= 3
    first = cards.nth(0)
    first.locator("[data-verdict=fail]").click()
    first.locator(".photo-input").set_input_files(str(jpeg))
    first.locator(".note-input").fill("路边堆放建筑垃圾")
    first.locator(".note-input").blur()
    if first.locator(".count-stepper").is_visible():
        first.locator("[data-step='1']").click()
    first.locator(".thumb-wrap:not(.pending)").wait_for()
    wait_until(page, "() => document.querySelector('#pending-count').dataset.count === '0'")
    shot(page, "43-inspection-failed-item-with-photo", full_page=False)

    phone.set_offline(True)
    second = cards.nth(1)
    second.locator("[data-verdict=pass]").click()
    assert second.locator("[data-verdict=pass]").get_attribute("aria-pressed") == "true"  # shown at once
    wait_until(page, "() => Number(document.querySelector('#pending-count').dataset.count) > 0")
    assert "条待上传" in page.locator("#pending-count").inner_text()
    shot(page, "44-inspection-offline-pending", full_page=False)
    phone.set_offline(False)
    wait_until(page, "() => document.querySelector('#pending-count').dataset.count === '0'", timeout=30_000)
    assert page.locator("#pending-count").inner_text() == "已全部上传"

    _reload_with_an_unsent_answer(page, 2)
    cards = page.locator(".item-card")
    for index in range(3, total):
        cards.nth(index).locator("[data-verdict=pass]").click()
    wait_until(page, "() => document.querySelector('#pending-count').dataset.count === '0'", timeout=30_000)
    assert page.locator("#progress-text").inner_text() == f"已检查 {total} / {total} 项"
    return first.get_attribute("data-text")


def _reload_with_an_unsent_answer(page, index: int) -> None:
    """An answer the server never got stays in the phone's outbox across a reload and is sent then."""
    page.route("**/answer/", lambda route: route.abort("internetdisconnected"))
    card = page.locator(".item-card").nth(index)
    card.locator("[data-verdict=na]").click()
    wait_until(page, "() => Number(document.querySelector('#pending-count').dataset.count) > 0")
    page.unroute("**/answer/")
    page.reload()
    wait_until(page, "() => document.querySelector('#pending-count').dataset.count === '0'", timeout=30_000)
    assert page.locator(".item-card").nth(index).locator("[data-verdict=na]").get_attribute("aria-pressed") == "true"


def _submit(page, failed_text: str) -> str:
    page.click("#submit-button")
    modal = page.locator("#confirm-modal")
    modal.wait_for(state="visible")
    assert failed_text in page.locator("#confirm-failed").inner_text()
    shot(page, "45-inspection-confirm-submit", full_page=False)
    with page.expect_navigation():
        page.click("#confirm-submit")
    status = page.locator("#visit-status")
    assert "已于" in status.inner_text() and "提交" in status.inner_text()
    shot(page, "46-inspection-submitted-summary")
    codes = page.locator(".problem-code").all_inner_texts()
    assert len(codes) == 1
    return codes[0]


def test_an_inspection_on_a_phone_ends_in_the_unit_inbox(phone, browser, demo_url, jpeg):
    page = phone.new_page()
    login(page, "inspector")
    card = page.locator(".stat-card", has_text="今日待查点位")
    assert int(card.locator(".display-6").inner_text()) > 0
    shot(page, "39-inspector-home", full_page=False)

    _open_first_site(page)
    shot(page, "41-inspection-checklist", full_page=False)
    _check_position(phone, page)
    failed_text = _answer_all(phone, page, jpeg)
    code = _submit(page, failed_text)

    handler_context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=demo_url)
    try:
        unit = handler_context.new_page()
        login(unit, "handler")
        unit.goto("problems/inbox/")
        row = unit.locator(".inbox-row", has_text=code)
        assert row.count() == 1, f"{code} is not in 市城管局's inbox"
        shot(unit, "47-handler-inbox-new-finding")
        with unit.expect_navigation():
            row.click()
        assert unit.locator("#problem-code").inner_text() == code
        photo = unit.locator("#before-photos img").first
        photo.wait_for()
        assert unit.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
        shot(unit, "48-handler-finding-with-photo")
    finally:
        handler_context.close()
