"""A file stored inside a transaction goes when that transaction (or its savepoint) rolls back, and
stays when it commits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from chuangwen.lib import uploads


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (20, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _exists(settings, name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).exists()


class Refused(Exception):
    pass


@pytest.mark.django_db
def test_a_rolled_back_savepoint_takes_its_files_with_it(settings):
    kept = uploads.accept_image(_photo(), folder="citizens")
    with pytest.raises(Refused), transaction.atomic():
        gone = uploads.accept_image(_photo(), folder="citizens")
        assert all(_exists(settings, name) for name in gone.names)
        raise Refused
    assert not any(_exists(settings, name) for name in gone.names)
    assert all(_exists(settings, name) for name in kept.names)


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_keeps_its_files_and_a_failed_one_does_not(settings):
    with transaction.atomic():
        kept = uploads.accept_image(_photo(), folder="citizens")
        with pytest.raises(Refused), transaction.atomic():
            inner = uploads.accept_image(_photo(), folder="citizens")
            raise Refused
    with pytest.raises(Refused), transaction.atomic():
        outer = uploads.accept_image(_photo(), folder="citizens")
        raise Refused
    assert all(_exists(settings, name) for name in kept.names)
    assert not any(_exists(settings, name) for name in (*inner.names, *outer.names))


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_caller_decides(settings):
    stored = uploads.accept_image(_photo(), folder="citizens")
    assert all(_exists(settings, name) for name in stored.names)
