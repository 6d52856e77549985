"""Helpers for the sites tests: spreadsheets in memory."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

# Personas that are not office staff: every office-only page answers them 403.
NON_OFFICE = ("handler", "unit_head", "district_officer", "grid_worker", "inspector", "leader", "outsider")
HEADER = [
    "编码",
    "名称",
    "点位类型",
    "地址",
    "纬度",
    "经度",
    "属地单位",
    "包保单位",
    "路长",
    "路长电话",
    "启用",
    "备注",
]


def xlsx_upload(rows, sheet="点位", header=HEADER, name="sites.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if header:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def read_rows(content: bytes, sheet="点位") -> list[list]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in workbook[sheet].iter_rows(values_only=True)]
