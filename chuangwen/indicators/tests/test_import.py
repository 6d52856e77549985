import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import xlsx_import
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Standard
from chuangwen.indicators.tests.helpers import counts, xlsx_upload
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.lib.xlsx import XlsxImportError

pytestmark = pytest.mark.django_db
URL = reverse("indicators:edition_import")
EDITION = [["版本编码", "名称", "年份", "说明"], ["E2026", "2026年版", 2026, "市文明办印发"]]
TREE_HEADER = [
    "测评项目编码*",
    "测评项目*",
    "指标编码*",
    "指标*",
    "测评内容编码*",
    "测评内容*",
    "标准编码*",
    "测评标准*",
    "分值*",
    "测评方法*",
    "点位类型",
    "负面清单",
    "自选指标",
    "牵头单位",
    "责任单位",
]
ITEM_HEADER = ["标准编码*", "要求编码*", "点位类型*", "考察要求*", "计分规则", "每处扣分", "等级阈值", "否决范围"]
ROAD = ["C01", "公共环境", "C01.01", "市容环境", "C01.01.01", "主次干道"]


def _tree_row(
    code,
    *,
    points=2,
    methods="实地考察",
    types="主次干道",
    negative="否",
    special="否",
    lead="市城管局",
    responsible="东城区",
    path=ROAD,
):
    return [*path, code, f"标准{code}的内容", points, methods, types, negative, special, lead, responsible]


def good_file(**sheets):
    tree = [
        TREE_HEADER,
        _tree_row("S1", responsible="东城区、D-JT"),
        _tree_row(
            "S2",
            points=1.5,
            methods="实地考察、材料审核",
            types="主次干道、MKT",
            negative="是",
            lead="D-JT",
            responsible="市城管局",
        ),
        ["C02", "公共秩序", "C02.01", "交通秩序"],
        _tree_row(
            "S3",
            methods="材料审核",
            types="",
            special="是",
            lead="",
            responsible="",
            path=["C01", "公共环境", "C01.02", "公益广告", "C01.02.01", "公益广告刊播"],
        ),
    ]
    items = [
        ITEM_HEADER,
        ["S1", "S1-1", "主次干道", "无乱扔垃圾", "按处扣分", 2],
        ["S2", "S2-1", "农贸市场", "知晓率", "按等级计分", None, "A:95:1.0、B:80:0.8、C:70:0.6"],
        ["S2", "S2-2", "ROAD", "重大事故", "一票否决", None, None, "总分否决"],
        ["S1", "S1-2", "主次干道", "路面合格率"],
    ]
    return xlsx_upload({"版本信息": EDITION, "测评体系": tree, "考察要求": items, **sheets})


def test_it_imports_a_whole_edition_with_two_audit_events(world, site_types):
    events = AuditEvent.objects.count()
    result = xlsx_import.import_edition(world.office_admin, good_file())
    edition = result.edition
    assert (edition.code, edition.name, edition.year, edition.notes, edition.is_active) == (
        "E2026",
        "2026年版",
        2026,
        "市文明办印发",
        False,
    )
    assert result.counts == {"nodes": 7, "standards": 3, "checklist_items": 4}
    assert IndexNode.objects.get(edition=edition, code="C02.01").parent.code == "C02"
    s1, s2, s3 = Standard.objects.filter(edition=edition).order_by("code")
    assert (s1.lead_unit, set(s1.responsible_units.all())) == (world.dept_a, {world.district_a, world.dept_b})
    assert (s2.methods, s2.negative_list, str(s2.points)) == (["field", "material"], True, "1.50")
    assert set(s2.site_types.all()) == {site_types.road, site_types.market}
    assert (s3.is_special, s3.lead_unit, list(s3.site_types.all())) == (True, None, [])
    rules = {
        i.code: (i.rule_kind, i.deduction_per, i.grade_thresholds, i.veto_scope)
        for i in ChecklistItem.objects.filter(standard__edition=edition)
    }
    assert rules["S1-1"][:2] == ("deduction", 2)
    assert rules["S2-1"][2] == [
        {"grade": "A", "min": 95, "ratio": 1},
        {"grade": "B", "min": 80, "ratio": 0.8},
        {"grade": "C", "min": 70, "ratio": 0.6},
    ]
    assert rules["S2-2"][3] == "total"
    assert rules["S1-2"][0] == "pass_rate"
    assert AuditEvent.objects.count() == events + 2
    imported = AuditEvent.objects.get(event_type="edition.imported")
    assert imported.after == {"nodes": 7, "standards": 3, "checklist_items": 4, "file": "index.xlsx"}
    assert AuditEvent.objects.filter(event_type="edition.created", object_id=str(edition.pk)).count() == 1


