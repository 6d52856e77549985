"""Who must give a second factor, and whether this session already has."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device


def two_factor_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "TWO_FACTOR_ROLES", ()) or ())


def is_required(user) -> bool:
    """The user's role is one for which the office requires a second factor."""
    return bool(user.is_authenticated and user.role in two_factor_roles())


def is_verified(user) -> bool:
    """This session was verified with one of the user's confirmed devices (OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)
