"""Who should fix a problem: 谁主管谁负责 (the functional owner) and 属地管理 (the territory)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chuangwen.indicators.models import Standard
from chuangwen.problems.models import ProblemCategory
from chuangwen.sites.models import Site
from chuangwen.units.models import FUNCTIONAL_KINDS, Unit, UnitKind


@dataclass
class Proposal:
    unit: Unit | None
    why: str
    cooperating: list[Unit] = field(default_factory=list)


def _street_of(unit: Unit | None) -> Unit | None:
    """The street or town a territorial unit lies in (itself if it is one)."""
    if unit is None:
        return None
    if unit.kind in (UnitKind.STREET, UnitKind.TOWN):
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind__in=(UnitKind.STREET, UnitKind.TOWN)).first()


def propose(
    site: Site | None,
    standard: Standard | None,
    category: ProblemCategory | None = None,
    territorial: Unit | None = None,
) -> Proposal:
    """The responsible unit the rules propose, with the reason in words and the cooperating units."""
    answerable = list(site.responsible_units.filter(is_active=True)) if site else []
    owners = _standard_owners(standard)
    shared = sorted(
        (u for u in answerable if u.pk in {o.pk for o in owners}),
        key=lambda u: (u.pk != (standard.lead_unit_id if standard else None), u.kind not in FUNCTIONAL_KINDS),
    )
    if shared:
        return Proposal(shared[0], _("点位包保单位，且为该测评标准的责任单位"), _others(answerable, shared[0]))
    functional = [u for u in answerable if u.kind in FUNCTIONAL_KINDS]
    if functional:
        return Proposal(functional[0], _("点位的包保职能部门（谁主管谁负责）"), _others(answerable, functional[0]))
    if standard is not None and standard.lead_unit_id and standard.lead_unit.is_active:
        return Proposal(standard.lead_unit, _("测评标准的牵头单位（谁主管谁负责）"), answerable)
    street = _street_of(site.territorial_unit if site else territorial)
    if street is not None:
        return Proposal(street, _("问题所在街道（属地管理）"), answerable)
    if answerable:
        return Proposal(answerable[0], _("点位包保单位"), _others(answerable, answerable[0]))
    if category is not None and category.default_unit_id:
        return Proposal(category.default_unit, _("问题类别的默认责任单位"))
    return Proposal(None, _("无法自动确定责任单位，请人工指定"))


def _standard_owners(standard: Standard | None) -> list[Unit]:
    if standard is None:
        return []
    owners = list(standard.responsible_units.filter(is_active=True))
    if standard.lead_unit_id:
        owners.insert(0, standard.lead_unit)
    return owners


def _others(units: list[Unit], chosen: Unit) -> list[Unit]:
    return [u for u in units if u.pk != chosen.pk]
