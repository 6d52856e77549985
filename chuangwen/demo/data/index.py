"""The demo index edition: 全国文明城市测评体系（2021年版）, as used by 示范市."""

from __future__ import annotations

from chuangwen.demo.data import index_a, index_b

EDITION_CODE = "2021"
EDITION_NAME = "全国文明城市测评体系（2021年版）"
EDITION_YEAR = 2021
EDITION_NOTES = "示范市创建全国文明城市测评体系，含规定动作与本市自选动作（特色指标）。演示数据。"

CATEGORIES = index_a.CATEGORIES + index_b.CATEGORIES
