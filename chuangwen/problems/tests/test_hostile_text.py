"""Control characters never reach a problem, whichever way its text comes in: the new-problem page
(multipart), the JSON API (escaped \\u000b, NUL and a lone surrogate), the multipart rectification
endpoint and a JSON reason; the exports then open (see citizens' test_hostile_text for formulas)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.audit.models import AuditEvent
from chuangwen.problems.models import Problem, Rectification, Status
from chuangwen.problems.tests.api_support import api_client, photo, post_json, problem_url
from chuangwen.problems.tests.pages_support import jpeg_upload

pytestmark = pytest.mark.django_db

CONTROL = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])  # \t \n \r among them


def test_the_new_problem_page_stores_the_text_without_control_characters(world, client_for, place):
    data = {"source": "inspection", "site": place.site.pk, "severity": "major", "photos": [jpeg_upload()],
            "description": f"东华路{CONTROL}占道经营", "address": "东华路\x0b18号"}  # fmt: skip
    assert client_for(world.office_staff).post(reverse("problems:create"), data).status_code == 302
    problem = Problem.objects.get()
    assert (problem.description, problem.address) == ("东华路\t\n\r占道经营", "东华路18号")


def test_the_api_stores_json_text_without_control_characters(world, place):
    body = {"source": "inspection", "site": place.site.pk, "description": "东华路\u000b占道\u0000经营\ud800\x85",
            "reporter_name": "王\u001f先生"}  # fmt: skip
    response = post_json(api_client(world.office_staff), problem_url(), body)
    assert response.status_code == 201, response.content
    assert response.json()["description"] == "东华路占道经营"
    problem = Problem.objects.get()
    assert (problem.description, problem.reporter_name) == ("东华路占道经营", "王先生")


def test_a_rectification_note_by_multipart_and_a_json_reason_are_cleaned(world, in_progress):
    note = {"note": "已清理\x0b完毕\x00", "photos": [photo()]}
    assert api_client(world.handler).post(problem_url(in_progress.pk, "rectifications"), note).status_code == 201
    assert Rectification.objects.get(problem=in_progress).note == "已清理完毕"
    response = post_json(
        api_client(world.office_staff), problem_url(in_progress.pk, "reject"), {"reason": "照片\x0c看不清"}
    )
    assert response.status_code == 200, response.content
    assert Rectification.objects.get(problem=in_progress).review_note == "照片看不清"


def test_the_outsider_is_still_denied_and_nothing_changes(world, in_progress):
    outsider = api_client(world.outsider)
    events = AuditEvent.objects.count()
    note = {"note": '=HYPERLINK("http://x")\x0b', "photos": [photo()]}
    response = outsider.post(problem_url(in_progress.pk, "rectifications"), note)
    assert response.status_code in (403, 404)
    assert Problem.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS
    assert AuditEvent.objects.count() == events and not Rectification.objects.exists()


def test_text_of_only_control_characters_is_refused_with_a_chinese_message(world, in_progress):
    response = api_client(world.handler).post(problem_url(in_progress.pk, "rectifications"),
                                              {"note": "\x0b\x00", "photos": [photo()]})  # fmt: skip
    assert response.status_code == 400 and response.json()["detail"] == "请填写整改说明"
    assert not Rectification.objects.exists()


def test_the_problem_export_opens_with_a_problem_stored_before_the_fix(world, client_for, new_problem):
    Problem.objects.filter(pk=new_problem.pk).update(
        description="井盖\x0b缺失\x08=1"
    )  # as stored earlier (PostgreSQL refuses NUL)
    response = client_for(world.office_staff).get(reverse("problems:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["问题清单"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("问题描述") + 1)
    assert (cell.data_type, cell.value) == ("s", "井盖缺失=1")
