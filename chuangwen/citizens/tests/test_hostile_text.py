"""A citizen's report carrying every control character and a spreadsheet formula, through each way in
(the public page, Open311, the intake API, an XLSX import): stored without the control characters, and the office's
triage and problem exports still download, showing the formula as text (a string cell, not a formula).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.citizens import services
from chuangwen.citizens.models import Report
from chuangwen.citizens.tests.open311_support import BASE, SPEC_POST_FIELDS, make_key, make_service
from chuangwen.citizens.tests.public_support import REPORT_URL, form_data, public_category
from chuangwen.citizens.tests.test_intake_import import _row, _xlsx
from chuangwen.problems.tests.api_support import api_client, post_json

pytestmark = pytest.mark.django_db

CONTROL = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])  # \t \n \r among them
FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1)"]


def _written(formula: str) -> str:
    return f"{formula} 井盖{CONTROL}缺失"


def _stored(formula: str) -> str:
    return f"{formula} 井盖\t\n\r缺失"


def _by_page(world, client, formula: str) -> Report:
    category = public_category(world)
    response = client.post(REPORT_URL, form_data(category, description=_written(formula), name="王\x0b先生"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.get()


def _by_open311(world, client, formula: str) -> Report:
    make_service(world)
    _key, secret = make_key(world)
    fields = SPEC_POST_FIELDS | {"api_key": secret, "description": _written(formula), "first_name": "先\x0b生"}
    response = client.post(f"{BASE}/requests.json", urlencode(fields), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    return Report.objects.get()


def _by_intake_api(world, client, formula: str) -> Report:
    ticket = {"channel": "hotline", "external_ref": "12345-0001\x0b", "description": _written(formula),
              "address": "人民路\u0000口", "reporter_name": "赵先生\ud800"}  # fmt: skip
    response = post_json(api_client(world.office_staff), "/api/intake", ticket)
    assert response.status_code == 201, response.content
    return Report.objects.get()


CHANNELS = {"page": _by_page, "open311": _by_open311, "intake_api": _by_intake_api}


def _cell(response, sheet: str, key: str, header: str):
    """The cell under `header` in the row whose first column is `key`, as openpyxl reads it."""
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))[sheet].iter_rows())
    column = [c.value for c in rows[0]].index(header)
    (row,) = [r for r in rows[1:] if r[0].value == key]
    return row[column]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_a_hostile_report_is_stored_clean_and_exported_as_text(world, client, client_for, channel, formula):
    report = CHANNELS[channel](world, client, formula)
    assert report.description == _stored(formula)
    assert "\x0b" not in report.reporter_name + report.address + report.external_ref

    office = client_for(world.office_staff)
    cell = _cell(office.get(reverse("citizens:triage_export")), "待受理反映", report.tracking_code, "问题描述")
    assert (cell.data_type, cell.value) == ("s", _stored(formula))

    problem = services.accept_report(world.office_staff, report, note="已核实")
    cell = _cell(office.get(reverse("problems:export")), "问题清单", problem.code, "问题描述")
    assert (cell.data_type, cell.value) == ("s", _stored(formula))


def test_the_outsider_still_cannot_export_the_queue(world, client, client_for):
    _by_page(world, client, FORMULAS[0])
    assert client_for(world.outsider).get(reverse("citizens:triage_export")).status_code == 403


def test_a_description_of_control_characters_only_is_refused_and_nothing_is_stored(world, client):
    category = public_category(world)
    response = client.post(REPORT_URL, form_data(category, description="\x0b\x00\x1f"))
    assert response.status_code == 400
    assert "请描述您看到的问题" in response.content.decode()
    assert Report.objects.count() == 0


def test_an_imported_file_with_control_characters_is_stored_clean(world, client_for):
    """XML lets DEL and the C1 controls into a workbook (not C0: such a file does not open)."""
    row = _row(ref="12345-1001\x7f", description="@SUM(1) 井盖\x85缺失\x9f", name="张\x80三")
    response = client_for(world.office_staff).post(reverse("citizens:import"), {"file": _xlsx([row])})
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.external_ref, report.reporter_name) == ("12345-1001", "张三")
    assert report.description == "@SUM(1) 井盖缺失"


def test_an_import_by_someone_else_than_the_office_is_refused(world, client_for):
    response = client_for(world.outsider).post(reverse("citizens:import"), {"file": _xlsx([_row(name="张\x80三")])})
    assert response.status_code == 403 and Report.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/citizens/triage/?q=%00", 200),
        (f"{BASE}/requests.json?service_code=%00&service_request_id=%0B", 200),
        (f"{BASE}/requests/%00.json", 404),
    ],
)
def test_a_control_character_in_a_query_or_a_path_is_no_server_error(world, client_for, url, status):
    """PostgreSQL answers a NUL in a lookup with an error: the query string arrives cleaned, and a
    path with a control character names no page."""
    assert client_for(world.office_staff).get(url).status_code == status
