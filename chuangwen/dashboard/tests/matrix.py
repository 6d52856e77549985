"""Access-matrix rows: (url name, object key, personas, method); PUBLIC names need no login;
objects(world, found) adds the objects these rows' keys name."""

from __future__ import annotations

PAGES: list = []
PUBLIC: set = set()


def objects(world, found: dict) -> dict:
    return {}