def test_form_values_win_over_the_edition_sheet(world, site_types):
    result = xlsx_import.import_edition(world.office_admin, good_file(), code="E2027", name="2027年版", year=2027)
    assert (result.edition.code, result.edition.name, result.edition.year) == ("E2027", "2027年版", 2027)


def test_the_edition_must_be_named_somewhere_and_be_new(world, site_types):
    upload = good_file(版本信息=[EDITION[0]])
    with pytest.raises(XlsxImportError) as exc:
        xlsx_import.import_edition(world.office_admin, upload)
    assert [(e.sheet, e.row, e.column) for e in exc.value.errors] == [
        ("版本信息", 2, "版本编码"),
        ("版本信息", 2, "名称"),
        ("版本信息", 2, "年份"),
    ]
    xlsx_import.import_edition(world.office_admin, good_file())
    with pytest.raises(XlsxImportError) as exc:
        xlsx_import.import_edition(world.office_admin, good_file())
    assert "已存在" in exc.value.errors[0].message


def bad_file():
    tree = [
        TREE_HEADER,
        _tree_row("S1"),  # 2 fine
        _tree_row("S4", path=["C01", "公共环境X", *ROAD[2:]]),  # 3 title conflict
        _tree_row("S1"),  # 4 duplicate code
        _tree_row("S5", points="abc"),  # 5 bad number
        _tree_row("S6", methods="飞行检查"),  # 6 unknown method
        _tree_row("S7", types="火星"),  # 7 unknown site type
        _tree_row("S8", lead="不存在局"),  # 8 unknown lead unit
        _tree_row("S9", responsible="市城管局、不存在区"),  # 9 unknown unit
        _tree_row("S10", negative="也许"),  # 10 not 是/否
        _tree_row("S11", types=""),  # 11 field without site types
        _tree_row("S12", path=["C02", "公共秩序", "C01.01", "市容环境", "C02.01.01", "路口"]),  # 12 other parent
        _tree_row("S13", points=-1),  # 13 negative points
        ["C03", "公益广告", None, None, "C03.01.01", "内容"],  # 14 skipped level
    ]
    items = [
        ITEM_HEADER,
        ["S404", "X-1", "主次干道", "标准不存在"],  # 2
        ["S1", "S1-1", "农贸市场", "点位类型不在标准中"],  # 3
        ["S1", "S1-2", "主次干道", "规则未知", "抽签"],  # 4
        ["S1", "S1-3", "主次干道", "缺每处扣分", "按处扣分"],  # 5
        ["S1", "S1-4", "主次干道", "等级不递减", "按等级计分", None, "A:80:1、B:90:0.5"],  # 6
        ["S1", "S1-5", "主次干道", "缺否决范围", "一票否决"],  # 7
        ["S1", "S1-6", "主次干道", "合格"],  # 8
        ["S1", "S1-6", "主次干道", "重复"],  # 9
    ]
    return xlsx_upload({"版本信息": EDITION, "测评体系": tree, "考察要求": items})


EXPECTED = [
    ("测评体系", 3, "测评项目"),
    ("测评体系", 4, "标准编码"),
    ("测评体系", 5, "分值"),
    ("测评体系", 6, "测评方法"),
    ("测评体系", 7, "点位类型"),
    ("测评体系", 8, "牵头单位"),
    ("测评体系", 9, "责任单位"),
    ("测评体系", 10, "负面清单"),
    ("测评体系", 11, "点位类型"),
    ("测评体系", 12, "指标编码"),
    ("测评体系", 13, "分值"),
    ("测评体系", 14, "指标编码"),
    ("考察要求", 2, "标准编码"),
    ("考察要求", 3, "点位类型"),
    ("考察要求", 4, "计分规则"),
    ("考察要求", 5, "每处扣分"),
    ("考察要求", 6, "等级阈值"),
    ("考察要求", 7, "否决范围"),
    ("考察要求", 9, "要求编码"),
]


