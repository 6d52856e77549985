"""The demo's news posts (publicity: filled in with the public page)."""

from __future__ import annotations


def build_news(now) -> dict[str, int]:
    return {}
