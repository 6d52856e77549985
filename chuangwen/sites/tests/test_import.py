import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.lib.xlsx import XlsxImportError
from chuangwen.sites.importer import import_sites
from chuangwen.sites.models import Site, SiteResponsibility
from chuangwen.sites.tests.helpers import HEADER, NON_OFFICE, xlsx_upload

URL = reverse("sites:import")


def _row(code, name="新点位", site_type="农贸市场", lat=30.55, lng=114.28, unit="东华街道", responsible="", chief="",
         phone="", active="是", address="", notes=""):  # fmt: skip
    return [code, name, site_type, address, lat, lng, unit, responsible, chief, phone, active, notes]


def _state():
    return (
        list(Site.objects.order_by("code").values_list("code", "name", "lat", "is_active")),
        SiteResponsibility.objects.count(),
        AuditEvent.objects.count(),
    )


def test_it_creates_and_updates_by_code(world, sites, client_for):
    upload = xlsx_upload(
        [
            _row("N1", "新华农贸市场", responsible="D-CG、市交通局"),
            _row("N2", "新华路", "ZCGD", unit="DA-S1-C1-G1", chief="赵六", phone="13800000003"),
            _row(
                "A1",
                "东华路（改）",
                "主次干道",
                30.6,
                114.3,
                "东华街道（DA-S1）",
                "市城管局（D-CG）",
                "王路长",
                "13900000001",
                address="东华路全段",
            ),  # fmt: skip
            _row("B1", "西华农贸市场", "NMSC", 30.6, 114.25, "DB-S1", "D-JT"),
        ]
    )
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(URL, {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    html = response.content.decode()
    assert 'id="created-count">2<' in html and 'id="updated-count">1<' in html
    n1 = Site.objects.get(code="N1")
    assert set(n1.responsible_units.all()) == {world.dept_a, world.dept_b}
    assert Site.objects.get(code="N2").territorial_unit == world.grid_a
    sites.a1.refresh_from_db()
    assert sites.a1.name == "东华路（改）"
    # 2 created + 1 updated + 1 summary; the unchanged site gets none
    assert AuditEvent.objects.count() == events + 4
    assert AuditEvent.objects.for_object(sites.a1).get().after == {"name": "东华路（改）"}
    summary = AuditEvent.objects.get(event_type="site.imported")
    assert summary.after == {"created": 2, "updated": 1, "unchanged": 1}
    assert not AuditEvent.objects.for_object(sites.b1).exists()


def test_it_changes_responsible_units_and_deactivates(world, sites):
    upload = xlsx_upload(
        [_row("A1", "东华路", "主次干道", 30.6, 114.3, "DA-S1", "D-JT", "王路长", "13900000001", "否", "东华路全段")]
    )
    result = import_sites(world.office_staff, upload)
    assert result.updated == 1
    sites.a1.refresh_from_db()
    assert list(sites.a1.responsible_units.all()) == [world.dept_b]
    assert not sites.a1.is_active


def test_columns_left_out_of_the_file_keep_their_values(world, sites):
    header = ["编码", "名称", "点位类型", "纬度", "经度", "属地单位"]
    upload = xlsx_upload([["A1", "东华路新名", "主次干道", 30.6, 114.3, "DA-S1"]], header=header)
    assert import_sites(world.office_staff, upload).updated == 1
    sites.a1.refresh_from_db()
    assert (sites.a1.road_chief_name, sites.a1.address) == ("王路长", "东华路全段")
    assert list(sites.a1.responsible_units.all()) == [world.dept_a]


def test_a_bad_file_reports_every_cell_and_imports_nothing(world, sites, client_for):
    upload = xlsx_upload(
        [
            _row("N1"),  # row 2: good
            _row("N2", site_type="不存在类型"),  # row 3
            _row("N3", unit="市城管局"),  # row 4: not territorial
            _row("N4", lat="abc", lng=30.5),  # row 5: not a number; longitude out of range
            _row("N1", lat=99),  # row 6: duplicate code; its other cells are checked too
            _row("N5", site_type="主次干道", chief="钱七", phone="call me"),  # row 7: bad phone
            _row("N6", responsible="某某局", active="也许"),  # row 8
            _row("N7", chief="孙八"),  # row 9: road chief on a market
            [None] * 12,  # row 10: blank, skipped
            _row("N8", name=""),  # row 11
            _row("N9", unit="不存在的街道"),  # row 12
            _row("N10", lat=95, lng=200),  # row 13
        ]
    )
    before = _state()
    response = client_for(world.office_staff).post(URL, {"file": upload})
    assert response.status_code == 400
    pairs = [(e.row, e.column) for e in response.context["errors"]]
    assert pairs == [
        (3, "点位类型"),
        (4, "属地单位"),
        (5, "纬度"),
        (5, "经度"),
        (6, "编码"),
        (6, "纬度"),
        (7, "路长电话"),
        (8, "包保单位"),
        (8, "启用"),
        (9, "路长"),
        (11, "名称"),
        (12, "属地单位"),
        (13, "纬度"),
        (13, "经度"),
    ]
    assert all(e.sheet == "点位" for e in response.context["errors"])
    html = response.content.decode()
    assert "未知的点位类型“不存在类型”" in html
    assert "“市城管局”不是属地单位" in html
    assert "与第 2 行重复" in html
    assert "文件有 14 处错误，未导入任何数据" in html
    assert _state() == before
    assert not Site.objects.filter(code="N1").exists()


def test_a_missing_column_is_reported(world, sites):
    upload = xlsx_upload([["N1", "新点位"]], header=["编码", "名称"])
    with pytest.raises(XlsxImportError) as raised:
        import_sites(world.office_staff, upload)
    assert {e.column for e in raised.value.errors} == {"点位类型", "纬度", "经度", "属地单位"}


def test_a_wrong_sheet_name_is_reported(world, sites):
    with pytest.raises(XlsxImportError) as raised:
        import_sites(world.office_staff, xlsx_upload([_row("N1")], sheet="Sheet1"))
    assert "缺少工作表“点位”" in raised.value.errors[0].message


def test_an_ambiguous_unit_name_asks_for_the_code(world, sites):
    from chuangwen.testing import make_unit
    from chuangwen.units.models import UnitKind

    make_unit(UnitKind.COMMUNITY, "东华社区", world.street_b)  # a second 东华社区
    with pytest.raises(XlsxImportError) as raised:
        import_sites(world.office_staff, xlsx_upload([_row("N1", unit="东华社区")]))
    assert "请填写单位编码" in raised.value.errors[0].message


def test_an_empty_sheet_is_refused(world, sites, client_for):
    response = client_for(world.office_staff).post(URL, {"file": xlsx_upload([])})
    assert response.status_code == 400
    assert "文件中没有点位数据" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_a_400(world, sites, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _state()
    response = client_for(world.office_staff).post(URL, {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    assert response.status_code == 400
    assert "不是有效的 XLSX 文件" in response.content.decode()
    assert _state() == before


def test_no_file_is_a_400(world, client_for):
    assert client_for(world.office_staff).post(URL, {}).status_code == 400


def test_the_page_shows_the_form(world, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert reverse("sites:template") in response.content.decode()


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, sites, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(URL).status_code == 403
    before = _state()
    assert client.post(URL, {"file": xlsx_upload([_row("N1")])}).status_code == 403
    assert _state() == before


def test_the_service_refuses_unit_people(world, sites):
    with pytest.raises(PermissionDenied):
        import_sites(world.handler, xlsx_upload([_row("N1")]))


def test_it_needs_a_login(world, client):
    assert client.post(URL, {"file": xlsx_upload([_row("N1")])}).status_code == 302
    assert not Site.objects.filter(code="N1").exists()


def test_it_refuses_put(world, client_for):
    assert client_for(world.office_staff).put(URL).status_code == 405


def test_the_header_constant_matches_the_columns():
    from chuangwen.sites.xlsx_io import columns

    assert [c.header for c in columns()] == HEADER


def test_domain_error_is_raised_for_a_missing_file(world):
    with pytest.raises(DomainError):
        import_sites(world.office_staff, None)
