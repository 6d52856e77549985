"""A citizen's 随手拍 on a 360×740 phone against `make run`, through the office's triage, to the
responsible unit's inbox, with the citizen's status page following along.

The pin goes in the middle of the map (MAP_CENTER, 30.60 N 114.30 E): no demo site lies within a
kilometre of it, so the problem has no territory and the category's default unit answers for it
(市容环境 → 市城管局, where the demo's `handler` works)."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image, ImageDraw

from chuangwen.e2e.fixtures import login, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
CITIZEN_PHONE = "13912340000"


@pytest.fixture
def citizen(browser, demo_url):
    """A citizen's phone: small screen, touch, Chinese, no login."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=demo_url, is_mobile=True, has_touch=True,
        geolocation={"latitude": 30.6, "longitude": 114.3}, permissions=["geolocation"],
    )  # fmt: skip
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def jpeg(tmp_path):
    image = Image.new("RGB", (1280, 960), (140, 150, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle([200, 500, 1000, 900], fill=(90, 70, 50))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    path = tmp_path / "rubbish.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _file_report(page, jpeg, description: str) -> str:
    page.goto("report/")
    assert page.locator("#page-title").inner_text() == "随手拍"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.locator("#pick-map[data-ready='1']").wait_for()
    shot(page, "60-citizen-report-form", full_page=False)
    page.set_input_files("#id_photos", str(jpeg))
    page.locator(".photo-thumb").first.wait_for()
    page.locator("#pick-map").tap()
    page.locator("#pick-map[data-pinned='1']").wait_for()
    assert page.locator("#pin-status").inner_text().startswith("已选位置")
    assert page.input_value("#id_lat").startswith("30.") and page.input_value("#id_lng").startswith("114.")
    page.select_option("#id_category", label="市容环境")
    page.fill("#id_description", description)
    page.fill("#id_phone", CITIZEN_PHONE)
    assert re.fullmatch(r"[0-9a-f]{32}", page.input_value("#id_device"))
    shot(page, "61-citizen-report-filled")
    with page.expect_navigation():
        page.click("#report-submit")
    assert "/report/done/" in page.url
    code = page.locator("#tracking-code").get_attribute("data-code")
    assert re.fullmatch(r"[23456789A-HJKMNP-Z]{10}", code)
    shot(page, "62-citizen-report-code", full_page=False)
    return code


def _status(page) -> str:
    return page.locator("#status-label").inner_text()


def _accept_in_triage(browser, demo_url, code: str) -> str:
    """The office user opens the report in the triage queue and accepts it; the problem's code."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=demo_url)
    try:
        office = context.new_page()
        login(office, "office")
        office.goto(f"citizens/triage/?q={code}")  # the search finds tracking codes
        entry = office.locator("#queue [data-report]")
        assert entry.count() == 1, f"{code} is not in the triage queue"
        with office.expect_navigation():
            entry.click()
        assert office.locator("#report-code").inner_text() == code
        assert "市城管局" in office.locator("#proposal-current").inner_text()
        office.locator("#report-photos img").first.wait_for()
        shot(office, "64-office-triage-citizen-report")
        with office.expect_navigation():
            office.click("#accept-submit")
        message = office.locator(".alert-success", has_text=code).inner_text()
        shot(office, "65-office-triage-accepted")
        return re.search(r"P\d{8,}", message).group(0)
    finally:
        context.close()


def _handler_inbox(browser, demo_url, problem_code: str, description: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=demo_url)
    try:
        unit = context.new_page()
        login(unit, "handler")
        unit.goto("problems/inbox/")
        row = unit.locator(".inbox-row", has_text=problem_code)
        assert row.count() == 1, f"{problem_code} is not in 市城管局's inbox"
        shot(unit, "67-handler-inbox-citizen-report")
        with unit.expect_navigation():
            row.click()
        assert unit.locator("#problem-code").inner_text() == problem_code
        assert description in unit.locator("body").inner_text()
        reporter = unit.locator("#reporter").inner_text()
        assert CITIZEN_PHONE not in reporter and "139****0000" in reporter  # masked for the unit
        photo = unit.locator("#before-photos img").first
        photo.wait_for()
        assert unit.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
        shot(unit, "68-handler-citizen-problem")
    finally:
        context.close()


def test_a_citizen_report_goes_through_triage_to_the_unit(citizen, browser, demo_url, jpeg):
    description = f"东华路人行道上堆放建筑垃圾（测试{int(time.time())}）"
    page = citizen.new_page()
    code = _file_report(page, jpeg, description)

    with page.expect_navigation():
        page.click("#status-link")
    assert _status(page) == "待受理"
    assert description in page.locator("#report-description").inner_text()
    assert CITIZEN_PHONE not in page.content()
    shot(page, "63-citizen-status-pending")

    problem_code = _accept_in_triage(browser, demo_url, code)

    page.reload()
    assert _status(page) == "已交办"
    assert page.locator("#status-unit").inner_text().endswith("市城管局")
    assert problem_code not in page.content() and CITIZEN_PHONE not in page.content()
    shot(page, "66-citizen-status-assigned")

    _handler_inbox(browser, demo_url, problem_code, description)
