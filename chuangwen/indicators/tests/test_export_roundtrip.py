import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.indicators import services, xlsx_export, xlsx_import
from chuangwen.indicators.tests.helpers import canonical_dump, counts
from chuangwen.lib.xlsx import workbook_bytes
from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(world, index, site_types):
    """The index fixture plus every rule kind, flags, an empty node per level and a unit whose name is not unique."""
    actor = world.office_admin
    twin = make_unit(UnitKind.STREET, "东华街道", world.district_b, code="DB-S9")  # same name as world.street_a
    services.create_checklist_item(
        actor,
        index.b,
        site_type=site_types.market,
        code="S2-1",
        text="知晓率",
        rule_kind="grade",
        grade_thresholds=[{"grade": "A", "min": 95, "ratio": 1}, {"grade": "B", "min": 80.5, "ratio": 0.75}],
    )
    services.create_checklist_item(
        actor, index.b, site_type=site_types.road, code="S2-2", text="事故", rule_kind="veto", veto_scope="standard"
    )
    services.create_checklist_item(actor, index.a, site_type=site_types.road, code="S1-0", text="合格率", sort_order=-1)
    services.update_standard(actor, index.c, is_special=True, points="0.25", responsible_units=[twin, world.street_a])
    empty_cat = services.create_node(actor, index.edition, level=1, code="C00", title="空项目", sort_order=-5)
    services.create_node(actor, index.edition, level=1, code="C02", title="公共秩序", sort_order=3)
    ind = services.create_node(actor, index.edition, level=2, parent=empty_cat, code="C00.1", title="空指标")
    services.create_node(actor, index.edition, level=3, parent=ind, code="C00.1.1", title="空内容")
    return index


def test_export_then_import_gives_the_same_tree(world, rich):
    data = workbook_bytes(xlsx_export.export_edition(rich.edition))
    upload = SimpleUploadedFile("export.xlsx", data)
    result = xlsx_import.import_edition(world.office_admin, upload, code="E2021-COPY")
    original, copy = canonical_dump(rich.edition), canonical_dump(result.edition)
    assert copy == original
    assert [n["code"] for n in original] == ["C00", "C01", "C02"]
    assert result.counts == {"nodes": 7, "standards": 3, "checklist_items": 4}


def test_the_exported_rows_read_well(world, rich):
    workbook = load_workbook(io.BytesIO(workbook_bytes(xlsx_export.export_edition(rich.edition))))
    assert workbook.sheetnames == ["填写说明", "版本信息", "测评体系", "考察要求"]
    rows = list(workbook["测评体系"].iter_rows(values_only=True))
    assert rows[0][:3] == ("测评项目编码*", "测评项目*", "指标编码*")
    s2 = next(r for r in rows if r[6] == "S2")
    assert s2[8:] == (1.5, "实地考察、材料审核", "农贸市场、主次干道", "是", "否", "市交通局", "市城管局")
    s3 = next(r for r in rows if r[6] == "S3")
    assert set(s3[14].split("、")) == {"DA-S1", "DB-S9"}  # a name shared by two units is written as the code
    items = {r[1]: r for r in workbook["考察要求"].iter_rows(min_row=2, values_only=True)}
    assert items["S2-1"][4:7] == ("按等级计分", None, "A:95:1.0、B:80.5:0.75")
    assert items["S1-1"][4:6] == ("按处扣分", 2)
    assert items["S2-2"][7] == "本项不得分"


def test_the_download_has_a_chinese_file_name(world, client_for, index):
    before = counts()
    response = client_for(world.office_staff).get(reverse("indicators:edition_export", args=[index.edition.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E6%B5%8B%E8%AF%84%E4%BD%93%E7%B3%BB-E2021.xlsx" in response["Content-Disposition"]
    assert counts() == before


def test_export_is_office_only(world, client_for, client, index):
    url = reverse("indicators:edition_export", args=[index.edition.pk])
    assert client_for(world.outsider).get(url).status_code == 403
    assert client_for(world.leader).get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert client_for(world.office_admin).post(url).status_code == 405
    assert client_for(world.office_admin).get(reverse("indicators:edition_export", args=[999])).status_code == 404


def test_export_query_count_does_not_grow(world, index, site_types, django_assert_num_queries):
    with django_assert_num_queries(7):
        xlsx_export.export_edition(index.edition)
    for i in range(10):
        services.create_standard(
            world.office_admin,
            index.content,
            code=f"Z{i}",
            text="z",
            points=1,
            methods=["field"],
            site_types=[site_types.road],
            responsible_units=[world.dept_a],
        )
    with django_assert_num_queries(7):
        xlsx_export.export_edition(index.edition)
