import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.indicators import xlsx_import
from chuangwen.indicators.models import Standard

pytestmark = pytest.mark.django_db
URL = reverse("indicators:import_template")


def test_it_downloads_a_template_with_notes_and_one_example_row(world, client_for, site_types):
    response = client_for(world.office_admin).get(URL)
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["填写说明", "版本信息", "测评体系", "考察要求"]
    notes = " ".join(str(c) for row in workbook["填写说明"].iter_rows(values_only=True) for c in row if c)
    assert "A:95:1.0、B:80:0.8、C:70:0.6" in notes
    assert workbook["测评体系"].max_row == 2
    assert workbook["考察要求"].max_row == 2


def test_the_template_imports_as_it_is(world, client_for, site_types):
    content = client_for(world.office_admin).get(URL).content
    result = xlsx_import.import_edition(world.office_admin, SimpleUploadedFile("t.xlsx", content))
    standard = Standard.objects.get(edition=result.edition)
    assert standard.lead_unit == world.dept_a
    assert list(standard.site_types.all()) == [site_types.road]
    assert result.counts == {"nodes": 3, "standards": 1, "checklist_items": 1}


def test_it_is_office_only(world, client_for, client):
    assert client_for(world.handler).get(URL).status_code == 403
    assert client.get(URL).status_code == 302
    assert client_for(world.office_admin).post(URL).status_code == 405
