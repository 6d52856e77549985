"""The circular as PDF (WeasyPrint, from circulars/document.html, Noto CJK fonts embedded) and its
pages as PNG (poppler's pdftoppm).

WeasyPrint fetches nothing from outside: pictures come from the content by key (circular:<key>), any
other address is refused. The PDF's dates are the circular's and it carries no random identifier,
so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from PIL import ImageFile

# WeasyPrint reports every step at INFO (from its import on): a circular is routine, not news for the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# WeasyPrint's import tells Pillow, for the whole process, to accept truncated images. The circular's
# pictures are our own complete files; uploads must keep refusing truncated ones (lib.uploads).
ImageFile.LOAD_TRUNCATED_IMAGES = False

from chuangwen.circulars.content import Content  # noqa: E402
from chuangwen.lib.text import clean_data  # noqa: E402

SCHEME = "circular:"
PREVIEW_DPI = 80


class _Pictures(URLFetcher):
    """Serves the content's pictures; refuses files and the network."""

    def __init__(self, images: dict[str, bytes]):
        super().__init__(fail_on_errors=True, allowed_protocols=["circular"])
        self.images = images

    def fetch(self, url, headers=None):
        if not url.startswith(SCHEME) or url[len(SCHEME) :] not in self.images:
            raise ValueError(f"not a picture of this circular: {url[:60]}")
        data = self.images[url[len(SCHEME) :]]
        kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        return URLFetcherResponse(url, body=data, headers={"Content-Type": kind})


def html(content: Content, moment: datetime.datetime) -> str:
    stamp = (
        timezone.localtime(moment).replace(microsecond=0).isoformat()
        if timezone.is_aware(moment)
        else moment.isoformat()
    )
    context = clean_data(content.context())  # no control characters in the page (lib.text)
    return render_to_string("circulars/document.html", {**context, "created": stamp, "scheme": SCHEME})


def render(content: Content, moment: datetime.datetime) -> tuple[bytes, int]:
    """(PDF bytes, number of pages)."""
    document = HTML(string=html(content, moment), url_fetcher=_Pictures(content.images)).render()
    return document.write_pdf(), len(document.pages)


def page_png(pdf: bytes, page: int, dpi: int = PREVIEW_DPI) -> bytes:
    """One page of the PDF as PNG (pages count from 1)."""
    executable = shutil.which("pdftoppm")
    if executable is None:
        raise RuntimeError("pdftoppm is not installed (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="circular-") as folder:
        source = Path(folder) / "circular.pdf"
        source.write_bytes(pdf)
        target = Path(folder) / "page"
        subprocess.run(
            [executable, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(source), str(target)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        return target.with_suffix(".png").read_bytes()
