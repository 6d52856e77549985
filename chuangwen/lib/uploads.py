"""Accepting uploaded photos and documents safely: judge by content, re-encode, store under random names.

`accept_image` decodes a photo fully with Pillow, reads its GPS position and capture time from
EXIF, then stores a re-encoded JPEG with no metadata (and a thumbnail beside it).
`accept_document` keeps PDF and Office files byte for byte after checking what they really are;
photos among the materials go through `accept_image`. The client's file name and content type
are never trusted: the name is kept only for display. Every refusal is a `DomainError` raised
before anything is written; a failure while writing removes what was already written.
Files written inside a transaction are removed if that transaction (or the savepoint they were
written in) rolls back; callers that store before their transaction remove the files with
`delete_stored` when it fails, and `manage.py sweep_orphan_files` removes what a killed worker
left (chuangwen/lib/orphans.py).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import uuid
import weakref
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal, InvalidOperation

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageFile, ImageOps

from chuangwen.lib.errors import DomainError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
THUMB_EDGE = 400
JPEG_QUALITY = 85
THUMB_QUALITY = 80
# Sniffed extension -> the one Pillow plugin allowed to decode it.
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG", "apng": "PNG", "webp": "WEBP", "heic": "HEIF"}
FOLDER_RE = re.compile(r"^[a-z0-9_-]+(/[a-z0-9_-]+)*$")
UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LNG_REF, GPS_LNG = 1, 2, 3, 4

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Stream names in an OLE compound file's directory (UTF-16LE) -> (extension, content type).
OLE_KINDS = [
    ("WordDocument", "doc", "application/msword"),
    ("Workbook", "xls", "application/vnd.ms-excel"),
    ("Book", "xls", "application/vnd.ms-excel"),
    ("PowerPoint Document", "ppt", "application/vnd.ms-powerpoint"),
]
OOXML_KINDS = [
    ("word/document.xml", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
]


@dataclass(frozen=True)
class StoredImage:
    name: str
    thumb_name: str
    width: int
    height: int
    bytes: int
    sha256: str
    lat: Decimal | None
    lng: Decimal | None
    taken_at: datetime | None
    original_name: str
    original: str | None = None  # the uploaded bytes as they came, when asked to keep them

    @property
    def names(self) -> tuple[str, ...]:
        """Everything written for this image, for `delete_stored(*stored.names)`."""
        return (self.name, self.thumb_name, self.original) if self.original else (self.name, self.thumb_name)


@dataclass(frozen=True)
class StoredFile:
    name: str
    bytes: int
    sha256: str
    content_type: str
    original_name: str
    thumb_name: str | None = None  # set when the material was a photo

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.thumb_name) if self.thumb_name else (self.name,)


def accept_image(
    uploaded_file,
    *,
    folder: str,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    keep_original: bool = False,
    stamp: Callable[[Image.Image, StoredImage], Image.Image] | None = None,
) -> StoredImage:
    """Check, clean and store one uploaded photo, or raise DomainError(field="photos").

    `keep_original` also stores the uploaded bytes unchanged (evidence: the inspector's photo as
    the phone wrote it); `stamp(img, info)` draws on the cleaned copy before it is encoded, with
    `info` carrying the position and time read from the photo."""
    max_bytes = max_bytes or getattr(settings, "UPLOAD_IMAGE_MAX_BYTES", 15 * MB)
    if uploaded_file is None:
        raise DomainError(_("请选择要上传的图片"), field="photos")
    data = _read_limited(uploaded_file, max_bytes, _("图片过大（上限 %(mb)s MB）"), "photos")
    return _store_image(
        data, uploaded_file, folder=folder, max_pixels=max_pixels, field="photos", keep_original=keep_original,
        stamp=stamp,
    )  # fmt: skip


def _store_image(
    data: bytes,
    uploaded_file,
    *,
    folder: str,
    max_pixels: int | None,
    field: str,
    keep_original: bool = False,
    stamp=None,
) -> StoredImage:
    max_pixels = max_pixels or getattr(settings, "UPLOAD_IMAGE_MAX_PIXELS", 50_000_000)
    max_edge = getattr(settings, "UPLOAD_IMAGE_MAX_EDGE", 2560)
    img = _decode(data, max_pixels, max_edge, field)
    exif = img.getexif()  # read before anything drops it
    lat, lng = _gps_position(exif.get_ifd(GPS_IFD))
    taken_at = _taken_at(exif.get_ifd(EXIF_IFD))
    img.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    img = _to_rgb(ImageOps.exif_transpose(img))
    if stamp is not None:
        info = StoredImage("", "", img.width, img.height, 0, "", lat, lng, taken_at, "")
        img = stamp(img, info)
    main = _encode_jpeg(img, JPEG_QUALITY)
    thumb_img = img.copy()
    thumb_img.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    thumb = _encode_jpeg(thumb_img, THUMB_QUALITY)
    stem = _random_stem(folder)
    files = [(f"{stem}.jpg", main), (f"{stem}_thumb.jpg", thumb)]
    if keep_original:
        kind = filetype.guess(data)
        files.append((f"{stem}_original.{kind.extension if kind else 'bin'}", data))
    saved = _save_all(files)
    name, thumb_name = saved[0], saved[1]
    return StoredImage(
        name=name,
        thumb_name=thumb_name,
        width=img.width,
        height=img.height,
        bytes=len(main),
        sha256=hashlib.sha256(main).hexdigest(),
        lat=lat,
        lng=lng,
        taken_at=taken_at,
        original_name=sanitize_name(getattr(uploaded_file, "name", "")),
        original=saved[2] if keep_original else None,
    )


def _decode(data: bytes, max_pixels: int, max_edge: int, field: str) -> Image.Image:
    """Open with the one plugin the content calls for, refuse bombs, decode every pixel."""
    kind = filetype.guess(data)
    plugin = IMAGE_FORMATS.get(kind.extension) if kind else None
    if plugin == "HEIF" and plugin not in Image.OPEN:
        raise DomainError(
            _("暂不支持 HEIC 格式的照片，请在手机相机设置中选择“兼容性最佳”，或转换为 JPG 后重新上传"), field=field
        )
    if plugin is None:
        raise DomainError(_("文件不是有效的图片（支持 JPG、PNG、WebP）"), field=field)
    too_big = DomainError(
        _("图片尺寸过大（上限 %(mp)s 百万像素）") % {"mp": _decimal_text(max_pixels / 1e6)}, field=field
    )
    try:
        img = Image.open(io.BytesIO(data), formats=[plugin])  # reads the header only
        if img.width * img.height > max_pixels:
            raise too_big
        if plugin == "JPEG":
            img.draft(None, (2 * max_edge, 2 * max_edge))  # decode big JPEGs at 1/2..1/8 scale
        ImageFile.LOAD_TRUNCATED_IMAGES = False  # a library may have turned it on (WeasyPrint does)
        img.load()
    except Image.DecompressionBombError:  # beyond Pillow's own limit, before our check could run
        raise too_big from None
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - a corrupt file makes Pillow's decoders raise many kinds
        raise DomainError(_("图片已损坏或不完整，无法读取"), field=field) from None
    return img


def _to_rgb(img: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent pixels become white rather than black."""
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        img = img.convert("I").point(lambda v: v / 256).convert("L")  # 16-bit greyscale
    return img if img.mode == "RGB" else img.convert("RGB")


