"""A circular whose problems carry control characters (kept from before they were stopped at the
input, or typed into the office's own settings) still issues, in Word and in PDF, and shows the
text as text: nothing a citizen wrote becomes markup."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.files.storage import default_storage
from docx import Document

from chuangwen.circulars import services
from chuangwen.problems.models import Problem

pytestmark = pytest.mark.django_db

# The problem table folds white space: \x0b and \x1f count as such and show as one space.
WRITTEN = '井盖\x0b缺失\x08 <b>加粗</b> & =HYPERLINK("http://x","y") \x1f{{ title }}'
SHOWN = '井盖 缺失 <b>加粗</b> & =HYPERLINK("http://x","y") {{ title }}'


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _pdf_text(pdf: bytes, folder) -> str:
    path = folder / "circular.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


@pytest.fixture
def circular(world, scored):
    Problem.objects.filter(pk=scored.problem.pk).update(description=WRITTEN)  # as stored before the fix
    services.update_settings(world.office_staff, copy_to="市委办公室\x0b")
    return services.issue_circular(world.office_staff, scored.round)


def test_the_word_file_shows_the_description_as_written_without_control_characters(circular):
    document = Document(io.BytesIO(_read(circular.docx)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(SHOWN in text for text in cells)
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "抄送：市委办公室" in paragraphs


def test_the_pdf_shows_the_description_as_written(circular, tmp_path):
    text = " ".join(_pdf_text(_read(circular.pdf), tmp_path).split())
    assert "井盖 缺失" in text and "<b>加粗</b>" in text and "=HYPERLINK" in text
