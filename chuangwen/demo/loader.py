"""Loading the demo city: one transaction, one "demo.loaded" audit event, same seed -> same city."""

from __future__ import annotations

import gc
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from chuangwen.audit import services as audit
from chuangwen.audit.models import AuditEvent
from chuangwen.demo.builders.circulars import build_circulars
from chuangwen.demo.builders.index import build_index
from chuangwen.demo.builders.news import build_news
from chuangwen.demo.builders.people import create_demo_logins, create_staff
from chuangwen.demo.builders.problems import build_problems
from chuangwen.demo.builders.scores import build_scores
from chuangwen.demo.builders.sites import build_site_types, build_sites
from chuangwen.demo.builders.units import build_units
from chuangwen.demo.data.index import EDITION_CODE
from chuangwen.demo.data.problems import CATEGORIES
from chuangwen.demo.data.site_types import SITE_TYPES
from chuangwen.demo.data.units import CITY_CODE
from chuangwen.demo.logins import DEMO_EVENT, DEMO_LOGINS
from chuangwen.demo.namegen import NameGen
from chuangwen.demo.scale import SCALES
from chuangwen.indicators.models import Edition
from chuangwen.lib.uploads import delete_stored
from chuangwen.problems.models import ProblemCategory
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit, User

DEFAULT_SEED = 2026


@dataclass
class LoadResult:
    loaded: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def demo_loaded() -> bool:
    return AuditEvent.objects.filter(event_type=DEMO_EVENT).exists()


def conflict() -> str:
    """Why the demo cannot be loaded into this database, or "" if it can."""
    if Unit.objects.filter(code=CITY_CODE).exists():
        return f"unit code {CITY_CODE} already exists"
    usernames = [login.username for login in DEMO_LOGINS]
    taken = list(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if taken:
        return "usernames already taken: " + ", ".join(sorted(taken))
    if Edition.objects.filter(is_active=True).exists() or Edition.objects.filter(code=EDITION_CODE).exists():
        return "an index edition is already active or uses the code " + EDITION_CODE
    if SiteType.objects.filter(code__in=[spec.code for spec in SITE_TYPES]).exists():
        return "site types with the demo codes already exist"
    codes, names = [c.code for c in CATEGORIES], [c.name for c in CATEGORIES]
    if ProblemCategory.objects.filter(Q(code__in=codes) | Q(name__in=names)).exists():
        return "problem categories with the demo codes or names already exist"
    return ""


def load_demo(scale_name: str = "normal", seed: int = DEFAULT_SEED, problems: int | None = None) -> LoadResult:
    """Load the demo city; `problems` overrides the scale's number of problems in the history (0: none)."""
    if demo_loaded():
        return LoadResult(False, "The demo city is already loaded; nothing added. 示范市演示数据已存在，未做改动。")
    reason = conflict()
    if reason:
        return LoadResult(False, f"The database already holds other data ({reason}); the demo city was not loaded.")
    started = time.perf_counter()
    stored: list[str] = []
    try:
        with _bulk_load():
            counts = _load(scale_name, seed, problems, stored)
    except BaseException:
        delete_stored(*stored)  # the photos of a load that rolled back
        raise
    return LoadResult(True, "The demo city 示范市 is loaded.", counts, time.perf_counter() - started)


@contextmanager
def _bulk_load():
    """No query log (with DEBUG=1 Django keeps one, on SQLite at the cost of one more query per query to
    quote the parameters: a third of the load's time) and fewer garbage collections (the history makes
    millions of short-lived objects; collecting every 700 allocations costs a few more percent)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        with override_settings(DEBUG=False):
            yield
    finally:
        gc.set_threshold(*thresholds)


@transaction.atomic
def _load(scale_name: str, seed: int, problems: int | None, stored: list[str]) -> dict[str, int]:
    scale = SCALES[scale_name]
    total = scale.problems if problems is None else problems
    rng = random.Random(seed)
    names = NameGen(rng)
    city = build_units(scale, rng, names)
    logins = create_demo_logins(city, names)
    staff = create_staff(scale, city, names)
    site_types = build_site_types()
    index = build_index(city, site_types)
    sites = build_sites(rng, names, city, site_types, scale.sites)
    counts = {
        "units": len(city.all_units()),
        "districts": len(city.districts),
        "streets": sum(len(d.streets) for d in city.districts),
        "communities": sum(len(s.communities) for d in city.districts for s in d.streets),
        "grids": sum(len(c.grids) for d in city.districts for s in d.streets for c in s.communities),
        "departments": len(city.departments) + len(city.district_departments),
        "window_units": len(city.windows),
        "users": len(logins) + len(staff),
        "index_nodes": index.nodes,
        "standards": index.standards,
        "checklist_items": index.checklist_items,
        "site_types": len(site_types),
        "sites": len(sites),
    }
    counts.update(build_problems(seed, city, sites, index.edition, total, stored))
    now = timezone.now().replace(microsecond=0)
    counts.update(build_scores(now))
    counts.update(build_circulars(now))
    counts.update(build_news(now))
    audit.record(
        None,
        DEMO_EVENT,
        city.city,
        after={"scale": scale.name, "seed": seed, **counts},
        reason="load_demo: 示范市演示数据",
    )
    return counts
