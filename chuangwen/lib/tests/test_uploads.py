import hashlib
import io
import random
import struct
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.timezone import localdate
from docx import Document
from openpyxl import Workbook
from PIL import Image, TiffImagePlugin

from chuangwen.lib import uploads
from chuangwen.lib.errors import DomainError

# ---------------------------------------------------------------------------- fixtures built here


def _jpeg(img, **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", **save_kwargs)
    return buffer.getvalue()


def _png(img) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def _red_left_blue_right(size=(200, 100)):
    img = Image.new("RGB", size, "blue")
    img.paste(Image.new("RGB", (size[0] // 2, size[1]), "red"), (0, 0))
    return img


def _photo_with_exif(lat_ref="S", lng_ref="W", orientation=6, offset=None) -> bytes:
    img = _red_left_blue_right()
    exif = img.getexif()
    exif[0x0112] = orientation
    exif[0x8825] = {
        1: lat_ref,
        2: (
            TiffImagePlugin.IFDRational(30, 1),
            TiffImagePlugin.IFDRational(36, 1),
            TiffImagePlugin.IFDRational(1850, 100),
        ),
        3: lng_ref,
        4: (114.0, 18.0, 0.0),
    }
    exif[0x8769] = {0x9003: "2026:03:01 09:30:00", **({0x9011: offset} if offset else {})}
    return _jpeg(img, exif=exif, comment=b"secret-comment")


def _noise(size=(300, 200)):
    rng = random.Random(7)
    return Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))


def _png_header_only(width, height) -> bytes:
    """A PNG that claims huge dimensions in a few dozen bytes: the shape of a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ole(*streams: str) -> bytes:
    """A minimal OLE compound file: header sector, then directory entries with these names."""
    header = uploads.OLE_MAGIC + b"\0" * (512 - len(uploads.OLE_MAGIC))
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entries += encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded)) + b"\0" * 62
    return header + entries.ljust(512, b"\0")


def _upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _refused(call, *args, **kwargs) -> DomainError:
    with translation.override("zh-hans"), pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    assert _stored_files() == []
    return info.value


# ---------------------------------------------------------------------------- photos


def test_it_stores_a_photo_rotated_without_any_metadata_and_returns_its_gps_position():
    stored = uploads.accept_image(_upload(_photo_with_exif()), folder="problems")

    assert stored.name.startswith(f"problems/{localdate():%Y/%m}/") and stored.name.endswith(".jpg")
    assert len(Path(stored.name).stem) == 32
    data = default_storage.open(stored.name).read()
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG" and img.size == (100, 200) == (stored.width, stored.height)
    assert img.getpixel((50, 10))[0] > 200 and img.getpixel((50, 190))[2] > 200  # red on top: rotated
    assert dict(img.getexif()) == {}
    assert b"secret-comment" not in data and b"Exif" not in data
    assert stored.bytes == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.lat == Decimal("-30.6051389") and stored.lng == Decimal("-114.3000000")
    assert stored.taken_at == datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert stored.original_name == "photo.jpg"


def test_it_reads_north_east_positions_as_positive_and_uses_the_exif_time_offset():
    stored = uploads.accept_image(_upload(_photo_with_exif("N", "E", orientation=1, offset="-05:00")), folder="p")
    assert stored.lat == Decimal("30.6051389") and stored.lng == Decimal("114.3000000")
    assert stored.taken_at == datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert (stored.width, stored.height) == (200, 100)


def test_it_returns_no_position_when_the_photo_has_none():
    stored = uploads.accept_image(_upload(_jpeg(_noise())), folder="p")
    assert (stored.lat, stored.lng, stored.taken_at) == (None, None, None)


def test_it_writes_a_thumbnail_beside_the_photo_and_downsizes_the_photo():
    stored = uploads.accept_image(_upload(_jpeg(Image.new("RGB", (3000, 1000), "green"))), folder="p")
    assert (stored.width, stored.height) == (2560, 853)
    assert stored.thumb_name == stored.name.removesuffix(".jpg") + "_thumb.jpg"
    thumb = Image.open(default_storage.open(stored.thumb_name))
    assert max(thumb.size) <= 400 and thumb.size == (400, 133)
    assert len(_stored_files()) == 2


def test_it_honours_a_smaller_maximum_edge_setting(settings):
    settings.UPLOAD_IMAGE_MAX_EDGE = 500
    stored = uploads.accept_image(_upload(_jpeg(_noise((1600, 1200)))), folder="p")
    assert (stored.width, stored.height) == (500, 375)


def test_it_accepts_a_png_with_alpha_on_a_white_background():
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    img.paste(Image.new("RGBA", (50, 100), (255, 0, 0, 255)), (0, 0))
    stored = uploads.accept_image(_upload(_png(img), name="截图.png", content_type="image/png"), folder="p")
    out = Image.open(default_storage.open(stored.name))
    assert out.mode == "RGB" and out.format == "JPEG"
    assert out.getpixel((10, 50))[0] > 230 and out.getpixel((10, 50))[1] < 30
    assert min(out.getpixel((90, 50))) > 240  # transparent became white
    assert stored.original_name == "截图.png"


def test_it_accepts_webp_and_palette_images():
    buffer = io.BytesIO()
    _noise().save(buffer, "WEBP")
    assert uploads.accept_image(_upload(buffer.getvalue()), folder="p").width == 300
    palette = _noise().convert("P")
    assert uploads.accept_image(_upload(_png(palette)), folder="p").width == 300


def test_it_refuses_a_text_file_named_jpg_and_stores_nothing():
    error = _refused(uploads.accept_image, _upload(b"hello, not a photo\n" * 20), folder="p")
    assert error.message == "文件不是有效的图片（支持 JPG、PNG、WebP）"
    assert error.field == "photos"


@pytest.mark.parametrize(
    "data",
    [b"<!DOCTYPE html><html><script>alert(1)</script></html>", b"MZ\x90\x00" + b"\0" * 200, b"GIF89a" + b"\0" * 100],
)
def test_it_refuses_html_executables_and_other_formats(data):
    assert "不是有效的图片" in _refused(uploads.accept_image, _upload(data), folder="p").message


def test_it_refuses_heic_with_advice_when_pillow_cannot_decode_it():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 64
    assert "HEIC" in _refused(uploads.accept_image, _upload(heic, name="IMG_0001.HEIC"), folder="p").message


def test_it_refuses_an_oversized_file(settings):
    error = _refused(uploads.accept_image, _upload(_jpeg(_noise())), folder="p", max_bytes=1000)
    assert "图片过大" in error.message
    settings.UPLOAD_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    error = _refused(uploads.accept_image, _upload(b"\xff\xd8\xff" + b"\0" * (2 * 1024 * 1024)), folder="p")
    assert error.message == "图片过大（上限 2 MB）"


def test_it_refuses_a_file_whose_reported_size_lies():
    upload = _upload(_jpeg(_noise()))
    upload.size = 10
    assert "图片过大" in _refused(uploads.accept_image, upload, folder="p", max_bytes=1000).message


@pytest.mark.parametrize("side", [9_000, 30_000])  # over our limit; over Pillow's own
def test_it_refuses_a_decompression_bomb_before_decoding_it(side):
    bomb = _png_header_only(side, side)
    assert len(bomb) < 200
    assert "图片尺寸过大" in _refused(uploads.accept_image, _upload(bomb), folder="p").message


def test_it_refuses_more_pixels_than_max_pixels():
    error = _refused(uploads.accept_image, _upload(_jpeg(_noise())), folder="p", max_pixels=10_000)
    assert error.message == "图片尺寸过大（上限 0.01 百万像素）"


def test_it_refuses_a_truncated_jpeg():
    data = _jpeg(_noise())
    error = _refused(uploads.accept_image, _upload(data[: len(data) // 2]), folder="p")
    assert error.message == "图片已损坏或不完整，无法读取"


def test_it_refuses_an_empty_or_missing_file():
    assert _refused(uploads.accept_image, _upload(b""), folder="p").message == "文件是空的"
    assert _refused(uploads.accept_image, None, folder="p").message == "请选择要上传的图片"


def test_it_removes_the_photo_when_the_thumbnail_cannot_be_written(monkeypatch):
    real_save, calls = FileSystemStorage.save, []

    def failing_save(self, name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", failing_save)
    with pytest.raises(OSError):
        uploads.accept_image(_upload(_jpeg(_noise())), folder="p")
    assert len(calls) == 2 and _stored_files() == []


def test_it_refuses_folders_that_could_escape_media_root():
    for folder in ("../etc", "/abs", "", "Problems", "a//b"):
        with pytest.raises(ValueError):
            uploads.accept_image(_upload(_jpeg(_noise())), folder=folder)


# ---------------------------------------------------------------------------- documents


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("整改报告")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


@pytest.mark.parametrize(
    ("data", "extension", "content_type"),
    [
        (PDF, "pdf", "application/pdf"),
        (_docx(), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_xlsx(), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (PPTX, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (_ole("WordDocument", "1Table"), "doc", "application/msword"),
        (_ole("Workbook"), "xls", "application/vnd.ms-excel"),
    ],
)
def test_it_stores_documents_unchanged_under_their_true_extension(data, extension, content_type):
    stored = uploads.accept_document(_upload(data, name="材料.bin", content_type="text/plain"), folder="materials")
    assert stored.name.startswith("materials/") and stored.name.endswith(f".{extension}")
    assert default_storage.open(stored.name).read() == data
    assert (stored.bytes, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert stored.content_type == content_type and stored.original_name == "材料.bin"
    assert stored.thumb_name is None and stored.names == (stored.name,)


def test_it_sends_photos_among_documents_through_accept_image():
    stored = uploads.accept_document(_upload(_photo_with_exif(), name="现场.jpg"), folder="materials")
    assert stored.content_type == "image/jpeg" and stored.thumb_name
    assert dict(Image.open(default_storage.open(stored.name)).getexif()) == {}
    assert len(_stored_files()) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip({"readme.txt": b"hi", "word/document.xml": b"<w/>"}), "不支持的文件类型"),  # no [Content_Types].xml
        (_zip({"[Content_Types].xml": b"<Types/>", "content.xml": b"<x/>"}), "不支持的文件类型"),
        (_zip({"[Content_Types].xml": b"", "word/document.xml": b"", "word/vbaProject.bin": b""}), "含宏"),
        (b"PK\x03\x04 not really a zip", "不支持的文件类型"),
        (b"MZ\x90\x00\x03" + b"\0" * 300, "不支持的文件类型"),
        (b"<html><body>hi</body></html>", "不支持的文件类型"),
        (b"\x7fELF" + b"\0" * 100, "不支持的文件类型"),
        (_ole("Something"), "不支持的文件类型"),
        (_ole("EncryptedPackage", "EncryptionInfo"), "已加密"),
        (_ole("WordDocument", "Macros", "_VBA_PROJECT"), "含宏"),
        (_jpeg(_noise())[:500], "图片已损坏"),
    ],
)
def test_it_refuses_other_content_and_stores_nothing(data, message):
    error = _refused(uploads.accept_document, _upload(data, name="report.docx"), folder="materials")
    assert message in error.message and error.field == "files"


def test_it_refuses_an_oversized_document(settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 1536 * 1024
    data = PDF + b" " * (1536 * 1024)
    assert _refused(uploads.accept_document, _upload(data), folder="m").message == "文件过大（上限 1.5 MB）"


# ---------------------------------------------------------------------------- helpers


def test_delete_stored_removes_files_and_ignores_missing_ones():
    stored = uploads.accept_image(_upload(_jpeg(_noise())), folder="p")
    uploads.delete_stored(*stored.names, None, "", "p/never/was.jpg")
    assert _stored_files() == []


def test_validate_many_refuses_the_tenth_of_nine():
    files = [_upload(b"x", name=f"{i}.jpg") for i in range(10)]
    assert uploads.validate_many(files[:9], 9) == files[:9]
    with translation.override("zh-hans"), pytest.raises(DomainError) as info:
        uploads.validate_many(files, 9)
    assert info.value.message == "最多只能上传 9 个文件" and info.value.field == "photos"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\整改 照片.JPG", "整改 照片.JPG"),
        ('a<b>c:"d|e?f*\x00\n.pdf', "abcdef.pdf"),
        ("..", ""),
        (None, ""),
        ("长" * 150 + ".docx", "长" * 95 + ".docx"),
    ],
)
def test_sanitize_name_keeps_a_displayable_base_name(raw, clean):
    assert uploads.sanitize_name(raw) == clean
