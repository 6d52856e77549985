"""Bounded integers and strict booleans at the boundary: query strings, forms and API schemas.

A database id is a positive 64-bit integer; a number outside that range, or a boolean read as a
number (``true`` as 1), is bad input and answers 4xx. Without the bound SQLite raises
OverflowError and PostgreSQL an out-of-range error, which became 500s. Every filter, page number
and API id goes through one of these:

- ``IdField`` (a form field) for the ids in a list page's query string; every other form
  IntegerField states min_value and max_value (MAX_INT for an IntegerField column), which a test
  checks for every form;
- ``parse_int(raw, low, high)`` / ``parse_id(raw)`` for a value a view reads by hand;
- ``Id``, ``Offset``, ``Limit`` and ``Flag`` (pydantic types) for the JSON API's paths, queries and bodies.
"""

from __future__ import annotations

from typing import Annotated, Any

from annotated_types import Ge, Le
from django import forms
from django.utils.translation import gettext_lazy
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1  # BIGINT and SQLite INTEGER
MAX_INT = 2**31 - 1  # a models.IntegerField's column on PostgreSQL
MAX_OFFSET = 1_000_000_000  # far beyond any list, and offset + limit still fits 64 bits
MAX_PAGE = 1_000_000


def parse_int(raw: Any, low: int, high: int) -> int | None:
    """The integer in raw (a query-string value) if it is one within [low, high], else None.
    Only plain decimal digits with an optional sign: not "1.5", "true", "1e3" or " 1"."""
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw)
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_id(raw: Any) -> int | None:
    """A database id from a query-string value, or None when it cannot be one."""
    return parse_int(raw, 1, MAX_ID)


class IdField(forms.IntegerField):
    """An optional id in a filter's query string: 1 … 2^63-1, a clear message otherwise."""

    default_error_messages = {
        "invalid": gettext_lazy("请选择有效的选项"),
        "min_value": gettext_lazy("请选择有效的选项"),
        "max_value": gettext_lazy("请选择有效的选项"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


# --- the API (pydantic) -----------------------------------------------------------------------


def _no_bool(value: Any) -> Any:
    """JSON true/false are not numbers: pydantic would read true as 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


TRUE_WORDS = {"true": True, "false": False}


def _strict_bool(value: Any) -> Any:
    """true/false only: JSON booleans, or the words true/false in a query string or a form."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in TRUE_WORDS:
        return TRUE_WORDS[value.lower()]
    raise PydanticCustomError("bool_type", "Input should be true or false")


# The bounds before the validator: after it, pydantic writes them into the JSON schema as "ge" and
# "le", which OpenAPI does not know, instead of "minimum" and "maximum".
Id = Annotated[int, Ge(1), Le(MAX_ID), BeforeValidator(_no_bool)]
Offset = Annotated[int, Ge(0), Le(MAX_OFFSET), BeforeValidator(_no_bool)]
Limit = Annotated[int, Ge(1), Le(100), BeforeValidator(_no_bool)]
Flag = Annotated[bool, BeforeValidator(_strict_bool)]
