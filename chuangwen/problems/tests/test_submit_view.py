"""Submitting a rectification from the problem's page: note and after-photos, both required."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems.models import PhotoKind, Problem, Status
from chuangwen.problems.tests.pages_support import (
    action_url,
    counts,
    events_of,
    jpeg_upload,
    stored_files,
    text_upload,
)

pytestmark = pytest.mark.django_db


def _post(client, problem, **data):
    return client.post(action_url("submit", problem), data)


def test_it_submits_the_note_and_photos(world, client_for, in_progress):
    response = _post(
        client_for(world.handler),
        in_progress,
        note="已清理占道摊点",
        photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")],
    )
    assert response.status_code == 302
    assert response.url == reverse("problems:detail", args=[in_progress.pk])
    problem = Problem.objects.get(pk=in_progress.pk)
    assert problem.status == Status.SUBMITTED
    rectification = problem.rectifications.get()
    assert rectification.note == "已清理占道摊点"
    photos = list(rectification.photos.all())
    assert len(photos) == 2 and all(p.kind == PhotoKind.AFTER for p in photos)
    assert set(stored_files()) >= {p.image for p in photos} | {p.thumbnail for p in photos}
    assert events_of(problem, "problem.rectification_submitted").count() == 1


def test_it_shows_the_success_message_after_the_redirect(world, client_for, in_progress):
    response = client_for(world.handler).post(
        action_url("submit", in_progress), {"note": "已清理", "photos": [jpeg_upload()]}, follow=True
    )
    assert "整改已提交，等待审核" in response.content.decode()


def test_it_lets_the_unit_head_submit(world, client_for, assigned):
    response = _post(client_for(world.unit_head), assigned, note="已整改", photos=[jpeg_upload()])
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "", "photos": "photo"}, "请填写整改说明"),
        ({"note": "已清理"}, "请上传整改后的照片"),
        ({"note": "已清理", "photos": "text"}, "文件不是有效的图片"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, in_progress, data, message):
    data = dict(data)
    if data.get("photos") == "photo":
        data["photos"] = [jpeg_upload()]
    elif data.get("photos") == "text":
        data["photos"] = [text_upload()]
    before, files = counts(), stored_files()
    response = _post(client_for(world.handler), in_progress, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert counts() == before
    assert stored_files() == files  # a photo stored before the refusal was removed again
    assert Problem.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS


def test_it_keeps_the_typed_note_when_a_file_is_refused(world, client_for, in_progress):
    response = _post(
        client_for(world.handler), in_progress, note="已清理占道摊点", photos=[jpeg_upload(), text_upload()]
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "已清理占道摊点" in html
    assert "文件不是有效的图片" in html
    assert "请重新选择照片" in html
    assert stored_files() == []


def test_it_refuses_too_many_photos(world, client_for, in_progress):
    response = _post(client_for(world.handler), in_progress, note="已清理", photos=[jpeg_upload() for _ in range(10)])
    assert response.status_code == 400
    assert "最多只能上传 9 个文件" in response.content.decode()
    assert stored_files() == []


def test_it_answers_409_when_already_submitted(world, client_for, submitted):
    before = counts()
    response = _post(client_for(world.handler), submitted, note="再次提交", photos=[jpeg_upload()])
    assert response.status_code == 409
    assert "不能提交整改" in response.content.decode()
    assert counts() == before
    assert stored_files() == []  # stored for the call, removed when the service refused


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "leader"])
def test_it_answers_403_to_those_who_see_but_may_not_act(world, client_for, in_progress, persona):
    before = counts()
    response = _post(client_for(world.personas[persona]), in_progress, note="已清理", photos=[jpeg_upload()])
    assert response.status_code == 403
    assert "只有责任单位的经办人或负责人可以办理此操作" in response.content.decode()
    assert counts() == before
    assert stored_files() == []


@pytest.mark.parametrize("persona", ["outsider", "inspector", "grid_worker"])
def test_it_answers_404_to_those_who_cannot_see_it(world, client_for, in_progress, persona):
    before = counts()
    response = _post(client_for(world.personas[persona]), in_progress, note="已清理", photos=[jpeg_upload()])
    assert response.status_code == 404
    assert counts() == before


def test_it_refuses_get(world, client_for, in_progress):
    assert client_for(world.handler).get(action_url("submit", in_progress)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, in_progress):
    response = client.post(action_url("submit", in_progress), {"note": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
