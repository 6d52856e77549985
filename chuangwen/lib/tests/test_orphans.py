"""The orphan sweep: stored files older than a day that no row names go, with one audit event;
files a row names, young files and a circular's page previews stay."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from PIL import Image

from chuangwen.audit.labels import event_label
from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import Channel, ReportPhoto
from chuangwen.citizens.services.intake import submit_report
from chuangwen.lib import orphans, uploads

pytestmark = pytest.mark.django_db
TWO_DAYS = 2 * 24 * 3600


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _stored(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def _age(settings, *names: str, seconds: float = TWO_DAYS) -> None:
    moment = time.time() - seconds
    for name in names:
        os.utime(Path(settings.MEDIA_ROOT) / name, (moment, moment))


@pytest.fixture
def registered(world):
    """A hotline report with one photo, registered by the office, its files two days old."""
    photo = uploads.accept_image(_photo(), folder="citizens")
    report = submit_report(
        actor=world.office_admin, channel=Channel.HOTLINE, external_ref="12345-1", description="井盖缺失",
        address="东华路", photos=[photo],
    )  # fmt: skip
    return report, photo


def test_it_removes_an_old_file_no_row_names_and_keeps_the_rest(settings, registered):
    _report, kept = registered
    orphan = uploads.accept_image(_photo(), folder="citizens")  # a worker died before the row
    young = uploads.accept_image(_photo(), folder="citizens")  # a request still running
    _age(settings, *kept.names, *orphan.names)

    result = orphans.sweep()

    assert sorted(result.removed) == sorted(orphan.names)
    assert _stored(settings) == {*kept.names, *young.names}
    event = AuditEvent.objects.get(event_type="media.orphans_swept")
    assert event.actor is None and event.actor_name == "system"
    assert event_label(event) == "清理无记录的存储文件"
    assert event.after["count"] == 2
    assert sorted(event.after["files"]) == sorted(orphan.names)


def test_a_second_run_finds_nothing_and_records_nothing(settings, registered):
    orphan = uploads.accept_image(_photo(), folder="citizens")
    _age(settings, *orphan.names, *registered[1].names)
    orphans.sweep()
    assert orphans.sweep().removed == []
    assert AuditEvent.objects.filter(event_type="media.orphans_swept").count() == 1


def test_a_dry_run_lists_and_changes_nothing(settings, registered):
    orphan = uploads.accept_image(_photo(), folder="citizens")
    _age(settings, *orphan.names)
    result = orphans.sweep(dry_run=True)
    assert sorted(result.removed) == sorted(orphan.names)
    assert set(orphan.names) <= _stored(settings)
    assert not AuditEvent.objects.filter(event_type="media.orphans_swept").exists()


def test_a_file_named_in_a_column_missing_from_the_list_is_kept(settings, world):
    """The safety net: before anything goes, every other text column of the project is asked."""
    stored = uploads.accept_image(_photo(), folder="citizens")
    _age(settings, *stored.names)
    type(world.dept_b).objects.filter(pk=world.dept_b.pk).update(name=stored.name)
    assert orphans.sweep().removed == [stored.thumb_name]


def test_a_circulars_page_preview_belongs_to_its_pdf(settings):
    root = Path(settings.MEDIA_ROOT) / "circulars" / "2026"
    root.mkdir(parents=True)
    for name in ("ab12.pdf", "ab12-p1.png", "ab12-p2.png", "ff00-p1.png"):
        (root / name).write_bytes(b"x")
    _age(settings, *(f"circulars/2026/{n}" for n in ("ab12.pdf", "ab12-p1.png", "ab12-p2.png", "ff00-p1.png")))
    with mock.patch.object(orphans, "_path_values", return_value=["circulars/2026/ab12.pdf"]):
        assert orphans.sweep().removed == ["circulars/2026/ff00-p1.png"]


def test_files_outside_the_upload_folders_and_dotfiles_are_never_touched(settings):
    root = Path(settings.MEDIA_ROOT)
    for name in ("backup/2025.tar", "citizens/.keep", "citizens/2026/12/lost.jpg"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    _age(settings, "backup/2025.tar", "citizens/.keep", "citizens/2026/12/lost.jpg")
    assert orphans.sweep().removed == ["citizens/2026/12/lost.jpg"]
    assert _stored(settings) == {"backup/2025.tar", "citizens/.keep"}


def test_the_command_sweeps_and_says_what_it_did(settings, registered):
    orphan = uploads.accept_image(_photo(), folder="citizens")
    out = io.StringIO()
    call_command("sweep_orphan_files", "--dry-run", "--older-than", "0", stdout=out)
    assert "would remove 2" in out.getvalue() and orphan.name in out.getvalue()
    call_command("sweep_orphan_files", stdout=out)  # a day by default: nothing is that old
    assert "removed 0" in out.getvalue()
    call_command("sweep_orphan_files", "--older-than", "0", stdout=out)
    assert "removed 2" in out.getvalue()
    assert not set(orphan.names) & _stored(settings)
    assert ReportPhoto.objects.count() == 1


def test_every_column_that_holds_a_stored_file_is_listed():
    """New photo or document columns belong in PATH_COLUMNS (the safety net would keep their files,
    at the price of a scan of every column)."""
    listed = {f"{model._meta.label}.{name}" for model, name in orphans.path_columns()}
    looks_like_a_file = ("image", "thumbnail", "original", "file", "docx", "pdf", "cover_image", "cover_thumbnail")
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("chuangwen.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.name in looks_like_a_file
    }
    assert found <= listed
