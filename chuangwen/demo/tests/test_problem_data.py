"""The demo's problem data fit together: findings name real categories and match a standard of their
site type, every category has texts for its fixes, the holiday calendar is the published one."""

import datetime

from chuangwen.demo.data import findings, workflow_texts
from chuangwen.demo.data.index import CATEGORIES as INDEX
from chuangwen.demo.data.problems import CATEGORIES, DEADLINE_POLICIES, holiday_rows
from chuangwen.demo.data.site_types import SITE_TYPES
from chuangwen.demo.data.spec import StandardSpec
from chuangwen.demo.data.units import CITY_DEPARTMENTS


def _standards(node) -> list[StandardSpec]:
    found = []
    for child in node.children:
        found += [child] if isinstance(child, StandardSpec) else _standards(child)
    return found


def test_every_finding_matches_a_standard_of_its_site_type():
    standards = [s for category in INDEX for s in _standards(category)]
    codes = {c.code for c in CATEGORIES}
    assert set(findings.FINDINGS) == {t.code for t in SITE_TYPES}
    for site_type, items in findings.FINDINGS.items():
        texts = [s.text for s in standards if site_type in s.site_types]
        for finding in items:
            assert finding.category in codes, finding
            assert not finding.keyword or any(finding.keyword in t for t in texts), (site_type, finding.keyword)
            assert all("{site}" in text for text in finding.texts), finding


def test_categories_policies_and_texts():
    codes = {c.code for c in CATEGORIES}
    departments = {d.key for d in CITY_DEPARTMENTS}
    assert all(c.default_unit in departments for c in CATEGORIES if c.default_unit)
    assert set(workflow_texts.RECTIFICATION_NOTES) == codes
    assert set(findings.ADDRESS_TEXTS) <= codes and set(findings.ADDRESS_CATEGORY_WEIGHTS) == set(
        findings.ADDRESS_TEXTS
    )
    assert all(p.category in codes for p in DEADLINE_POLICIES if p.category)


def test_the_2026_holiday_calendar():
    rows = holiday_rows()
    off = {day for day, _name, workday in rows if not workday}
    assert len(off) == 33 and len(rows) == 39
    assert datetime.date(2026, 2, 17) in off  # 春节 (正月初一)
    assert {datetime.date(2026, 10, 1) + datetime.timedelta(days=i) for i in range(7)} <= off
    assert all(day.weekday() >= 5 for day, _name, workday in rows if workday)  # 调休: weekend days worked
