"""The list, every queue, the unit inbox and the export keep a fixed number of queries:
the same with 10 problems as with 10,000 (bulk-created, indexed for search).

The 10,000 rows are written with bulk_create and one search.index_many, so the test stays well
under 20 seconds on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuangwen.lib import search
from chuangwen.problems import services
from chuangwen.problems.models import Problem, RequestKind, Severity, Source, Status, UnitRequest
from chuangwen.problems.tests.conftest import FakePhoto

pytestmark = pytest.mark.django_db

BULK = 10_000
# (name, persona, url, query string): every list-like page, for the people who use it.
PAGES = [
    ("list", "office_staff", reverse("problems:list"), {}),
    ("list-filtered", "office_staff", reverse("problems:list"), {"q": "东华路", "status": "open", "overdue": "1"}),
    ("list-district", "district_officer", reverse("problems:list"), {}),
    ("list-unit", "handler", reverse("problems:list"), {}),
    ("queue-triage", "office_staff", reverse("problems:queue", args=["triage"]), {}),
    ("queue-overdue", "office_staff", reverse("problems:queue", args=["overdue"]), {}),
    ("queue-review", "office_staff", reverse("problems:queue", args=["review"]), {}),
    ("queue-requests", "office_staff", reverse("problems:queue", args=["requests"]), {}),
    ("queue-triage-district", "district_officer", reverse("problems:queue", args=["triage"]), {}),
    ("inbox", "handler", reverse("problems:inbox"), {}),
    ("inbox-due-soon", "handler", reverse("problems:inbox", args=["due_soon"]), {}),
    ("export", "office_staff", reverse("problems:export"), {}),
    ("export-unit", "handler", reverse("problems:export"), {"status": "submitted"}),
]
# What each page costs (session and user included). A change here needs a reason.
PINNED = {
    "list": 9,
    "list-filtered": 9,
    "list-district": 9,
    "list-unit": 7,
    "queue-triage": 14,
    "queue-overdue": 10,
    "queue-review": 12,
    "queue-requests": 11,
    "queue-triage-district": 14,
    "inbox": 7,
    "inbox-due-soon": 7,
    "export": 4,
    "export-unit": 5,
}


def _ten(world, place) -> None:
    """Ten problems through the services, so that every page above has rows."""
    office, handler = world.office_staff, world.handler
    later = timezone.now() + datetime.timedelta(days=30)
    made = []
    for n in range(10):
        made.append(
            services.create_problem(
                office, source=Source.INSPECTION, description=f"东华路问题{n}", site=place.site, standard=place.standard
            )
        )
    for p in made[3:]:
        services.assign_problem(office, p)
    services.submit_rectification(handler, made[3], note="已整改", photos=[FakePhoto()])
    services.request_extension(handler, made[4], deadline=later, reason="需要时间")
    Problem.objects.filter(pk__in=[p.pk for p in made[5:7]]).update(
        deadline=timezone.now() - datetime.timedelta(days=2)
    )


def _bulk(world, place, n: int) -> None:
    """n more problems in every state, written in bulk, with their search index rows."""
    now = timezone.now()
    states = [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.SUBMITTED, Status.REJECTED, Status.CLOSED]
    rows = []
    for i in range(n):
        status = states[i % len(states)]
        with_unit = status != Status.NEW
        rows.append(
            Problem(
                code=f"B{i:09d}",
                source=Source.INSPECTION if i % 2 else Source.CITIZEN,
                description=f"批量问题{i} 东华路占道经营",
                severity=Severity.MINOR,
                status=status,
                site=place.site,
                standard=place.standard,
                territorial_unit=world.community_a,
                district=world.district_a,
                responsible_unit=world.dept_a if with_unit else None,
                deadline=now + datetime.timedelta(hours=(i % 200) - 100) if with_unit else None,
                assigned_at=now - datetime.timedelta(days=3) if with_unit else None,
                submitted_at=now - datetime.timedelta(hours=1) if status == Status.SUBMITTED else None,
                created_at=now - datetime.timedelta(minutes=i),
                reporter_phone="13800001111",
            )
        )
    created = Problem.objects.bulk_create(rows, batch_size=1000)
    search.index_many("problems", ((p.pk, f"{p.code} {p.description}") for p in created))
    pending = [p for p in created if p.status == Status.IN_PROGRESS][:500]
    UnitRequest.objects.bulk_create(
        UnitRequest(
            problem=p, kind=RequestKind.EXTENSION, reason="需要时间", requested_by=world.handler,
            requested_at=now, requested_deadline=now + datetime.timedelta(days=20),
        )
        for p in pending
    )  # fmt: skip


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    if response.get("Content-Type", "").startswith("text/html"):
        assert response.context["page"].object_list, f"{url} shows no rows: the count would prove nothing"
    return len(captured)


def test_it_keeps_the_query_count_with_10000_problems(world, place, client_for, django_assert_num_queries):
    _ten(world, place)
    clients = {persona: client_for(world.personas[persona]) for persona in {p[1] for p in PAGES}}
    small = {name: _queries(clients[persona], url, params) for name, persona, url, params in PAGES}
    assert small == PINNED
    _bulk(world, place, BULK)
    assert Problem.objects.count() == BULK + 10
    for name, persona, url, params in PAGES:
        with django_assert_num_queries(PINNED[name]):
            clients[persona].get(url, params)
