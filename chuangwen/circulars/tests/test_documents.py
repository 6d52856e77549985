"""What the issued Word and PDF files show, read back as a person's tools would: python-docx for the
Word file, poppler (pdftotext, pdffonts, pdfimages, pdfinfo, pdftoppm) for the PDF."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from docx import Document

from chuangwen.circulars import content, services
from chuangwen.circulars.models import CircularSettings

pytestmark = pytest.mark.django_db


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _poppler(tool: str, pdf: bytes, *args: str, folder) -> str:
    path = folder / "circular.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, check=True).stdout.decode()  # fmt: skip


@pytest.fixture
def circular(world, scored):
    services.update_settings(world.office_staff, copy_to="市委办公室")
    return services.issue_circular(world.office_staff, scored.round)


def _ranking_rows(document) -> list[list[str]]:
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:3] == ["名次", "单位", "得分"]:
            yield from ([c.text for c in row.cells] for row in table.rows[1:])


def test_the_word_file_has_the_header_the_ranking_table_and_pictures(circular, world):
    data = _read(circular.docx)
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督 查 通 报" in text and circular.number in text and circular.title in text
    assert "示范市精神文明建设指导委员会办公室" in text
    rows = list(_ranking_rows(document))
    by_name = {row[1]: row for row in rows}
    assert {world.district_a.name, world.street_a.name, world.dept_a.name} <= set(by_name)
    assert by_name[world.dept_a.name][0] == "1" and by_name[world.dept_a.name][2] == "0.00"
    problems = [t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "点位"]]
    assert problems and problems[0].rows[1].cells[1].text == "东华路"
    assert "无乱扔垃圾" in problems[0].rows[1].cells[2].text
    assert len(document.inline_shapes) >= 4  # charts, the before and the after photo
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) >= 3
    assert document.core_properties.title == circular.title
    assert document.core_properties.created.date() == circular.issued_on
    assert "抄送：市委办公室" in text


def test_the_pdf_shows_the_ranking_and_embeds_a_cjk_font_and_pictures(circular, world, tmp_path):
    pdf = _read(circular.pdf)
    text = _poppler("pdftotext", pdf, "-layout", folder=tmp_path)
    assert "督查通报" in text.replace(" ", "") and circular.number in text
    assert world.dept_a.name in text and world.district_a.name in text and "0.00" in text
    assert "东华路" in text and "约谈单位" in text
    fonts = _poppler("pdffonts", pdf, folder=tmp_path).splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the "emb" column
    images = _poppler("pdfimages", pdf, "-list", folder=tmp_path).splitlines()[2:]
    assert len(images) >= 3
    info = _poppler("pdfinfo", pdf, "-isodates", folder=tmp_path)
    assert f"Pages:           {circular.pages}" in info
    assert f"CreationDate:    {circular.issued_on.isoformat()}T00:00:00" in info


def test_pages_render_to_png_and_are_kept(circular):
    first = services.page_image(circular, 1)
    assert first.startswith(b"\x89PNG")
    assert services.page_image(circular, 1) == first
    assert services.page_image(circular, circular.pages).startswith(b"\x89PNG")


def test_the_same_data_gives_the_same_documents(world, scored):
    config = CircularSettings.current()
    header = content.Header(
        number="文明督〔2026〕9号", title="关于城区明察督查情况的通报", office=config.issuing_office,
        date=timezone.localdate(), addressees=config.addressees, requirements=["按期整改。"],
    )  # fmt: skip
    now = timezone.now()
    first = services.render_documents(content.build(scored.round, scored.run, header, now), None)
    second = services.render_documents(content.build(scored.round, scored.run, header, now), None)
    assert first[0] == second[0]  # DOCX
    assert first[1] == second[1]  # PDF
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first[0])).infolist()}
    assert stamps == {(header.date.year, header.date.month, header.date.day, 0, 0, 0)}


def test_the_default_template_download_is_stable_and_has_the_placeholders():
    from chuangwen.circulars import docx_render

    data = docx_render.default_template()
    assert data == docx_render.normalize(
        docx_render.build_default_template(), docx_render.datetime.datetime(2026, 1, 1), title="督查通报模板"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "{{ number }}" in text and "{%p for group in groups %}" in text
