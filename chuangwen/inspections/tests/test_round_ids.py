"""Ids leave no gap for a covert round: rounds and the rows a secret round creates (teams, sample
entries, visits, check results, photos) take random ids (chuangwen/lib/ids.py), so the ids an
inspected unit reads in pages and the API say nothing of a round made between two it sees; and
nothing takes an id for the order of creation (tests that hand out ids against that order)."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from chuangwen.assessment import services as assessment
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckPhoto, CheckResult, Kind, Round, RoundSite, Team, Verdict, Visit
from chuangwen.inspections.tests.conftest import photo_file, plan_round
from chuangwen.inspections.tests.test_secrecy import _covert_round
from chuangwen.lib.ids import MAX_ID
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db

RANDOM_ID_MODELS = (Round, Team, RoundSite, Visit, CheckResult, CheckPhoto)
# A sequence leaves a gap of a few between two rows; random ids in 1..2**53 are this far apart
# but for a chance of about one in a billion.
FAR = 2**20


def _visit_with_photos(place, round_: Round, site, photos: int = 1) -> Visit:
    """The first inspector checks the site: the first item fails, with photos; then submits."""
    inspector = place.world.inspector
    entry = RoundSite.objects.select_related("site").get(round=round_, site=site)
    visit = services.start_visit(inspector, entry)
    services.record_position(inspector, visit, lat=entry.site.lat, lng=entry.site.lng, accuracy=10)
    items = list(services.checklist(visit))
    for item in items:
        verdict = Verdict.FAIL if item.pk == items[0].pk else Verdict.PASS
        services.answer(inspector, visit, item.pk, verdict=verdict, count=2 if verdict == Verdict.FAIL else None)
    for n in range(photos):
        services.add_photo(inspector, visit, items[0].pk, photo_file(f"p{n}.jpg"), client_id=f"{round_.pk}-{n}")
    return services.submit_visit(inspector, visit)


def _hand_out(monkeypatch, model, make_id) -> None:
    """Make the model's new rows take make_id() (Field caches its default as _get_default)."""
    field = model._meta.get_field("id")
    monkeypatch.setattr(field, "default", make_id)
    monkeypatch.setattr(field, "_get_default", make_id)


def _countdown():
    countdown = itertools.count(10**12, -7)
    return lambda: next(countdown)


def _inspectors(n: int) -> list:
    return [make_user(f"spare_inspector{i}", Role.INSPECTOR) for i in range(n)]


def _open_round(place) -> Round:
    round_ = plan_round(place)
    _visit_with_photos(place, round_, place.sites_a[0])
    return round_


def _ids_seen(client) -> dict[str, set[int]]:
    """Every id of an inspection object this client reads: the API and the rounds pages."""
    seen: dict[str, set[int]] = {k: set() for k in ("rounds", "teams", "entries", "visits", "photos")}
    for item in client.get("/api/rounds").json()["items"]:
        seen["rounds"].add(item["id"])
        detail = client.get(f"/api/rounds/{item['id']}").json()
        seen["teams"] |= {t["id"] for t in detail["teams"]}
        for entry in client.get(f"/api/rounds/{item['id']}/sites").json():
            seen["entries"].add(entry["id"])
            if entry["team"]:
                seen["teams"].add(entry["team"]["id"])
            if entry["visit_id"]:
                seen["visits"].add(entry["visit_id"])
                seen["photos"] |= {p["id"] for p in client.get(f"/api/visits/{entry['visit_id']}").json()["photos"]}
    page = client.get(reverse("inspections:list")).content.decode()
    seen["rounds"] |= {int(pk) for pk in re.findall(r'href="/inspections/(\d+)/', page)}
    return seen


def test_the_ids_the_inspected_read_leave_no_gap_for_a_covert_round(place, client_for):
    first = _open_round(place)
    covert = _covert_round(place)  # planned, sampled, visited with failures and a photo in between
    second = _open_round(place)
    w = place.world
    for persona in (w.handler, w.unit_head, w.district_officer, w.leader):
        seen = _ids_seen(client_for(persona))
        assert seen["rounds"] == {first.pk, second.pk}, persona
        assert covert.pk not in seen["rounds"]
        for kind, ids in seen.items():
            assert ids, f"{persona} sees no {kind}"
            assert all(1 <= pk <= MAX_ID for pk in ids), kind  # exact as a JavaScript number
            ordered = sorted(ids)
            gaps = [b - a for a, b in itertools.pairwise(ordered)]
            assert all(gap > FAR for gap in gaps), f"{persona}: {kind} {ordered} count the rows between them"
    # and the rows of the covert round itself are no neighbours of the open rounds' either
    open_ids = {first.pk, second.pk}
    assert all(abs(covert.pk - pk) > FAR for pk in open_ids)


