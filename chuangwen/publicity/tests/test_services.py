"""News services: only the office writes; each change is audited with before and after; bad input
is refused in Chinese and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.publicity import services
from chuangwen.publicity.models import NewsPost, NewsStatus
from chuangwen.publicity.tests.support import BODY, cover, draft, published

pytestmark = pytest.mark.django_db
NOT_OFFICE = ("district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker")


def _events(post) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="publicity.newspost", object_id=str(post.pk)).order_by("id"))


def test_the_office_writes_publishes_and_withdraws_with_an_audit_trail(world):
    post = services.create_post(world.office_admin, title=" 文明交通 劝导 ", summary="", body=BODY)
    assert post.status == NewsStatus.DRAFT and post.published_at is None and post.author == world.office_admin
    assert post.title == "文明交通 劝导"
    post = services.edit_post(world.office_staff, post, title="文明交通劝导", summary="摘要", body=BODY)
    post = services.publish_post(world.office_staff, post)
    assert post.status == NewsStatus.PUBLISHED and post.published_at is not None
    post = services.withdraw_post(world.office_staff, post, reason="数据有误，核实后再发")
    assert post.status == NewsStatus.WITHDRAWN and post.withdrawn_at is not None
    created, edited, published_event, withdrawn = _events(post)
    assert created.event_type == "news.created" and created.after["title"] == "文明交通 劝导"
    assert edited.before == {"title": "文明交通 劝导", "summary": ""}
    assert edited.after == {"title": "文明交通劝导", "summary": "摘要"}
    assert published_event.before["status"] == "draft" and published_event.after["status"] == "published"
    assert withdrawn.after["status"] == "withdrawn" and withdrawn.reason == "数据有误，核实后再发"
    assert withdrawn.actor == world.office_staff


def test_a_withdrawn_post_can_be_published_again(world):
    post = services.withdraw_post(world.office_staff, published(world), reason="暂时撤下")
    post = services.publish_post(world.office_admin, post)
    assert post.status == NewsStatus.PUBLISHED and post.withdrawn_at is None


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_nobody_else_writes_news(world, persona):
    user = world.personas[persona]
    post = draft(world)
    live = published(world, "已发布的新闻")
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_post(user, title="标题", body="正文")
    with pytest.raises(PermissionDenied):
        services.edit_post(user, post, title="改了", body="正文")
    with pytest.raises(PermissionDenied):
        services.publish_post(user, post)
    with pytest.raises(PermissionDenied):
        services.withdraw_post(user, live, reason="理由充分")
    assert AuditEvent.objects.count() == events
    assert NewsPost.objects.get(pk=post.pk).status == NewsStatus.DRAFT
    assert NewsPost.objects.get(pk=live.pk).status == NewsStatus.PUBLISHED


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  ", "body": BODY}, "title", "请填写标题"),
        ({"title": "标" * 81, "body": BODY}, "title", "标题最多 80 个字"),
        ({"title": "标题", "summary": "摘" * 201, "body": BODY}, "summary", "摘要最多 200 个字"),
        ({"title": "标题", "body": " \n "}, "body", "请填写正文"),
        ({"title": "标题", "body": "字" * 20_001}, "body", "正文最多 20000 个字"),
    ],
)
def test_bad_texts_are_refused_and_change_nothing(world, fields, field, message):
    post = draft(world)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.create_post(world.office_staff, **fields)
    assert refused.value.field == field and str(refused.value.message) == message
    with pytest.raises(DomainError):
        services.edit_post(world.office_staff, post, **fields)
    assert NewsPost.objects.count() == 1 and AuditEvent.objects.count() == events
    assert NewsPost.objects.get(pk=post.pk).title == "背街小巷整治见成效"


def test_state_rules(world):
    post = draft(world)
    with pytest.raises(Conflict):
        services.withdraw_post(world.office_staff, post, reason="理由充分")
    with pytest.raises(DomainError) as refused:
        services.withdraw_post(world.office_staff, services.publish_post(world.office_staff, post), reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(Conflict):
        services.publish_post(world.office_staff, post)
    assert NewsPost.objects.get(pk=post.pk).status == NewsStatus.PUBLISHED


def test_an_edit_that_changes_nothing_is_not_recorded(world):
    post = draft(world)
    events = AuditEvent.objects.count()
    services.edit_post(world.office_staff, post, title=post.title, summary=post.summary, body=post.body)
    assert AuditEvent.objects.count() == events


def test_a_replaced_cover_is_removed_from_storage(world, django_capture_on_commit_callbacks):
    first = cover()
    post = draft(world, cover=first)
    assert post.cover_image == first.name and post.cover_sha256 == first.sha256
    second = cover()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.edit_post(world.office_staff, post, title=post.title, body=post.body, cover=second)
    media = Path(settings.MEDIA_ROOT)
    assert not (media / first.name).exists() and not (media / first.thumb_name).exists()
    assert (media / second.name).exists() and post.cover_image == second.name
    with django_capture_on_commit_callbacks(execute=True):
        post = services.edit_post(world.office_staff, post, title=post.title, body=post.body, remove_cover=True)
    assert post.cover_image == "" and not (media / second.name).exists()
    assert _events(post)[-1].before == {"cover_image": second.name}


def test_paragraphs_and_lead(world):
    post = draft(world, body="第一段。\r\n\r\n   第二段。  \n第三段。")
    assert post.paragraphs() == ["第一段。", "第二段。", "第三段。"]
    assert post.lead == "第一段。 第二段。 第三段。"
    assert draft(world, summary="一句话摘要").lead == "一句话摘要"
    assert draft(world, body="长" * 100).lead == "长" * 80 + "…"
