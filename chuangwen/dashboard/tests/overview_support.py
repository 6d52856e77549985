"""Hand-made problems for the overview's tests, with the times and states set directly so that
each figure is known in advance (the workflow's own tests cover how problems get there)."""

from __future__ import annotations

import datetime
import itertools
import re

from chuangwen.problems.models import Problem, Source, Status

# A Wednesday: the week began on Monday 2026-11-16 00:00 (Asia/Shanghai).
NOW = datetime.datetime.fromisoformat("2026-11-18T10:00:00+08:00")
MONDAY = datetime.datetime.fromisoformat("2026-11-16T09:00:00+08:00")
_codes = itertools.count(1)


def ago(days: float = 0, hours: float = 0) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days, hours=hours)


def make_problem(territory, status=Status.ASSIGNED, unit=None, created=None, source=Source.INSPECTION, **extra):
    """A problem in the territory (a street; its district is worked out) at the given state."""
    district = territory if territory.is_district else territory.district()
    return Problem.objects.create(
        code=f"T{next(_codes):06d}",
        source=source,
        description=extra.pop("description", "人行道占道经营"),
        status=status,
        territorial_unit=territory,
        district=district,
        responsible_unit=unit if status != Status.NEW else None,
        created_at=created or ago(days=20),
        **extra,
    )


def figure(body: str, key: str) -> str:
    """The text of a figure on the page (data-figure="key")."""
    found = re.search(rf'data-figure="{key}">([^<]*)<', body)
    assert found, f"no figure {key}"
    return found.group(1).strip()
