"""manage.py demo_logins [--url URL]: the demo logins as a table, and where to open the site."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from chuangwen.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from chuangwen.units.models import Role, User
from chuangwen.units.twofactor.policy import two_factor_roles

HEADERS = ("用户名 username", "密码 password", "角色 role", "单位 unit", "说明 note")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the demo logins (password demo-2026) and the URL to open."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the address the demo is served at")

    def handle(self, *args, url: str, **options):
        users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])}
        if not users:
            self.stdout.write(self.style.WARNING("The demo city is not loaded: run `manage.py load_demo` first."))
            return
        roles = dict(Role.choices)
        rows: list[tuple[str, ...]] = [HEADERS]
        for login in DEMO_LOGINS:
            user = users.get(login.username)
            unit = str(user.unit) if user and user.unit else "-"
            role = str(roles[user.role]) if user else "(missing)"
            rows.append((login.username, DEMO_PASSWORD, role, unit, login.note))
        self.stdout.write("示范市 demo logins / 演示账号（密码均为 " + DEMO_PASSWORD + "）:\n")
        self.stdout.write(format_table(rows))
        self.stdout.write("\nOpen / 打开: " + self.style.SUCCESS(url))
        base = url.rstrip("/")
        self.stdout.write(f"Citizens' reports / 市民随手拍（无需登录）: {base}/report/")
        self.stdout.write(f"Open311 GeoReport v2: {base}/open311/v2/discovery.json")
        self.stdout.write(f"Public page / 公开页（无需登录）: {base}/public/")
        self.stdout.write(f"Big screen / 大屏（leader 或 office 登录后）: {base}/overview/screen/")
        self.stdout.write(two_factor_note())


def two_factor_note() -> str:
    """Whether logins ask for a second factor, and how to turn it on (production asks the office)."""
    roles = sorted(two_factor_roles())
    if roles:
        return f"Second factor / 双重验证（TOTP）: on for / 已对这些角色开启 {', '.join(roles)}"
    return (
        "Second factor / 双重验证（TOTP）: off in the demo / 演示中关闭; turn it on / 开启: "
        "make run TWO_FACTOR_ROLES=office_admin,office_staff"
    )
