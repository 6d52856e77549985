"""The sample page: the explanation table, manual additions and removals with a reason, the export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, Origin, RoundSite
from chuangwen.inspections.tests.conftest import inspect, plan_round

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"inspections:{name}", args=args)


def _excluding_round(place):
    """Two per district, excluding sites visited in the last 30 days (one site of A was)."""
    earlier = plan_round(place)
    visited = RoundSite.objects.filter(round=earlier, site=place.sites_a[0]).select_related("site").get()
    inspect(place, earlier, visited)
    office = place.world.office_staff
    round_ = services.create_round(
        office, name="第二轮", kind=Kind.OPEN, edition=place.edition, period_start=datetime.date(2026, 12, 1),
        period_end=datetime.date(2026, 12, 20), exclude_visited_days=30,
    )  # fmt: skip
    services.set_rules(office, round_, [(place.road, "count", 2)])
    services.draw_sample(office, round_, seed=5)
    return round_


def _rows(response) -> dict:
    return {r["district"].name: r for r in response.context["explain"]["rows"]}


def test_explanation_counts_population_exclusions_target_and_manual_changes(place, client_for):
    world = place.world
    round_ = _excluding_round(place)
    client = client_for(world.office_staff)
    rows = _rows(client.get(url("sample", round_.pk)))
    assert {k: (r["population"], r["excluded"], r["target"], r["drawn"], r["current"]) for k, r in rows.items()} == {
        "东城区": (6, 1, 2, 2, 2),
        "西城区": (4, 0, 2, 2, 2),
    }
    sampled = set(RoundSite.objects.filter(round=round_).values_list("site_id", flat=True))
    assert place.sites_a[0].pk not in sampled  # the recently visited site was excluded
    extra = next(s for s in place.sites_a if s.pk not in sampled)
    dropped = RoundSite.objects.filter(round=round_, district=world.district_b).first()

    response = client.post(url("add_site", round_.pk), {"site": extra.pk, "reason": "群众反映较多"})
    assert response.status_code == 302
    response = client.post(url("remove_site", round_.pk), {"site": dropped.site_id, "reason": "道路施工封闭"})
    assert response.status_code == 302

    response = client.get(url("sample", round_.pk))
    rows = _rows(response)
    assert (rows["东城区"]["drawn"], rows["东城区"]["added"], rows["东城区"]["removed"], rows["东城区"]["current"]) == (
        2, 1, 0, 3,
    )  # fmt: skip
    assert (rows["西城区"]["added"], rows["西城区"]["removed"], rows["西城区"]["current"]) == (0, 1, 1)
    totals = response.context["explain"]["totals"]
    assert (totals["population"], totals["excluded"], totals["drawn"], totals["current"]) == (10, 1, 4, 4)
    html = response.content.decode()
    assert "群众反映较多" in html and "道路施工封闭" in html
    added = RoundSite.objects.get(round=round_, site=extra)
    assert added.origin == Origin.ADDED and added.reason == "群众反映较多"
    assert RoundSite.objects.get(round=round_, site_id=dropped.site_id).removed


@pytest.mark.parametrize("reason", ["", "   "])
def test_adding_or_removing_without_a_reason_is_refused_and_changes_nothing(planned, place, client_for, reason):
    client = client_for(place.world.office_staff)
    entry = RoundSite.objects.filter(round=planned).first()
    services.remove_site(place.world.office_staff, planned, place.sites_b[0], reason="先移出")
    events = AuditEvent.objects.count()
    state = list(RoundSite.objects.order_by("pk").values_list("pk", "removed", "team_id", "seq", "reason"))

    response = client.post(url("add_site", planned.pk), {"site": place.sites_b[0].pk, "reason": reason})
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()
    response = client.post(url("remove_site", planned.pk), {"site": entry.site_id, "reason": reason})
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()

    assert list(RoundSite.objects.order_by("pk").values_list("pk", "removed", "team_id", "seq", "reason")) == state
    assert AuditEvent.objects.count() == events


def test_adding_a_site_already_in_the_sample_shows_the_service_message(planned, place, client_for):
    events = AuditEvent.objects.count()
    response = client_for(place.world.office_staff).post(
        url("add_site", planned.pk), {"site": place.sites_a[0].pk, "reason": "再加一次"}
    )
    assert response.status_code == 400
    assert "该点位已在本轮抽样中" in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_a_visited_site_cannot_be_removed(planned, place, client_for):
    entry = RoundSite.objects.filter(round=planned).select_related("site").first()
    inspect(place, planned, entry)
    response = client_for(place.world.office_staff).post(
        url("remove_site", planned.pk), {"site": entry.site_id, "reason": "不查了"}
    )
    assert response.status_code == 409
    assert "已开始检查" in response.content.decode()
    assert not RoundSite.objects.get(pk=entry.pk).removed


def test_draw_is_refused_once_scheduled(planned, place, client_for):
    response = client_for(place.world.office_staff).post(url("draw", planned.pk), {"seed": "9"})
    assert response.status_code == 409
    planned.refresh_from_db()
    assert planned.seed == 42


def test_bad_seed_is_refused(place, client_for):
    round_ = plan_round(place, schedule=False)
    response = client_for(place.world.office_staff).post(url("draw", round_.pk), {"seed": "-3"})
    assert response.status_code == 400
    round_.refresh_from_db()
    assert round_.seed == 42


def test_same_seed_gives_the_same_sample(place, client_for):
    round_ = plan_round(place, mode="count", value=2, schedule=False)
    client = client_for(place.world.office_staff)
    first = set(RoundSite.objects.filter(round=round_).values_list("site_id", flat=True))
    client.post(url("draw", round_.pk), {"seed": "42"})
    assert set(RoundSite.objects.filter(round=round_).values_list("site_id", flat=True)) == first


def test_site_picker_finds_sites_not_in_the_sample(place, client_for):
    round_ = plan_round(place, mode="count", value=1, schedule=False)
    client = client_for(place.world.office_staff)
    in_sample = set(RoundSite.objects.filter(round=round_).values_list("site__code", flat=True))
    html = client.get(url("site_options", round_.pk), {"site_q": "S"}).content.decode()
    for site in place.sites:
        assert (site.code in html) == (site.code not in in_sample)


def test_sample_export_lists_the_sample_in_route_order(planned, place, client_for):
    response = client_for(place.world.office_staff).get(url("sample_export", planned.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "点位编码" and len(rows) == 1 + len(place.sites)
    assert [r[6] for r in rows[1:]] == list(range(1, len(place.sites) + 1))
