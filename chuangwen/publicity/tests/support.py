"""Helpers for the publicity tests: news posts through the services, a cover photo, and scored
rounds (one published, others closed or secret) with red and black lists of one place each."""

from __future__ import annotations

from chuangwen.assessment import services as assessment
from chuangwen.assessment.models import AssessmentSettings
from chuangwen.assessment.tests.pages_fixtures import _run_round
from chuangwen.citizens.tests.public_support import jpeg
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind
from chuangwen.lib import uploads
from chuangwen.publicity import services

BODY = "市文明办组织开展背街小巷环境整治。\n\n共清理卫生死角 120 处。"


def cover():
    return uploads.accept_image(jpeg("cover.jpg"), folder="news")


def draft(world, title: str = "背街小巷整治见成效", **extra):
    return services.create_post(world.office_staff, title=title, body=extra.pop("body", BODY), **extra)


def published(world, title: str = "背街小巷整治见成效", **extra):
    return services.publish_post(world.office_staff, draft(world, title, **extra))


def one_place_lists() -> None:
    """Red and black lists of one place per peer group (the test city has two districts)."""
    config = AssessmentSettings.current()
    config.list_size = 1
    config.save()


def scored_round(place, *, kind=Kind.OPEN, failing=(), publish=False):
    """A round run and closed (the sites in `failing` fail the first item), scored, published if asked."""
    office = place.world.office_staff
    round_ = _run_round(place, kind=kind, failing=failing)
    assessment.score_round(office, round_)
    if publish:
        round_ = inspections.publish_round(office, round_)
    round_.refresh_from_db()
    return round_