def test_a_colliding_id_raises_instead_of_overwriting(place, monkeypatch):
    """A new row is saved with an INSERT only (Django skips the UPDATE when the primary key has a
    default), so the same random id twice is an error, never a silent overwrite."""
    first = plan_round(place)
    taken = first.pk
    _hand_out(monkeypatch, Round, lambda: taken)
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_round(place)
    first.refresh_from_db()
    assert first.code == "R2026-001" and Round.objects.count() == 1


@pytest.fixture
def ids_against_creation(monkeypatch):
    """Hand out ids in the reverse order of creation: any code that orders by id as if it were
    the order of creation then gets it wrong every time, not by chance."""
    for model in RANDOM_ID_MODELS:
        _hand_out(monkeypatch, model, _countdown())


def _closed_round(place, start: datetime.date) -> Round:
    office = place.world.office_staff
    round_ = plan_round(place, schedule=False)
    round_ = services.update_round(office, round_, period_start=start, period_end=start + datetime.timedelta(days=20))
    services.schedule_round(office, round_)
    _visit_with_photos(place, round_, place.sites_a[0])
    return services.close_round(office, round_)


def test_the_newest_round_and_the_previous_one_follow_creation_not_ids(place, client_for, ids_against_creation):
    office = place.world.office_staff
    older = _closed_round(place, datetime.date(2026, 11, 1))
    newer = _closed_round(place, datetime.date(2026, 11, 1))  # the same period, created later
    later = _closed_round(place, datetime.date(2026, 12, 1))
    assert older.pk > newer.pk > later.pk  # the ids run backwards
    items = client_for(office).get("/api/rounds").json()["items"]
    assert [r["id"] for r in items] == [later.pk, newer.pk, older.pk]  # newest first
    assert list(Round.objects.all()) == [later, newer, older]
    for round_ in (older, newer, later):
        assessment.score_round(office, round_)
    previous = assessment.previous_run(later)
    assert previous is not None and previous.round_id == newer.pk  # the last one made of the earlier period


def test_routes_and_team_shares_do_not_depend_on_ids(place, monkeypatch):
    """The same seed gives the same sample, team shares and routes whatever the entries' ids."""
    office = place.world.office_staff
    inspectors = _inspectors(1)

    def plan_with_two_teams() -> dict[int, tuple[str, int | None]]:
        round_ = plan_round(place, schedule=False)
        services.save_team(office, round_, name="第二组", members=[inspectors[0]])
        services.assign_teams(office, round_)
        entries = RoundSite.objects.filter(round=round_).select_related("team")
        return {e.site_id: (e.team.name, e.seq) for e in entries}

    upwards = plan_with_two_teams()
    for model in (RoundSite, Team):
        _hand_out(monkeypatch, model, _countdown())
    downwards = plan_with_two_teams()
    assert upwards == downwards
    assert {team for team, _seq in upwards.values()} == {"第一组", "第二组"}


def test_teams_keep_the_order_they_were_made_in(place, ids_against_creation):
    office = place.world.office_staff
    round_ = plan_round(place, schedule=False)
    spare = _inspectors(3)
    for name, member in (("第二组", spare[0]), ("第三组", spare[1])):
        services.save_team(office, round_, name=name, members=[member])
    services.delete_team(office, Team.objects.get(round=round_, name="第二组"))
    services.save_team(office, round_, name="第四组", members=[spare[2]])  # after 第三组, not in 第二组's place
    assert list(round_.teams.values_list("name", flat=True)) == ["第一组", "第三组", "第四组"]


def test_photos_are_listed_in_the_order_they_were_taken(place, client_for, ids_against_creation):
    round_ = plan_round(place)
    visit = _visit_with_photos(place, round_, place.sites_a[0], photos=3)
    photos = client_for(place.world.handler).get(f"/api/visits/{visit.pk}").json()["photos"]
    made = list(CheckPhoto.objects.filter(visit=visit).order_by("uploaded_at").values_list("pk", flat=True))
    assert [p["id"] for p in photos] == made and made == sorted(made, reverse=True)


def test_the_covert_round_is_scored_and_published_with_random_ids(place):
    """The whole life of a covert round on the new ids: its problems are registered on publication."""
    office = place.world.office_staff
    round_ = _covert_round(place)
    assert round_.kind == Kind.COVERT
    ongoing = Visit.objects.get(round=round_, status="in_progress")
    for item in services.checklist(ongoing):
        services.answer(place.world.inspector, ongoing, item.pk, verdict=Verdict.PASS)
    services.submit_visit(place.world.inspector, ongoing)
    services.close_round(office, round_)
    round_ = services.publish_round(office, round_)
    failed = CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL)
    assert failed.count() > 0 and not failed.filter(problem__isnull=True).exists()
