"""A busy or unreachable database: the API answers a JSON 503 with Retry-After, Open311 its own error
list, a person a page saying to try again in a moment; nothing is changed, and /healthz answers.
The last test does it for real: a writer holds SQLite's lock while the served site is asked."""

from __future__ import annotations

import sqlite3
import threading
import time
from unittest import mock

import psycopg
import pytest
import requests
from django.db import IntegrityError, OperationalError, connection
from django.test import Client, RequestFactory

from chuangwen import views
from chuangwen.citizens.models import Report
from chuangwen.lib import unavailable
from chuangwen.tests.served import start, stop

LOCKED = OperationalError("database is locked")
API_CALLS = 2
INTAKE = {"channel": "hotline", "external_ref": "12345-0001", "description": "路灯不亮", "address": "东华路"}


def _lock_timeout() -> OperationalError:
    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    return error


@pytest.mark.django_db
@pytest.mark.parametrize("error", [LOCKED, _lock_timeout()], ids=["sqlite-locked", "postgres-lock-timeout"])
def test_an_api_client_gets_json_503_with_retry_after_and_nothing_is_registered(world, client_for, error):
    client = client_for(world.office_admin)
    with mock.patch("chuangwen.citizens.api.submit_report", side_effect=error):
        response = client.post("/api/intake", INTAKE, content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "系统繁忙，请稍后重试（数据库暂时无法处理请求）", "field": None}
    assert int(response["Retry-After"]) > 0
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_outsider_is_still_denied_before_the_database_matters(world, client_for):
    client = client_for(world.outsider)
    with mock.patch("chuangwen.citizens.api.submit_report", side_effect=LOCKED) as submit:
        response = client.post("/api/intake", INTAKE, content_type="application/json")
    assert response.status_code == 403
    submit.assert_not_called()


@pytest.mark.django_db
def test_a_person_gets_a_page_saying_to_try_again(client):
    with mock.patch("chuangwen.citizens.public_views._form_page", side_effect=LOCKED):
        response = client.get("/report/")
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "系统繁忙，请稍后再试" in page
    assert "请等待几秒后刷新页面" in page


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_open311_client_gets_its_error_list(client, fmt):
    with mock.patch("chuangwen.citizens.open311.views._public_categories", side_effect=LOCKED):
        response = client.get(f"/open311/v2/services.{fmt}")
    assert response.status_code == 503
    assert response["Retry-After"]
    if fmt == "json":
        assert response.json() == [{"code": 503, "description": "系统繁忙，请稍后重试（数据库暂时无法处理请求）"}]
    else:
        assert b"<errors><error><code>503</code>" in response.content


@pytest.mark.django_db
def test_a_broken_query_stays_a_server_error(client):
    client = Client(raise_request_exception=False)
    with mock.patch("chuangwen.citizens.public_views._form_page", side_effect=OperationalError("no such table: x")):
        response = client.get("/report/")
    assert response.status_code == 500


