"""Reading the XLSX downloads in tests: the sheets of a streamed export, rows as dicts, its file name."""

from __future__ import annotations

import io
from urllib.parse import unquote

from openpyxl import load_workbook

from chuangwen.lib.xlsx import XLSX_CONTENT_TYPE


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.streaming is True
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return b"".join(response.streaming_content)


def sheets(response) -> dict[str, list[list]]:
    """{sheet title: rows (the header first)} of a streamed export."""
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    found = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}
    workbook.close()
    return found


def records(rows: list[list]) -> list[dict]:
    """The data rows of a sheet as {header: value}."""
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def only_sheet(response) -> list[dict]:
    (rows,) = sheets(response).values()
    return records(rows)


def filename(response) -> str:
    """The UTF-8 file name of the download (RFC 5987)."""
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
