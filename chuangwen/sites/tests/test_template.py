import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.lib.xlsx import XlsxImportError
from chuangwen.sites.importer import import_sites
from chuangwen.sites.tests.helpers import HEADER, NON_OFFICE, read_rows

URL = reverse("sites:template")


def test_it_downloads_a_template_with_notes_and_an_example(world, sites, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    rows = read_rows(response.content)
    assert [str(h).rstrip("*") for h in rows[0]] == HEADER
    assert len(rows) == 2 and rows[1][2] == "主次干道"
    notes = read_rows(response.content, "填写说明")
    assert [r[0] for r in notes[1:13]] == HEADER
    assert read_rows(response.content, "点位类型")[1][:2] == ["ZCGD", "主次干道"]
    assert any(r[0] == "DA-S1" for r in read_rows(response.content, "单位"))


def test_the_example_row_must_be_removed_before_importing(world, sites, client_for):
    content = client_for(world.office_staff).get(URL).content
    with pytest.raises(XlsxImportError) as raised:
        import_sites(world.office_staff, SimpleUploadedFile("t.xlsx", content))
    assert [(e.row, e.column, e.message) for e in raised.value.errors] == [(2, "编码", "请删除模板中的示例行")]


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405