def test_a_bad_file_reports_every_cell_and_imports_nothing(world, site_types):
    before = counts()
    with pytest.raises(XlsxImportError) as exc:
        xlsx_import.import_edition(world.office_admin, bad_file())
    assert [(e.sheet, e.row, e.column) for e in exc.value.errors] == EXPECTED
    messages = [e.message for e in exc.value.errors]
    assert "编码“C01”的名称与第 2 行的“公共环境”不一致" in messages[0]
    assert "与第 2 行重复" in messages[1]
    assert "找不到单位“不存在局”" in messages[5]
    assert "点位类型“农贸市场”不在标准“S1”的点位类型中" in messages[13]
    assert not Edition.objects.filter(code="E2026").exists()
    assert counts() == before


def test_the_page_lists_errors_with_400_and_imports_nothing(world, client_for, site_types):
    before = counts()
    response = client_for(world.office_staff).post(URL, {"file": bad_file()})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="import-errors"' in body
    assert "发现 19 处错误，未导入任何数据" in body
    assert "找不到点位类型“火星”" in body
    assert counts() == before


def test_the_page_imports_and_redirects_to_the_new_tree(world, client_for, site_types):
    client = client_for(world.office_staff)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"file": good_file(), "code": "E2030", "name": "", "year": ""})
    edition = Edition.objects.get(code="E2030")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('indicators:tree')}?edition={edition.pk}"
    assert "3 条测评标准" in client.get(response["Location"]).content.decode()


def test_not_an_xlsx_is_400(world, client_for):
    before = counts()
    response = client_for(world.office_admin).post(URL, {"file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4 nope")})
    assert response.status_code == 400
    assert "不是有效的 XLSX 文件" in response.content.decode()
    assert client_for(world.office_admin).post(URL, {}).status_code == 400
    assert counts() == before


@pytest.mark.parametrize("persona", ["outsider", "handler", "leader", "inspector", "district_officer"])
def test_it_denies_non_office(world, client_for, site_types, persona):
    before = counts()
    assert client_for(getattr(world, persona)).post(URL, {"file": good_file()}).status_code == 403
    assert counts() == before
    with pytest.raises(PermissionDenied):
        xlsx_import.import_edition(getattr(world, persona), good_file())


def test_it_redirects_anonymous_and_refuses_wrong_method(world, client, client_for):
    assert client.get(URL).status_code == 302
    assert client_for(world.office_admin).put(URL).status_code == 405


def test_an_empty_file_is_refused(world):
    with pytest.raises(DomainError):
        xlsx_import.import_edition(world.office_admin, xlsx_upload({"版本信息": EDITION, "测评体系": [TREE_HEADER]}))


def test_a_few_hundred_standards_import_fast_in_few_queries(world, site_types, django_assert_max_num_queries):
    tree, items = [TREE_HEADER], [ITEM_HEADER]
    for c in range(10):
        for i in range(4):
            for n in range(10):
                code = f"C{c}.{i}.{n}"
                path = [f"C{c}", f"项目{c}", f"C{c}.{i}", f"指标{c}.{i}", f"C{c}.{i}.K", f"内容{c}.{i}"]
                tree.append(_tree_row(code, path=path, types="主次干道、农贸市场", responsible="东城区、市交通局"))
                items.append([code, f"{code}-1", "农贸市场", "公平秤", "按处扣分", 1])
    upload = xlsx_upload({"版本信息": EDITION, "测评体系": tree, "考察要求": items})
    started = time.monotonic()
    with django_assert_max_num_queries(40):
        result = xlsx_import.import_edition(world.office_admin, upload)
    assert time.monotonic() - started < 10
    assert result.counts == {"nodes": 90, "standards": 400, "checklist_items": 400}
    assert Standard.site_types.through.objects.filter(standard__edition=result.edition).count() == 800
