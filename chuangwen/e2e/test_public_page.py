"""The public page on a 390×844 phone without login: this year's figures, the red and black lists
of the latest published round, the news; then the office writes and publishes a post from its desk
and the phone finds it."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageDraw

from chuangwen.e2e.fixtures import login, shot, wait_until

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, demo_url):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=demo_url, is_mobile=True, has_touch=True
    )  # fmt: skip
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def cover(tmp_path):
    image = Image.new("RGB", (1200, 800), (60, 130, 90))
    draw = ImageDraw.Draw(image)
    draw.ellipse([420, 220, 780, 580], fill=(250, 210, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    path = tmp_path / "cover.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _pictures_loaded(page) -> None:
    """Bring the lazy thumbnails into view and wait until every picture has drawn."""
    for image in page.locator("img").all():
        image.scroll_into_view_if_needed()
    wait_until(page, "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)")
    page.evaluate("window.scrollTo(0, 0)")


def _the_phone_reads_the_public_page(page) -> None:
    page.goto("public/")
    assert page.locator("#page-title").inner_text().endswith("年创建进展")
    _no_sideways_scrolling(page)
    assert int(page.locator("#figure-found .figure-value").inner_text().replace(",", "")) > 0
    assert page.locator("#figure-on-time .figure-value").inner_text().endswith("%")
    boards = page.locator("#boards-section .board-card")
    assert boards.count() >= 2, "the demo has no published round with scores"
    assert page.locator("[data-board=red] .board-name").count() > 0
    assert page.locator("[data-board=black] .board-name").count() > 0
    assert page.locator("#news-section .news-card").count() >= 3
    assert page.locator("a[href='/report/']").first.is_visible()
    _pictures_loaded(page)
    shot(page, "80-public")


def _the_phone_opens_a_post(page) -> None:
    first = page.locator("#news-section .news-card").first
    title = first.locator(".news-title").inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("#page-title").inner_text() == title
    assert page.locator("#article-body p").count() >= 1
    _no_sideways_scrolling(page)
    _pictures_loaded(page)
    shot(page, "81-news")


def _the_office_publishes(browser, demo_url, title: str, cover) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=demo_url)
    try:
        office = context.new_page()
        login(office, "office")
        office.goto("news/")
        assert office.locator("#news-table [data-status=published]").count() >= 3
        assert office.locator("#news-table [data-status=withdrawn]").count() >= 1
        with office.expect_navigation():
            office.click("#new-post")
        office.fill("#id_title", title)
        office.fill("#id_summary", "测试用新闻：从办公室写好，在手机上看到。")
        office.fill("#id_body", "第一段：本周各街道开展环境卫生大扫除。\n第二段：欢迎市民随手拍反映身边问题。")
        office.set_input_files("#id_cover", str(cover))
        with office.expect_navigation():
            office.click("#save-post")
        assert office.locator("#post-status [data-status=draft]").count() == 1
        with office.expect_navigation():
            office.click("#publish-post")
        assert office.locator("#post-status [data-status=published]").count() == 1
        office.locator("#article-cover").wait_for()
        shot(office, "82-news-office")
    finally:
        context.close()


def test_a_citizen_reads_the_public_page_and_the_office_publishes_news(phone, browser, demo_url, cover):
    _the_phone_reads_the_public_page(phone)
    _the_phone_opens_a_post(phone)

    title = f"周末环境卫生大扫除（测试{int(time.time())}）"
    _the_office_publishes(browser, demo_url, title, cover)

    phone.goto("public/news/")
    phone.reload()  # the list may be in the phone's cache for a minute
    card = phone.locator(".news-card", has_text=title)
    assert card.count() == 1
    with phone.expect_navigation():
        card.click()
    assert phone.locator("#page-title").inner_text() == title
    _pictures_loaded(phone)
    shot(phone, "83-news-published")
