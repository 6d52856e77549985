"""The secrecy matrix: before publication, the inspected find no trace of a covert round.

For each inspected persona (a handler and the head of a unit that answers for sampled sites, the
district officer of their district, a leader, a grid worker, the outsider and an inspector who is
not on the round's teams):

1. every page and API endpoint that takes no argument answers exactly the same before and after
   the covert round is planned, sampled, visited and has failed items with photos — so no list,
   count, map or figure moves;
2. every page and endpoint that takes an id, given the id of anything of the covert round,
   answers 403/404/405 or a page without any trace of it;
3. after publication they see what is theirs: the round in the list, its problems in the unit's
   inbox.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chuangwen.inspections import services
from chuangwen.inspections.models import CheckPhoto, CheckResult, Kind, RoundSite, Verdict, Visit
from chuangwen.inspections.tests.conftest import inspect, photo_file, plan_round
from chuangwen.problems.models import Problem
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db

SECRET_NAME = "秘密暗访第九轮"
SECRET_NOTE = "暗访记录XQ7"
SKIP = {"logout", "set_language", "notification_read_all"}  # no-arg URLs that change state or leave
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'data-csrf(-token)?="[^"]*"'), "data-csrf"),
    (re.compile(r'"(csrfToken|X-CSRFToken)": "[^"]*"'), '"csrf"'),
    (re.compile(r'content="[A-Za-z0-9]{32,}"'), 'content=""'),
    (re.compile(r"nonce=\"[^\"]*\""), "nonce"),
]
FROZEN = "2026-11-20 10:00:00+08:00"


def _no_arg_urls(patterns=None, prefix="", namespace=None):
    """Every named URL without parameters, as (name, path)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api", "open311"):
                continue
            yield from _no_arg_urls(pattern.url_patterns, prefix, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            if pattern.name not in SKIP:
                try:
                    yield name, reverse(name)
                except Exception:  # noqa: BLE001 - a pattern with regex groups
                    continue


def _id_urls(patterns=None, namespace=None):
    """Every named URL taking exactly one integer, as a name (reversed with each candidate id)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api", "open311"):
                continue
            yield from _id_urls(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and len(pattern.pattern.converters) == 1:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


API_LISTS = ["/api/rounds", "/api/problems", "/api/me"]


def _normal(response) -> object:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return {n: book.read(n) for n in book.namelist() if n.startswith("xl/") and "styles" not in n}
    text = body.decode("utf-8", errors="replace")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return response.status_code, text


def _snapshot(client) -> dict:
    pages = {name: _normal(client.get(path)) for name, path in _no_arg_urls()}
    return pages | {path: _normal(client.get(path)) for path in API_LISTS}


@pytest.fixture
def inspected(place):
    w = place.world
    outsider_inspector = make_user("inspector_other", Role.INSPECTOR)
    return {
        "handler": w.handler,
        "unit_head": w.unit_head,
        "district_officer": w.district_officer,
        "leader": w.leader,
        "grid_worker": w.grid_worker,
        "outsider": w.outsider,
        "inspector_not_on_team": outsider_inspector,
    }


def _covert_round(place):
    round_ = plan_round(place, kind=Kind.COVERT, schedule=False)
    services.update_round(place.world.office_staff, round_, name=SECRET_NAME, notes=SECRET_NOTE)
    services.schedule_round(place.world.office_staff, round_)
    entries = list(RoundSite.objects.filter(round=round_).select_related("site").order_by("site__code"))
    for entry in entries[:4]:
        inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL, place.items[1].pk: Verdict.FAIL})
    ongoing = services.start_visit(place.world.inspector, entries[4])
    item = services.checklist(ongoing).first()
    services.answer(place.world.inspector, ongoing, item.pk, verdict=Verdict.FAIL, note=SECRET_NOTE)
    services.add_photo(place.world.inspector, ongoing, item.pk, photo_file(), client_id="secret-1")
    round_.refresh_from_db()
    return round_


def _candidate_ids(round_) -> set[int]:
    ids = {round_.pk}
    ids |= set(RoundSite.objects.filter(round=round_).values_list("pk", flat=True))
    ids |= set(round_.teams.values_list("pk", flat=True))
    ids |= set(Visit.objects.filter(round=round_).values_list("pk", flat=True))
    ids |= set(CheckPhoto.objects.filter(visit__round=round_).values_list("pk", flat=True))
    ids |= set(CheckResult.objects.filter(round=round_).values_list("pk", flat=True))
    return ids


def _traces(round_) -> list[str]:
    return [round_.code, SECRET_NAME, SECRET_NOTE]


def test_no_trace_before_publication(place, inspected, client_for):
    clients = {name: client_for(user) for name, user in inspected.items()}
    with time_machine.travel(FROZEN, tick=False):
        before = {name: _snapshot(client) for name, client in clients.items()}
        round_ = _covert_round(place)
        after = {name: _snapshot(client) for name, client in clients.items()}
    assert Problem.objects.count() == 0
    for name in clients:
        changed = sorted(url for url in before[name] if before[name][url] != after[name][url])
        assert changed == [], f"{name} sees a change at {changed}"
    traces = _traces(round_)
    ids = _candidate_ids(round_)
    for persona, client in clients.items():
        for url_name in _id_urls():
            for pk in ids:
                response = client.get(reverse(url_name, args=[pk]))
                if response.status_code in (403, 404, 405):
                    continue
                body = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
                leaked = [t for t in traces if t in body]
                assert not leaked, f"{persona} finds {leaked} at {url_name}({pk})"
        for path in (f"/api/rounds/{round_.pk}", f"/api/rounds/{round_.pk}/sites"):
            assert client.get(path).status_code == 404, f"{persona} at {path}"
        for visit in Visit.objects.filter(round=round_):
            assert client.get(f"/api/visits/{visit.pk}").status_code == 404


def test_insiders_see_it(place, client_for):
    round_ = _covert_round(place)
    for user in (place.world.office_staff, place.world.office_admin, place.world.inspector, place.inspector2):
        body = client_for(user).get("/api/rounds").json()
        assert [r["code"] for r in body["items"]] == [round_.code]


def test_after_publication_the_inspected_see_what_is_theirs(place, client_for):
    round_ = _covert_round(place)
    office = place.world.office_staff
    ongoing = Visit.objects.get(round=round_, status="in_progress")
    for item in services.checklist(ongoing):
        services.answer(place.world.inspector, ongoing, item.pk, verdict=Verdict.PASS)
    services.submit_visit(place.world.inspector, ongoing)
    services.close_round(office, round_)
    round_ = services.publish_round(office, round_)
    handler = client_for(place.world.handler)
    codes = [r["code"] for r in handler.get("/api/rounds").json()["items"]]
    assert round_.code in codes
    mine = Problem.objects.visible_to(place.world.handler)
    assert mine.count() > 0
    assert set(mine.values_list("site__territorial_unit", flat=True)) == {place.world.street_a.pk}
    outsider = client_for(place.world.outsider)
    assert outsider.get(f"/api/rounds/{round_.pk}/sites").json() == []


# --- codes: the public series runs in the order rounds become visible to the inspected ---------

UNIT_PERSONAS = ["handler", "unit_head", "district_officer", "leader", "grid_worker", "outsider"]


def _seen_codes(client) -> tuple[list[str], int, str]:
    """The round codes a persona reads in the API, the API's count, and the rounds page."""
    body = client.get("/api/rounds").json()
    page = client.get(reverse("inspections:list")).content.decode()
    return sorted(r["code"] for r in body["items"]), body["count"], page


def test_round_codes_leave_no_gap_for_a_covert_round(place, inspected, client_for):
    office = place.world.office_staff
    first = plan_round(place)
    covert = _covert_round(place)  # planned, sampled and visited between two open rounds
    second = plan_round(place)
    assert (first.code, second.code) == ("R2026-001", "R2026-002")
    assert covert.code.startswith("N2026-")  # the office's internal code until publication
    for persona in UNIT_PERSONAS:
        codes, count, page = _seen_codes(client_for(inspected[persona]))
        assert (codes, count) == (["R2026-001", "R2026-002"], 2), persona
        assert covert.code not in page and "N2026-" not in page, persona
    assert _seen_codes(client_for(inspected["inspector_not_on_team"]))[:2] == ([], 0)

    ongoing = Visit.objects.get(round=covert, status="in_progress")
    for item in services.checklist(ongoing):
        services.answer(place.world.inspector, ongoing, item.pk, verdict=Verdict.PASS)
    services.submit_visit(place.world.inspector, ongoing)
    services.close_round(office, covert)
    covert = services.publish_round(office, covert)
    assert covert.code == "R2026-003"  # the next public number: nothing says it was planned before R2026-002
    for persona in UNIT_PERSONAS:
        codes, count, _page = _seen_codes(client_for(inspected[persona]))
        assert (codes, count) == (["R2026-001", "R2026-002", "R2026-003"], 3), persona
    problems = Problem.objects.filter(external_ref__startswith="N")
    assert not problems.exists() and Problem.objects.filter(external_ref="R2026-003").exists()