def _encode_jpeg(img: Image.Image, quality: int) -> bytes:
    img.info = {}  # Pillow would copy a JPEG comment from here; no metadata leaves this module
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _gps_position(gps) -> tuple[Decimal | None, Decimal | None]:
    """EXIF GPS degrees/minutes/seconds + N/S/E/W refs as decimal degrees (WGS-84, 7 places)."""
    lat = _dms(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), "S", 90)
    lng = _dms(gps.get(GPS_LNG), gps.get(GPS_LNG_REF), "W", 180)
    if lat is None or lng is None or (lat == 0 and lng == 0):  # 0,0 is what broken devices write
        return None, None
    return lat, lng


def _dms(value, ref, negative_ref: str, limit: int) -> Decimal | None:
    try:
        parts = [Decimal(str(float(part))) for part in value]
        if not 1 <= len(parts) <= 3 or any(not part.is_finite() or part < 0 for part in parts):
            return None
        degrees = sum(part / 60**i for i, part in enumerate(parts))
    except (TypeError, ValueError, ZeroDivisionError, InvalidOperation):
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative_ref:
        degrees = -degrees
    if abs(degrees) > limit:
        return None
    return degrees.quantize(Decimal("0.0000001"))


def _taken_at(exif_ifd) -> datetime | None:
    """DateTimeOriginal, with OffsetTimeOriginal when present, else in the site's time zone."""
    raw = exif_ifd.get(DATETIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = exif_ifd.get(OFFSET_TIME_ORIGINAL)
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", offset.strip("\x00 ")) if isinstance(offset, str) else None
    if match:
        delta = timedelta(hours=int(match[2]), minutes=int(match[3]))
        return naive.replace(tzinfo=dt_timezone(-delta if match[1] == "-" else delta))
    try:
        return timezone.make_aware(naive)
    except (ValueError, OverflowError):
        return None


def accept_document(uploaded_file, *, folder: str, max_bytes: int | None = None) -> StoredFile:
    """Store a PDF, Word, Excel or PowerPoint file as it is, or a photo through accept_image.

    Allowed by content: PDF, DOCX/XLSX/PPTX (a ZIP with [Content_Types].xml and the main part,
    no macros), DOC/XLS/PPT (an OLE file with the matching stream), and JPEG/PNG/WebP photos,
    which are re-encoded without EXIF like any photo. Refusals carry field="files".
    """
    max_bytes = max_bytes or getattr(settings, "UPLOAD_DOCUMENT_MAX_BYTES", 30 * MB)
    if uploaded_file is None:
        raise DomainError(_("请选择要上传的文件"), field="files")
    data = _read_limited(uploaded_file, max_bytes, _("文件过大（上限 %(mb)s MB）"), "files")
    kind = filetype.guess(data)
    if kind is not None and kind.extension in IMAGE_FORMATS:
        image = _store_image(data, uploaded_file, folder=folder, max_pixels=None, field="files")
        return StoredFile(image.name, image.bytes, image.sha256, "image/jpeg", image.original_name, image.thumb_name)
    extension, content_type = _document_kind(data)
    (name,) = _save_all([(f"{_random_stem(folder)}.{extension}", data)])
    return StoredFile(
        name=name,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=content_type,
        original_name=sanitize_name(getattr(uploaded_file, "name", "")),
    )


def _document_kind(data: bytes) -> tuple[str, str]:
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    raise _unsupported()


def _ole_kind(data: bytes) -> tuple[str, str]:
    """Old Office formats by the streams named in the compound file's directory."""
    if _ole_has(data, "EncryptedPackage"):
        raise DomainError(_("文件已加密，请取消密码保护后重新上传"), field="files")
    if any(_ole_has(data, name) for name in ("_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros")):
        raise _macros()
    for stream, extension, content_type in OLE_KINDS:
        if _ole_has(data, stream):
            return extension, content_type
    raise _unsupported()


def _ole_has(data: bytes, name: str) -> bool:
    """A directory entry with this name: 128-byte aligned, UTF-16LE, its length (with NUL) at +64."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    start = data.find(encoded, 512)
    while start != -1:
        if start % 128 == 0 and int.from_bytes(data[start + 64 : start + 66], "little") == len(encoded):
            return True
        start = data.find(encoded, start + 1)
    return False


def _ooxml_kind(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unsupported() from None
    if "[Content_Types].xml" not in names:
        raise _unsupported()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macros()
    for main_part, extension, content_type in OOXML_KINDS:
        if main_part in names:
            return extension, content_type
    raise _unsupported()


def _unsupported() -> DomainError:
    return DomainError(
        _("不支持的文件类型（支持 PDF、Word、Excel、PowerPoint 文档及 JPG、PNG、WebP 图片）"), field="files"
    )


def _macros() -> DomainError:
    return DomainError(_("不接受含宏的 Office 文件，请另存为不含宏的文档后重新上传"), field="files")


def validate_many(files: Sequence, max_count: int, *, field: str = "photos") -> list:
    """Refuse a batch with more than max_count files; returns the files as a list."""
    files = [f for f in (files or []) if f]
    if len(files) > max_count:
        message = ngettext("最多只能上传 %(n)s 个文件", "最多只能上传 %(n)s 个文件", max_count) % {"n": max_count}
        raise DomainError(message, field=field)
    return files


def delete_stored(*names: str | None) -> None:
    """Remove stored files quietly (a rolled-back transaction); empty names and missing files are skipped."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except Exception:  # cleanup must never hide the error that caused it
            logger.warning("could not delete stored upload %s", name, exc_info=True)


def sanitize_name(name: str | None, max_length: int = 100) -> str:
    """The client's file name made safe to display: base name only, no control or path characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = UNSAFE_NAME_CHARS.sub("", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: max_length - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:max_length]
    return name


def _read_limited(uploaded_file, max_bytes: int, message: str, field: str) -> bytes:
    """Read at most max_bytes + 1 bytes (the reported size may lie); refuse more, or nothing."""
    size_message = message % {"mb": _decimal_text(max_bytes / MB)}
    if (getattr(uploaded_file, "size", None) or 0) > max_bytes:
        raise DomainError(size_message, field=field)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(size_message, field=field)
    if not data:
        raise DomainError(_("文件是空的"), field=field)
    return data


def _decimal_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _random_stem(folder: str) -> str:
    if not FOLDER_RE.match(folder or ""):  # a programming error, never the user's
        raise ValueError(f"upload folder must be lower-case path segments, got {folder!r}")
    today = timezone.localdate()
    return f"{folder}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}"


def _save_all(files: list[tuple[str, bytes]]) -> list[str]:
    """Save each (name, bytes); if one fails, remove the ones already saved and re-raise."""
    saved: list[str] = []
    try:
        for name, content in files:
            saved.append(default_storage.save(name, ContentFile(content)))
    except BaseException:
        delete_stored(*saved)
        raise
    remove_on_rollback(*saved)
    return saved


class _CommitMark:
    """The on_commit callback of remove_on_rollback: run, the transaction committed."""

    __slots__ = ("state", "__weakref__")

    def __init__(self, state: dict) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def remove_on_rollback(*names: str) -> None:
    """Inside a transaction: remove these stored files if it rolls back. Django has no on_rollback,
    but it drops the on_commit callbacks of a transaction (or savepoint) that rolls back: a
    callback that was dropped without being run is a rollback. Outside a transaction: nothing."""
    if not names or not transaction.get_connection().in_atomic_block:
        return
    state = {"committed": False}
    mark = _CommitMark(state)
    weakref.finalize(mark, _dropped, state, names).atexit = False
    transaction.on_commit(mark)


def _dropped(state: dict, names: tuple[str, ...]) -> None:
    if not state["committed"]:
        logger.info("transaction rolled back: removing %d stored file(s)", len(names))
        delete_stored(*names)
