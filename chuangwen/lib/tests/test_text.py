"""Text from outside keeps what a reader sees and loses the control characters that broke the
exports (lib.text); whatever text the XLSX writer gets reads back as that text, never a formula."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st
from ninja import Schema
from openpyxl import load_workbook

from chuangwen.lib import xlsx
from chuangwen.lib.text import Text, TextInputMiddleware, clean_data, clean_text

C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]
NOT_XML = ["\ud800", "\udfff", "\ufffe", "\uffff"]
FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1)", "#N/A", "\t=1", "\r=1"]


@pytest.mark.parametrize("char", C0 + C1 + NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_is_dropped(char):
    assert clean_text(f"井盖{char}缺失") == "井盖缺失"


def test_what_a_reader_sees_is_kept():
    text = "第一行\t制表\r\n第二行 ✓ 😀 « » — ａｂｃ \u00a0 \u3000 =SUM(1)"
    assert clean_text(text) == text


def test_json_data_is_cleaned_throughout():
    data = {"note\x0b": ["a\x00b", {"c": "d\x85"}], "n": 5, "t": ("e\x1f",), "none": None}
    assert clean_data(data) == {"note": ["ab", {"c": "d"}], "n": 5, "t": ("e",), "none": None}


class _Note(Schema):
    note: Text = ""


def test_the_api_text_type_cleans():
    assert _Note.model_validate({"note": "已\x0b整改\ud800"}).note == "已整改"


# XLSX: text is text ------------------------------------------------------------------------------

COLUMNS = [xlsx.Column("value", "值")]


def _streamed(values: list) -> list:
    buffer = io.BytesIO()
    xlsx.write_streamed(buffer, "表", COLUMNS, [[v] for v in values])
    return _cells(buffer.getvalue())


def _in_memory(values: list) -> list:
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, "表", COLUMNS, [[v] for v in values])
    return _cells(xlsx.workbook_bytes(workbook))


def _cells(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data))["表"]
    return [row[0] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("write", [_streamed, _in_memory])
def test_formula_like_text_reads_back_as_the_same_text(write):
    for cell, text in zip(write(FORMULAS), FORMULAS, strict=True):
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix  # Excel keeps it text when the cell is edited


@pytest.mark.parametrize("write", [_streamed, _in_memory])
def test_control_characters_are_dropped_not_fatal(write):
    (cell,) = write(["井盖" + "".join(C0 + C1) + "缺失"])
    assert cell.data_type == "s" and cell.value == "井盖缺失"


@pytest.mark.parametrize("write", [_streamed, _in_memory])
def test_numbers_stay_numbers_and_dates_dates(write):
    day, moment = datetime.date(2026, 3, 12), datetime.datetime(2026, 3, 12, 9, 30)
    cells = write([-3, 2.5, Decimal("-1.50"), Decimal("4"), day, moment, True, ["=a", "b"]])
    assert [c.value for c in cells[:4]] == [-3, 2.5, -1.5, 4] and all(c.data_type == "n" for c in cells[:4])
    assert cells[4].value == datetime.datetime(2026, 3, 12) and cells[4].is_date
    assert cells[5].value == moment and cells[5].is_date
    assert cells[6].value == "是" and cells[7].value == "=a、b" and cells[7].data_type == "s"


HOSTILE = st.characters() | st.sampled_from(C0 + C1 + NOT_XML + ["=", "+", "-", "@", "\t", "\r"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(HOSTILE, max_size=40) | st.sampled_from(FORMULAS), min_size=1, max_size=5))
def test_any_text_reads_back_as_text_never_a_formula(texts):
    for write in (_streamed, _in_memory):
        for cell, text in zip(write(texts), texts, strict=True):
            shown = clean_text(text)
            assert cell.data_type != "f"
            assert cell.value == (shown or None)
            assert cell.data_type == "s" or not shown  # an empty cell has no text type


def test_imported_text_loses_control_characters():
    row = xlsx.Row("表", 2, {"name": " 东华路\x0b\x00 ", "n": 12.0}, {})
    assert row.text("name") == "东华路" and row.text("n") == "12"


# Every form field of every request --------------------------------------------------------------


def _through_middleware(request):
    seen = {}

    def view(req):
        seen["get"], seen["post"], seen["files"] = req.GET, req.POST, req.FILES
        seen["body"] = req.body if req.content_type == "application/json" else None
        return None

    TextInputMiddleware(view)(request)
    return seen


def test_query_and_form_fields_lose_control_characters_when_read():
    seen = _through_middleware(
        RequestFactory().post("/?q=%00东华路%0B", {"note\x0b": ["已\x00整改", "二\x85"], "n": "1"})
    )
    assert seen["get"]["q"] == "东华路"
    assert seen["post"].getlist("note") == ["已整改", "二"] and seen["post"]["n"] == "1"
    assert not seen["post"]._mutable


def test_multipart_files_are_kept_and_a_json_body_is_left_to_the_view():
    upload = SimpleUploadedFile("a.txt", b"\x00\x0b binary stays")
    seen = _through_middleware(RequestFactory().post("/", {"note": "a\x0bb", "file": upload}))
    assert seen["post"]["note"] == "ab" and seen["files"]["file"].read() == b"\x00\x0b binary stays"
    body = b'{"note": "a\\u000bb"}'
    seen = _through_middleware(RequestFactory().post("/", body, content_type="application/json"))
    assert seen["body"] == body and len(seen["post"]) == 0


def test_a_file_name_with_a_line_break_or_a_quote_still_downloads():
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, "表", COLUMNS, [])
    response = xlsx.xlsx_response(workbook, '点位-东"华\\路\r\n-20260312.xlsx')
    assert response["Content-Disposition"] == (
        'attachment; filename="--20260312.xlsx"; '
        "filename*=UTF-8''%E7%82%B9%E4%BD%8D-%E4%B8%9C%22%E5%8D%8E%5C%E8%B7%AF%0D%0A-20260312.xlsx"
    )


def test_a_path_with_a_control_character_names_no_page():
    with pytest.raises(Http404):
        _through_middleware(RequestFactory().get("/open311/v2/requests/%00.json"))
