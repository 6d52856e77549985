"""Reading and writing the XLSX files offices exchange: typed columns, row-level errors, downloads.

An importer declares its columns, reads rows with `read_sheet`, and reports every bad cell as a
`CellError` (sheet, row, column, message in Chinese). Nothing is written unless the whole file
is clean: importers collect all errors first and raise `XlsxImportError` with the list.
"""

from __future__ import annotations

import datetime
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import filetype
from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chuangwen.lib.errors import DomainError
from chuangwen.lib.text import clean_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
NOT_IN_QUOTED_NAME = re.compile(r'[^\x20-\x7e]|["\\]')
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", ""}
# A text starting with one of these is taken for a formula by a spreadsheet (when typed, pasted or
# opened as CSV): such a cell is written as text with Excel's quote prefix (as if typed after a ').
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 16
    required: bool = False
    note: str = ""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("工作表“%(sheet)s”第 %(row)s 行“%(column)s”列：%(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class XlsxImportError(DomainError):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[CellError]):
        n = len(errors)
        super().__init__(
            ngettext("文件有 %(n)s 处错误，未导入任何数据", "文件有 %(n)s 处错误，未导入任何数据", n) % {"n": n}
        )
        self.errors = errors


@dataclass
class Row:
    """One data row: raw values by column key, and a place to report this row's errors."""

    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, Column]
    errors: list[CellError] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        column = self.columns[key].header if key in self.columns else key
        self.errors.append(CellError(self.sheet, self.number, column, message))

    def text(self, key: str) -> str:
        """The cell as text, without control characters (lib.text), stripped."""
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return clean_text(str(value)).strip()

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, _("不能为空"))
        return value

    def decimal(self, key: str, *, required: bool = False, minimum: Decimal | None = None) -> Decimal | None:
        raw = self.text(key)
        if not raw:
            if required:
                self.error(key, _("不能为空"))
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.error(key, _("“%(value)s”不是有效的数字") % {"value": raw})
            return None
        if not value.is_finite():
            self.error(key, _("“%(value)s”不是有效的数字") % {"value": raw})
            return None
        if minimum is not None and value < minimum:
            self.error(key, _("数值不能小于 %(min)s") % {"min": minimum})
            return None
        return value

    def boolean(self, key: str) -> bool:
        raw = self.text(key).lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        self.error(key, _("请填写“是”或“否”"))
        return False

    def items(self, key: str) -> list[str]:
        """A list cell: values separated by 、 , ， ; ； or new lines."""
        return [part.strip() for part in LIST_SEPARATORS.split(self.text(key)) if part.strip()]


