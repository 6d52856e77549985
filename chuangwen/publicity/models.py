"""News posts (新闻动态) the office writes and publishes on the public page.

The body is plain text: one paragraph a line, shown escaped (no HTML from the office reaches a
page). The cover is a photo stored through lib.uploads (re-encoded, no EXIF). Only published
posts are public; a withdrawn post is gone from the public pages (404) but kept with its history.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SUMMARY_FROM_BODY = 80  # characters of the body shown in lists when the post has no summary
PARAGRAPH_SPLIT = re.compile(r"\s*\n\s*")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NewsStatus.PUBLISHED, published_at__isnull=False)


class NewsPost(models.Model):
    title = models.CharField(_("标题"), max_length=80)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = models.TextField(_("正文"))
    cover_image = models.CharField(_("封面图片"), max_length=200, blank=True)
    cover_thumbnail = models.CharField(_("封面缩略图"), max_length=200, blank=True)
    cover_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰稿人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("修改时间"))

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "新闻")
        verbose_name_plural = _("新闻")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="newspost_published_has_time"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == NewsStatus.PUBLISHED

    def paragraphs(self) -> list[str]:
        """The body's paragraphs: one a line, blank lines and surrounding spaces dropped."""
        return [p for p in PARAGRAPH_SPLIT.split(self.body.strip()) if p]

    @property
    def lead(self) -> str:
        """The summary, or the beginning of the body when there is none."""
        if self.summary:
            return self.summary
        text = " ".join(self.paragraphs())
        return text if len(text) <= SUMMARY_FROM_BODY else text[:SUMMARY_FROM_BODY].rstrip() + "…"

    @property
    def cover_version(self) -> str:
        """Part of the cover's URL, so a new cover gets a new address and caches never mix them."""
        return self.cover_sha256[:12]
