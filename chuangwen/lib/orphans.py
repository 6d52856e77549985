"""Stored files no row refers to, and the daily sweep that removes them.

Uploads are written before the row that names them (a photo is decoded and stored, then the
service inserts the row in its transaction), and the callers remove the files when the service
refuses or fails. What no `except` can catch is a worker killed between the two (SIGKILL, the OOM
killer, a power cut): the files stay with no row. `sweep` removes them: files in the upload
folders under MEDIA_ROOT, older than a day (a request still running never is), that no column
names. Named means: the value of a column in PATH_COLUMNS or of a FileField of any model, or,
before anything is deleted, of any other CharField of the project's models (so a new path column
missing from the list keeps its files; the list only spares every column a full scan); a
circular's page previews (`<pdf stem>-pN.png`) belong to their PDF. One audit event per run that
removed anything lists what went.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from chuangwen.audit import services as audit
from chuangwen.lib.uploads import delete_stored

logger = logging.getLogger(__name__)

# Columns holding storage names (the uploads of lib/uploads.py and the circulars' documents).
PATH_COLUMNS = (
    "citizens.ReportPhoto.image",
    "citizens.ReportPhoto.thumbnail",
    "problems.ProblemPhoto.image",
    "problems.ProblemPhoto.thumbnail",
    "inspections.CheckPhoto.original",
    "inspections.CheckPhoto.image",
    "inspections.CheckPhoto.thumbnail",
    "publicity.NewsPost.cover_image",
    "publicity.NewsPost.cover_thumbnail",
    "circulars.CircularTemplate.file",
    "circulars.Circular.docx",
    "circulars.Circular.pdf",
)
# The folders uploads are stored in (lib/uploads' `folder=` and the circulars' documents); anything
# else under MEDIA_ROOT (an operator's own files, dotfiles) is never touched.
UPLOAD_FOLDERS = ("citizens", "reports", "problems", "inspections", "news", "circulars")
MIN_AGE = datetime.timedelta(days=1)
PREVIEW = re.compile(r"^(?P<stem>.+)-p\d+\.png$")
CHUNK = 500
LISTED = 200  # names kept in the audit event; the count is always complete


@dataclass
class Sweep:
    scanned: int = 0
    removed: list[str] = field(default_factory=list)
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "would remove" if self.dry_run else "removed"
        return f"{self.scanned} file(s) old enough to judge, {verb} {len(self.removed)} with no row"


def sweep(*, now: datetime.datetime | None = None, min_age: datetime.timedelta = MIN_AGE, dry_run: bool = False):
    """Remove (or with dry_run only list) stored files older than min_age that no row names."""
    cutoff = (now or timezone.now()) - min_age
    candidates = old_files(Path(settings.MEDIA_ROOT), cutoff)
    orphans = sorted(set(candidates) - referenced(candidates))
    result = Sweep(scanned=len(candidates), removed=orphans, dry_run=dry_run)
    if orphans and not dry_run:
        _remove(orphans, min_age)
    return result


def old_files(root: Path, cutoff: datetime.datetime) -> list[str]:
    """Storage names (relative, with /) of the uploads under root last written before cutoff."""
    limit = cutoff.timestamp()
    names: list[str] = []
    for top in UPLOAD_FOLDERS:
        names += _old_in(root, root / top, limit)
    return names


def _old_in(root: Path, top: Path, limit: float) -> list[str]:
    names: list[str] = []
    for folder, _dirs, files in os.walk(top):
        for file_name in files:
            if file_name.startswith("."):
                continue
            path = Path(folder) / file_name
            try:
                if path.stat().st_mtime < limit:
                    names.append(path.relative_to(root).as_posix())
            except FileNotFoundError:  # removed while we looked
                continue
    return names


def referenced(names: list[str]) -> set[str]:
    """Those of names that a row refers to (directly, or through the PDF a preview belongs to).
    The path columns are streamed past the candidates, so memory grows with the files on disk only."""
    wanted = set(names)
    previews: dict[str, list[str]] = {}
    for name in names:
        if owner := _preview_owner(name):
            previews.setdefault(owner, []).append(name)
    found: set[str] = set()
    for value in _path_values():
        if value in wanted:
            found.add(value)
        found.update(previews.get(value, ()))
    rest = [name for name in names if name not in found]
    if rest:
        found |= _named_anywhere(rest)
    return found


def _preview_owner(name: str) -> str | None:
    match = PREVIEW.match(name)
    return f"{match['stem']}.pdf" if match else None


def path_columns() -> list[tuple[type[models.Model], str]]:
    """PATH_COLUMNS and every FileField, as (model, field name); a listed column that is gone fails loudly."""
    columns = []
    for dotted in PATH_COLUMNS:
        label, field_name = dotted.rsplit(".", 1)
        model = apps.get_model(label)
        model._meta.get_field(field_name)  # FieldDoesNotExist when the list is out of date
        columns.append((model, field_name))
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                columns.append((model, model_field.name))
    return columns


def _path_values():
    for model, field_name in path_columns():
        queryset = model._base_manager.exclude(**{field_name: ""}).exclude(**{f"{field_name}__isnull": True})
        yield from queryset.values_list(field_name, flat=True).iterator(chunk_size=5000)


def _named_anywhere(names: list[str]) -> set[str]:
    """The safety net: any CharField of any model holding one of names (and a preview's PDF)."""
    wanted = set(names) | {owner for name in names if (owner := _preview_owner(name))}
    listed = {(model, name) for model, name in path_columns()}
    found_values: set[str] = set()
    shortest = min(len(name) for name in wanted)
    for model in apps.get_models():
        if not _may_name_files(model):
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.CharField) or (model, model_field.name) in listed:
                continue
            if model_field.max_length is not None and model_field.max_length < shortest:
                continue
            found_values |= _values_in(model, model_field.name, sorted(wanted))
    return {name for name in names if name in found_values or _preview_owner(name) in found_values}


def _may_name_files(model) -> bool:
    """The project's own tables; not the audit trail (mentioning a file keeps nothing), nor
    proxies and unmanaged models (their tables are counted elsewhere or may not exist)."""
    meta = model._meta
    own = model.__module__.startswith("chuangwen.") and meta.app_label != "audit"
    return own and not meta.proxy and meta.managed


def _values_in(model, field_name: str, wanted: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            model._base_manager.filter(**{f"{field_name}__in": chunk}).values_list(field_name, flat=True).distinct()
        )
    return found


def _remove(orphans: list[str], min_age: datetime.timedelta) -> None:
    """The audit event first, in its own transaction; the files after it commits."""
    with transaction.atomic():
        audit.record(
            None,
            "media.orphans_swept",
            object_type="media",
            after={
                "count": len(orphans),
                "files": orphans[:LISTED],
                "older_than_hours": min_age.total_seconds() / 3600,
            },
        )
    delete_stored(*orphans)
    logger.info("swept %d orphan file(s) from %s", len(orphans), settings.MEDIA_ROOT)