def test_an_error_outside_a_view_is_a_503_too():
    """Django's handler500 runs while the error is handled (a middleware loading the session, say)."""
    request = RequestFactory().get("/api/problems")
    try:
        raise LOCKED
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("database table is locked: problems_problem"), True),
        (sqlite3.OperationalError("no such table: problems_problem"), False),
        (psycopg.errors.LockNotAvailable("lock timeout"), True),
        (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), True),
        (psycopg.errors.SerializationFailure("could not serialize access"), True),
        (psycopg.errors.DeadlockDetected("deadlock detected"), True),
        (psycopg.OperationalError("connection refused"), True),
        (psycopg.errors.UndefinedTable("relation does not exist"), False),
        (IntegrityError("UNIQUE constraint failed"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_which_errors_mean_try_again(error, busy):
    wrapped = OperationalError(str(error))
    wrapped.__cause__ = error
    assert unavailable.is_unavailable(error) is busy
    assert unavailable.is_unavailable(wrapped) is busy or isinstance(error, ValueError | IntegrityError)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's lock_timeout; commits for real, which flush cannot undo on SQLite (its lock: below)",
)
def test_on_postgresql_a_held_lock_is_a_503_after_lock_timeout(world, client_for, settings):
    params = connection.get_connection_params()
    params.pop("options", None)
    client = client_for(world.office_admin)
    client.get("/api/intake?limit=1")  # the first request imports and builds the API: not what is timed
    holder = psycopg.connect(**params, autocommit=False)
    try:
        holder.execute("LOCK TABLE citizens_report IN ACCESS EXCLUSIVE MODE")
        began = time.monotonic()
        response = client.post("/api/intake", INTAKE, content_type="application/json")
        elapsed = time.monotonic() - began
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503, response.content
    assert response.json() == {"detail": "系统繁忙，请稍后重试（数据库暂时无法处理请求）", "field": None}
    assert settings.DATABASE_LOCK_TIMEOUT <= elapsed < settings.DATABASE_LOCK_TIMEOUT + 4  # a loaded machine
    assert not Report.objects.exists()


# --- for real: a writer holds the lock of the served site's SQLite database -----------------------------------


@pytest.fixture(scope="module")
def served(migrated_database, tmp_path_factory):
    served = start(migrated_database, tmp_path_factory.mktemp("busy"))
    yield served
    stop(served)


def _timed(call) -> tuple[float, requests.Response]:
    began = time.monotonic()
    response = call()
    return time.monotonic() - began, response


def test_a_locked_database_answers_503_within_seconds_and_healthz_answers(served):
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {served.admin_token}"
    person = requests.Session()
    person.get(served.url + "accounts/login/", timeout=10)  # the CSRF cookie, before the lock
    login = {
        "username": "office_admin",
        "password": "test-pass-2026",
        "csrfmiddlewaretoken": person.cookies["csrftoken"],
    }
    results: dict[str, tuple[float, requests.Response]] = {}

    def post_intake(n: int) -> None:
        body = {**INTAKE, "external_ref": f"locked-{n}"}
        results[f"api{n}"] = _timed(lambda: api.post(served.url + "api/intake", json=body, timeout=30))

    def log_in() -> None:
        headers = {"Referer": served.url + "accounts/login/"}
        results["person"] = _timed(
            lambda: person.post(served.url + "accounts/login/", login, headers=headers, timeout=30)
        )

    writer = sqlite3.connect(served.database, timeout=1, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        # Three requests wait for the lock: with sync workers (before) two were enough to stall
        # every worker; each gthread worker has four threads, so one is always free for /healthz.
        threads = [threading.Thread(target=post_intake, args=(n,)) for n in range(API_CALLS)]
        threads.append(threading.Thread(target=log_in))
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # the requests are waiting for the lock now
        health_time, health = _timed(lambda: requests.get(served.url + "healthz", timeout=10))
        for thread in threads:
            thread.join(timeout=60)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert health.status_code == 503 and health_time < 2.5, (health_time, health.text)
    assert health.json()["checks"] == {"database_read": "ok", "database_write": "busy"}
    for n in range(API_CALLS):
        elapsed, response = results[f"api{n}"]
        assert response.status_code == 503, response.text
        assert response.json() == {"detail": "系统繁忙，请稍后重试（数据库暂时无法处理请求）", "field": None}
        assert response.headers["Retry-After"] == "5"
        assert elapsed < 8, elapsed  # DATABASE_LOCK_TIMEOUT (3 s) and a little, not 10 s and a hang
    elapsed, page = results["person"]
    assert page.status_code == 503 and elapsed < 8
    assert "系统繁忙，请稍后再试" in page.text
    assert served.query("SELECT count(*) FROM citizens_report") == [(0,)]

    # The lock released: the site works again, and the outsider is still refused.
    assert requests.get(served.url + "healthz", timeout=5).status_code == 200
    again = api.post(served.url + "api/intake", json={**INTAKE, "external_ref": "after"}, timeout=30)
    assert again.status_code == 201, again.text
    outsider = requests.post(
        served.url + "api/intake",
        json={**INTAKE, "external_ref": "outsider"},
        headers={"Authorization": f"Bearer {served.outsider_token}"},
        timeout=30,
    )
    assert outsider.status_code == 403
    assert served.query("SELECT external_ref FROM citizens_report") == [("after",)]
