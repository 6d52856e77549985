from decimal import Decimal

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import rules, services
from chuangwen.indicators.models import ChecklistItem, RuleKind
from chuangwen.indicators.tests.helpers import counts
from chuangwen.lib.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
GRADES = [{"grade": "A", "min": 95, "ratio": 1}, {"grade": "B", "min": 80, "ratio": 0.8}]


def _create(world, index, site_types, **rule):
    return services.create_checklist_item(
        world.office_admin, index.b, site_type=site_types.market, code="S2-9", text="公平秤", **rule
    )


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"rule_kind": "deduction"}, "deduction_per"),
        ({"rule_kind": "deduction", "deduction_per": "0"}, "deduction_per"),
        ({"rule_kind": "deduction", "deduction_per": "-2"}, "deduction_per"),
        ({"rule_kind": "grade"}, "grade_thresholds"),
        (
            {
                "rule_kind": "grade",
                "grade_thresholds": [{"grade": "A", "min": 80, "ratio": 1}, {"grade": "B", "min": 80, "ratio": 0.5}],
            },
            "grade_thresholds",
        ),
        (
            {
                "rule_kind": "grade",
                "grade_thresholds": [{"grade": "A", "min": 70, "ratio": 1}, {"grade": "B", "min": 90, "ratio": 0.5}],
            },
            "grade_thresholds",
        ),
        ({"rule_kind": "grade", "grade_thresholds": [{"grade": "A", "min": 101, "ratio": 1}]}, "grade_thresholds"),
        ({"rule_kind": "grade", "grade_thresholds": [{"grade": "A", "min": 90, "ratio": 1.2}]}, "grade_thresholds"),
        ({"rule_kind": "grade", "grade_thresholds": [{"grade": "", "min": 90, "ratio": 1}]}, "grade_thresholds"),
        ({"rule_kind": "veto"}, "veto_scope"),
        ({"rule_kind": "veto", "veto_scope": "city"}, "veto_scope"),
        ({"rule_kind": "lottery"}, "rule_kind"),
    ],
)
def test_bad_rules_are_refused_and_change_nothing(world, index, site_types, rule, field):
    before = counts()
    with pytest.raises(DomainError) as exc:
        _create(world, index, site_types, **rule)
    assert exc.value.field == field
    assert counts() == before


def test_each_rule_kind_is_stored_normalized_with_one_audit_event(world, index, site_types):
    events = AuditEvent.objects.count()
    item = _create(world, index, site_types, rule_kind="grade", grade_thresholds=GRADES, deduction_per="3")
    assert item.grade_thresholds == GRADES
    assert item.deduction_per is None  # a grade rule keeps no deduction
    assert AuditEvent.objects.count() == events + 1
    item = services.update_checklist_item(world.office_admin, item, rule_kind="veto", veto_scope="total")
    assert (item.rule_kind, item.veto_scope, item.grade_thresholds) == (RuleKind.VETO, "total", [])
    item = services.update_checklist_item(world.office_admin, item, rule_kind="deduction", deduction_per="2.5")
    assert (item.deduction_per, item.veto_scope) == (Decimal("2.5"), "")
    assert AuditEvent.objects.filter(event_type="checklist_item.updated").count() == 2


def test_the_site_type_must_be_one_of_the_standards(world, index, site_types):
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.create_checklist_item(world.office_admin, index.a, site_type=site_types.market, code="X", text="X")
    assert exc.value.field == "site_type"
    assert "农贸市场" in str(exc.value.message)
    assert counts() == before


def test_codes_are_unique_within_a_standard(world, index, site_types):
    with pytest.raises(DomainError) as exc:
        services.create_checklist_item(world.office_admin, index.a, site_type=site_types.road, code="S1-1", text="X")
    assert exc.value.field == "code"


def test_only_office_may_write_items(world, index, site_types):
    with pytest.raises(PermissionDenied):
        services.update_checklist_item(world.handler, index.item, text="改")
    with pytest.raises(PermissionDenied):
        services.delete_checklist_item(world.outsider, index.item)
    assert ChecklistItem.objects.filter(pk=index.item.pk, text="每处垃圾扣分").exists()


def test_grade_text_parses_and_formats_back():
    parsed = rules.parse_grades("A:95:1.0、B：80：0.8, C:70:0.6")
    assert parsed == [
        {"grade": "A", "min": 95, "ratio": 1},
        {"grade": "B", "min": 80, "ratio": 0.8},
        {"grade": "C", "min": 70, "ratio": 0.6},
    ]
    assert rules.parse_grades(rules.format_grades(parsed)) == parsed


@pytest.mark.parametrize("text", ["A:95", "A:x:1", "A:95:1、B:96:0.5", "A:95:1、A:80:0.5", ""])
def test_bad_grade_text_is_refused(text):
    with pytest.raises(DomainError) as exc:
        rules.parse_grades(text)
    assert exc.value.field == "grade_thresholds"
