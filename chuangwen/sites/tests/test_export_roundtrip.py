import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.importer import import_sites
from chuangwen.sites.models import Site, SiteResponsibility
from chuangwen.sites.tests.helpers import HEADER, read_rows

URL = reverse("sites:export")


def _snapshot():
    sites = list(Site.objects.order_by("code").values())
    links = sorted(SiteResponsibility.objects.values_list("site_id", "unit_id"))
    return sites, links


def test_it_exports_the_import_format(world, sites, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = read_rows(response.getvalue())
    assert [str(h).rstrip("*") for h in rows[0]] == HEADER
    assert rows[1] == ["A1", "东华路", "主次干道", "东华路全段", 30.6, 114.3, "东华街道（DA-S1）", "市城管局（D-CG）",
                       "王路长", "13900000001", "是", None]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["A1", "A2", "B1", "B2"]


def test_export_then_import_changes_nothing(world, sites, client_for):
    Site.objects.filter(pk=sites.b1.pk).update(is_active=False, notes="第一行\n第二行", lat="30.123457")
    sites.a2.responsible_units.set([world.dept_a, world.dept_b])
    content = client_for(world.office_staff).get(URL, {"active": "all"}).getvalue()
    before = _snapshot()
    events = AuditEvent.objects.count()
    result = import_sites(world.office_staff, SimpleUploadedFile("export.xlsx", content))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events + 1  # the import summary only


def test_it_applies_the_list_filters(world, sites, client_for):
    response = client_for(world.office_staff).get(URL, {"site_type": sites.market.pk})
    assert [r[0] for r in read_rows(response.getvalue())[1:]] == ["A2", "B1"]


@pytest.mark.parametrize(("persona", "codes"), [("district_officer", ["A1", "A2"]), ("outsider", ["B1"])])
def test_it_exports_only_what_the_person_may_see(world, sites, client_for, persona, codes):
    response = client_for(world.personas[persona]).get(URL)
    assert [r[0] for r in read_rows(response.getvalue())[1:]] == codes


def test_a_bad_filter_is_a_400(world, client_for):
    assert client_for(world.office_staff).get(URL, {"site_type": "x"}).status_code == 400


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405


def test_the_query_count_does_not_grow_with_the_sites(world, sites, client_for, django_assert_num_queries):
    from chuangwen.testing import make_site

    client = client_for(world.office_staff)
    with django_assert_num_queries(5):  # the row limit, the sites, their responsible units
        client.get(URL)
    for n in range(30):
        make_site(sites.market, world.street_a, [world.dept_a], code=f"M{n:03d}")
    with django_assert_num_queries(5):  # the row limit, the sites, their responsible units
        client.get(URL)


def test_the_file_format_stays_chinese_on_an_english_screen(world, sites, client_for):
    client = client_for(world.office_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(URL, {"active": "all"}).getvalue()
    rows = read_rows(content)
    assert [str(h).rstrip("*") for h in rows[0]] == HEADER
    notes = read_rows(content, "填写说明")
    assert notes[0] == ["Column", "Notes"]  # the notes themselves follow the screen
    with translation.override("zh-hans"):
        result = import_sites(world.office_staff, SimpleUploadedFile("export.xlsx", content))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
