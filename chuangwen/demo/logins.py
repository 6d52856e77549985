"""The demo logins: who they are and where they sit. Shared by load_demo and demo_logins."""

from __future__ import annotations

from typing import NamedTuple

from chuangwen.units.models import Role

DEMO_PASSWORD = "demo-2026"
DEMO_EVENT = "demo.loaded"


class DemoLogin(NamedTuple):
    username: str
    role: str
    unit_code: str
    note: str
    person: str  # whose name and phone the account takes: "head" or "liaison" of its unit, or "" for a new one


FIRST_DISTRICT = "JN"
FIRST_GRID = "JN-S01-C01-G1"

DEMO_LOGINS = (
    DemoLogin("admin", Role.OFFICE_ADMIN, "D-WMB", "管理单位、人员、测评体系和点位", "head"),
    DemoLogin(
        "office", Role.OFFICE_STAFF, "D-WMB", "交办问题、审核整改、组织督查（含暗访中的第二次模拟测评）", "liaison"
    ),
    DemoLogin("district", Role.DISTRICT_OFFICE, FIRST_DISTRICT, "只看本区（江南区）", "liaison"),
    DemoLogin("handler", Role.UNIT_HANDLER, "D-CG", "责任单位经办人：接收问题、提交整改", "liaison"),
    DemoLogin("handler2", Role.UNIT_HANDLER, "D-JT", "另一单位的经办人（看不到城管局的问题）", "liaison"),
    DemoLogin("unithead", Role.UNIT_HEAD, "D-CG", "城管局负责人：看本单位排名和超期问题", "head"),
    DemoLogin(
        "inspector",
        Role.INSPECTOR,
        "D-WMB",
        "督查员：打开“本周明察”（第一组），逐项检查、拍照，不合格项交办市城管局",
        "",
    ),
    DemoLogin("leader", Role.LEADER, "CITY", "市领导：看总览、排名和通报", ""),
    DemoLogin("grid", Role.GRID_WORKER, FIRST_GRID, "网格员：上报本网格问题", "head"),
)
