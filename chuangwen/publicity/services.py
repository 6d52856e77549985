"""Writing news posts: create, edit, publish, withdraw. Office only, atomic, audited with the
fields before and after.

A cover photo is stored by the caller through lib.uploads.accept_image before the service runs
(decoding a photo is slow and must not hold a transaction); if the service refuses, the caller
removes it. A replaced or removed cover is deleted from storage once the change is committed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.lib.uploads import StoredImage, delete_stored
from chuangwen.publicity.models import NewsPost, NewsStatus
from chuangwen.units.models import OFFICE_ROLES

MAX_BODY = 20_000
MIN_REASON = 2
AUDITED = (
    "title", "summary", "body", "cover_image", "status", "published_at", "withdrawn_at",
)  # fmt: skip


def _require_office(actor) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以发布新闻"))


def _clean(title, summary, body) -> tuple[str, str, str]:
    """The three texts trimmed and checked; the first problem found is raised on its field."""
    title = " ".join((title or "").split())
    summary = " ".join((summary or "").split())
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not title:
        raise DomainError(_("请填写标题"), field="title")
    if len(title) > NewsPost._meta.get_field("title").max_length:
        raise DomainError(_("标题最多 80 个字"), field="title")
    if len(summary) > NewsPost._meta.get_field("summary").max_length:
        raise DomainError(_("摘要最多 200 个字"), field="summary")
    if not body:
        raise DomainError(_("请填写正文"), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("正文最多 %(n)s 个字") % {"n": MAX_BODY}, field="body")
    return title, summary, body


def _state(post: NewsPost) -> dict:
    return audit.snapshot(post, AUDITED)


def _set_cover(post: NewsPost, cover: StoredImage | None) -> None:
    post.cover_image = cover.name if cover else ""
    post.cover_thumbnail = cover.thumb_name if cover else ""
    post.cover_sha256 = cover.sha256 if cover else ""


def _delete_after_commit(*names: str) -> None:
    names = tuple(n for n in names if n)
    if names:
        transaction.on_commit(lambda: delete_stored(*names))


@transaction.atomic
def create_post(actor, *, title: str, body: str, summary: str = "", cover: StoredImage | None = None) -> NewsPost:
    """A new draft, not yet public."""
    _require_office(actor)
    title, summary, body = _clean(title, summary, body)
    now = timezone.now()
    post = NewsPost(title=title, summary=summary, body=body, author=actor, created_at=now, updated_at=now)
    _set_cover(post, cover)
    post.save()
    audit.record(actor, "news.created", post, after=_state(post))
    return post


def _locked(post: NewsPost) -> NewsPost:
    return NewsPost.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def edit_post(
    actor,
    post: NewsPost,
    *,
    title: str,
    body: str,
    summary: str = "",
    cover: StoredImage | None = None,
    remove_cover: bool = False,
) -> NewsPost:
    """Change the texts and the cover, in any state: a published post changes publicly at once.
    `cover` replaces the cover; `remove_cover` drops it; neither keeps it."""
    _require_office(actor)
    title, summary, body = _clean(title, summary, body)
    post = _locked(post)
    before = _state(post)
    old_files = (post.cover_image, post.cover_thumbnail)
    post.title, post.summary, post.body = title, summary, body
    if cover is not None or remove_cover:
        _set_cover(post, cover)
    old, new = audit.changed(before, _state(post))
    if not new:
        return post
    post.updated_at = timezone.now()
    post.save()
    if post.cover_image != old_files[0]:
        _delete_after_commit(*old_files)
    audit.record(actor, "news.edited", post, before=old, after=new)
    return post


@transaction.atomic
def publish_post(actor, post: NewsPost) -> NewsPost:
    """Make a draft (or a withdrawn post) public, dated now."""
    _require_office(actor)
    post = _locked(post)
    if post.status == NewsStatus.PUBLISHED:
        raise Conflict(_("这条新闻已经发布"))
    before = _state(post)
    now = timezone.now()
    post.status, post.published_at, post.withdrawn_at, post.updated_at = NewsStatus.PUBLISHED, now, None, now
    post.save(update_fields=["status", "published_at", "withdrawn_at", "updated_at"])
    old, new = audit.changed(before, _state(post))
    audit.record(actor, "news.published", post, before=old, after=new)
    return post


@transaction.atomic
def withdraw_post(actor, post: NewsPost, *, reason: str) -> NewsPost:
    """Take a published post off the public pages (they answer 404 for it); the reason is audited."""
    _require_office(actor)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise DomainError(_("请说明撤回理由"), field="reason")
    if len(reason) > 200:
        raise DomainError(_("撤回理由最多 200 个字"), field="reason")
    post = _locked(post)
    if post.status != NewsStatus.PUBLISHED:
        raise Conflict(_("只有已发布的新闻可以撤回"))
    before = _state(post)
    now = timezone.now()
    post.status, post.withdrawn_at, post.updated_at = NewsStatus.WITHDRAWN, now, now
    post.save(update_fields=["status", "withdrawn_at", "updated_at"])
    old, new = audit.changed(before, _state(post))
    audit.record(actor, "news.withdrawn", post, before=old, after=new, reason=reason)
    return post
