"""Sample content with every placeholder filled: an uploaded template must render against it."""

from __future__ import annotations

import datetime

from chuangwen.circulars import charts
from chuangwen.circulars.content import Content, Header


def _row(rank: int, name: str, score: str, change: str, board: str) -> dict:
    key = {"红榜": "red", "黑榜": "black"}.get(board, "")
    return {"rank": rank, "name": name, "score": score, "change": change, "board": board, "board_key": key,
            "unit_id": rank}  # fmt: skip


def sample_content() -> Content:
    header = Header(
        number="文明督〔2026〕1号", title="关于第1周明察督查情况的通报", office="示范市精神文明建设指导委员会办公室",
        date=datetime.date(2026, 1, 1), addressees="各区（县）、开发区，市直各有关单位：",
        requirements=["各单位要按期完成整改。"], copy_to="市委办公室",
    )  # fmt: skip
    rows = [_row(1, "江北区", "95.00", "▲1", "红榜"), _row(2, "江南区", "80.00", "▼1", "黑榜")]
    problem = {
        "no": 1, "code": "P2026000001", "site": "人民路", "district": "江南区", "description": "路面有垃圾",
        "unit": "市城管局", "unit_id": 1, "state": "closed", "status": "已整改销号", "severity": "一般",
        "severity_order": 3, "category": "公共环境", "before": "before", "after": "after",
    }  # fmt: skip
    group = {
        "key": "districts", "label": "区县", "ordinal": "一", "chart": "chart", "average": "87.50", "count": 2,
        "rows": rows, "red": ["江北区"], "black": ["江南区"], "red_names": "江北区", "black_names": "江南区",
        "summary": "区县共2个单位参评。",
    }  # fmt: skip
    figures = {
        "sites": 10, "site_types": 1, "site_type_names": "主次干道", "checks": 100, "passes": 90, "failures": 10,
        "pass_rate": "90.0", "problems": 1, "closed": 1, "submitted": 0, "open": 0, "overdue": 0, "units": 1,
        "ranked": 2, "average": "87.50", "red": 1, "black": 1,
    }  # fmt: skip
    images = {
        "chart": charts.bar_chart([charts.Bar("江北区", 95, "red"), charts.Bar("江南区", 80, "black")], title="样例"),
        "before": charts.placeholder_photo("整改前"),
        "after": charts.placeholder_photo("整改后"),
    }
    return Content(
        header=header,
        round={
            "code": "R2026-001",
            "name": "第1周明察",
            "kind": "明察",
            "kind_words": "明察督查",
            "start": "2026年1月1日",
            "end": "2026年1月5日",
            "period": "1月1日至1月5日",
        },  # fmt: skip
        summary="2026年1月1日至1月5日，市文明办组织开展了第1周明察督查。",
        figures=figures,
        groups=[group],
        problem_summary="本轮督查发现问题1个。",
        problems=[problem],
        photo_problems=[problem],
        category_chart="chart",
        summons_intro="根据本轮测评结果，对以下单位进行约谈：",
        summoned=[
            {
                "unit_id": 2,
                "name": "江南区",
                "reasons": ["本轮列入区县黑榜"],
                "order": 0,
                "no": 1,
                "reason": "本轮列入区县黑榜",
            }
        ],  # fmt: skip
        images=images,
    )
