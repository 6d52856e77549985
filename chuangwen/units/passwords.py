"""Password validators with Chinese messages, on top of Django's (settings.AUTH_PASSWORD_VALIDATORS).

Django's similarity check misses a short username inside a longer password (`grid123456` for
`grid`), and its common list is an English one: both are added here.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHINESE_COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords_zh.txt"
MIN_ACCOUNT_PART = 3  # shorter usernames or phone fragments would refuse too much


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码太短，至少需要 %(limit)d 个字符") % {"limit": self.min_length}

    def get_help_text(self):
        return _("密码至少 %(limit)d 个字符") % {"limit": self.min_length}


class ContainsAccountValidator:
    """Refuse a password that contains the username or the phone number (ignoring case)."""

    def validate(self, password, user=None):
        if user is None:
            return
        text = password.lower()
        for part in self._parts(user):
            if part in text:
                raise ValidationError(self.get_error_message(), code="password_contains_account")

    @staticmethod
    def _parts(user) -> list[str]:
        parts = [str(getattr(user, "username", "") or "").lower()]
        phone = re.sub(r"\D", "", str(getattr(user, "phone", "") or ""))
        parts += [phone, phone[-8:]] if len(phone) >= 8 else []
        return [p for p in parts if len(p) >= MIN_ACCOUNT_PART]

    def get_error_message(self):
        return _("密码不能包含用户名或手机号")

    def get_help_text(self):
        return self.get_error_message()


class ChineseCommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Passwords common in Chinese leaks (pinyin, keyboard walks, lucky numbers) and in this field."""

    def __init__(self, password_list_path=CHINESE_COMMON_PASSWORDS):
        super().__init__(password_list_path)

    def get_error_message(self):
        return _("密码过于常见，请换一个不易被猜到的密码")

    def get_help_text(self):
        return _("不能使用常见密码")


def policy_help_text() -> str:
    """The policy in one line, for the fields where a person chooses a password."""
    limit = next(
        (v.min_length for v in password_validation.get_default_password_validators() if hasattr(v, "min_length")), 0
    )
    return _("至少 %(limit)d 个字符；不能包含用户名或手机号，不能与个人信息相似；不能是常见密码或纯数字") % {
        "limit": limit
    }
