"""Registering a problem."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators.models import Standard
from chuangwen.lib import search
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems import access
from chuangwen.problems.models import PhotoKind, Problem, ProblemCategory, Severity, Source
from chuangwen.problems.services.common import add_photos, require_text, snapshot
from chuangwen.sites.models import Site
from chuangwen.units.models import Role, Unit

# Which sources each role may register under.
ROLE_SOURCES = {
    Role.INSPECTOR: {Source.INSPECTION},
    Role.GRID_WORKER: {Source.GRID},
    Role.LEADER: {Source.LEADER},
}
MAX_PHOTOS = 9
SEARCH_INDEX = "problems"


def search_text(problem: Problem) -> str:
    """What the problem search finds a problem by."""
    parts = [problem.code, problem.description, problem.address, problem.external_ref]
    if problem.site_id:
        parts.append(problem.site.name)
    return " ".join(p for p in parts if p)


def _check_actor(actor, source: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in access.CREATOR_ROLES):
        raise PermissionDenied(_("您无权登记问题"))
    allowed = ROLE_SOURCES.get(actor.role)
    if allowed is not None and source not in allowed:
        raise DomainError(_("您不能登记该来源的问题"), field="source")


def _place(actor, site: Site | None, lat, lng, address: str) -> tuple[Unit | None, Unit | None]:
    """The territorial unit and district of the problem, checked against a district office's scope."""
    if site is None and not address.strip() and (lat is None or lng is None):
        raise DomainError(_("请选择点位，或填写问题地址或位置"), field="address")
    territorial = site.territorial_unit if site else None
    if territorial is None and actor.role in (Role.DISTRICT_OFFICE, Role.GRID_WORKER) and actor.unit:
        territorial = actor.unit
    if territorial is None and lat is not None and lng is not None:
        nearest = nearest_site(Decimal(lat), Decimal(lng))
        territorial = nearest.territorial_unit if nearest else None
    district = territorial.district() if territorial else None
    if actor.role == Role.DISTRICT_OFFICE and (district is None or district.pk != actor.unit_id):
        raise DomainError(_("只能登记本区的问题"), field="site")
    return territorial, district


NEAREST_SITE_DEGREES = Decimal("0.01")  # about 1 km in latitude


def nearest_site(lat: Decimal, lng: Decimal) -> Site | None:
    """The registered site closest to a position, within about a kilometre: its territory is the
    problem's territory (属地) when the problem has a position but no site."""
    box = Site.objects.active().filter(
        lat__range=(lat - NEAREST_SITE_DEGREES, lat + NEAREST_SITE_DEGREES),
        lng__range=(lng - NEAREST_SITE_DEGREES, lng + NEAREST_SITE_DEGREES),
    )
    candidates = box.select_related("territorial_unit").only("lat", "lng", "territorial_unit")[:200]
    return min(candidates, key=lambda s: (s.lat - lat) ** 2 + (s.lng - lng) ** 2, default=None)


def _check_position(lat, lng) -> None:
    if (lat is None) != (lng is None):
        raise DomainError(_("经纬度须同时填写"), field="lat")
    if lat is not None and not (
        Decimal(-90) <= Decimal(lat) <= Decimal(90) and Decimal(-180) <= Decimal(lng) <= Decimal(180)
    ):
        raise DomainError(_("经纬度超出范围"), field="lat")


def _new_code(problem: Problem) -> str:
    return f"P{timezone.localtime(problem.created_at):%Y%m%d}{problem.pk:06d}"


@transaction.atomic
def create_problem(
    actor,
    *,
    source: str,
    description: str,
    severity: str = Severity.MINOR,
    category: ProblemCategory | None = None,
    standard: Standard | None = None,
    site: Site | None = None,
    lat=None,
    lng=None,
    address: str = "",
    external_ref: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    photos=(),
    on_behalf_of=None,
) -> Problem:
    """Register a problem (待分派). Assignment is a separate step (assign_problem).
    `on_behalf_of`: the person recorded as 登记人 when the actor registers someone else's finding
    (the office publishing a covert round registers its inspectors' findings)."""
    _check_actor(actor, source)
    if source not in Source.values:
        raise DomainError(_("问题来源无效"), field="source")
    if severity not in Severity.values:
        raise DomainError(_("严重程度无效"), field="severity")
    description = require_text(description, "description", _("请填写问题描述"))
    _check_position(lat, lng)
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS}, field="photos")
    territorial, district = _place(actor, site, lat, lng, address)
    problem = Problem(
        code=f"tmp-{timezone.now().timestamp()}",
        source=source,
        description=description,
        severity=severity,
        category=category,
        standard=standard,
        site=site,
        lat=lat if lat is not None else (site.lat if site else None),
        lng=lng if lng is not None else (site.lng if site else None),
        address=address.strip() or (site.address if site else ""),
        external_ref=external_ref.strip(),
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        territorial_unit=territorial,
        district=district,
        created_by=on_behalf_of or actor,
        created_at=timezone.now(),
    )
    problem.save()
    problem.code = _new_code(problem)
    problem.save(update_fields=["code"])
    add_photos(problem, photos, PhotoKind.BEFORE, actor)
    search.index(SEARCH_INDEX, problem.pk, search_text(problem))
    after = snapshot(problem) | {"source": source, "description": description, "photos": len(photos)}
    audit.record(actor, "problem.created", problem, after=after)
    return problem
