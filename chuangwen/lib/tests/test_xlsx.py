import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chuangwen.lib import xlsx
from chuangwen.lib.errors import DomainError

COLUMNS = [
    xlsx.Column("code", "编码", required=True),
    xlsx.Column("points", "分值"),
    xlsx.Column("flag", "负面清单"),
    xlsx.Column("units", "责任单位"),
]


def _upload(rows, title="表"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("t.xlsx", buffer.getvalue())


def test_it_reads_typed_cells_and_reports_errors_with_row_and_column():
    upload = _upload(
        [["编码*", "分值", "负面清单", "责任单位"], ["A1", 2.5, "是", "城管局、交通局"], [None], ["", "x", "也许", ""]]
    )
    errors = []
    rows = list(xlsx.read_sheet(xlsx.open_workbook(upload), "表", COLUMNS, errors))
    assert [r.number for r in rows] == [2, 4]
    first, bad = rows
    assert first.required_text("code") == "A1"
    assert first.decimal("points") == Decimal("2.5")
    assert first.boolean("flag") is True
    assert first.items("units") == ["城管局", "交通局"]
    bad.required_text("code")
    bad.decimal("points")
    bad.boolean("flag")
    assert [(e.row, e.column) for e in errors] == [(4, "编码"), (4, "分值"), (4, "负面清单")]
    assert "第 4 行" in str(errors[0])


def test_missing_required_column_is_reported():
    errors = []
    rows = list(xlsx.read_sheet(xlsx.open_workbook(_upload([["分值"], [1]])), "表", COLUMNS, errors))
    assert rows == []
    assert errors[0].column == "编码"


def test_missing_sheet_is_reported():
    errors = []
    list(xlsx.read_sheet(xlsx.open_workbook(_upload([["编码"]], title="别的")), "表", COLUMNS, errors))
    assert "缺少工作表" in errors[0].message


def test_not_an_xlsx_is_refused():
    with pytest.raises(DomainError, match="XLSX"):
        xlsx.open_workbook(SimpleUploadedFile("t.xlsx", b"%PDF-1.4 not a workbook"))


def test_written_sheet_reads_back():
    wb = xlsx.new_workbook()
    xlsx.write_sheet(wb, "表", COLUMNS, [["A1", Decimal("3"), True, ["甲", "乙"]]])
    errors = []
    upload = SimpleUploadedFile("t.xlsx", xlsx.workbook_bytes(wb))
    (row,) = xlsx.read_sheet(xlsx.open_workbook(upload), "表", COLUMNS, errors)
    assert (row.text("code"), row.decimal("points"), row.boolean("flag"), row.items("units")) == (
        "A1",
        Decimal("3"),
        True,
        ["甲", "乙"],
    )
    assert errors == []
