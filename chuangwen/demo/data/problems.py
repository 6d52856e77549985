"""Problem categories, deadline policies and the 2026 holiday calendar of the demo city. Data, not logic."""

from __future__ import annotations

import datetime
from typing import NamedTuple


class CategorySpec(NamedTuple):
    code: str
    name: str
    default_unit: str  # department key (data/units.py) that answers when neither site nor standard decides; "" none
    description: str
    is_public: bool = True  # offered to citizens (随手拍)


CATEGORIES = (
    CategorySpec("appearance", "市容环境", "CG", "乱贴乱画、乱拉乱挂、立面和招牌破损、“门前三包”不落实等市容市貌问题"),
    CategorySpec("sanitation", "环境卫生", "CG", "暴露垃圾、卫生死角、垃圾外溢、公厕脏乱、楼道堆物"),
    CategorySpec("traffic", "交通秩序", "JJ", "机动车乱停乱放、不礼让斑马线、闯红灯、非机动车无序停放"),
    CategorySpec("public_ads", "公益广告", "XC", "公益广告数量不足、画面破损褪色、内容不规范"),
    CategorySpec("facilities", "公共设施", "ZJ", "道路坑洼、井盖缺失、路灯不亮、盲道和无障碍设施损坏、候车亭破损"),
    CategorySpec("street_vending", "占道经营", "CG", "店外经营、流动摊贩、马路市场、占道堆放"),
    CategorySpec("illegal_building", "违章搭建", "CG", "违法建设、私搭乱建、占用公共空间"),
    CategorySpec("noise", "噪声扰民", "HB", "夜间施工、商业经营、广场舞等噪声扰民"),
    CategorySpec("ecology", "生态环境", "HB", "扬尘、餐饮油烟、黑臭水体、露天焚烧、毁绿"),
    CategorySpec("market", "市场秩序", "SJ", "公平秤、明码标价、食品安全公示、活禽宰杀、“三无”商品"),
    CategorySpec("civility", "文明行为", "CG", "不文明养犬、吸烟、乱扔杂物、乱刻乱画等不文明行为"),
    CategorySpec("service", "窗口服务", "ZW", "窗口单位服务态度、便民设施、办事秩序", is_public=False),
    CategorySpec("other", "其他", "", "其他问题，由文明办指定责任单位"),
)


class PolicySpec(NamedTuple):
    severity: str
    category: str  # category code, "" for the default of the severity
    amount: int
    unit: str  # "hours" or "days"
    working_days: bool = False


DEADLINE_POLICIES = (
    PolicySpec("urgent", "", 24, "hours"),
    PolicySpec("serious", "", 3, "days"),
    PolicySpec("major", "", 7, "days"),
    PolicySpec("minor", "", 15, "days"),
    # Demolishing an illegal building follows legal steps (notice, hearing): counted in working days.
    PolicySpec("major", "illegal_building", 10, "days", True),
    PolicySpec("minor", "illegal_building", 20, "days", True),
    # Repairs of public facilities go through procurement: working days too.
    PolicySpec("major", "facilities", 5, "days", True),
    PolicySpec("minor", "facilities", 10, "days", True),
)


def _days(start: str, end: str) -> list[datetime.date]:
    first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕，2025年11月4日）.
HOLIDAYS_2026 = (
    ("元旦", _days("2026-01-01", "2026-01-03"), ["2026-01-04"]),
    ("春节", _days("2026-02-15", "2026-02-23"), ["2026-02-14", "2026-02-28"]),
    ("清明节", _days("2026-04-04", "2026-04-06"), []),
    ("劳动节", _days("2026-05-01", "2026-05-05"), ["2026-05-09"]),
    ("端午节", _days("2026-06-19", "2026-06-21"), []),
    ("中秋节", _days("2026-09-25", "2026-09-27"), []),
    ("国庆节", _days("2026-10-01", "2026-10-07"), ["2026-09-20", "2026-10-10"]),
)


def holiday_rows() -> list[tuple[datetime.date, str, bool]]:
    """(date, name, is_workday) for every day off and every 调休 working day of 2026."""
    rows = []
    for name, days_off, workdays in HOLIDAYS_2026:
        rows += [(day, name, False) for day in days_off]
        rows += [(datetime.date.fromisoformat(day), f"{name}调休上班", True) for day in workdays]
    return sorted(rows)
