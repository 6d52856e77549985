"""At the site: start (or resume) a visit, record the position, answer each item, add photos, submit.

Every call is safe to repeat, because phones on weak signal retry: starting twice resumes the same
visit, an answer is an upsert per item (an older answer arriving late does not overwrite a newer
one), a photo is keyed by the id the phone gave it, and submitting a submitted visit changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators.models import ChecklistItem, RuleKind
from chuangwen.inspections import access, planning, stamp
from chuangwen.inspections.models import (
    VISITING,
    CheckPhoto,
    CheckResult,
    RoundSite,
    RoundStatus,
    Verdict,
    Visit,
    VisitStatus,
)
from chuangwen.inspections.services.rounds import locked as locked_round
from chuangwen.lib import uploads
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

MAX_PHOTOS_PER_ITEM = 6
MAX_NOTE = 500
MAX_COUNT = 999


def checklist(visit: Visit):
    """The items of the site's type in the round's edition, in index order."""
    return (
        ChecklistItem.objects.filter(standard__edition_id=visit.round.edition_id, site_type_id=visit.site.site_type_id)
        .select_related("standard")
        .order_by("standard__sort_order", "standard__code", "sort_order", "code")
    )


def _require_inspector(actor, visit: Visit) -> None:
    """A member of the team that made the visit (any team of the round if it has lost its team)."""
    team = access.team_of(actor, visit.round) if access.is_member(actor, visit.round) else None
    if team is None or actor.role not in access.TEAM_ROLES or visit.team_id not in (None, team.pk):
        raise PermissionDenied(_("只有本轮的督查员可以记录检查结果"))


def _require_open(visit: Visit) -> None:
    if visit.status != VisitStatus.IN_PROGRESS:
        raise Conflict(_("本次检查已提交，不能再修改"))


def locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("round", "site").get(pk=visit.pk)


@transaction.atomic
def start_visit(actor, entry: RoundSite) -> Visit:
    """Begin the inspection of a sampled site, or resume it if the team already began."""
    round_ = locked_round(entry.round)
    entry = RoundSite.objects.select_related("site", "round").get(pk=entry.pk)
    if not access.may_visit(actor, entry):
        raise PermissionDenied(_("该点位不在您所在督查组的任务中"))
    existing = Visit.objects.filter(round_site=entry).first()
    if existing is not None:
        return existing
    if entry.removed:
        raise Conflict(_("该点位已移出本轮抽样"))
    if round_.status not in VISITING:
        raise Conflict(_("本轮当前状态为“%(status)s”，不能开始检查") % {"status": round_.get_status_display()})
    now = timezone.now()
    if round_.status == RoundStatus.SCHEDULED:
        round_.status = RoundStatus.IN_PROGRESS
        round_.save(update_fields=["status"])
        audit.record(actor, "round.started", round_, before={"status": "scheduled"}, after={"status": "in_progress"})
    visit = Visit.objects.create(
        round_site=entry, round=round_, site=entry.site, team=entry.team, inspector=actor, started_at=now
    )
    audit.record(actor, "visit.started", visit, after={"round": round_.pk, "site": entry.site_id})
    return visit


def _decimal(value, field: str, limit: int) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise DomainError(_("位置无效"), field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise DomainError(_("位置无效"), field=field)
    return number.quantize(Decimal("0.000001"))


def _accuracy(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        metres = float(value)
    except (TypeError, ValueError):
        raise DomainError(_("定位精度无效"), field="accuracy") from None
    if metres != metres:  # NaN
        raise DomainError(_("定位精度无效"), field="accuracy")
    return int(min(max(metres, 0), 100_000))


def warning_distance() -> int:
    return int(getattr(settings, "INSPECTION_DISTANCE_WARNING_M", 300))


@transaction.atomic
def record_position(actor, visit: Visit, *, lat, lng, accuracy=None) -> Visit:
    """Where the inspector's phone says they are; the distance to the site is kept with a flag
    when it is beyond the warning threshold (the inspection is not refused: GPS can be poor)."""
    visit = locked(visit)
    _require_inspector(actor, visit)
    _require_open(visit)
    lat, lng = _decimal(lat, "lat", 90), _decimal(lng, "lng", 180)
    distance = planning.distance_m(float(lat), float(lng), float(visit.site.lat), float(visit.site.lng))
    visit.lat, visit.lng = lat, lng
    visit.accuracy_m = _accuracy(accuracy)
    visit.distance_m = round(distance)
    visit.far_from_site = distance > warning_distance()
    visit.save(update_fields=["lat", "lng", "accuracy_m", "distance_m", "far_from_site"])
    audit.record(
        actor, "visit.position", visit,
        after={"lat": str(lat), "lng": str(lng), "distance_m": visit.distance_m, "far": visit.far_from_site},
    )  # fmt: skip
    return visit


def _clean_answer(item: ChecklistItem, verdict: str, count, note: str) -> tuple[str, int, str]:
    if verdict not in Verdict.values:
        raise DomainError(_("请选择合格、不合格或不适用"), field="verdict")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("说明不能超过 %(n)s 字") % {"n": MAX_NOTE}, field="note")
    if verdict != Verdict.FAIL:
        return verdict, 0, note
    if item.rule_kind != RuleKind.DEDUCTION:
        return verdict, 0, note
    try:
        count = int(count) if count not in (None, "") else 1
    except (TypeError, ValueError):
        raise DomainError(_("问题处数应为整数"), field="count") from None
    if not (1 <= count <= MAX_COUNT):
        raise DomainError(_("问题处数应在 1 到 %(n)s 之间") % {"n": MAX_COUNT}, field="count")
    return verdict, count, note


def stamp_lines(visit: Visit, actor, moment: datetime.datetime, lat, lng) -> list[str]:
    position = f"{float(lat):.5f}, {float(lng):.5f}" if lat is not None and lng is not None else _("无定位")
    return [
        f"{visit.site.code} {visit.site.name}",
        f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}  {actor.display_name}",
        position,
    ]


@transaction.atomic
def add_photo(actor, visit: Visit, item_id: int, uploaded, *, client_id: str, lat=None, lng=None) -> CheckPhoto:
    """Store a photo for an item: the original as uploaded and a stamped copy. A photo the phone
    sends again (same client id) is the same photo."""
    visit = locked(visit)
    _require_inspector(actor, visit)
    client_id = (client_id or "").strip()
    if not client_id or len(client_id) > 64:
        raise DomainError(_("照片标识无效"), field="client_id")
    existing = CheckPhoto.objects.filter(visit=visit, client_id=client_id).first()
    if existing is not None:
        return existing
    _require_open(visit)
    item = checklist(visit).filter(pk=item_id).first()
    if item is None:
        raise DomainError(_("该检查项不属于本点位的检查清单"), field="item")
    if CheckPhoto.objects.filter(visit=visit, item=item).count() >= MAX_PHOTOS_PER_ITEM:
        raise DomainError(_("每个检查项最多 %(n)s 张照片") % {"n": MAX_PHOTOS_PER_ITEM}, field="photos")
    if lat not in (None, "") and lng not in (None, ""):
        lat, lng = _decimal(lat, "lat", 90), _decimal(lng, "lng", 180)
    else:
        lat, lng = visit.lat, visit.lng
    now = timezone.now()

    def draw(img, info):
        here_lat, here_lng = (info.lat, info.lng) if info.lat is not None else (lat, lng)
        return stamp.draw_stamp(img, stamp_lines(visit, actor, now, here_lat, here_lng))

    stored = uploads.accept_image(uploaded, folder="inspections", keep_original=True, stamp=draw)
    try:
        photo = CheckPhoto.objects.create(
            visit=visit, item=item, client_id=client_id, original=stored.original, image=stored.name,
            thumbnail=stored.thumb_name, width=stored.width, height=stored.height, sha256=stored.sha256,
            lat=stored.lat if stored.lat is not None else lat, lng=stored.lng if stored.lng is not None else lng,
            taken_at=stored.taken_at or now, uploaded_by=actor, uploaded_at=now,
        )  # fmt: skip
    except BaseException:
        uploads.delete_stored(*stored.names)
        raise
    audit.record(actor, "visit.photo_added", visit, after={"item": item.pk, "photo": photo.pk})
    return photo


@transaction.atomic
def submit_visit(actor, visit: Visit, *, notes: str = "") -> Visit:
    """Finish the visit: every item must have an answer. In an open round the failed items become
    problems now; in a covert round when the round is published."""
    from chuangwen.inspections.services.findings import create_findings

    visit = locked(visit)
    _require_inspector(actor, visit)
    if visit.status == VisitStatus.SUBMITTED:
        return visit
    items = set(checklist(visit).values_list("pk", flat=True))
    answered = set(CheckResult.objects.filter(visit=visit).values_list("item_id", flat=True))
    missing = len(items - answered)
    if missing:
        raise DomainError(_("还有 %(n)s 项未检查") % {"n": missing}, field="results")
    now = timezone.now()
    visit.status = VisitStatus.SUBMITTED
    visit.submitted_at = now
    visit.notes = (notes or "").strip()[:2000] or visit.notes
    visit.save(update_fields=["status", "submitted_at", "notes"])
    failed = CheckResult.objects.filter(visit=visit, verdict=Verdict.FAIL).count()
    audit.record(actor, "visit.submitted", visit, after={"results": len(answered), "failed": failed})
    if not visit.round.is_covert:
        create_findings(actor, visit)
    return visit
