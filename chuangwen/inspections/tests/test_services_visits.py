"""At the site: starting and resuming, answers, photos, the position and the submission."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.models import ChecklistItem, RuleKind
from chuangwen.inspections import planning, services
from chuangwen.inspections.models import CheckPhoto, CheckResult, RoundSite, RoundStatus, Verdict, Visit, VisitStatus
from chuangwen.inspections.tests.conftest import photo_file, plan_round
from chuangwen.inspections.tests.test_services_rounds import conflict, events, state
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.testing import make_site_type, make_standard, make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db

# Not on the round's team: nobody of these may start, answer, photograph, locate or submit.
NOT_ON_TEAM = ["office_admin", "office_staff", "district_officer", "handler", "unit_head", "outsider", "leader", "grid_worker"]  # fmt: skip


def entry_of(round_, site) -> RoundSite:
    return RoundSite.objects.select_related("site", "round").get(round=round_, site=site)


@pytest.fixture
def visit(place, planned) -> Visit:
    return services.start_visit(place.world.inspector, entry_of(planned, place.sites_a[0]))


@pytest.fixture
def other_team(place, planned):
    """A second team with its own inspector and one site of the round moved to it."""
    office = place.world.office_staff
    third = make_user("inspector3", Role.INSPECTOR)
    team = services.save_team(office, planned, name="第二组", members=[third])
    services.move_site(office, entry_of(planned, place.sites_b[0]), team)
    return third


def answer_all(user, visit_, verdict=Verdict.PASS) -> None:
    for item in services.checklist(visit_):
        services.answer(user, visit_, item.pk, verdict=verdict)


# --- who may ---------------------------------------------------------------------------------

VISIT_CALLS = {
    "answer": lambda p, v, u: services.answer(u, v, p.items[0].pk, verdict=Verdict.FAIL),
    "add_photo": lambda p, v, u: services.add_photo(u, v, p.items[0].pk, photo_file(), client_id="c-1"),
    "record_position": lambda p, v, u: services.record_position(u, v, lat="30.6", lng="114.3"),
    "submit_visit": lambda p, v, u: services.submit_visit(u, v),
}


@pytest.mark.parametrize("persona", NOT_ON_TEAM)
def test_only_the_team_starts_a_visit(place, planned, persona):
    user = place.world.personas[persona]
    before = state()
    with pytest.raises(PermissionDenied):
        services.start_visit(user, entry_of(planned, place.sites_a[0]))
    assert state() == before


@pytest.mark.parametrize("persona", [*NOT_ON_TEAM, "other_team"])
@pytest.mark.parametrize("call", sorted(VISIT_CALLS))
def test_only_the_visiting_team_records(place, visit, other_team, persona, call):
    user = other_team if persona == "other_team" else place.world.personas[persona]
    services.answer(place.world.inspector, visit, place.items[1].pk, verdict=Verdict.PASS)
    services.answer(place.world.inspector, visit, place.items[2].pk, verdict=Verdict.PASS)
    before = state()
    with pytest.raises(PermissionDenied):
        VISIT_CALLS[call](place, visit, user)
    assert state() == before


def test_another_team_cannot_start_a_site_that_is_not_theirs(place, planned, other_team):
    before = state()
    with pytest.raises(PermissionDenied) as error:
        services.start_visit(place.world.inspector, entry_of(planned, place.sites_b[0]))
    assert error.value.message == "该点位不在您所在督查组的任务中"
    with pytest.raises(PermissionDenied):
        services.start_visit(other_team, entry_of(planned, place.sites_a[0]))
    assert state() == before
    own = services.start_visit(other_team, entry_of(planned, place.sites_b[0]))
    assert own.inspector == other_team and own.team.name == "第二组"


@pytest.mark.parametrize("call", sorted(VISIT_CALLS))
def test_both_partners_record_on_the_same_visit(place, visit, call):
    answer_all(place.world.inspector, visit)
    VISIT_CALLS[call](place, visit, place.inspector2)


def test_office_staff_on_a_team_inspects(place):
    office = place.world.office_staff
    round_ = plan_round(place, schedule=False)
    services.save_team(office, round_, name="第一组", members=[office, place.world.inspector], team=round_.teams.get())
    services.schedule_round(office, round_)
    visit_ = services.start_visit(office, entry_of(round_, place.sites_a[0]))
    answer_all(office, visit_)
    assert services.submit_visit(office, visit_).status == VisitStatus.SUBMITTED


# --- starting and resuming --------------------------------------------------------------------


def test_start_starts_the_round_and_twice_resumes(place, planned):
    entry = entry_of(planned, place.sites_a[0])
    first = services.start_visit(place.world.inspector, entry)
    planned.refresh_from_db()
    assert planned.status == RoundStatus.IN_PROGRESS
    assert (first.round_id, first.site_id, first.round_site_id, first.inspector) == (
        planned.pk, entry.site_id, entry.pk, place.world.inspector
    )  # fmt: skip
    assert first.team == entry.team and first.status == VisitStatus.IN_PROGRESS
    assert events("round.started") == 1 and events("visit.started") == 1
    again = services.start_visit(place.world.inspector, entry)
    partner = services.start_visit(place.inspector2, entry)
    assert again.pk == first.pk == partner.pk
    assert partner.inspector == place.world.inspector  # the one who began stays the inspector
    assert Visit.objects.count() == 1 and events("visit.started") == 1
    services.start_visit(place.inspector2, entry_of(planned, place.sites_a[1]))
    assert events("round.started") == 1  # only the first visit starts the round


def test_start_refused_outside_the_visiting_states(place):
    office = place.world.office_staff
    draft = plan_round(place, schedule=False)
    message = conflict(services.start_visit, place.world.inspector, entry_of(draft, place.sites_a[0]))
    assert message == "本轮当前状态为“草稿”，不能开始检查"
    services.schedule_round(office, draft)
    services.remove_site(office, draft, place.sites_a[1], reason="施工")
    removed = RoundSite.objects.get(round=draft, site=place.sites_a[1])
    services.add_site(office, draft, place.sites_a[1], reason="施工结束")  # back, but without a team
    services.remove_site(office, draft, place.sites_a[1], reason="又施工")
    removed.refresh_from_db()
    assert conflict(services.start_visit, place.world.inspector, removed) == "该点位已移出本轮抽样"
    services.start_round(office, draft)
    services.close_round(office, draft)
    message = conflict(services.start_visit, place.world.inspector, entry_of(draft, place.sites_a[2]))
    assert message == "本轮当前状态为“已结束”，不能开始检查"


# --- answers ----------------------------------------------------------------------------------


def test_answer_is_an_upsert_and_audited(place, visit):
    inspector = place.world.inspector
    item = place.items[0]
    first = services.answer(inspector, visit, item.pk, verdict=Verdict.FAIL, note=" 路面有垃圾 ")
    assert (first.verdict, first.count, first.note, first.answered_by) == (Verdict.FAIL, 0, "路面有垃圾", inspector)
    services.answer(inspector, visit, item.pk, verdict=Verdict.FAIL, note="路面有垃圾")  # a retry: no change
    assert events("visit.answered") == 1
    second = services.answer(place.inspector2, visit, item.pk, verdict=Verdict.PASS)
    assert second.pk == first.pk and second.verdict == Verdict.PASS and second.answered_by == place.inspector2
    assert CheckResult.objects.filter(visit=visit).count() == 1
    event = AuditEvent.objects.filter(event_type="visit.answered").latest("id")
    assert event.before == {"verdict": "fail", "count": 0, "note": "路面有垃圾"}
    assert event.after == {"item": item.pk, "verdict": "pass", "count": 0, "note": ""}


def test_a_late_older_answer_is_ignored(place, visit):
    inspector, item = place.world.inspector, place.items[0]
    t0 = timezone.now()
    services.answer(inspector, visit, item.pk, verdict=Verdict.FAIL, client_at=t0)
    late = services.answer(
        inspector, visit, item.pk, verdict=Verdict.PASS, client_at=t0 - datetime.timedelta(minutes=2)
    )
    assert late.verdict == Verdict.FAIL and CheckResult.objects.get(visit=visit).verdict == Verdict.FAIL
    assert events("visit.answered") == 1
    newer = services.answer(
        inspector, visit, item.pk, verdict=Verdict.NOT_APPLICABLE, client_at=t0 + datetime.timedelta(seconds=5)
    )
    assert newer.verdict == Verdict.NOT_APPLICABLE and newer.client_at == t0 + datetime.timedelta(seconds=5)


def test_count_only_on_a_failed_deduction_item(place, visit):
    inspector = place.world.inspector
    plain, deduction, veto = place.items
    assert deduction.rule_kind == RuleKind.DEDUCTION
    assert services.answer(inspector, visit, plain.pk, verdict=Verdict.FAIL, count=5).count == 0
    assert services.answer(inspector, visit, veto.pk, verdict=Verdict.FAIL, count=5).count == 0
    assert services.answer(inspector, visit, deduction.pk, verdict=Verdict.FAIL).count == 1
    assert services.answer(inspector, visit, deduction.pk, verdict=Verdict.FAIL, count="3").count == 3
    assert services.answer(inspector, visit, deduction.pk, verdict=Verdict.PASS, count=3).count == 0
    assert services.answer(inspector, visit, deduction.pk, verdict=Verdict.FAIL, count="").count == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"verdict": "maybe"}, "verdict", "请选择合格、不合格或不适用"),
        ({"verdict": "fail", "count": "three"}, "count", "问题处数应为整数"),
        ({"verdict": "fail", "count": 0}, "count", "问题处数应在 1 到 999 之间"),
        ({"verdict": "fail", "count": 1000}, "count", "问题处数应在 1 到 999 之间"),
        ({"verdict": "pass", "note": "长" * 501}, "note", "说明不能超过 500 字"),
        ({"verdict": "pass", "item": "other"}, "item", "该检查项不属于本点位的检查清单"),
    ],
)
def test_answer_validation(place, visit, kwargs, field, message):
    item = _foreign_item(place) if kwargs.pop("item", None) else place.items[1]
    before = state()
    with pytest.raises(DomainError) as error:
        services.answer(place.world.inspector, visit, item.pk, **kwargs)
    assert (error.value.field, error.value.message) == (field, message)
    assert state() == before


def _foreign_item(place) -> ChecklistItem:
    """An item of the same edition for another site type: not on a road's checklist."""
    park = make_site_type("PARK", "公园")
    return ChecklistItem.objects.get(standard=make_standard(place.edition, site_types=[park]))


