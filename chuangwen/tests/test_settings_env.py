import pytest
from django.core.exceptions import ImproperlyConfigured

from chuangwen.lib import env


def test_env_bool_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG", False)


def test_env_int_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env.env_int("X_NUM", 1)


def test_env_str_required(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED"):
        env.env_str("X_REQUIRED")


def test_env_list_and_defaults(monkeypatch):
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env.env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.delenv("X_LIST")
    assert env.env_list("X_LIST", ["d"]) == ["d"]
    assert env.env_bool("X_LIST", True) is True
