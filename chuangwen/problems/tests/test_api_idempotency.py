"""Idempotency-Key on create and rectification: a retry creates nothing new and gets the first answer."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from chuangwen.apitokens.models import IdempotencyRecord
from chuangwen.audit.models import AuditEvent
from chuangwen.lib import idempotency, search
from chuangwen.problems import api as problems_api
from chuangwen.problems.models import Problem, ProblemPhoto, Rectification, Status
from chuangwen.problems.tests.api_support import api_client, photo, post_json, problem_url, stored_files

pytestmark = pytest.mark.django_db
KEY = "3f1c9a52-7d1e-4d8b-9a4e-2b6f0c1d2e3f"


def _create(client, data=None, key=KEY, **extra):
    data = data or {"source": "inspection", "description": "东华路人行道占道经营", "address": "东华路1号"}
    headers = {"Idempotency-Key": key} if key is not None else {}
    return post_json(client, problem_url(), data, headers=headers, **extra)


def test_it_makes_one_problem_for_a_retried_create(world):
    client = api_client(world.office_staff)
    first = _create(client)
    retry = _create(client)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Problem.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="problem.created").count() == 1


def test_it_makes_one_problem_and_stores_the_photos_once_for_a_retried_multipart_create(world):
    client = api_client(world.inspector)
    data = {"source": "inspection", "description": "垃圾桶满溢", "address": "东华路1号"}
    first = client.post(problem_url(), {**data, "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    files = stored_files()
    retry = client.post(problem_url(), {**data, "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Problem.objects.count() == 1 and ProblemPhoto.objects.count() == 1
    assert stored_files() == files and len(files) == 2  # the photo and its thumbnail, once


def test_a_retry_is_answered_before_anything_is_checked_again(world, place):
    client = api_client(world.office_staff)
    data = {"source": "inspection", "description": "东华路人行道占道经营", "site": place.site.pk}
    first = _create(client, data)
    place.site.is_active = False
    place.site.save(update_fields=["is_active"])
    retry = _create(client, data)
    assert retry.status_code == 201 and retry.json() == first.json()


def test_it_refuses_the_same_key_with_a_different_payload(world):
    client = api_client(world.office_staff)
    assert _create(client).status_code == 201
    other = {"source": "inspection", "description": "另一处问题", "address": "东华路2号"}
    response = _create(client, other)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键",
        "field": "Idempotency-Key",
    }
    assert Problem.objects.count() == 1


def test_it_refuses_the_same_key_with_other_photos_and_stores_none(world):
    client = api_client(world.inspector)
    data = {"source": "inspection", "description": "垃圾桶满溢", "address": "东华路1号"}
    client.post(problem_url(), {**data, "photos": [photo(color="red")]}, headers={"Idempotency-Key": KEY})
    files = stored_files()
    response = client.post(problem_url(), {**data, "photos": [photo(color="green")]}, headers={"Idempotency-Key": KEY})
    assert response.status_code == 422
    assert stored_files() == files


def test_it_refuses_the_same_key_on_another_endpoint(world, in_progress):
    client = api_client(world.office_staff)
    assert _create(client).status_code == 201
    url = problem_url(in_progress.pk, "rectifications")
    response = client.post(url, {"note": "已清理", "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert not Rectification.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("key", ["", "x" * 101, "带中文", "has space", "tab\tkey"])
def test_it_refuses_a_malformed_key(world, key):
    response = _create(api_client(world.office_staff), key=key)
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert not Problem.objects.exists()


def test_keys_belong_to_one_user(world):
    assert _create(api_client(world.office_staff)).status_code == 201
    assert _create(api_client(world.office_admin)).status_code == 201
    assert Problem.objects.count() == 2


def test_a_refused_request_does_not_hold_its_key(world):
    client = api_client(world.office_staff)
    refused = _create(client, {"source": "inspection", "description": "x", "site": 999999})
    assert refused.status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert _create(client).status_code == 201


def test_it_forgets_a_key_after_24_hours(world):
    client = api_client(world.office_staff)
    assert _create(client).status_code == 201
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        again = _create(client)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Problem.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 1


def test_purge_deletes_records_older_than_24_hours(world):
    client = api_client(world.office_staff)
    _create(client, key="old")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        _create(client, {"source": "inspection", "description": "新问题", "address": "东华路3号"}, key="new")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        call_command("purge_idempotency_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_it_submits_one_rectification_for_a_retried_submission(world, in_progress):
    client = api_client(world.handler)
    url = problem_url(in_progress.pk, "rectifications")
    first = client.post(url, {"note": "已清理", "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    files = stored_files()
    retry = client.post(url, {"note": "已清理", "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert first.json()["status"] == Status.SUBMITTED
    assert Rectification.objects.count() == 1
    assert stored_files() == files


def test_a_request_that_loses_the_race_gets_the_first_answer_and_keeps_no_photos(world, monkeypatch):
    client = api_client(world.inspector)
    data = {"source": "inspection", "description": "垃圾桶满溢", "address": "东华路1号"}
    first = client.post(problem_url(), {**data, "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    files = stored_files()
    real_replay = idempotency.replay
    calls = []

    def replay_missing_the_first_time(call):  # as if the first request committed just after our check
        calls.append(call)
        return None if len(calls) == 1 else real_replay(call)

    monkeypatch.setattr(idempotency, "replay", replay_missing_the_first_time)
    retry = client.post(problem_url(), {**data, "photos": [photo()]}, headers={"Idempotency-Key": KEY})
    assert retry.status_code == 201 and retry.json() == first.json()
    assert len(calls) == 2
    assert Problem.objects.count() == 1
    assert stored_files() == files  # the loser's photos were stored, then removed


def test_it_answers_409_while_the_first_request_is_in_flight(world, monkeypatch):
    client = api_client(world.office_staff)

    def taken(call):
        raise idempotency._Taken

    monkeypatch.setattr(idempotency, "_claim", taken)
    response = _create(client)
    assert response.status_code == 409
    assert response.json()["detail"] == "请求正在处理中，请稍后重试"
    assert not Problem.objects.exists()


# --- two requests at once, on a real server -----------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (SQLite serializes writers)"
)


def _post_in_thread(secret: str, results: list, data: dict) -> threading.Thread:
    def run():
        try:
            client = Client(headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": KEY})
            results.append(client.post(problem_url(), data, content_type="application/json"))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def slow_create(monkeypatch):
    """Make create_problem wait inside its transaction until released."""
    entered, release = threading.Event(), threading.Event()
    real = problems_api.services.create_problem

    def wait_then_create(*args, **kwargs):
        entered.set()
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(problems_api.services, "create_problem", wait_then_create)
    yield entered, release
    release.set()
    search.clear("problems")


def _secret(user) -> str:
    from chuangwen.apitokens.services import issue_token

    return issue_token(user, name="并发")[1]


DATA = {"source": "inspection", "description": "东华路人行道占道经营", "address": "东华路1号"}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_retry_waits_for_the_first_and_gets_its_answer(world, slow_create):
    entered, release = slow_create
    secret = _secret(world.office_staff)
    first, second = [], []
    one = _post_in_thread(secret, first, DATA)
    assert entered.wait(10)
    two = _post_in_thread(secret, second, DATA)
    two.join(0.5)
    assert two.is_alive()  # blocked on the key's unique index
    release.set()
    one.join(10)
    two.join(10)
    assert first[0].status_code == second[0].status_code == 201
    assert second[0].json() == first[0].json()
    assert second[0]["Idempotent-Replayed"] == "true"
    assert Problem.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_retry_gets_409_when_the_first_takes_too_long(world, slow_create, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.2
    entered, release = slow_create
    secret = _secret(world.office_staff)
    first, second = [], []
    one = _post_in_thread(secret, first, DATA)
    assert entered.wait(10)
    two = _post_in_thread(secret, second, DATA)
    two.join(10)
    assert second[0].status_code == 409
    assert second[0].json()["detail"] == "请求正在处理中，请稍后重试"
    release.set()
    one.join(10)
    assert first[0].status_code == 201
    third = []
    _post_in_thread(secret, third, DATA).join(10)
    assert third[0].status_code == 201 and third[0].json() == first[0].json()
    assert Problem.objects.count() == 1