def test_the_rule_is_copied_when_the_answer_is_given(place, visit):
    item = place.items[1]
    result = services.answer(place.world.inspector, visit, item.pk, verdict=Verdict.FAIL, count=4)
    assert (result.rule_kind, result.deduction_per, result.deduction) == (RuleKind.DEDUCTION, Decimal("0.5"), 2)
    item.rule_kind, item.deduction_per = RuleKind.DEDUCTION, Decimal("2.0")
    item.save()
    result.refresh_from_db()
    assert result.deduction_per == Decimal("0.50") and result.deduction == Decimal("2.00")


# --- photos -----------------------------------------------------------------------------------


def jpeg(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_photo_keeps_the_original_and_stamps_a_copy(place, visit):
    services.record_position(place.world.inspector, visit, lat="30.6001", lng="114.3001")
    data = jpeg()
    photo = services.add_photo(
        place.world.inspector, visit, place.items[0].pk, SimpleUploadedFile("a.jpg", data, "image/jpeg"), client_id="p1"
    )
    with default_storage.open(photo.original) as f:
        assert f.read() == data  # the phone's bytes, unchanged
    with default_storage.open(photo.image) as f:
        stamped = Image.open(f).convert("RGB")
    assert (stamped.width, stamped.height) == (photo.width, photo.height) == (640, 480)
    top = stamped.getpixel((320, 20))
    foot = stamped.getpixel((630, 478))  # inside the band, right of the text
    assert all(abs(a - b) < 12 for a, b in zip(top, (200, 30, 30), strict=True))
    assert foot[0] < 140  # darkened by the band
    assert default_storage.exists(photo.thumbnail)
    assert (photo.lat, photo.lng) == (Decimal("30.600100"), Decimal("114.300100"))  # the visit's position
    assert photo.uploaded_by == place.world.inspector and photo.item == place.items[0]
    assert events("visit.photo_added") == 1


def test_photo_is_idempotent_by_client_id(place, visit):
    inspector = place.world.inspector
    first = services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id="phone-1")
    again = services.add_photo(inspector, visit, place.items[0].pk, photo_file(color=(0, 0, 255)), client_id="phone-1")
    assert again.pk == first.pk and CheckPhoto.objects.count() == 1 and events("visit.photo_added") == 1
    services.add_photo(place.inspector2, visit, place.items[0].pk, photo_file(), client_id="phone-2")
    assert CheckPhoto.objects.count() == 2


