"""Taking a report in, with the limits that keep the channel usable: per phone, device and client
address, per minute and per day (CitizenSettings). A refused report changes nothing; an accepted
one is stored before the answer is sent, so nothing acknowledged is lost."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.citizens.models import Channel, CitizenSettings, Open311Key, Report, ReportPhoto
from chuangwen.citizens.phones import normalize_phone, normalized_or_raw
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import ProblemCategory
from chuangwen.units.models import OFFICE_ROLES

MAX_PHOTOS = 6
MAX_DESCRIPTION = 2000
STAFF_CHANNELS = (Channel.HOTLINE, Channel.PETITION, Channel.ENVIRONMENT)


class RateLimited(DomainError):
    status = 429


def fingerprint(value: str) -> str:
    """A keyed hash of an address or device id: enough to count, not enough to recover it."""
    if not value:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def _limit(queryset, since: datetime.datetime, allowed: int, message: str) -> None:
    if allowed and queryset.filter(created_at__gte=since).count() >= allowed:
        raise RateLimited(message, field="limit")


def check_limits(*, phone: str, device_hash: str, client_hash: str, now: datetime.datetime) -> None:
    config = CitizenSettings.current()
    minute, day = now - datetime.timedelta(minutes=1), now - datetime.timedelta(days=1)
    reports = Report.objects.filter(channel__in=(Channel.WEB, Channel.OPEN311))
    phone = normalized_or_raw(phone)  # the callers pass it normalised; the limit must hold regardless
    if phone:
        mine = reports.filter(reporter_phone=phone)
        _limit(mine, minute, config.per_phone_per_minute,
               _("同一手机号每分钟最多提交 %(n)s 条，请稍后再试") % {"n": config.per_phone_per_minute})  # fmt: skip
        _limit(mine, day, config.per_phone_per_day,
               _("同一手机号每天最多提交 %(n)s 条，请明天再试") % {"n": config.per_phone_per_day})  # fmt: skip
    if device_hash:
        _limit(reports.filter(device_hash=device_hash), minute, config.per_device_per_minute,
               _("提交过于频繁（每分钟最多 %(n)s 条），请稍后再试") % {"n": config.per_device_per_minute})  # fmt: skip
    if client_hash:
        mine = reports.filter(client_hash=client_hash)
        _limit(mine, minute, config.per_client_per_minute,
               _("提交过于频繁（每分钟最多 %(n)s 条），请稍后再试") % {"n": config.per_client_per_minute})  # fmt: skip
        _limit(mine, day, config.per_client_per_day,
               _("今天从此网络提交的反映已达上限，请明天再试"))  # fmt: skip


def _position(lat, lng) -> tuple[Decimal | None, Decimal | None]:
    if lat in (None, "") and lng in (None, ""):
        return None, None
    try:
        lat, lng = Decimal(str(lat)), Decimal(str(lng))
    except ArithmeticError:
        raise DomainError(_("位置无效"), field="lat") from None
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise DomainError(_("位置无效"), field="lat")
    return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))


def _clean(description: str, address: str, lat, lng, phone: str, category) -> tuple:
    description = (description or "").strip()
    if not description:
        raise DomainError(_("请描述您看到的问题"), field="description")
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(_("问题描述不能超过 %(n)s 字") % {"n": MAX_DESCRIPTION}, field="description")
    lat, lng = _position(lat, lng)
    address = (address or "").strip()[:200]
    if lat is None and not address:
        raise DomainError(_("请在地图上选择位置，或填写地址"), field="address")
    phone = normalize_phone(phone)  # every channel: limits, duplicates and points see one spelling
    if category is not None and not (isinstance(category, ProblemCategory) and category.is_active):
        raise DomainError(_("问题类别无效"), field="category")
    return description, address, lat, lng, phone


@transaction.atomic
def submit_report(
    *,
    channel: str,
    description: str,
    category: ProblemCategory | None = None,
    lat=None,
    lng=None,
    address: str = "",
    name: str = "",
    phone: str = "",
    email: str = "",
    photos=(),
    client_address: str = "",
    device_id: str = "",
    open311_key: Open311Key | None = None,
    attributes: dict | None = None,
    media_url: str = "",
    external_ref: str = "",
    actor=None,
) -> Report:
    """Store a report for triage. Citizens' channels (web, Open311) are limited per phone, device and
    client; staff channels (12345, petitions, transfers) need an office user and keep the external
    reference (the same reference twice is refused)."""
    if channel not in Channel.values:
        raise DomainError(_("渠道无效"), field="channel")
    if channel in STAFF_CHANNELS and not (actor and actor.is_authenticated and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以登记热线、信访和转办件"))
    if channel == Channel.OPEN311 and (open311_key is None or not open311_key.is_active):
        raise PermissionDenied(_("api_key 无效或已撤销"))
    description, address, lat, lng, phone = _clean(description, address, lat, lng, phone, category)
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS}, field="photos")
    external_ref = (external_ref or "").strip()[:64]
    if external_ref and Report.objects.filter(channel=channel, external_ref=external_ref).exists():
        raise DomainError(_("外部编号 %(ref)s 已登记过") % {"ref": external_ref}, field="external_ref")
    now = timezone.now()
    client_hash, device_hash = fingerprint(client_address), fingerprint(device_id)
    if channel in (Channel.WEB, Channel.OPEN311):
        check_limits(phone=phone, device_hash=device_hash, client_hash=client_hash, now=now)
    report = Report.objects.create(
        channel=channel, category=category, description=description, lat=lat, lng=lng, address=address,
        reporter_name=(name or "").strip()[:50], reporter_phone=phone, reporter_email=(email or "").strip()[:254],
        client_hash=client_hash, device_hash=device_hash, external_ref=external_ref, open311_key=open311_key,
        attributes=attributes or {}, media_url=(media_url or "")[:500], created_by=actor, created_at=now,
    )  # fmt: skip
    ReportPhoto.objects.bulk_create(
        [
            ReportPhoto(report=report, image=p.name, thumbnail=p.thumb_name, width=p.width, height=p.height,
                        sha256=p.sha256, lat=p.lat, lng=p.lng, taken_at=p.taken_at)
            for p in photos
        ]
    )  # fmt: skip
    audit.record(
        actor, "report.submitted", report,
        after={"channel": channel, "category": category.pk if category else None, "photos": len(photos),
               "external_ref": external_ref},
    )  # fmt: skip
    return report
