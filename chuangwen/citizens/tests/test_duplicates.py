"""Duplicate suggestions: the pure scoring by hand, then the query's rules of category, place and time."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from chuangwen.citizens import duplicates
from chuangwen.citizens.duplicates import Place, bigrams, distance_m, rank, similarity
from chuangwen.citizens.models import CitizenSettings
from chuangwen.citizens.tests.pages_support import make_category, pending_report
from chuangwen.problems.models import Problem, Status
from chuangwen.problems.services import create_problem

# About 111 m per 0.001 degree of latitude.
LAT, LNG = Decimal("30.600000"), Decimal("114.300000")


def test_bigrams_drop_spaces_and_punctuation():
    assert bigrams("井盖 缺失！") == {"井盖", "盖缺", "缺失"}
    assert bigrams("垃") == {"垃"}
    assert bigrams("，。 ") == set()
    assert bigrams("ABc") == {"ab", "bc"}


def test_similarity_is_the_jaccard_index_of_bigrams():
    assert similarity("人行道上有垃圾", "人行道上有垃圾") == 1.0
    assert similarity("井盖缺失", "路灯不亮") == 0.0
    # 人行道垃圾: 人行 行道 道垃 垃圾; 人行道有垃圾: 人行 行道 道有 有垃 垃圾 -> 3 shared of 6
    assert similarity("人行道垃圾", "人行道有垃圾") == pytest.approx(3 / 6)
    assert similarity("", "垃圾") == 0.0


def test_distance_in_metres():
    assert distance_m(LAT, LNG, LAT, LNG) == 0
    assert distance_m(LAT, LNG, LAT + Decimal("0.001"), LNG) == pytest.approx(111.2, abs=0.5)
    assert distance_m(30, 114, 31, 114) == pytest.approx(111_195, rel=1e-3)


def test_rank_keeps_the_radius_and_orders_by_text_and_distance():
    target = Place(LAT, LNG, "东华路人行道上有建筑垃圾")
    candidates = [
        ("far", Place(LAT + Decimal("0.003"), LNG, "东华路人行道上有建筑垃圾")),  # ~333 m: outside 200 m
        ("near_other_text", Place(LAT + Decimal("0.0001"), LNG, "路灯不亮")),
        ("near_same_text", Place(LAT + Decimal("0.0005"), LNG, "东华路人行道建筑垃圾")),
        ("same_place_same_text", Place(LAT, LNG, "东华路人行道上有建筑垃圾")),
    ]
    found = rank(target, candidates, radius_m=200)
    assert [s.item for s in found] == ["same_place_same_text", "near_same_text", "near_other_text"]
    assert found[0].score == pytest.approx(1.0) and found[0].distance_m == 0
    assert found[2].similarity == 0 and found[2].distance_text == "11 m"


def test_without_a_position_only_similar_text_is_suggested():
    target = Place(None, None, "西华路井盖缺失")
    found = rank(target, [("same", Place(LAT, LNG, "西华路井盖缺失了")), ("other", Place(None, None, "噪音扰民"))], 200)
    assert [s.item for s in found] == ["same"] and found[0].distance_m is None


def test_rank_limits_the_answer():
    target = Place(LAT, LNG, "垃圾")
    found = rank(target, [(i, Place(LAT, LNG, "垃圾")) for i in range(10)], 200, limit=3)
    assert [s.item for s in found] == [0, 1, 2]


def test_bounding_box_contains_the_circle():
    (lat_low, lat_high), (lng_low, lng_high) = duplicates.bounding_box(LAT, LNG, 200)
    east = distance_m(LAT, LNG, LAT, lng_high)
    north = distance_m(LAT, LNG, lat_high, LNG)
    assert east >= 200 and north >= 200 and lat_low < LAT < lat_high and lng_low < LNG < lng_high


# --- the query ---------------------------------------------------------------------------------


def _problem(world, category, description="东华路人行道上有建筑垃圾", lat=LAT, lng=LNG, **extra) -> Problem:
    return create_problem(world.office_staff, source="citizen", description=description, category=category,
                          lat=lat, lng=lng, address="东华路", **extra)  # fmt: skip


@pytest.fixture
def category(db):
    return make_category()


def _report(category, **extra):
    return pending_report(category, lat=str(LAT), lng=str(LNG), description="东华路人行道上有建筑垃圾", **extra)


def test_suggests_open_problems_of_the_category_inside_the_radius(world, category):
    other_category = make_category("JT", "交通秩序")
    inside = _problem(world, category, lat=LAT + Decimal("0.001"))  # ~111 m
    _problem(world, category, lat=LAT + Decimal("0.003"))  # ~333 m: outside
    _problem(world, other_category)  # another category
    ended = _problem(world, category)
    Problem.objects.filter(pk=ended.pk).update(status=Status.INVALID)
    found = duplicates.suggest_problems(_report(category))
    assert [s.item for s in found] == [inside]


def test_the_radius_is_the_settings(world, category):
    far = _problem(world, category, lat=LAT + Decimal("0.003"))
    CitizenSettings.objects.update_or_create(pk=CitizenSettings.current().pk, defaults={"duplicate_radius_m": 500})
    assert [s.item for s in duplicates.suggest_problems(_report(category))] == [far]


def test_the_window_counts_registration_or_closing(world, category):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=10)):
        old_open = _problem(world, category)
        closed_recently = _problem(world, category, description="东华路建筑垃圾")
        closed_long_ago = _problem(world, category, description="东华路垃圾")
    with time_machine.travel(now - datetime.timedelta(days=5)):
        recent = _problem(world, category, description="人行道垃圾")
    Problem.objects.filter(pk=closed_recently.pk).update(
        status=Status.CLOSED, closed_at=now - datetime.timedelta(days=2), responsible_unit=world.dept_a
    )
    Problem.objects.filter(pk=closed_long_ago.pk).update(
        status=Status.CLOSED, closed_at=now - datetime.timedelta(days=9), responsible_unit=world.dept_a
    )
    found = {s.item for s in duplicates.suggest_problems(_report(category))}  # window: 7 days
    assert found == {closed_recently, recent}
    assert old_open not in found and closed_long_ago not in found


def test_similar_text_ranks_first_at_the_same_distance(world, category):
    alike = _problem(world, category, description="东华路人行道上有建筑垃圾堆放")
    unlike = _problem(world, category, description="共享单车乱停放")
    found = duplicates.suggest_problems(_report(category))
    assert [s.item for s in found] == [alike, unlike]
    assert found[0].similarity > found[1].similarity


def test_a_report_without_category_compares_with_every_category(world, category):
    problem = _problem(world, make_category("JT", "交通秩序"))
    assert [s.item for s in duplicates.suggest_problems(_report(None))] == [problem]


def test_pending_reports_that_look_alike(world, category):
    report = _report(category)
    twin = _report(category, phone="13900000011", device_id="other")
    _report(make_category("JT", "交通秩序"), phone="13900000012", device_id="third")
    far = pending_report(category, lat="30.610000", lng=str(LNG), description="东华路人行道上有建筑垃圾",
                         phone="13900000013", device_id="fourth")  # fmt: skip
    found = duplicates.suggest_reports(report)
    assert [s.item for s in found] == [twin]
    assert far not in [s.item for s in found]


def test_one_query_each(world, category, django_assert_num_queries):
    _problem(world, category)
    report = _report(category)
    config = CitizenSettings.current()
    with django_assert_num_queries(1):
        duplicates.suggest_problems(report, config)
    with django_assert_num_queries(1):
        duplicates.suggest_reports(report, config)
