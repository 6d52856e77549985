"""Helpers for the API tests: a client carrying a persona's API token, real photos, stored files."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from chuangwen.apitokens import services as token_services

PERSONAS = [
    "office_admin",
    "office_staff",
    "district_officer",
    "handler",
    "unit_head",
    "outsider",
    "inspector",
    "leader",
    "grid_worker",
]
MANAGERS = {"office_admin", "office_staff", "district_officer"}
UNIT_A = {"handler", "unit_head"}


def api_client(user) -> Client:
    """A test client that sends this user's (new) API token with every request."""
    _token, secret = token_services.issue_token(user, name="测试")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post_json(client: Client, url: str, data=None, **extra):
    return client.post(url, data if data is not None else {}, content_type="application/json", **extra)


def photo(name: str = "photo.jpg", color: str = "red", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_files() -> list[Path]:
    """Every file written under MEDIA_ROOT (a fresh directory per test)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def problem_url(problem_id: int | None = None, action: str = "") -> str:
    url = "/api/problems" if problem_id is None else f"/api/problems/{problem_id}"
    return f"{url}/{action}" if action else url
