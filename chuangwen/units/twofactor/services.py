"""Every write of the second factor, each with its audit event: enrolment, verification (a
recovery code is used up), new recovery codes, and the office admin's reset."""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.units.models import User

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
TOLERANCE = 1  # the code of the previous or next 30-second step is accepted too
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def new_secret() -> str:
    """A fresh TOTP key (hex, 20 bytes), kept in the session until the person confirms it."""
    return random_hex(20)


def secret_text(key: str) -> str:
    """The key as the base32 text an authenticator app accepts, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user: User, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def normalize(code: str) -> str:
    return "".join(str(code or "").split()).lower()


def _matching_step(key: str, code: str) -> int | None:
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return None
    totp = TOTP(unhexlify(key), digits=TOTP_DIGITS)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=TOLERANCE) else None


@transaction.atomic
def enrol(user: User, key: str, code: str) -> list[str]:
    """Confirm the authenticator showing `code` for `key`: it replaces any earlier device, and ten
    new recovery codes are made. Returns the recovery codes."""
    step = _matching_step(key, normalize(code))
    if step is None:
        raise DomainError(_("验证码不正确，请核对手机时间后输入应用中当前显示的 6 位数字"), field="code")
    _delete_devices(user)
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=step, tolerance=TOLERANCE)
    codes = _new_recovery_codes(user)
    audit.record(user, "user.two_factor_enrolled", user, after={"recovery_codes": len(codes)})
    return codes


@dataclass
class Verification:
    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int = 0  # > 0: too many wrong codes, try again after this long
    remaining_codes: int | None = field(default=None)


def verify(user: User, code: str) -> Verification:
    """Check a code from the authenticator (6 digits) or a recovery code (used up).

    Wrong codes are throttled per device by django-otp (1, 2, 4, 8 ... seconds before the next
    try); a failure is committed, not rolled back, so the throttle holds."""
    code = normalize(code)
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, info = device.verify_is_allowed()
            if not allowed:
                return Verification(wait_seconds=_seconds_until((info or {}).get("locked_until")))
            if device.verify_token(code):
                return _verified(user, device)
    return Verification()


def _verified(user: User, device) -> Verification:
    if not isinstance(device, StaticDevice):
        return Verification(device=device)
    remaining = device.token_set.count()
    audit.record(user, "user.recovery_code_used", user, after={"remaining": remaining})
    return Verification(device=device, remaining_codes=remaining)


def _seconds_until(moment) -> int:
    if moment is None:
        return 1
    return max(1, int((moment - timezone.now()).total_seconds() + 0.999))


def recovery_codes(user: User) -> list[str]:
    """The person's unused recovery codes."""
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("pk")
        .values_list("token", flat=True)
    )


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("请先绑定身份验证器"))
    StaticDevice.objects.filter(user=user).delete()
    codes = _new_recovery_codes(user)
    audit.record(user, "user.recovery_codes_regenerated", user, after={"recovery_codes": len(codes)})
    return codes


@transaction.atomic
def reset_devices(actor: User, user: User, reason: str = "") -> None:
    """The office admin removes a person's authenticator and recovery codes (a lost phone): the
    person must enrol again at their next page, in every session."""
    if not (actor and actor.is_office_admin):
        raise PermissionDenied(_("只有文明办管理员可以重置双重验证"))
    had = _delete_devices(user)
    audit.record(actor, "user.two_factor_reset", user, before={"devices": had}, after={"devices": 0}, reason=reason)


def _delete_devices(user: User) -> int:
    had = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return had


def _new_recovery_codes(user: User) -> list[str]:
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes
