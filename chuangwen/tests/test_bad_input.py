"""Bad input never makes a 500: ids and numbers beyond 64 bits, negative, not numbers at all, or
booleans, in every list filter and page number (pages and API) answer 4xx or an empty list; the
API answers every error as JSON in its own shape, pages keep their HTML error pages."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import OperationalError
from django.test import Client

import chuangwen
from chuangwen.apitokens import services as token_services
from chuangwen.problems import api as problems_api
from chuangwen.problems import services
from chuangwen.problems.models import Problem, ProblemCategory, Source, Status

pytestmark = pytest.mark.django_db

BAD_NUMBERS = [str(2**63), str(2**64), "-1", "abc", "1.5", "true", "²", "9" * 5000]

# Every page that reads a number from its query string: a filter, a page, a year, a setting.
PAGE_PARAMS = [
    ("/problems/", "district"),
    ("/problems/", "unit"),
    ("/problems/", "category"),
    ("/problems/", "page"),
    ("/problems/queue/", "district"),
    ("/problems/export/", "unit"),
    ("/sites/", "territorial_unit"),
    ("/sites/", "district"),
    ("/sites/", "responsible_unit"),
    ("/sites/", "site_type"),
    ("/sites/", "page"),
    ("/sites/map/", "district"),
    ("/sites/geojson/", "territorial_unit"),
    ("/sites/export/", "responsible_unit"),
    ("/citizens/triage/", "category"),
    ("/citizens/triage/", "current"),
    ("/citizens/triage/export/", "category"),
    ("/audit/", "page"),
    ("/indicators/", "edition"),
    ("/indicators/", "unit"),
    ("/units/new/", "parent"),
    ("/units/people/new/", "unit"),
    ("/problems/settings/holidays/", "year"),
    ("/overview/screen/", "refresh"),
    ("/assessment/", "year"),
    ("/assessment/annual/", "year"),
    ("/open311/v2/requests.json", "page"),
]

API_PARAMS = [
    ("/api/problems", "district"),
    ("/api/problems", "unit"),
    ("/api/problems", "category"),
    ("/api/problems", "offset"),
    ("/api/problems", "limit"),
    ("/api/rounds", "offset"),
    ("/api/rounds", "limit"),
]
API_IDS = [
    "/api/problems/{}",
    "/api/problems/{}/photos/1",
    "/api/rounds/{}",
    "/api/rounds/{}/sites",
    "/api/visits/{}",
    "/api/intake/{}",
]


def _bearer(user) -> Client:
    _token, secret = token_services.issue_token(user, name="测试")
    return Client(headers={"Authorization": f"Bearer {secret}"}, raise_request_exception=False)


def _assert_api_error(response, status: int | None = None) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) >= {"detail", "field"} and body["detail"]
    if status is not None:
        assert response.status_code == status, body
    else:
        assert 400 <= response.status_code < 500, body
    return body


@pytest.fixture
def problem(world) -> Problem:
    return services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="东华路占道经营", address="东华路 1 号"
    )


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "name"), PAGE_PARAMS)
def test_a_page_answers_a_bad_number_in_its_query_with_4xx_or_the_usual_page(world, client_for, url, name):
    client = client_for(world.office_admin)
    client.raise_request_exception = False
    for value in BAD_NUMBERS:
        response = client.get(url, {name: value})
        assert response.status_code < 500, (url, name, value[:30], response.status_code)


def test_the_problem_list_says_which_filter_is_wrong(world, client_for, problem):
    response = client_for(world.office_staff).get("/problems/", {"district": str(2**64)})
    assert response.status_code == 400
    assert "请选择有效的选项" in response.content.decode()
    assert problem.code not in response.content.decode()


def test_the_site_list_says_which_filter_is_wrong(world, client_for):
    response = client_for(world.district_officer).get("/sites/", {"territorial_unit": str(2**63)})
    assert response.status_code == 400
    assert "请选择有效的选项" in response.content.decode()


def test_a_page_still_finds_by_the_largest_id(world, client_for):
    response = client_for(world.office_staff).get("/problems/", {"unit": str(2**63 - 1)})
    assert response.status_code == 400
    assert "所选单位不存在" in response.content.decode()


def test_the_outsider_is_still_denied_a_page_whatever_the_filter(world, client_for):
    response = client_for(world.outsider).get("/audit/", {"page": str(2**64)})
    assert response.status_code == 403


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(chuangwen.__path__, "chuangwen."):
        if any(part in module_info.name for part in (".tests", ".migrations", ".e2e", ".management")):
            continue
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def _bounded(field: forms.IntegerField) -> bool:
    low = field.min_value is not None or any(isinstance(v, MinValueValidator) for v in field.validators)
    high = field.max_value is not None or any(isinstance(v, MaxValueValidator) for v in field.validators)
    return low and high


@pytest.mark.django_db(False)
def test_every_number_a_form_reads_has_bounds():
    """A number without a bound reaches the database as 2**64 and fails there (a 500): every form's
    own IntegerField states both ends (a ModelForm's generated fields take the model's)."""
    form_classes = _form_classes()
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in form_classes
        for name, field in form.declared_fields.items()
        if isinstance(field, forms.IntegerField)
        and not isinstance(field, forms.FloatField | forms.DecimalField)
        and not _bounded(field)
    ]
    assert len(form_classes) > 30 and unbounded == []


# --- the API: filters, pages and ids ----------------------------------------------------------


@pytest.mark.parametrize(("url", "name"), API_PARAMS)
def test_an_api_list_answers_a_bad_number_with_a_json_422(world, url, name):
    client = _bearer(world.office_staff)
    for value in BAD_NUMBERS:
        body = _assert_api_error(client.get(url, {name: value}), 422)
        assert body["field"] == name


@pytest.mark.parametrize("url", API_IDS)
def test_an_api_id_that_cannot_be_one_answers_json_4xx(world, url):
    client = _bearer(world.office_staff)
    for value in [*BAD_NUMBERS, "0", str(2**63 - 1)]:
        _assert_api_error(client.get(url.format(value)))


def test_the_api_list_says_what_is_wrong_with_the_offset(world):
    body = _assert_api_error(_bearer(world.office_staff).get("/api/problems", {"offset": str(2**63)}), 422)
    assert body["detail"] == "“offset”不能大于 1000000000"


def test_a_far_offset_within_bounds_is_an_empty_page(world, problem):
    response = _bearer(world.office_staff).get("/api/problems", {"offset": "1000000000"})
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 1


def test_the_outsider_gets_the_same_json_404_as_for_a_missing_problem(world, problem):
    seen = _assert_api_error(_bearer(world.outsider).get(f"/api/problems/{problem.pk}"), 404)
    missing = _assert_api_error(_bearer(world.outsider).get(f"/api/problems/{2**63 - 1}"), 404)
    assert seen == missing


# --- strict booleans ----------------------------------------------------------------------------


def test_true_is_not_problem_1(world, problem):
    duplicate = services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="重复登记", address="东华路 1 号"
    )
    client = _bearer(world.office_staff)
    refusals = [
        (True, "“original”须为整数"),
        (1.5, "“original”须为整数"),
        ([problem.pk], "“original”须为整数"),
        (str(2**64), "“original”不能大于 9223372036854775807"),
    ]
    for original, message in refusals:
        response = client.post(
            f"/api/problems/{duplicate.pk}/duplicate",
            {"original": original, "reason": "同一处"},
            content_type="application/json",
        )
        body = _assert_api_error(response, 422)
        assert (body["field"], body["detail"]) == ("original", message)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NEW and duplicate.duplicate_of is None


def test_a_unit_list_refuses_booleans(world, problem):
    response = _bearer(world.office_staff).post(
        f"/api/problems/{problem.pk}/assign", {"cooperating": [True]}, content_type="application/json"
    )
    assert _assert_api_error(response, 422)["field"] == "cooperating"
    problem.refresh_from_db()
    assert problem.status == Status.NEW


@pytest.mark.parametrize("value", ["1", "yes", "on", "0"])
def test_a_boolean_filter_is_true_or_false_only(world, value):
    body = _assert_api_error(_bearer(world.office_staff).get("/api/problems", {"overdue": value}), 422)
    assert body["detail"] == "“overdue”须为 true 或 false"


@pytest.mark.parametrize("value", [1, 0, "yes"])
def test_a_boolean_in_a_body_is_true_or_false_only(world, problem, value):
    response = _bearer(world.office_staff).post(
        f"/api/problems/{problem.pk}/reopen", {"reason": "x", "rebound": value}, content_type="application/json"
    )
    assert _assert_api_error(response, 422)["field"] == "rebound"


# --- every /api/ error is JSON; pages keep HTML ---------------------------------------------------


def test_an_unknown_api_path_is_a_json_404(world):
    paths = ("/api/", "/api/nothing-here", "/api/problems/abc", "/api/problems/1/unknown", "/api/rounds/-1")
    for path in paths:
        _assert_api_error(_bearer(world.office_staff).get(path), 404)


def test_an_unknown_api_path_is_a_json_404_without_credentials_too(client):
    _assert_api_error(client.get("/api/problems/abc"), 404)


def test_a_method_an_endpoint_lacks_is_a_json_405_with_allow(world, problem):
    client = _bearer(world.office_staff)
    response = client.delete("/api/problems")
    body = _assert_api_error(response, 405)
    assert body["detail"] == "此地址不支持 DELETE 请求"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    _assert_api_error(client.put(f"/api/problems/{problem.pk}"), 405)
    assert Problem.objects.filter(pk=problem.pk).exists()


def test_a_fault_in_an_api_view_is_a_json_500(world, problem, monkeypatch):
    def broken(user, pk):
        raise RuntimeError("boom")

    monkeypatch.setattr(problems_api, "problem_detail", broken)
    response = _bearer(world.office_staff).get(f"/api/problems/{problem.pk}")
    body = _assert_api_error(response, 500)
    assert body["detail"] == "服务器出错了，请稍后重试；问题已记录"
    assert "boom" not in response.content.decode()


def test_a_busy_database_under_the_api_is_still_a_503(world, problem, monkeypatch):
    def locked(user, pk):
        raise OperationalError("database is locked")

    monkeypatch.setattr(problems_api, "problem_detail", locked)
    response = _bearer(world.office_staff).get(f"/api/problems/{problem.pk}")
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["detail"]


def test_pages_keep_their_html_error_pages(world, client_for):
    response = client_for(world.office_staff).get("/problems/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_sort_order_beyond_the_column_is_refused_and_nothing_is_saved(world, client_for):
    client = client_for(world.office_admin)
    client.raise_request_exception = False
    data = {"code": "ZD", "name": "占道经营", "is_active": "on", "sort_order": str(2**64)}
    response = client.post("/problems/settings/categories/new/", data)
    assert 200 <= response.status_code < 500
    assert "确保该值小于或等于" in response.content.decode()
    assert not ProblemCategory.objects.filter(code="ZD").exists()


def test_an_api_path_refused_before_the_api_is_a_json_404_too(world, client_for):
    """A control character in the path is refused by a middleware (lib.text), before any API view."""
    _assert_api_error(_bearer(world.office_staff).get("/api/problems/%0F1"), 404)
    page = client_for(world.office_staff).get("/problems/%0F1/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
