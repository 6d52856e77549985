"""The API against its own OpenAPI schema (schemathesis, in-process through the WSGI app).

Every operation of /api/openapi.json is called with generated input, valid and invalid, as the
office staff persona (Bearer token) over a small city with a problem at each stage, an inspected
round and a hotline report. Whatever the input, the answer is never a 5xx, and its status code,
content type and body are the ones the schema documents. Bounded: a few examples per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chuangwen.api import api
from chuangwen.apitokens import services as token_services
from chuangwen.citizens.services import submit_report
from chuangwen.inspections.models import RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, place, plan_round  # noqa: F401 - place is a fixture
from chuangwen.problems import services as problem_services
from chuangwen.problems.models import Problem, Source
from chuangwen.problems.tests.conftest import FakePhoto

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 6


@pytest.fixture
def city(place):  # noqa: F811 - the inspections' place fixture
    """A round with a submitted visit (and the problems its failed item raised), a problem sent
    back with a rectification whose photo has no time, and a hotline report."""
    world = place.world
    round_ = plan_round(place)
    entry = RoundSite.objects.filter(round=round_, site=place.sites_a[0]).select_related("site").get()
    visit = inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL})
    problem = problem_services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="东华路人行道占道经营", site=place.sites_a[1],
        photos=[FakePhoto()],
    )  # fmt: skip
    problem = problem_services.assign_problem(world.office_staff, problem, unit=world.dept_a)
    problem = problem_services.accept_problem(world.handler, problem)
    problem_services.submit_rectification(world.handler, problem, note="已清理", photos=[FakePhoto()])
    problem_services.reject_rectification(world.office_staff, Problem.objects.get(pk=problem.pk), reason="仍有摊位")
    report = submit_report(
        actor=world.office_staff, channel="hotline", external_ref="12345-0001", description="路灯不亮",
        category=None, address="东华路 1 号", lat=None, lng=None, name="", phone="", photos=[],
    )  # fmt: skip
    return {"round": round_, "visit": visit, "problem": problem, "report": report, "world": world}


@pytest.fixture
def api_schema(city):
    """The schema, its operations called through the WSGI app in this test's transaction: like
    Django's test client, requests must not close the database connection when they end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(city) -> dict[str, str]:
    _token, secret = token_services.issue_token(city["world"].office_staff, name="fuzz")
    return {"Authorization": f"Bearer {secret}"}


def _operations() -> list[tuple[str, str]]:
    """(path, method) of every operation in the schema (built without a request or the database)."""
    document = api.get_openapi_schema(path_prefix="/api/")
    methods = ("get", "post", "put", "patch", "delete")
    return [(path, m.upper()) for path, item in document["paths"].items() for m in item if m in methods]


@pytest.mark.parametrize(("path", "method"), _operations())
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(api_schema, bearer, path, method, mode):
    """Generated input, valid (positive) or not (negative): never a 5xx, always as documented."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def call(case):
        case.call_and_validate(headers=bearer, checks=CHECKS)

    call()


def test_real_objects_answer_as_documented(api_schema, city, bearer):
    """The reading operations on objects that exist: every field as the schema says (e.g. a
    photo taken at an unknown time is null where null is allowed)."""
    problem, round_, visit, report = city["problem"], city["round"], city["visit"], city["report"]
    photo = problem.photos.first()
    calls = [
        ("/api/problems", {}, {"limit": 100}),
        ("/api/problems/{problem_id}", {"problem_id": problem.pk}, {}),
        ("/api/rounds", {}, {}),
        ("/api/rounds/{round_id}", {"round_id": round_.pk}, {}),
        ("/api/rounds/{round_id}/sites", {"round_id": round_.pk}, {}),
        ("/api/visits/{visit_id}", {"visit_id": visit.pk}, {}),
        ("/api/intake/{report_id}", {"report_id": report.pk}, {}),
        ("/api/problems/{problem_id}/photos/{photo_id}", {"problem_id": problem.pk, "photo_id": photo.pk}, {}),
        ("/api/me", {}, {}),
    ]
    for path, path_parameters, query in calls:
        case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(headers=bearer, checks=CHECKS)
        assert response.status_code in (200, 404), (path, response.status_code)
