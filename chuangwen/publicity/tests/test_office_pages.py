"""The office's news pages under /news/: write with a cover, preview, publish, withdraw; bad input
gets a 400 in Chinese and changes nothing; everyone else is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.tests.public_support import jpeg, stored_files
from chuangwen.publicity.models import NewsPost, NewsStatus
from chuangwen.publicity.tests.support import BODY, cover, draft, published

pytestmark = pytest.mark.django_db
NOT_OFFICE = ("district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker")


def test_the_office_writes_a_post_with_a_cover_and_publishes_it(world, client_for):
    client = client_for(world.office_staff)
    assert client.get("/news/").status_code == 200
    assert client.get("/news/new/").status_code == 200
    response = client.post(
        "/news/new/", {"title": "“文明餐桌”行动启动", "summary": "", "body": BODY, "cover": jpeg("封面.jpg")}
    )
    post = NewsPost.objects.get()
    assert response.status_code == 302 and response.url == reverse("publicity:news_detail", args=[post.pk])
    assert post.status == NewsStatus.DRAFT and post.cover_image.startswith("news/")
    page = client.get(response.url).content.decode()
    assert "“文明餐桌”行动启动" in page and 'id="publish-post"' in page
    cover = client.get(reverse("publicity:news_cover", args=[post.pk]))
    assert cover.status_code == 200 and cover["Content-Type"] == "image/jpeg"  # the office previews a draft's cover
    assert client.get("/news/").content.decode().count(f'data-post="{post.pk}"') == 1
    response = client.post(f"/news/{post.pk}/publish/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == NewsStatus.PUBLISHED
    assert 'id="withdraw-form"' in client.get(f"/news/{post.pk}/").content.decode()


def test_editing_replaces_the_texts_and_the_cover(world, client_for):
    post = published(world)
    client = client_for(world.office_admin)
    page = client.get(f"/news/{post.pk}/edit/").content.decode()
    assert "背街小巷整治见成效" in page and "保存后公众页面立即显示" in page
    response = client.post(f"/news/{post.pk}/edit/", {"title": "背街小巷整治再推进", "summary": "摘要", "body": BODY})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.summary) == ("背街小巷整治再推进", "摘要")
    assert AuditEvent.objects.filter(event_type="news.edited", object_id=str(post.pk)).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": BODY}, "请填写标题"),
        ({"title": "标题", "body": ""}, "请填写正文"),
    ],
)
def test_bad_input_is_a_400_in_chinese_and_nothing_changes(world, client_for, data, message):
    client = client_for(world.office_staff)
    events = AuditEvent.objects.count()
    response = client.post("/news/new/", data | {"cover": jpeg()})
    assert response.status_code == 400 and message in response.content.decode()
    assert NewsPost.objects.count() == 0 and AuditEvent.objects.count() == events
    assert stored_files() == []  # the cover stored before the refusal is removed


def test_a_file_that_is_not_a_picture_is_refused_on_the_cover_field(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.office_staff)
    fake = SimpleUploadedFile("cover.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post("/news/new/", {"title": "标题", "body": BODY, "cover": fake})
    assert response.status_code == 400
    assert "文件不是有效的图片" in response.content.decode() and NewsPost.objects.count() == 0


def test_an_edit_with_bad_input_keeps_the_post(world, client_for):
    post = draft(world)
    response = client_for(world.office_staff).post(f"/news/{post.pk}/edit/", {"title": "标" * 81, "body": BODY})
    assert response.status_code == 400 and "标题最多 80 个字" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "背街小巷整治见成效"


def test_withdrawing_needs_a_reason(world, client_for):
    post = published(world)
    client = client_for(world.office_staff)
    events = AuditEvent.objects.count()
    response = client.post(f"/news/{post.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400 and "请说明撤回理由" in response.content.decode()
    post.refresh_from_db()
    assert post.status == NewsStatus.PUBLISHED and AuditEvent.objects.count() == events
    response = client.post(f"/news/{post.pk}/withdraw/", {"reason": "内容需要更正"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == NewsStatus.WITHDRAWN
    page = client.get(f"/news/{post.pk}/").content.decode()
    assert "内容需要更正" in page and "重新发布" in page


def test_publishing_twice_is_a_conflict(world, client_for):
    post = published(world)
    response = client_for(world.office_staff).post(f"/news/{post.pk}/publish/")
    assert response.status_code == 409 and "这条新闻已经发布" in response.content.decode()


def test_wrong_methods(world, client_for):
    post = published(world)
    client = client_for(world.office_staff)
    assert client.get(f"/news/{post.pk}/publish/").status_code == 405
    assert client.get(f"/news/{post.pk}/withdraw/").status_code == 405
    assert client.post("/news/").status_code == 405
    assert client.get("/news/999999/").status_code == 404


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_everyone_else_is_refused_and_nothing_changes(world, client_for, persona):
    post = draft(world, cover=cover())
    live = published(world, "已发布")
    client = client_for(world.personas[persona])
    events = AuditEvent.objects.count()
    for url in ("/news/", "/news/new/", f"/news/{post.pk}/", f"/news/{post.pk}/edit/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/news/new/", {"title": "标题", "body": BODY}).status_code == 403
    assert client.post(f"/news/{post.pk}/edit/", {"title": "改", "body": BODY}).status_code == 403
    assert client.post(f"/news/{post.pk}/publish/").status_code == 403
    assert client.post(f"/news/{live.pk}/withdraw/", {"reason": "理由充分"}).status_code == 403
    assert AuditEvent.objects.count() == events and NewsPost.objects.count() == 2
    assert client.get(reverse("publicity:news_cover", args=[post.pk])).status_code == 404  # a draft's cover


def test_anonymous_is_sent_to_login(world, client):
    post = draft(world)
    for url in ("/news/", "/news/new/", f"/news/{post.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.post(f"/news/{post.pk}/publish/").status_code == 302
    post.refresh_from_db()
    assert post.status == NewsStatus.DRAFT