def open_workbook(uploaded, *, max_bytes: int | None = None) -> Workbook:
    """Open an uploaded XLSX safely, or raise a DomainError the user can read."""
    limit = max_bytes or settings.XLSX_IMPORT_MAX_BYTES
    if uploaded is None:
        raise DomainError(_("请选择要导入的 XLSX 文件"), field="file")
    if uploaded.size > limit:
        raise DomainError(_("文件过大（上限 %(mb)s MB）") % {"mb": limit // (1024 * 1024)}, field="file")
    data = uploaded.read()
    kind = filetype.guess(data[:8192])
    if kind is None or kind.extension not in ("xlsx", "zip"):
        raise DomainError(_("文件不是有效的 XLSX 文件"), field="file")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a corrupt file
        raise DomainError(_("文件不是有效的 XLSX 文件"), field="file") from None


def read_sheet(workbook: Workbook, sheet: str, columns: Iterable[Column], errors: list[CellError]) -> Iterator[Row]:
    """Yield the non-empty data rows of a sheet, matching columns by their header text."""
    columns = list(columns)
    by_key = {c.key: c for c in columns}
    if sheet not in workbook.sheetnames:
        errors.append(CellError(sheet, 1, "", _("缺少工作表“%(sheet)s”") % {"sheet": sheet}))
        return
    rows = workbook[sheet].iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = _header_positions(sheet, header, columns, errors)
    if positions is None:
        return
    for number, cells in enumerate(rows, start=2):
        if cells is None or all(c is None or str(c).strip() == "" for c in cells):
            continue
        values = {key: (cells[i] if i < len(cells) else None) for key, i in positions.items()}
        yield Row(sheet, number, values, by_key, errors)


def _header_positions(sheet, header, columns, errors) -> dict[str, int] | None:
    names = [str(h).strip().rstrip("*").strip() if h is not None else "" for h in header]
    positions = {}
    missing = []
    for column in columns:
        if column.header in names:
            positions[column.key] = names.index(column.header)
        elif column.required:
            missing.append(column.header)
    if missing:
        for name in missing:
            errors.append(CellError(sheet, 1, name, _("缺少必需的列")))
        return None
    return positions


def write_sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable[Iterable[Any]]) -> None:
    """Add a sheet with a bold, frozen header row (required columns marked *), widths and rows."""
    sheet = workbook.create_sheet(title)
    sheet.append([f"{c.header}*" if c.required else c.header for c in columns])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="B3261E")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def write_notes(workbook: Workbook, title: str, lines: list[tuple[str, str]]) -> None:
    """A sheet explaining each column to the person filling in a template."""
    sheet = workbook.create_sheet(title)
    sheet.append([_("列"), _("说明")])
    for line in lines:
        sheet.append([_cell(sheet, v) for v in line])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _cell(sheet, value: Any) -> Any:
    """What a row's value becomes in the sheet: numbers stay numbers, dates dates, and text is
    always text (see `text_cell`)."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"  # the file format is fixed Chinese, whatever the screen language
    if isinstance(value, str):
        return text_cell(sheet, value)
    return value


def text_cell(sheet, value: str) -> Any:
    """Text as a text cell, never a formula nor an error value, whoever wrote it.

    Characters a worksheet cannot hold are dropped (lib.text). openpyxl makes any string starting
    with "=" a formula and "#N/A" an error: those, and every text starting with + - @ tab or CR,
    are written as string cells with the quote prefix, so Excel shows the text and keeps it text
    when the cell is edited. Other text stays a plain string (no cell object per value).
    """
    text = value if value.isprintable() else clean_text(value)  # most text has nothing to drop
    if not text.startswith(FORMULA_PREFIXES) and text not in ERROR_CODES:
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment with a UTF-8 file name (RFC 6266 / 5987) and an ASCII fallback (printable
    characters only, without quotes or backslashes: a name with a line break or a quote cannot
    break the header)."""
    ascii_name = NOT_IN_QUOTED_NAME.sub("", filename) or "export.xlsx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    """A download with a UTF-8 file name (RFC 6266 / 5987) and an ASCII fallback."""
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


# Streaming: large exports ------------------------------------------------------------------------


def write_streamed(target, title: str, columns: list[Column], rows: Iterable[Iterable[Any]]) -> int:
    """Write one sheet with openpyxl's write-only workbook, row by row as they come; return the row count.

    Memory stays flat whatever the number of rows: openpyxl writes each row to a temporary file
    as it is appended and never keeps cells. Widths and the frozen header must be set before the
    first row (a write-only sheet cannot go back).
    """
    return write_streamed_sheets(target, [Sheet(title, columns, rows)])[0]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a streamed workbook: its title, its columns and its rows (read once, as they come)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Iterable[Any]]


def write_streamed_sheets(target, sheets: Iterable[Sheet]) -> list[int]:
    """Write the sheets one after the other into one write-only workbook; return their row counts."""
    workbook = Workbook(write_only=True)
    counts = []
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append(_header_cells(sheet, list(spec.columns)))
        count = 0
        for row in spec.rows:
            sheet.append([_cell(sheet, v) for v in row])
            count += 1
        counts.append(count)
    workbook.save(target)
    return counts


def _header_cells(sheet, columns: list[Column]) -> list[WriteOnlyCell]:
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="B3261E")
    alignment = Alignment(vertical="center", wrap_text=True)
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=f"{column.header}*" if column.required else column.header)
        cell.font, cell.fill, cell.alignment = bold, fill, alignment
        cells.append(cell)
    return cells


def streamed_xlsx_response(
    title: str, columns: list[Column], rows: Iterable[Iterable[Any]], filename: str
) -> FileResponse:
    """A download written to an anonymous temporary file, then streamed from disk in blocks.

    The temporary file has no name on disk (POSIX): it disappears when the response closes it
    after sending (or if anything fails), so nothing is left behind.
    """
    return streamed_sheets_response([Sheet(title, columns, rows)], filename)


def streamed_sheets_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """Like streamed_xlsx_response, for a workbook of several sheets."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        write_streamed_sheets(handle, sheets)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


