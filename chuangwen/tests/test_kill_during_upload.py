"""kill -9 during uploads: a worker killed between storing the photos and committing their row leaves
files no row names. After the sweep every stored file is named by a row, and every upload the
server acknowledged (201) has its row and its files."""

from __future__ import annotations

import io
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from PIL import Image

from chuangwen.tests.served import start, stop

PHOTOS_PER_REPORT = 4
KILLS = 6


def _photo(seed: int) -> bytes:
    """A 1200×900 photo of noise: slow to decode, resize and encode, so a kill lands mid-upload."""
    image = Image.frombytes("RGB", (1200, 900), random.Random(seed).randbytes(1200 * 900 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def served(migrated_database, tmp_path_factory):
    served = start(migrated_database, tmp_path_factory.mktemp("kill"))
    yield served
    stop(served)


class Uploader(threading.Thread):
    """Registers hotline reports with photos through the API, one after another, until told to stop."""

    def __init__(self, served, photos: list[bytes], name: str):
        super().__init__(daemon=True)
        self.served, self.photos, self.prefix = served, photos, name
        self.stopping = threading.Event()
        self.acknowledged: dict[int, int] = {}  # report id -> photos sent
        self.failed = 0

    def run(self) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.served.admin_token}"
        n = 0
        while not self.stopping.is_set():
            n += 1
            data = {"channel": "hotline", "external_ref": f"kill-{self.prefix}{n}", "description": "路面破损"}
            data["address"] = "东华路"
            files = [("photos", (f"p{i}.jpg", photo, "image/jpeg")) for i, photo in enumerate(self.photos)]
            try:
                response = session.post(self.served.url + "api/intake", data=data, files=files, timeout=60)
            except requests.ConnectionError:  # the worker died under this request
                self.failed += 1
                continue
            if response.status_code == 201:
                self.acknowledged[response.json()["id"]] = len(self.photos)
            else:
                self.failed += 1


def _stored(media: Path) -> set[str]:
    return {path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file()}


def _named(served) -> set[str]:
    rows = served.query("SELECT image, thumbnail FROM citizens_reportphoto")
    return {name for row in rows for name in row}


def test_no_orphan_files_after_workers_are_killed_mid_upload_and_the_sweep_runs(served):
    photos = [_photo(seed) for seed in range(PHOTOS_PER_REPORT)]
    uploaders = [Uploader(served, photos, name) for name in ("a", "b")]
    for uploader in uploaders:
        uploader.start()
    rng = random.Random(12)
    time.sleep(2)
    for _kill in range(KILLS):
        time.sleep(rng.uniform(0.4, 1.6))
        workers = served.workers()
        assert workers, served.log.read_text()[-2000:]
        os.kill(rng.choice(workers), signal.SIGKILL)
        time.sleep(1.5)  # let the master start a new worker
    time.sleep(6)  # and some uploads with no kill
    for uploader in uploaders:
        uploader.stopping.set()
    for uploader in uploaders:
        uploader.join(timeout=120)
    stop(served)  # nothing is being written any more

    acknowledged = {pk: sent for uploader in uploaders for pk, sent in uploader.acknowledged.items()}
    cut_off = sum(uploader.failed for uploader in uploaders)
    left_behind = _stored(served.media) - _named(served)
    print(
        f"{KILLS} kills: {len(acknowledged)} uploads acknowledged, {cut_off} cut off, {len(left_behind)} orphan files"
    )
    assert left_behind, "no kill landed mid-upload: the test proved nothing"
    out = served.manage("sweep_orphan_files", "--older-than", "0")
    assert f"removed {len(left_behind)} with no row" in out

    stored, named = _stored(served.media), _named(served)
    assert stored == named  # every file has its row, and every row its file
    assert acknowledged, f"no upload succeeded ({cut_off} cut off)"
    for report_id, sent in acknowledged.items():
        rows = served.query("SELECT image, thumbnail FROM citizens_reportphoto WHERE report_id = ?", (report_id,))
        assert len(rows) == sent
        assert all(name in stored for row in rows for name in row)
    events = served.query("SELECT after FROM audit_auditevent WHERE event_type = 'media.orphans_swept'")
    assert len(events) == 1 and f'"count": {len(left_behind)}' in events[0][0]
