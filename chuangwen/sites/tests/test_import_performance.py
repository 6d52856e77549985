"""5,000 rows import in seconds: lookups are loaded once and writes are batched."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.importer import import_sites
from chuangwen.sites.models import Site, SiteResponsibility
from chuangwen.sites.tests.helpers import xlsx_upload
from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind

ROWS = 5000


def _rows(world, sites, communities, suffix=""):
    rows = []
    for i in range(ROWS):
        road = i % 4 == 0
        rows.append([
            f"P{i:05d}", f"点位{i}{suffix}", "主次干道" if road else "NMSC", f"示范路{i}号",
            30.4 + (i % 100) / 500, 114.1 + (i // 100) / 250, communities[i % len(communities)].code,
            "D-CG、D-JT" if i % 3 == 0 else ("市城管局" if i % 3 == 1 else ""),
            "路长" + str(i) if road else "", "1380000" + f"{i:04d}" if road else "", "是", "",
        ])  # fmt: skip
    return rows


def test_it_imports_and_reimports_5000_rows_in_seconds(world, sites):
    communities = [make_unit(UnitKind.COMMUNITY, f"社区{n}", world.street_a) for n in range(40)]
    upload = xlsx_upload(_rows(world, sites, communities))

    with CaptureQueriesContext(connection) as created_queries:
        started = time.perf_counter()
        result = import_sites(world.office_staff, upload)
        create_seconds = time.perf_counter() - started
    assert result.created == ROWS
    assert SiteResponsibility.objects.filter(site__code__startswith="P").count() == 1667 * 2 + 1667
    assert AuditEvent.objects.filter(event_type="site.created").count() == ROWS

    upload = xlsx_upload(_rows(world, sites, communities, suffix="（新）"))
    with CaptureQueriesContext(connection) as updated_queries:
        started = time.perf_counter()
        result = import_sites(world.office_staff, upload)
        update_seconds = time.perf_counter() - started
    assert (result.created, result.updated) == (0, ROWS)
    assert Site.objects.filter(name__endswith="（新）").count() == ROWS

    print(
        f"\n{connection.vendor}: create {ROWS} rows {create_seconds:.2f}s / {len(created_queries)} queries; "
        f"update {update_seconds:.2f}s / {len(updated_queries)} queries"
    )
    assert len(created_queries) < 300 and len(updated_queries) < 300
    assert create_seconds < 20 and update_seconds < 20
