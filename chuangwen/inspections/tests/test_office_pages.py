"""The read pages of a round: who sees which sites on the list, overview and results; the progress
JSON; one visit's answers; and query counts that do not grow with rounds or visits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, photo_file, plan_round

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"inspections:{name}", args=args)


def _list_row(response, round_):
    return next(r for r in response.context["page"].object_list if r.pk == round_.pk)


def _visited(place, round_, n_fail_sites=1, n_pass_sites=1):
    """Submit visits: the first n_fail_sites fail item 0 (site of district A first), then passes."""
    entries = list(RoundSite.objects.filter(round=round_).select_related("site").order_by("site__code"))
    fail = {place.items[0].pk: Verdict.FAIL}
    visits = [inspect(place, round_, e, fail) for e in entries[:n_fail_sites]]
    visits += [inspect(place, round_, e) for e in entries[n_fail_sites : n_fail_sites + n_pass_sites]]
    return entries, visits


@pytest.mark.parametrize("persona", ["handler", "unit_head", "district_officer"])
def test_unit_and_district_see_only_their_own_sites(planned, place, client_for, persona):
    _visited(place, planned, n_fail_sites=1, n_pass_sites=0)  # sites_a[0] is the lowest code
    b_visit = inspect(
        place, planned, RoundSite.objects.select_related("site").get(round=planned, site=place.sites_b[0])
    )
    client = client_for(place.world.personas[persona])
    a_codes = {s.code for s in place.sites_a}
    b_codes = {s.code for s in place.sites_b}

    row = _list_row(client.get(url("list")), planned)
    assert (row.n_sample, row.n_visited, row.n_findings) == (6, 1, 1)

    detail = client.get(url("detail", planned.pk))
    assert detail.status_code == 200 and not detail.context["sees_all"]
    assert {e.site.code for e in detail.context["my_sites"]} == a_codes
    html = detail.content.decode()
    assert not any(code in html for code in b_codes)
    assert "第一组" not in html and "inspector2" not in html  # no teams, no names

    results = client.get(url("results", planned.pk))
    assert {r["entry"].site.code for r in results.context["rows"]} == a_codes
    assert not any(code in results.content.decode() for code in b_codes)
    assert client.get(url("visit_detail", b_visit.pk)).status_code == 404


def test_outsider_sees_the_announced_round_but_none_of_its_sites(planned, place, client_for):
    _visited(place, planned)
    client = client_for(place.world.outsider)
    row = _list_row(client.get(url("list")), planned)
    assert (row.n_sample, row.n_visited, row.n_findings) == (0, 0, 0)
    assert client.get(url("detail", planned.pk)).context["my_sites"] == []
    assert client.get(url("results", planned.pk)).context["rows"] == []


def test_office_and_leader_see_the_whole_sample(planned, place, client_for):
    _visited(place, planned, n_fail_sites=1, n_pass_sites=2)
    for user in (place.world.office_staff, place.world.leader):
        client = client_for(user)
        row = _list_row(client.get(url("list")), planned)
        assert (row.n_sample, row.n_visited, row.n_findings) == (10, 3, 1)
        assert len(client.get(url("results", planned.pk)).context["rows"]) == 10


@pytest.mark.parametrize("persona", ["handler", "unit_head", "district_officer", "leader", "grid_worker", "outsider"])
def test_a_secret_round_leaves_no_trace(place, client_for, persona):
    round_ = plan_round(place, kind=Kind.COVERT)
    entries, visits = _visited(place, round_)
    client = client_for(place.world.personas[persona])
    listing = client.get(url("list"))
    assert listing.context["page"].paginator.count == 0
    assert round_.code not in listing.content.decode()
    for name in ("detail", "results", "progress", "progress_data"):
        assert client.get(url(name, round_.pk)).status_code == 404
    assert client.get(url("visit_detail", visits[0].pk)).status_code == 404


def test_after_publication_units_see_the_results_of_their_sites(place, client_for):
    round_ = plan_round(place, kind=Kind.COVERT)
    _visited(place, round_, n_fail_sites=1, n_pass_sites=0)
    office = place.world.office_staff
    services.close_round(office, round_)
    services.publish_round(office, round_)
    client = client_for(place.world.handler)
    results = client.get(url("results", round_.pk))
    assert results.status_code == 200
    assert {r["entry"].site.code for r in results.context["rows"]} == {s.code for s in place.sites_a}
    failed = next(r for r in results.context["rows"] if r["visit"] is not None)
    assert failed["visit"].n_fail == 1 and failed["visit"].fails[0].problem is not None
    assert failed["visit"].fails[0].problem_id in results.context["linkable"]


def test_the_rounds_own_inspectors_see_progress_and_others_are_refused(planned, place, client_for):
    assert client_for(place.world.inspector).get(url("progress", planned.pk)).status_code == 200
    for persona in ("leader", "handler", "district_officer"):
        assert client_for(place.world.personas[persona]).get(url("progress_data", planned.pk)).status_code == 403


def test_progress_json_counts_sites_by_state(planned, place, client_for):
    entries, visits = _visited(place, planned, n_fail_sites=1, n_pass_sites=2)
    busy = services.start_visit(place.world.inspector, entries[5])
    services.record_position(place.world.inspector, busy, lat="30.9", lng="114.3", accuracy=5)
    data = client_for(place.world.office_staff).get(url("progress_data", planned.pk)).json()
    (team,) = data["teams"]
    assert (team["total"], team["done"], team["in_progress"], team["remaining"], team["with_findings"]) == (
        10, 3, 1, 6, 1,
    )  # fmt: skip
    assert data["total"]["done"] == 3 and data["failed_items"] == 1
    states = {s["code"]: s["state"] for s in data["sites"]}
    assert states[entries[0].site.code] == "failed" and states[entries[1].site.code] == "passed"
    assert states[entries[5].site.code] == "in_progress" and states[entries[9].site.code] == "todo"
    far = next(s for s in data["sites"] if s["code"] == entries[5].site.code)["visit"]
    assert far["far"] is True and far["distance_m"] > 300
    assert len(data["findings"]) == 1 and data["findings"][0]["problem"]


def test_visit_detail_shows_answers_photos_and_the_original_only_to_the_office(place, client_for):
    round_ = plan_round(place)
    entry = RoundSite.objects.filter(round=round_, site=place.sites_a[0]).select_related("site").get()
    inspector = place.world.inspector
    visit = services.start_visit(inspector, entry)
    for item in services.checklist(visit):
        verdict = Verdict.FAIL if item.pk == place.items[1].pk else Verdict.PASS
        services.answer(inspector, visit, item.pk, verdict=verdict, count=3 if verdict == Verdict.FAIL else None,
                        note="占道 3 处" if verdict == Verdict.FAIL else "")  # fmt: skip
    photo = services.add_photo(inspector, visit, place.items[1].pk, photo_file(), client_id="p-1")
    services.submit_visit(inspector, visit)

    office = client_for(place.world.office_staff).get(url("visit_detail", visit.pk))
    html = office.content.decode()
    assert office.context["counts"] == {"pass": 2, "fail": 1, "na": 0}
    assert office.context["deduction"] == Decimal("1.5")  # 0.5 per occurrence × 3
    assert "占道 3 处" in html and f"/photos/{photo.pk}/?size=thumb" in html and "?size=original" in html
    leader = client_for(place.world.leader).get(url("visit_detail", visit.pk)).content.decode()
    assert f"/photos/{photo.pk}/?size=thumb" in leader and "?size=original" not in leader
    results = client_for(place.world.office_staff).get(url("results", round_.pk))
    row = next(r for r in results.context["rows"] if r["visit"])
    assert (row["visit"].n_pass, row["visit"].n_fail, row["visit"].n_na, row["visit"].deduction) == (
        2,
        1,
        0,
        Decimal("1.5"),
    )


def test_list_filters(place, client_for):
    open_round = plan_round(place)
    covert = plan_round(place, kind=Kind.COVERT, schedule=False)
    client = client_for(place.world.office_staff)

    def codes(**params):
        return {r.code for r in client.get(url("list"), params).context["page"].object_list}

    assert codes() == {open_round.code, covert.code}
    assert codes(kind="covert") == {covert.code}
    assert codes(status="draft") == {covert.code}
    assert codes(q=open_round.code) == {open_round.code}
    assert codes(year="2025") == set()
    bad = client.get(url("list"), {"year": "abc"})
    assert bad.status_code == 400 and "筛选条件无效：年份" in bad.content.decode()


def _more_rounds(place, n):
    office = place.world.office_staff
    for i in range(n):
        round_ = services.create_round(
            office, name=f"轮次{i}", kind=Kind.OPEN, edition=place.edition, period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 2),
        )  # fmt: skip
        services.set_rules(office, round_, [(place.road, "all", None)])
        services.draw_sample(office, round_, seed=i + 1)


@pytest.mark.parametrize("persona", ["office_staff", "handler"])
def test_list_queries_do_not_grow_with_rounds(place, client_for, persona):
    plan_round(place)
    client = client_for(place.world.personas[persona])
    client.get(url("list"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    _more_rounds(place, 4)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url("list"))
    assert len(five) == len(one)
    if persona == "office_staff":
        assert response.context["page"].paginator.count == 5


@pytest.mark.parametrize("persona", ["office_staff", "district_officer"])
def test_results_queries_do_not_grow_with_visits(planned, place, client_for, persona):
    entries = list(RoundSite.objects.filter(round=planned, site__in=place.sites_a).select_related("site"))
    inspect(place, planned, entries[0], {place.items[0].pk: Verdict.FAIL})
    client = client_for(place.world.personas[persona])
    client.get(url("results", planned.pk))
    with CaptureQueriesContext(connection) as one:
        client.get(url("results", planned.pk))
    for entry in entries[1:5]:
        inspect(place, planned, entry, {place.items[0].pk: Verdict.FAIL, place.items[1].pk: Verdict.FAIL})
    with CaptureQueriesContext(connection) as five:
        client.get(url("results", planned.pk))
    assert len(five) == len(one)


def test_progress_queries_do_not_grow_with_visits(planned, place, client_for):
    entries = list(RoundSite.objects.filter(round=planned).select_related("site"))
    inspect(place, planned, entries[0], {place.items[0].pk: Verdict.FAIL})
    client = client_for(place.world.office_staff)
    with CaptureQueriesContext(connection) as one:
        client.get(url("progress_data", planned.pk))
    for entry in entries[1:5]:
        inspect(place, planned, entry, {place.items[0].pk: Verdict.FAIL})
    with CaptureQueriesContext(connection) as five:
        client.get(url("progress_data", planned.pk))
    assert len(five) == len(one)
