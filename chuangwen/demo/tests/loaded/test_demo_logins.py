from io import StringIO

import pytest
from django.core.management import call_command

from chuangwen.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from chuangwen.demo.management.commands.demo_logins import display_width, format_table, two_factor_note

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("demo_logins", *args, stdout=out, skip_checks=True, no_color=True)
    return out.getvalue()


def test_it_prints_every_login_with_role_unit_and_the_url(demo, db):
    text = _run("--url", "http://127.0.0.1:8123/")
    for login in DEMO_LOGINS:
        assert f"\n{login.username} " in text
    assert DEMO_PASSWORD in text
    assert "文明办管理员" in text and "市城管局" in text and "市交通运输局" in text and "江南区" in text
    assert "http://127.0.0.1:8123/" in text
    assert "(missing)" not in text
    assert "本周明察" in text  # what the inspector should try


def test_table_columns_line_up_with_chinese_text():
    table = format_table([("用户名", "b"), ("admin", "文明办"), ("x", "y")])
    lines = table.splitlines()
    assert display_width("文明办") == 6
    assert [line.index(cell) for line, cell in zip(lines[2:], ("文明办", "y"), strict=True)] == [8, 8]
    assert lines[0].startswith("用户名  b")


def test_it_says_how_to_turn_the_second_factor_on(settings):
    settings.TWO_FACTOR_ROLES = []
    assert "make run TWO_FACTOR_ROLES=office_admin,office_staff" in two_factor_note()
    settings.TWO_FACTOR_ROLES = ["office_admin", "office_staff"]
    assert "on for / 已对这些角色开启 office_admin, office_staff" in two_factor_note()
