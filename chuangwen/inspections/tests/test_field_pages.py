"""The inspector's pages: my tasks, starting a site, the checklist page, and the home page card."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, RoundSite, RoundStatus, Visit, VisitStatus
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db
MINE = reverse("inspections:mine")
IN_PERIOD = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)


def entries(round_):
    return list(RoundSite.objects.filter(round=round_).select_related("site").order_by("seq"))


def start_url(entry) -> str:
    return reverse("inspections:start", args=[entry.pk])


# --- 我的督查任务 --------------------------------------------------------------------------------------


def test_my_tasks_list_the_team_sites_in_route_order_with_their_state(place, planned, client_for):
    first, second, third = entries(planned)[:3]
    inspect(place, planned, first, {place.items[0].pk: "fail", place.items[1].pk: "fail"})
    services.start_visit(place.inspector2, second)
    response = client_for(place.world.inspector).get(MINE)
    assert response.status_code == 200
    (task,) = response.context["tasks"]
    assert task.round == planned and task.team.name == "第一组"
    assert [s.entry.pk for s in task.sites] == [e.pk for e in entries(planned)]
    assert [s.state for s in task.sites[:3]] == ["done", "doing", "todo"]
    assert task.sites[0].failed == 2 and task.done == 1
    assert task.sites[1].leg_m is not None and task.sites[0].leg_m is None
    body = response.content.decode()
    assert "我的督查任务" in body and third.site.name in body
    assert "继续检查" in body and "开始检查" in body and "查看结果" in body
    assert "2 项不合格" in body
    assert [p.username for p in task.partners] == ["inspector2"]


def test_my_tasks_leave_out_rounds_not_being_visited_and_others_rounds(place, client_for, world):
    draft = plan_round(place, schedule=False)
    covert = plan_round(place, kind=Kind.COVERT)
    office = world.office_staff
    services.save_team(
        office,
        covert,
        team=covert.teams.get(),
        name="第一组",
        members=[place.inspector2, make_user("i3", Role.INSPECTOR)],
    )
    response = client_for(world.inspector).get(MINE)
    assert response.context["tasks"] == []
    assert "您目前没有已排期或进行中的督查任务" in response.content.decode()
    assert draft.name.encode() not in response.content
    assert [t.round for t in client_for(place.inspector2).get(MINE).context["tasks"]] == [covert]


def test_office_staff_on_a_team_see_their_rounds(place, planned, client_for, world):
    assert client_for(world.office_staff).get(MINE).context["tasks"] == []
    services.save_team(
        world.office_staff, planned, name="文明办组", members=[world.office_staff, make_user("i4", Role.INSPECTOR)]
    )
    tasks = client_for(world.office_staff).get(MINE).context["tasks"]
    assert [t.team.name for t in tasks] == ["文明办组"]


@pytest.mark.parametrize("persona", ["handler", "unit_head", "district_officer", "leader", "grid_worker", "outsider"])
def test_my_tasks_are_for_inspectors_and_the_office(place, planned, client_for, persona):
    assert client_for(place.world.personas[persona]).get(MINE).status_code == 403


def test_my_tasks_refuse_post(place, client_for):
    assert client_for(place.world.inspector).post(MINE).status_code == 405


# --- 开始检查 -----------------------------------------------------------------------------------------


def test_starting_a_site_opens_its_checklist_and_starting_again_resumes(place, planned, client_for):
    entry = entries(planned)[0]
    response = client_for(place.world.inspector).post(start_url(entry))
    visit = Visit.objects.get(round_site=entry)
    assert response.status_code == 302 and response.url == reverse("inspections:visit", args=[visit.pk])
    planned.refresh_from_db()
    assert planned.status == RoundStatus.IN_PROGRESS
    events = AuditEvent.objects.count()
    again = client_for(place.inspector2).post(start_url(entry))  # the partner's phone
    assert again.url == response.url
    assert Visit.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("persona", "status"), [("office_staff", 403), ("handler", 403), ("leader", 403), ("district_officer", 403)]
)
def test_only_the_team_may_start(place, planned, client_for, persona, status):
    events = AuditEvent.objects.count()
    entry = RoundSite.objects.get(round=planned, site=place.sites_a[0])
    response = client_for(place.world.personas[persona]).post(start_url(entry))
    assert response.status_code == status
    assert not Visit.objects.exists() and AuditEvent.objects.count() == events


def test_a_covert_round_is_not_found_by_others(place, client_for, world):
    covert = plan_round(place, kind=Kind.COVERT)
    for persona in ("handler", "outsider", "district_officer", "leader"):
        assert client_for(world.personas[persona]).post(start_url(entries(covert)[0])).status_code == 404
    stranger = make_user("i5", Role.INSPECTOR)
    assert client_for(stranger).post(start_url(entries(covert)[0])).status_code == 404
    assert not Visit.objects.exists()


def test_starting_a_removed_site_says_why(place, planned, client_for, world):
    entry = entries(planned)[0]
    RoundSite.objects.filter(pk=entry.pk).update(removed=True, reason="test")
    response = client_for(world.inspector).post(start_url(entry))
    assert response.status_code == 409
    assert "该点位已移出本轮抽样" in response.content.decode()
    assert not Visit.objects.exists()


def test_start_refuses_get(place, planned, client_for):
    assert client_for(place.world.inspector).get(start_url(entries(planned)[0])).status_code == 405


# --- the checklist page ----------------------------------------------------------------------------


def test_the_checklist_page_has_what_the_phone_needs(place, planned, client_for):
    visit = services.start_visit(place.world.inspector, entries(planned)[0])
    services.answer(place.world.inspector, visit, place.items[1].pk, verdict="fail", count=4)
    response = client_for(place.inspector2).get(reverse("inspections:visit", args=[visit.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert visit.site.name in body and "主次干道" in body
    assert body.count('class="card item-card') == 3
    assert body.count('data-verdict="fail"') == 3
    assert body.count('class="count-stepper') == 1  # only the item that counts (按处扣分)
    assert 'accept="image/*" capture="environment"' in body
    assert 'id="pending-count"' in body and 'id="position-box"' in body and 'id="confirm-modal"' in body
    assert "inspections/field/field.js" in body
    state = json.loads(body.split('id="visit-state" type="application/json">')[1].split("</script>")[0])
    assert state["answers"][str(place.items[1].pk)]["count"] == 4
    assert response.context["urls"]["answer"] == reverse("inspections:answer", args=[visit.pk])
    assert [len(g["items"]) for g in response.context["groups"]] == [1, 1, 1]


def test_a_submitted_visit_shows_a_read_only_summary(place, planned, client_for):
    visit = inspect(place, planned, entries(planned)[0], {place.items[0].pk: "fail"})
    assert visit.status == VisitStatus.SUBMITTED
    response = client_for(place.world.inspector).get(reverse("inspections:visit", args=[visit.pk]))
    body = response.content.decode()
    assert 'id="visit-status"' in body and "已于" in body
    assert "field.js" not in body and "data-verdict" not in body
    assert visit.results.get(item=place.items[0]).problem.code in body


def test_the_office_reads_a_visit_in_progress(place, planned, client_for, world):
    visit = services.start_visit(world.inspector, entries(planned)[0])
    response = client_for(world.office_staff).get(reverse("inspections:visit", args=[visit.pk]))
    assert response.status_code == 200
    assert "检查中（只读）" in response.content.decode() and "field.js" not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("handler", 403), ("leader", 403), ("outsider", 404)])
def test_the_checklist_page_is_refused_to_others(place, planned, client_for, persona, status):
    entry = RoundSite.objects.get(round=planned, site=place.sites_a[0])  # unit A answers for it
    visit = services.start_visit(place.world.inspector, entry)
    assert (
        client_for(place.world.personas[persona]).get(reverse("inspections:visit", args=[visit.pk])).status_code
        == status
    )


# --- the inspector's home page ------------------------------------------------------------------


def _card(response, label):
    return next(c for c in response.context["cards"] if str(c["label"]) == label)


def test_the_inspector_home_shows_today_s_sites_to_inspect(place, planned, client_for):
    with time_machine.travel(IN_PERIOD):
        inspect(place, planned, entries(planned)[0])
        card = _card(client_for(place.world.inspector).get(reverse("home")), "今日待查点位")
    assert card["value"] == len(entries(planned)) - 1
    assert card["url"] == MINE and card["hint"] == "1 个督查轮次"


def test_the_inspector_home_says_when_there_is_nothing_today(place, planned, client_for):
    with time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)):
        card = _card(client_for(place.world.inspector).get(reverse("home")), "今日待查点位")
    assert card["value"] == 0 and card["hint"] == "今日无督查任务"


def test_my_tasks_query_count_does_not_grow_with_visits(place, planned, client_for, django_assert_max_num_queries):
    client = client_for(place.world.inspector)
    for entry in entries(planned)[:4]:
        inspect(place, planned, entry, {place.items[0].pk: "fail"})
    with django_assert_max_num_queries(7):
        response = client.get(MINE)
    assert response.context["tasks"][0].done == 4
