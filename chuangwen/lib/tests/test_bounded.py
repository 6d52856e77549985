"""lib.bounded: what counts as an id or a bounded number, for forms, query strings and the API."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from chuangwen.lib.bounded import MAX_ID, Flag, Id, IdField, Offset, parse_id, parse_int


class Body(BaseModel):
    id: Id | None = None
    offset: Offset = 0
    flag: Flag = False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        ("+7", 7),
        (str(MAX_ID + 1), None),
        (str(2**64), None),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("1.5", None),
        ("1e3", None),
        ("true", None),
        ("²", None),
        ("١٢", None),
        (" 1", None),
        ("", None),
        (None, None),
        (True, None),
        ("9" * 5000, None),
    ],
)
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


@given(st.integers())
def test_parse_int_keeps_exactly_the_numbers_in_range(n):
    assert parse_int(str(n), 2000, 2100) == (n if 2000 <= n <= 2100 else None)


@pytest.mark.parametrize("raw", [str(2**63), str(2**64), "-1", "0", "abc", "1.5", "²"])
def test_an_id_field_refuses_with_a_chinese_message(raw):
    field = IdField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(raw)
    assert caught.value.messages == ["请选择有效的选项"]


def test_an_id_field_is_optional_and_reads_the_largest_id():
    assert IdField().clean("") is None
    assert IdField().clean(str(MAX_ID)) == MAX_ID


@pytest.mark.parametrize("value", [True, False, 1.5, MAX_ID + 1, 0, "x"])
def test_an_api_id_refuses_booleans_and_what_is_out_of_range(value):
    with pytest.raises(ValidationError):
        Body(id=value)


def test_an_api_id_reads_numbers_and_digits():
    assert Body(id=5).id == 5 and Body(id="5").id == 5 and Body(id=MAX_ID).id == MAX_ID


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), ("true", True), ("False", False)])
def test_an_api_flag_reads_true_and_false(value, expected):
    assert Body(flag=value).flag is expected


@pytest.mark.parametrize("value", [1, 0, "1", "yes", "on", None])
def test_an_api_flag_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        Body(flag=value)


def test_the_schema_says_minimum_and_maximum():
    schema = Body.model_json_schema()["properties"]
    assert schema["id"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    assert schema["offset"]["minimum"] == 0 and "ge" not in schema["offset"]
