"""Helpers for the page tests: real photos to upload, and "nothing changed" checks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chuangwen.audit.models import AuditEvent
from chuangwen.lib import uploads
from chuangwen.problems.models import Problem, ProblemPhoto, Rectification, UnitRequest

ACTION_PERSONAS = ["office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader"]


def jpeg_bytes(color=(200, 60, 40), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def text_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A text file that claims to be a JPEG."""
    return SimpleUploadedFile(name, b"this is not an image at all", content_type="image/jpeg")


def stored_photo() -> uploads.StoredImage:
    return uploads.accept_image(jpeg_upload(), folder="problems")


def stored_files() -> list[str]:
    """Every file under media/problems (to check that refused uploads leave nothing behind)."""
    found: list[str] = []

    def walk(path: str) -> None:
        if not default_storage.exists(path):
            return
        dirs, files = default_storage.listdir(path)
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}")

    walk("problems")
    return sorted(found)


@dataclass(frozen=True)
class Counts:
    problems: int
    events: int
    photos: int
    rectifications: int
    requests: int


def counts() -> Counts:
    return Counts(
        Problem.objects.count(),
        AuditEvent.objects.count(),
        ProblemPhoto.objects.count(),
        Rectification.objects.count(),
        UnitRequest.objects.count(),
    )


def action_url(name: str, problem: Problem) -> str:
    return reverse(f"problems:{name}", args=[problem.pk])


def events_of(problem: Problem, event_type: str):
    return AuditEvent.objects.for_object(problem).filter(event_type=event_type)


@dataclass
class Spread:
    """Problems over unit A's and unit B's reach, at several stages (built through the services)."""

    a_new: Problem
    a_assigned: Problem
    a_overdue: Problem
    a_submitted: Problem
    b_assigned: Problem
    b_closed: Problem
    category: object

    @property
    def unit_a(self) -> set[str]:
        """What unit A (dept A) sees: its problems once assigned."""
        return {self.a_assigned.code, self.a_overdue.code, self.a_submitted.code}

    @property
    def unit_b(self) -> set[str]:
        return {self.b_assigned.code, self.b_closed.code}


def build_spread(world, place) -> Spread:
    import datetime

    from django.utils import timezone

    from chuangwen.problems import services
    from chuangwen.problems.models import ProblemCategory, Severity, Source
    from chuangwen.problems.tests.conftest import FakePhoto
    from chuangwen.testing import make_site

    category = ProblemCategory.objects.create(code="SR", name="市容环境")
    office = world.office_staff

    def create(description, site=None, **extra):
        return services.create_problem(office, source=extra.pop("source", Source.INSPECTION), description=description,
                                       site=site, **extra)  # fmt: skip

    a_new = create("东华路有人乱扔垃圾", place.site, source=Source.HOTLINE, reporter_name="张三",
                   reporter_phone="13812345678", severity=Severity.MINOR)  # fmt: skip
    a_assigned = create("东华路人行道占道经营", place.site, category=category, severity=Severity.SERIOUS)
    services.assign_problem(office, a_assigned)
    a_overdue = create("东华路井盖缺失", place.site, standard=place.standard, severity=Severity.URGENT)
    services.assign_problem(office, a_overdue)
    Problem.objects.filter(pk=a_overdue.pk).update(deadline=timezone.now() - datetime.timedelta(days=3, hours=1))
    a_submitted = create("东华路绿化带垃圾", place.site)
    services.assign_problem(office, a_submitted)
    services.submit_rectification(world.handler, a_submitted, note="已清理", photos=[FakePhoto()])
    site_b = make_site(
        place.site.site_type, world.street_b, responsible=[world.dept_b], name="西华路", address="西华路全段"
    )
    b_assigned = create("西华路公交站牌破损", site_b, source=Source.GRID)
    services.assign_problem(office, b_assigned)
    b_closed = create("西华路路灯不亮", site_b)
    services.assign_problem(office, b_closed)
    services.submit_rectification(world.outsider, b_closed, note="已修复", photos=[FakePhoto()])
    services.approve_rectification(office, b_closed)
    return Spread(*(Problem.objects.get(pk=p.pk) for p in (a_new, a_assigned, a_overdue, a_submitted, b_assigned, b_closed)),
                  category=category)  # fmt: skip


def problem_objects(world, site, standard) -> dict:
    """The objects the access matrix's problem pages take: a problem in unit A's hands (in
    district A) with a stored photo, a category, a deadline policy and a holiday."""
    import datetime

    from chuangwen.problems import config_services, services
    from chuangwen.problems.models import Source

    problem = services.create_problem(
        world.office_staff,
        source=Source.INSPECTION,
        description="东华路占道经营",
        site=site,
        standard=standard,
        photos=[stored_photo()],
    )
    services.assign_problem(world.office_staff, problem, unit=world.dept_a)
    category = config_services.create_category(world.office_admin, code="SR", name="市容环境")
    return {
        "problem": problem,
        "problem_photo": problem.photos.get(),
        "problem_category": category,
        "deadline_policy": config_services.create_deadline_policy(
            world.office_admin, severity="minor", category=category, amount=5, unit="days"
        ),
        "holiday": config_services.create_holiday(world.office_admin, date=datetime.date(2026, 10, 1), name="国庆节"),
    }
