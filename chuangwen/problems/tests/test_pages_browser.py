"""The whole loop in a real browser against `make run`: the office assigns, the handler accepts and
submits a photo on a 360 px phone, the office rejects, the handler resubmits, the office approves.
Screenshots go to var/screenshots/problems-*.png. Run with `make test-browser`."""

from __future__ import annotations

import pytest

from chuangwen.e2e.fixtures import login, shot
from chuangwen.problems.tests.pages_support import jpeg_bytes

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def _pages(request):
    """new_page, once asked for with -m browser: it starts `make run`, too slow for the unit tests
    (which run this directory without -m)."""
    if "browser" not in (request.config.getoption("-m") or ""):
        pytest.skip("browser test: run with -m browser (make test-browser)")
    return request.getfixturevalue("new_page")


def _photo(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(jpeg_bytes(size=(640, 480)))
    return str(path)


def _flash(page) -> str:
    return page.locator(".alert").first.inner_text()


def test_it_runs_the_rectification_loop(request, tmp_path):
    open_page = _pages(request)
    office = open_page(1366, 900)
    login(office, "office")
    office.goto("problems/queue/")
    shot(office, "problems-01-triage-queue", full_page=False)
    office.locator("#problem-table tbody tr a").first.click()
    code = office.locator("#problem-code").inner_text()
    assert office.locator("#action-assign").is_visible()
    unit = office.locator("#action-assign select[name=unit] option", has_text="市城管局 · ").first.get_attribute(
        "value"
    )
    office.select_option("#action-assign select[name=unit]", value=unit)
    office.fill("#action-assign textarea[name=reason]", "城管局负责占道经营")
    office.click("#action-assign button[type=submit]")
    assert f"问题 {code} 已交办" in _flash(office)
    detail = office.url
    shot(office, "problems-02-assigned")

    handler = open_page(**PHONE)
    login(handler, "handler")
    handler.goto("problems/inbox/")
    shot(handler, "problems-03-inbox-phone")
    handler.goto(detail)
    handler.click("#action-accept button[type=submit]")
    assert "已签收" in _flash(handler)
    handler.fill("#action-submit textarea[name=note]", "已清理占道摊点，恢复通行")
    handler.set_input_files("#action-submit input[name=photos]", _photo(tmp_path, "after.jpg"))
    shot(handler, "problems-04-submit-phone")
    handler.click("#action-submit button[type=submit]")
    assert "整改已提交" in _flash(handler)
    assert handler.locator("#after-photos img").count() == 1
    shot(handler, "problems-05-submitted-phone")

    office.goto(detail)
    office.click("#action-reject .action-toggle")
    office.fill("#action-reject textarea[name=reason]", "照片未拍到路口全景")
    office.click("#action-reject button[type=submit]")
    assert "已退回" in _flash(office)

    handler.goto(detail)
    assert handler.locator("[data-event='problem.rejected']").count() == 1
    handler.fill("#action-submit textarea[name=note]", "已补拍路口全景")
    handler.set_input_files("#action-submit input[name=photos]", [_photo(tmp_path, "a.jpg"), _photo(tmp_path, "b.jpg")])
    handler.click("#action-submit button[type=submit]")
    assert "整改已提交" in _flash(handler)

    office.goto(detail)
    office.fill("#action-approve textarea[name=note]", "整改到位")
    office.click("#action-approve button[type=submit]")
    assert "已审核通过并销号" in _flash(office)
    assert office.locator("#problem-status").inner_text() == "已销号"
    labels = office.locator("#timeline .timeline-item strong").all_inner_texts()
    assert labels[-5:] == ["签收", "提交整改", "退回整改", "提交整改", "审核通过（销号）"]
    shot(office, "problems-06-closed")


def test_it_keeps_the_note_when_a_photo_is_refused_on_a_phone(request, tmp_path):
    open_page = _pages(request)
    handler = open_page(**PHONE)
    login(handler, "handler")
    handler.goto("problems/inbox/in_progress/")
    handler.locator("#inbox-list a.inbox-row").first.click()
    not_a_photo = tmp_path / "notes.jpg"
    not_a_photo.write_text("not an image")
    handler.fill("#action-submit textarea[name=note]", "已整改完毕")
    handler.set_input_files("#action-submit input[name=photos]", str(not_a_photo))
    handler.click("#action-submit button[type=submit]")
    assert "文件不是有效的图片" in handler.locator("[data-error-for=photos]").inner_text()
    assert handler.locator("#action-submit textarea[name=note]").input_value() == "已整改完毕"
    shot(handler, "problems-07-refused-photo-phone")
