"""POST requests.{fmt}: a service request from an Open311 client, form-encoded as the spec shows
(or multipart with photos in `media`), stored for triage through services.submit_report so the
citizens' limits apply; the key's own hourly limit comes first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from chuangwen.citizens import services
from chuangwen.citizens.models import Channel
from chuangwen.citizens.open311 import present
from chuangwen.citizens.open311.attributes import clean_attributes, raw_attributes
from chuangwen.citizens.open311.errors import Open311Error, bad_request, forbidden
from chuangwen.citizens.open311.render import respond
from chuangwen.citizens.services import open311_keys
from chuangwen.citizens.services.intake import MAX_PHOTOS
from chuangwen.lib import uploads
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import ProblemCategory

UPLOAD_FOLDER = "reports"
MAX_MEDIA_URL = 500


def _field(data, name: str) -> str:
    return (data.get(name) or "").strip()


def _key(data):
    secret = _field(data, "api_key")
    if not secret:
        raise forbidden(_("缺少 api_key，无法提交（create_request）"))
    key = open311_keys.key_for_secret(secret)
    if key is None:
        raise forbidden(_("api_key 无效或已撤销，无法提交（create_request）"))
    return key


def _category(data) -> ProblemCategory:
    code = _field(data, "service_code")
    if not code:
        raise bad_request(_("缺少 service_code"))
    category = ProblemCategory.objects.filter(code=code, is_public=True, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("service_code %(code)s 不存在") % {"code": code})
    return category


def _location(data, errors: list[str]) -> tuple[str, str, str]:
    lat, lng = _field(data, "lat"), _field(data, "long")
    address, address_id = _field(data, "address_string"), _field(data, "address_id")
    if bool(lat) != bool(lng):
        errors.append(_("lat 和 long 需同时提供"))
    elif not (lat or address or address_id):
        errors.append(_("缺少位置：请提供 lat 和 long，或 address_string，或 address_id"))
    if not address and address_id:
        address = _("地址编号：%(id)s") % {"id": address_id}
    return lat, lng, address


def _contact(data, errors: list[str]) -> tuple[str, str]:
    email, media_url = _field(data, "email"), _field(data, "media_url")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("email 格式无效"))
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.append(_("media_url 应为 http 或 https 地址"))
        if len(media_url) > MAX_MEDIA_URL:
            errors.append(_("media_url 不能超过 %(n)s 个字符") % {"n": MAX_MEDIA_URL})
    return email, media_url


def full_name(first: str, last: str) -> str:
    """Chinese names are written family name first, without a space; others "first last"."""
    if any(ord(ch) >= 0x2E80 for ch in first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _photos(files) -> list:
    try:
        chosen = uploads.validate_many(files.getlist("media"), MAX_PHOTOS, field="media")
        stored = []
        try:
            for file in chosen:
                stored.append(uploads.accept_image(file, folder=UPLOAD_FOLDER))
        except BaseException:
            uploads.delete_stored(*[n for s in stored for n in s.names])
            raise
    except DomainError as exc:
        raise bad_request(_("media：%(message)s") % {"message": exc.message}) from None
    return stored


def _submit(request, key, category, fields: dict, photos: list):
    try:
        return services.submit_report(channel=Channel.OPEN311, category=category, open311_key=key, photos=photos,
                                      **fields)  # fmt: skip
    except services.RateLimited as exc:
        raise Open311Error(429, exc.message) from None
    except PermissionDenied as exc:
        raise forbidden(exc.message) from None
    except DomainError as exc:
        raise bad_request(exc.message) from None


def create_request(request, fmt: str):
    data = request.POST
    key = _key(data)
    try:
        open311_keys.check_rate(key)
    except services.RateLimited as exc:
        raise Open311Error(429, exc.message) from None
    category = _category(data)
    errors: list[str] = []
    lat, lng, address = _location(data, errors)
    email, media_url = _contact(data, errors)
    attributes, attribute_errors = clean_attributes(list(category.open311_attributes.all()), raw_attributes(data))
    errors += attribute_errors
    if errors:
        raise bad_request(*errors)
    fields = {
        "description": _field(data, "description") or category.name,
        "lat": lat or None, "lng": lng or None, "address": address,
        "name": full_name(_field(data, "first_name"), _field(data, "last_name")),
        "phone": _field(data, "phone"), "email": email, "device_id": _field(data, "device_id"),
        "attributes": attributes, "media_url": media_url,
    }  # fmt: skip
    photos = _photos(request.FILES)
    try:
        report = _submit(request, key, category, fields, photos)
    except BaseException:
        uploads.delete_stored(*[n for p in photos for n in p.names])
        raise
    answer = {
        "service_request_id": report.tracking_code,
        "token": report.token,
        "service_notice": present.service_notice(),
        "account_id": _field(data, "account_id") or None,
    }
    return respond(fmt, "service_requests", [answer])
