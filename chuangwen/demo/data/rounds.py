"""The demo city's inspection rounds: what each week's open supervision looks at, the mock
assessments, and what inspectors write at the sites."""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    label: str  # in the round's name
    site_types: tuple[str, ...]


# Each week's open supervision (每周明察) looks at three kinds of site, in turn.
WEEKLY_THEMES = (
    Theme("主次干道、背街小巷、农贸市场", ("road", "alley", "market")),
    Theme("居民小区、社区、公交站点", ("residential", "community", "bus_stop")),
    Theme("商业大街、中小学校周边、公共厕所", ("commercial_street", "school_area", "toilet")),
    Theme("主次干道、公园、交通路口", ("road", "park", "intersection")),
    Theme("农贸市场、建筑工地、背街小巷", ("market", "construction", "alley")),
    Theme("窗口单位：医院、银行网点、政务大厅", ("hospital", "bank", "gov_hall")),
)
# The mock assessments sample every kind of site the national assessment visits.
MOCK_TYPES = (
    "road", "alley", "commercial_street", "market", "community", "residential", "park", "square", "toilet",
    "bus_stop", "school_area", "hospital", "bank", "gov_hall", "construction", "intersection",
)  # fmt: skip
CURRENT_TYPES = ("road",)

WEEKLY_NAME = "第{n}周明察（{start.month}月{start.day}日—{end.month}月{end.day}日）：{label}"
WEEKLY_NOTES = "按周开展明察，每区每类点位随机抽取{per}个，排除近{days}天已查点位；发现问题随查随交办。"
CURRENT_NAME = "本周明察"
CURRENT_NOTES = "本周明察：主次干道，每区随机抽取{per}个路段（{start.month}月{start.day}日—{end.month}月{end.day}日）。"
MOCK_NAMES = ("第一次模拟测评（第三方暗访）", "第二次模拟测评（第三方暗访）")
MOCK_NOTES = "委托{assessor}按全国文明城市测评体系实地考察，暗访期间严格保密；结果经文明办审核后发布，问题统一交办。"
TEAM_NAMES = ("第一组", "第二组", "第三组", "第四组", "第五组")

# Notes on a failed item that has no finding text of its own.
GENERIC_NOTES = (
    "现场检查不达标，已拍照取证。",
    "现场未达到测评要求，已告知点位负责人。",
    "与测评标准要求不符，需整改。",
)
# Notes on a submitted visit, now and then.
VISIT_NOTES = (
    "已向点位负责人反馈现场问题。",
    "部分问题已现场督促整改，仍按程序交办。",
    "点位整体情况较上次明显好转。",
    "点位负责人不在岗，已电话告知。",
)
FAR_NOTES = ("定位偏差较大，已在点位现场核实。", "手机定位漂移，检查在点位现场进行。")
