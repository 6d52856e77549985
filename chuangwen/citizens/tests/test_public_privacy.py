"""A citizen's report accepted as a problem: the reporter's name and phone are shown in full to
office staff only, masked to the unit (and to everyone else who may read the problem), on the
problem page and in the XLSX export. The public status page never shows them (test_public_status)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.citizens.tests.public_support import PHONE, accepted, public_category

pytestmark = pytest.mark.django_db
MASKED_PHONE = "139****5678"
MASKED_NAME = "王**"


@pytest.fixture
def problem(world):
    _report, problem = accepted(world, public_category(world))
    assert problem.responsible_unit == world.dept_a and problem.reporter_phone == PHONE
    return problem


def _reporter_on_page(client, problem) -> str:
    response = client.get(reverse("problems:detail", args=[problem.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    return page.split('id="reporter">')[1].split("</dd>")[0]


def _body(response) -> bytes:
    """The export streams (a FileResponse): read it to the end."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _reporter_in_export(client, problem) -> tuple[str, str]:
    response = client.get(reverse("problems:export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(_body(response)), read_only=True)["问题清单"].iter_rows(values_only=True))
    header, found = rows[0], [r for r in rows[1:] if r[0] == problem.code]
    assert len(found) == 1
    row = dict(zip(header, found[0], strict=True))
    return row["反映人"], row["反映人电话"]


@pytest.mark.parametrize("persona", ["office_admin", "office_staff"])
def test_the_office_sees_the_reporter_in_full(world, client_for, problem, persona):
    client = client_for(world.personas[persona])
    shown = _reporter_on_page(client, problem)
    assert PHONE in shown and "王先生" in shown
    assert _reporter_in_export(client, problem) == ("王先生", PHONE)


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_the_unit_and_other_readers_see_it_masked(world, client_for, problem, persona):
    client = client_for(world.personas[persona])
    shown = _reporter_on_page(client, problem)
    assert MASKED_PHONE in shown and MASKED_NAME in shown
    page = client.get(reverse("problems:detail", args=[problem.pk])).content.decode()
    assert PHONE not in page and "王先生" not in page
    assert _reporter_in_export(client, problem) == (MASKED_NAME, MASKED_PHONE)


def test_the_unit_inbox_does_not_show_the_phone(world, client_for, problem):
    page = client_for(world.handler).get(reverse("problems:inbox")).content.decode()
    assert problem.code in page and PHONE not in page and "王先生" not in page


def test_an_outsider_cannot_see_the_problem_at_all(world, client_for, problem):
    client = client_for(world.outsider)
    assert client.get(reverse("problems:detail", args=[problem.pk])).status_code == 404
    rows = load_workbook(io.BytesIO(_body(client.get(reverse("problems:export")))), read_only=True)["问题清单"]
    assert all(r[0] != problem.code for r in rows.iter_rows(values_only=True))
