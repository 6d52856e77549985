"""The second factor in a real browser, against `make run TWO_FACTOR_ROLES=office_admin,office_staff`
(its own demo server: the shared one runs without the second factor, as the README's demo does).

An office user enrols (reads the secret from the page, as an authenticator app would from the
QR code), logs out, logs in with a code, then with a recovery code; the office admin resets the
device and the user must enrol again."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from chuangwen.e2e.fixtures import DEMO_PASSWORD, login, page_factory, served_demo, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_factor_url(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-2fa-var")
    with served_demo(var, TWO_FACTOR_ROLES="office_admin,office_staff") as url:
        assert "双重验证（TOTP）: on for" in (var / "make-run.log").read_text()  # demo_logins says so
        yield url


@pytest.fixture
def open_page(browser, two_factor_url):
    with page_factory(browser, two_factor_url) as make:
        yield lambda: make(1280, 900)


def code_from(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret (base32, as on the page)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrol(page, name: str) -> tuple[str, list[str]]:
    assert "/accounts/2fa/setup/" in page.url
    assert page.locator("#two-factor-qr").get_attribute("src").startswith("data:image/svg+xml")
    secret = page.locator("#two-factor-secret").inner_text()
    shot(page, f"2fa-{name}-1-setup")
    page.fill("#id_code", code_from(secret))
    page.click("#two-factor-setup button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "双重验证已启用" in page.content()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shot(page, f"2fa-{name}-2-recovery-codes")
    page.click("#two-factor-continue")
    page.wait_for_load_state("networkidle")
    assert "您好" in page.locator("#home-title").inner_text()
    return secret, codes


def logout(page) -> None:
    page.click("#user-menu")
    page.click("#logout-button")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url


def verify(page, code: str) -> None:
    assert "/accounts/2fa/verify/" in page.url
    page.fill("#id_code", code)
    page.click("#two-factor-verify button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_enrol_log_in_with_a_code_and_a_recovery_code_then_the_admin_resets(open_page):
    page = open_page()
    login(page, "office", DEMO_PASSWORD)
    secret, codes = enrol(page, "office")
    logout(page)

    login(page, "office", DEMO_PASSWORD)
    shot(page, "2fa-office-3-verify")
    verify(page, "000000" if code_from(secret, 1) != "000000" else "111111")
    assert "验证码或恢复码不正确" in page.content()
    time.sleep(1.1)  # django-otp's throttle: one second after the first wrong code
    verify(page, code_from(secret, 1))
    assert "您好" in page.locator("#home-title").inner_text()
    logout(page)

    login(page, "office", DEMO_PASSWORD)
    verify(page, codes[0])
    assert "已使用一个恢复码，还剩 9 个" in page.content()
    shot(page, "2fa-office-4-recovery-code-used")
    logout(page)

    admin = open_page()
    login(admin, "admin", DEMO_PASSWORD)
    enrol(admin, "admin")
    admin.goto("units/people/?q=office")
    admin.get_by_role("link", name="office", exact=True).click()
    admin.wait_for_load_state("networkidle")
    assert "已绑定身份验证器" in admin.locator("#two-factor-card").inner_text()
    admin.fill("#two-factor-reset-form input[name=reason]", "手机丢失")
    admin.click("#two-factor-reset-form button[type=submit]")
    admin.wait_for_load_state("networkidle")
    assert "已重置双重验证" in admin.content()
    assert "未绑定身份验证器" in admin.locator("#two-factor-card").inner_text()
    shot(admin, "2fa-admin-5-reset")

    login(page, "office", DEMO_PASSWORD)
    assert "/accounts/2fa/setup/" in page.url  # must enrol again
    shot(page, "2fa-office-6-enrol-again")
