"""The default Word template of the circular, built with python-docx: a red-header notice laid out
after GB/T 9704 (党政机关公文格式) with docxtpl placeholders. The office downloads it, changes it in
Word (keeping the placeholders) and uploads it as its own; the settings page lists the placeholders.

Fonts are the ones every Chinese Windows has (宋体, 黑体, 仿宋, 楷体): Word does not embed them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

RED = RGBColor(0xE0, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)
SONG, HEI, FANGSONG, KAI = "宋体", "黑体", "仿宋", "楷体"
BODY_PT = 16
TEXT_WIDTH_MM = 156  # A4 less 28 mm left and 26 mm right


def _fonts(run, name: str, size: float, *, bold: bool = False, color: RGBColor = BLACK) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _paragraph(
    container, text: str = "", *, font: str = FANGSONG, size: float = BODY_PT, bold: bool = False,
    color: RGBColor = BLACK, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, exact: bool = True,
    before: float = 0, after: float = 0, style: str | None = None,
):  # fmt: skip
    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        _fonts(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes it."""
    return _paragraph(container, tag, size=10, exact=False)


def _border(paragraph, side: str, *, size: int, color: str, space: int = 1, kind: str = "single") -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", kind), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", color)):
        line.set(qn(key), value)
    borders.append(line)


def _cell(cell, text: str, *, font: str = FANGSONG, size: float = 12, bold: bool = False, align=None, shade=""):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    if text:
        _fonts(paragraph.add_run(text), font, size, bold=bold)
    if shade:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), shade)
        cell._tc.get_or_add_tcPr().append(shading)


