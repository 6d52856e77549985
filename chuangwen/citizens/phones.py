"""One spelling per telephone number, so that a citizen's limits, duplicates and points follow the
phone and not the way it was typed: 13900001111, +86 139-0000-1111, 008613900001111,
86 139 0000 1111 and full-width １３９００００１１１１ are one phone.

The canonical form is the mainland national form in digits only: a mobile's 11 digits
(13900001111), a landline with its area code and trunk 0 (01012345678, 07711234567). It is what
people in China write and read out, what the masking (139****1111) expects and what the points
page asks for. A number outside mainland China keeps its E.164 form (+85291234567).

Parsing and validity come from `phonenumbers` (libphonenumber's metadata, region CN): it knows the
mobile prefixes (including 19x and 16x), the area codes and their lengths, the 00 international
prefix, and it reads full-width digits; a local landline without its area code is refused.
"""

from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext as _

from chuangwen.lib.errors import DomainError

REGION = "CN"
MAX_INPUT = 40  # longer input is not a phone number (and is not worth parsing)


class InvalidPhone(DomainError):
    """A phone that is not a valid number (a 400 on every channel)."""


def invalid_message() -> str:
    return _("手机号格式不正确：请填写11位手机号，或带区号的固定电话")


def normalize_phone(value: str | None) -> str:
    """The canonical form of `value` ("" for nothing); InvalidPhone when it is not a valid number."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_INPUT:
        raise InvalidPhone(invalid_message(), field="phone")
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(invalid_message(), field="phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(invalid_message(), field="phone")
    if number.country_code != phonenumbers.country_code_for_region(REGION):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit())


def normalized_or_raw(value: str | None) -> str:
    """The canonical form when `value` is a valid number, else `value` as it is (stored rows that
    no channel would accept today are kept, not lost)."""
    try:
        return normalize_phone(value)
    except InvalidPhone:
        return (value or "").strip()


def clean_phone_field(value: str | None) -> str:
    """A form field's phone in its canonical form; a form error when invalid."""
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise forms.ValidationError(str(exc.message)) from None
