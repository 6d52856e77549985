"""The circular (督查通报) of the demo's latest round in chromium: the office opens it, downloads the
Word and PDF files, and reads the page previews; a leader and a unit read it too; the office issues
another from the list. Screenshots 60-66 in var/screenshots/, with page 1 as pdftoppm renders it."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document

from chuangwen.e2e.fixtures import SCREENSHOTS, login, shot, wait_until

pytestmark = pytest.mark.browser


def _download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def _ranking_names(docx: bytes) -> list[str]:
    names = []
    for table in Document(io.BytesIO(docx)).tables:
        if [c.text for c in table.rows[0].cells][:3] == ["名次", "单位", "得分"]:
            names += [row.cells[1].text for row in table.rows[1:]]
    return names


def test_office_opens_the_latest_circular_downloads_it_and_previews_its_pages(new_page):
    page = new_page(1366, 900)
    login(page, "office")
    page.goto("circulars/")
    assert page.locator("#page-title").inner_text() == "督查通报"
    rows = page.locator("#circular-table tbody tr")
    assert rows.count() >= 1
    shot(page, "60-circular-list", full_page=False)
    number = rows.first.get_attribute("data-number")
    rows.first.locator("a.circular-link").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#circular-number").inner_text() == number
    wait_until(page, "() => document.querySelector('#page-1').naturalWidth > 0")
    shot(page, "61-circular-detail", full_page=False)

    docx = _download(page, "#download-docx")
    names = _ranking_names(docx)
    assert "江南区" in names and len(names) >= 20
    assert len(Document(io.BytesIO(docx)).inline_shapes) >= 3
    media = [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/media/")]
    assert any(n.endswith(".jpg") for n in media)  # a problem's photo (the charts are PNG)
    pdf = _download(page, "#download-pdf")
    assert pdf.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "circular.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
        images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True).stdout.decode()
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(SCREENSHOTS / "63-circular-pdf-page1")], check=True)  # fmt: skip
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "4", "-l", "4", "-singlefile", str(path),
                        str(SCREENSHOTS / "64-circular-pdf-page4")], check=True)  # fmt: skip
    assert number in text and "江南区" in text and "约谈单位" in text
    assert "Noto" in fonts and " yes " in fonts
    assert " jpeg " in images  # a problem's photo, as in the Word file

    page.click("#preview-link")
    page.wait_for_load_state("networkidle")
    images = page.locator("#preview-pages img.page-image")
    assert images.count() >= 2
    wait_until(page, "() => document.querySelector('#page-1').naturalWidth > 500")
    wait_until(page, "() => document.querySelector('#page-2').naturalWidth > 500")
    shot(page, "62-circular-preview", full_page=False)


def test_a_leader_and_a_unit_read_the_circular(new_page):
    for username in ("leader", "handler"):
        page = new_page()
        login(page, username)
        page.goto("circulars/")
        assert page.locator("#circular-table tbody tr").count() >= 1
        assert page.locator("#issue-form").count() == 0
    shot(page, "65-circular-list-unit", full_page=False)


def test_office_issues_a_circular_for_another_round(new_page):
    page = new_page(1366, 900)
    login(page, "office")
    page.goto("circulars/")
    before = page.locator("#circular-table tbody tr").count()
    options = page.locator("#id_round option")
    assert options.count() >= 2
    page.select_option("#id_round", index=1)  # the round before the latest
    page.click("#issue-button")
    page.wait_for_load_state("networkidle")
    assert "〔" in page.locator("#circular-number").inner_text()
    page.goto("circulars/")
    assert page.locator("#circular-table tbody tr").count() == before + 1
    shot(page, "66-circular-issued", full_page=False)