def _table(document, headers: list[str], cells: list[str], widths_mm: list[int], *, loop: str, align=None):
    """A table with a header row and one docxtpl row loop ({%tr for ... %} ... {%tr endfor %})."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, width in enumerate(widths_mm):
        for row in table.rows:
            row.cells[i].width = Mm(width)
    for i, header in enumerate(headers):
        _cell(table.rows[0].cells[i], header, font=HEI, shade="E7E6E6")
    _cell(table.rows[1].cells[0], "{%tr " + loop + " %}")
    for i, text in enumerate(cells):
        _cell(table.rows[2].cells[i], text, align=(align or {}).get(i))
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    return table


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("— "), SONG, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    _fonts(footer.add_run(" —"), SONG, 14)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    for name, font in (("Heading 1", HEI), ("Heading 2", KAI)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.bold = font, Pt(BODY_PT), False
        style.font.color.rgb = BLACK
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)


def _header(document) -> None:
    _paragraph(document, "督 查 通 报", font=SONG, size=48, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
               exact=False, before=0, after=6)  # fmt: skip
    _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    line = _paragraph(document, "{{ office }}\t{{ date }}", size=14, exact=False, after=2)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _border(line, "bottom", size=24, color="E00000", space=4)
    _paragraph(document, "", exact=False, after=6)
    _paragraph(document, "{{ title }}", font=SONG, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False,
               after=12)  # fmt: skip
    _paragraph(document, "{{ addressees }}")


def _ranking(document) -> None:
    _paragraph(document, "二、测评排名", font=HEI, style="Heading 1")
    _tag(document, "{%p for group in groups %}")
    _paragraph(document, "（{{ group.ordinal }}）{{ group.label }}", font=KAI, indent=True, style="Heading 2")
    _paragraph(document, "{{ group.summary }}", indent=True)
    _table(
        document, ["名次", "单位", "得分", "较上轮", "榜单"],
        ["{{ row.rank }}", "{{ row.name }}", "{{ row.score }}", "{{ row.change }}", "{{ row.board }}"],
        [16, 68, 28, 22, 22], loop="for row in group.rows", align={1: WD_ALIGN_PARAGRAPH.LEFT},
    )  # fmt: skip
    _paragraph(document, "{{ group.chart }}", align=WD_ALIGN_PARAGRAPH.CENTER, exact=False, before=6)
    _paragraph(document, "", exact=False)
    _tag(document, "{%p endfor %}")
    _paragraph(document, "三、红黑榜", font=HEI, style="Heading 1")
    _tag(document, "{%p for group in groups %}")
    _paragraph(document, "{{ group.label }}红榜：{{ group.red_names }}；黑榜：{{ group.black_names }}。", indent=True)
    _tag(document, "{%p endfor %}")


def _problems(document) -> None:
    _paragraph(document, "四、存在的主要问题", font=HEI, style="Heading 1")
    _paragraph(document, "{{ problem_summary }}", indent=True)
    _tag(document, "{%p if category_chart %}")
    _paragraph(document, "{{ category_chart }}", align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if problems %}")
    left = WD_ALIGN_PARAGRAPH.LEFT
    _table(
        document, ["序号", "点位", "问题描述", "责任单位", "整改情况"],
        ["{{ p.no }}", "{{ p.site }}", "{{ p.description }}", "{{ p.unit }}", "{{ p.status }}"],
        [12, 30, 56, 30, 28], loop="for p in problems", align={1: left, 2: left, 3: left, 4: left},
    )  # fmt: skip
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if photo_problems %}")
    _paragraph(document, "典型问题整改前后对比如下：", indent=True, before=6)
    _tag(document, "{%p for p in photo_problems %}")
    _paragraph(document, "{{ loop.index }}. {{ p.site }}：{{ p.description }}（{{ p.unit }}，{{ p.status }}）",
               size=12, exact=False, before=6, after=2)  # fmt: skip
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (label, key) in enumerate((("整改前", "before"), ("整改后", "after"))):
        _cell(table.rows[0].cells[i], label, font=HEI, size=11, shade="F2F2F2")
        _cell(table.rows[1].cells[i], "{{ p." + key + " or '（暂无照片）' }}", size=11)
        for row in table.rows:
            row.cells[i].width = Mm(78)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")


def _closing(document) -> None:
    _paragraph(document, "五、约谈单位", font=HEI, style="Heading 1")
    _paragraph(document, "{{ summons_intro }}", indent=True)
    _tag(document, "{%p if summoned %}")
    _table(
        document, ["序号", "单位", "约谈事由"], ["{{ s.no }}", "{{ s.name }}", "{{ s.reason }}"], [12, 46, 98],
        loop="for s in summoned", align={1: WD_ALIGN_PARAGRAPH.LEFT, 2: WD_ALIGN_PARAGRAPH.LEFT},
    )  # fmt: skip
    _tag(document, "{%p endif %}")
    _paragraph(document, "六、工作要求", font=HEI, style="Heading 1")
    _tag(document, "{%p for text in requirements %}")
    _paragraph(document, "（{{ loop.index }}）{{ text }}", indent=True)
    _tag(document, "{%p endfor %}")
    _paragraph(document, "", exact=False, after=24)
    for text in ("{{ office }}", "{{ date }}"):
        signature = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = Pt(BODY_PT * 2)
    _paragraph(document, "", exact=False, after=36)
    _tag(document, "{%p if copy_to %}")
    copy = _paragraph(document, "抄送：{{ copy_to }}", size=14, exact=False, before=4, after=4)
    _border(copy, "top", size=4, color="000000", space=4)
    _tag(document, "{%p endif %}")
    printed = _paragraph(document, "{{ office }}\t{{ date }}印发", size=14, exact=False, before=4, after=4)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _border(printed, "top", size=4, color="000000", space=4)
    _border(printed, "bottom", size=4, color="000000", space=4)


def build_default_template() -> bytes:
    """The default template as .docx bytes (not yet normalised: the renderer fixes dates and zip times)."""
    document = Document()
    _styles(document)
    _page(document)
    body = document.element.body
    if len(body) and body[0].tag == qn("w:p"):  # python-docx's blank first paragraph
        body.remove(body[0])
    _header(document)
    _paragraph(document, "一、基本情况", font=HEI, style="Heading 1")
    _paragraph(document, "{{ summary }}", indent=True)
    _ranking(document)
    _problems(document)
    _closing(document)
    core = document.core_properties
    core.title, core.author, core.comments = "督查通报模板", "", ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
