"""The first things every user does, in a real browser against `make run`."""

import pytest

from chuangwen.e2e.fixtures import login, shot

pytestmark = pytest.mark.browser

DEMO_LOGINS = ["admin", "office", "district", "handler", "handler2", "unithead", "inspector", "leader", "grid"]


def test_login_page_is_chinese(new_page):
    page = new_page()
    page.goto("accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    shot(page, "01-login")


def test_wrong_password_is_refused_in_chinese(new_page):
    page = new_page()
    login(page, "handler", "not-the-password")
    assert "请输入一个正确的" in page.locator("#login-error").inner_text()


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_every_demo_login_reaches_its_home_page(new_page, username):
    page = new_page()
    login(page, username)
    assert page.url.rstrip("/").endswith(page.url.split("/")[2]) or page.url.endswith("/")
    assert "您好" in page.locator("#home-title").inner_text()
    shot(page, f"02-home-{username}")


def test_outsider_is_denied_the_admin_pages(new_page):
    page = new_page()
    login(page, "handler2")
    response = page.goto("units/")
    assert response.status == 403
    assert "无权访问" in page.content()


def test_language_switch_turns_the_page_english(new_page):
    page = new_page()
    login(page, "office")
    with page.expect_navigation():
        page.select_option("#language-switch select", "en")
    assert "Hello" in page.locator("#home-title").inner_text()
    shot(page, "03-home-office-english")
