from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_it_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "checks": {"database_read": "ok", "database_write": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_database_fails(client):
    with mock.patch("chuangwen.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] != "ok"
    assert response.json()["checks"]["database_read"] == "unavailable"


def test_it_says_busy_when_writes_would_wait(client):
    with mock.patch("chuangwen.views._write_check", side_effect=OperationalError("database is locked")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database_read": "ok", "database_write": "busy"}


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405