def test_photo_validation(place, visit):
    inspector = place.world.inspector
    for client_id in ("", "  ", "x" * 65):
        with pytest.raises(DomainError) as error:
            services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id=client_id)
        assert (error.value.field, error.value.message) == ("client_id", "照片标识无效")
    for i in range(6):
        services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id=f"c{i}")
    before = state()
    with pytest.raises(DomainError) as error:
        services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id="c6")
    assert (error.value.field, error.value.message) == ("photos", "每个检查项最多 6 张照片")
    with pytest.raises(DomainError) as error:
        services.add_photo(
            inspector, visit, place.items[1].pk, SimpleUploadedFile("a.jpg", b"not an image"), client_id="c7"
        )
    assert error.value.field == "photos"
    assert state() == before


# --- position ---------------------------------------------------------------------------------


def test_position_distance_and_warning(place, visit, settings):
    inspector = place.world.inspector
    site = visit.site
    at_site = services.record_position(inspector, visit, lat=site.lat, lng=site.lng, accuracy="12.7")
    assert (at_site.distance_m, at_site.far_from_site, at_site.accuracy_m) == (0, False, 12)
    far_lat = site.lat + Decimal("0.01")
    expected = round(planning.distance_m(float(far_lat), float(site.lng), float(site.lat), float(site.lng)))
    far = services.record_position(inspector, visit, lat=str(far_lat), lng=str(site.lng))
    assert far.distance_m == expected == 1112 and far.far_from_site and far.accuracy_m is None
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.lat, stored.distance_m, stored.far_from_site) == (far_lat, 1112, True)
    event = AuditEvent.objects.filter(event_type="visit.position").latest("id")
    assert event.after == {"lat": str(far_lat), "lng": "114.300000", "distance_m": 1112, "far": True}
    settings.INSPECTION_DISTANCE_WARNING_M = 1200
    assert not services.record_position(inspector, visit, lat=str(far_lat), lng=str(site.lng)).far_from_site
    settings.INSPECTION_DISTANCE_WARNING_M = 1100
    assert services.record_position(inspector, visit, lat=str(far_lat), lng=str(site.lng)).far_from_site


