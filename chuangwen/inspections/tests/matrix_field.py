"""Access-matrix rows for the inspector's phone pages and JSON endpoints."""

from __future__ import annotations

PAGES: list = []