# Declarative exports: a list's download in a few lines --------------------------------------------
#
# An export reads the page's own queryset (same filters, same visibility), writes fixed Chinese
# headers whatever the screen language (the file is an exchange format), dates and times in the
# local time zone, and refuses with a clear message past settings.EXPORT_MAX_ROWS.

EXPORT_CHUNK = 2000


def local_time(value) -> str:
    """A moment as local wall-clock text (Asia/Shanghai by default): 2026-03-12 09:30; "" for None."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date(value) -> str:
    """A date (or a moment, taken in local time) as 2026-03-12; "" for None."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def chinese_labels(choices) -> dict[str, str]:
    """A TextChoices' labels in Chinese whatever the screen language: {value: label}."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices}


def export_filename(*parts: str) -> str:
    """The download's name: its parts and today's local date joined by "-", e.g. 点位-20260312.xlsx."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    return "-".join([*(str(p) for p in parts if p), stamp]) + ".xlsx"


def exceeds_limit(objects) -> bool:
    """More rows than settings.EXPORT_MAX_ROWS? A queryset reads at most one row past the limit
    (no COUNT over a large table); anything else is measured with len()."""
    limit = settings.EXPORT_MAX_ROWS
    if isinstance(objects, QuerySet):
        return bool(objects.order_by().values_list("pk", flat=True)[limit : limit + 1])
    return len(objects) > limit


def download(request, sheets: Iterable[Sheet], filename: str, *, too_many: bool = False, back: str = ""):
    """The streamed workbook, or (too_many) a 400 page saying to narrow the filters, with a link
    back to `back` (the list's path; the request's query string is kept)."""
    if too_many:
        limit = settings.EXPORT_MAX_ROWS
        message = _("符合条件的记录超过 %(n)s 条，请缩小筛选范围后再导出") % {"n": f"{limit:,}"}
        query = request.GET.urlencode()
        back_url = f"{back}?{query}" if back and query else back
        return render(request, "exports/refused.html", {"error": message, "back": back_url}, status=400)
    return streamed_sheets_response(sheets, filename)


def batches(rows: Iterable, size: int = EXPORT_CHUNK) -> Iterator[list]:
    """Lists of up to `size` rows: to read what each batch needs in one query per batch."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def with_batch_lookup(rows: Iterable, lookup: Callable[[list], Any], size: int = EXPORT_CHUNK) -> Iterator[tuple]:
    """(row, lookup(its batch)) for each row: what the rows need from elsewhere read once per batch,
    e.g. the names their references point to."""
    for batch in batches(rows, size):
        found = lookup(batch)
        for row in batch:
            yield row, found


def rows_of(objects) -> Iterable:
    """Objects to export, read in chunks when they come from the database."""
    return objects.iterator(chunk_size=EXPORT_CHUNK) if isinstance(objects, QuerySet) else objects


@dataclass(frozen=True)
class ExportSpec:
    """One list's export: the sheet's title (also the file name's first part), its columns, and the
    function making a row from one object: `row(obj, **context)`.

        ROUNDS = ExportSpec("督查轮次", [Column("code", "编号", 16), ...], lambda r: [r.code, ...])
        return ROUNDS.download(request, rounds, back=reverse("inspections:list"))
    """

    title: str
    columns: Sequence[Column]
    row: Callable[..., Sequence[Any]]

    def sheet(self, objects, *, title: str = "", **context) -> Sheet:
        return Sheet(title or self.title, self.columns, (self.row(o, **context) for o in rows_of(objects)))

    def download(self, request, objects, *, name: Sequence[str] = (), back: str = "", extra=(), **context):
        """Stream `objects` (and the `extra` sheets) as <title>-<name...>-<date>.xlsx."""
        sheets = [self.sheet(objects, **context), *extra]
        filename = export_filename(self.title, *name)
        return download(request, sheets, filename, too_many=exceeds_limit(objects), back=back)