@pytest.mark.parametrize(
    ("lat", "lng", "accuracy", "field"),
    [("abc", "114.3", None, "lat"), ("91", "114.3", None, "lat"), ("30.6", "181", None, "lng"),
     ("NaN", "114.3", None, "lat"), ("30.6", "Infinity", None, "lng"), ("30.6", "114.3", "far", "accuracy"),
     ("30.6", "114.3", "nan", "accuracy")],
)  # fmt: skip
def test_position_validation(place, visit, lat, lng, accuracy, field):
    before = state()
    with pytest.raises(DomainError) as error:
        services.record_position(place.world.inspector, visit, lat=lat, lng=lng, accuracy=accuracy)
    assert error.value.field == field
    assert state() == before


# --- submission -------------------------------------------------------------------------------


def test_submit_requires_every_item(place, visit):
    inspector = place.world.inspector
    services.answer(inspector, visit, place.items[0].pk, verdict=Verdict.PASS)
    before = state()
    with pytest.raises(DomainError) as error:
        services.submit_visit(inspector, visit)
    assert (error.value.field, error.value.message) == ("results", "还有 2 项未检查")
    assert state() == before
    answer_all(inspector, visit)
    submitted = services.submit_visit(inspector, visit, notes="  天气晴  ")
    assert submitted.status == VisitStatus.SUBMITTED and submitted.notes == "天气晴" and submitted.submitted_at
    event = AuditEvent.objects.get(event_type="visit.submitted")
    assert event.after == {"results": 3, "failed": 0}


def test_submit_twice_is_harmless_and_the_visit_is_then_fixed(place, visit):
    inspector = place.world.inspector
    services.answer(inspector, visit, place.items[0].pk, verdict=Verdict.FAIL)
    services.answer(inspector, visit, place.items[1].pk, verdict=Verdict.PASS)
    services.answer(inspector, visit, place.items[2].pk, verdict=Verdict.PASS)
    photo = services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id="p1")
    first = services.submit_visit(inspector, visit, notes="一次")
    before = state()
    again = services.submit_visit(place.inspector2, visit, notes="再次")
    assert (again.submitted_at, again.notes) == (first.submitted_at, "一次")
    # Retries of what was already sent are harmless, too.
    assert services.answer(inspector, visit, place.items[0].pk, verdict=Verdict.FAIL).verdict == Verdict.FAIL
    assert services.add_photo(inspector, visit, place.items[0].pk, photo_file(), client_id="p1").pk == photo.pk
    assert services.start_visit(inspector, visit.round_site).pk == visit.pk
    assert state() == before
    assert events("visit.submitted") == 1
    changed = "本次检查已提交，不能再修改"
    assert conflict(services.answer, inspector, visit, place.items[0].pk, verdict=Verdict.PASS) == changed
    assert conflict(services.add_photo, inspector, visit, place.items[0].pk, photo_file(), client_id="p2") == changed
    assert conflict(services.record_position, inspector, visit, lat="30.6", lng="114.3") == changed
