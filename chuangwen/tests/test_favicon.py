"""The site's icon: linked from every layout, and /favicon.ico for clients that ask the root."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico")


@pytest.mark.parametrize("path", ["/accounts/login/", "/report/"])
def test_pages_link_the_icon(client, db, path):
    body = client.get(path).content.decode()
    assert 'rel="icon"' in body and "img/favicon-32.png" in body
    assert "img/apple-touch-icon.png" in body
    assert finders.find("img/favicon-32.png") and finders.find("img/apple-touch-icon.png")
