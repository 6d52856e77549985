"""routing.propose for a page of problems at once, in a fixed number of queries.

The triage queue shows the proposed unit of every row; calling routing.propose per row would
cost several queries each. `propose_many` loads what the rules read for the whole page (three
queries) and applies the same rules; a test keeps its answers equal to routing.propose.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from chuangwen.problems import routing
from chuangwen.problems.models import Problem
from chuangwen.problems.routing import Proposal
from chuangwen.units.models import FUNCTIONAL_KINDS, Unit, UnitKind

STREET_KINDS = (UnitKind.STREET, UnitKind.TOWN)


def routing_prefetches() -> list:
    """What propose_many reads, to add to the page's queryset."""
    active = Unit.objects.filter(is_active=True).order_by("path")
    return [
        Prefetch("site__responsible_units", queryset=active, to_attr="active_responsible"),
        Prefetch("standard__responsible_units", queryset=active, to_attr="active_responsible"),
    ]


ROUTING_RELATED = (
    "site__territorial_unit",
    "standard__lead_unit",
    "territorial_unit",
    "category__default_unit",
)


def propose_many(problems: Iterable[Problem]) -> dict[int, Proposal]:
    """Proposals by problem id; problems must come with ROUTING_RELATED and routing_prefetches()."""
    problems = list(problems)
    streets = _streets_for(problems)
    return {p.pk: _propose(p, streets) for p in problems}


def _territory(problem: Problem) -> Unit | None:
    return problem.site.territorial_unit if problem.site_id else problem.territorial_unit


def _streets_for(problems: list[Problem]) -> dict[int, Unit]:
    """Every street or town among the ancestors of the problems' territories (one query)."""
    ids = {i for p in problems if (t := _territory(p)) is not None for i in t.ancestor_ids()}
    if not ids:
        return {}
    return Unit.objects.filter(pk__in=ids, kind__in=STREET_KINDS).in_bulk()


def _street_of(unit: Unit | None, streets: dict[int, Unit]) -> Unit | None:
    if unit is None:
        return None
    if unit.kind in STREET_KINDS:
        return unit
    found = [streets[i] for i in unit.ancestor_ids() if i in streets]
    return min(found, key=lambda u: u.path) if found else None


def _propose(problem: Problem, streets: dict[int, Unit]) -> Proposal:
    site, standard = problem.site, problem.standard
    answerable = list(site.active_responsible) if site else []
    owners = _owners(standard)
    owner_ids = {o.pk for o in owners}
    lead_id = standard.lead_unit_id if standard else None
    shared = sorted(
        (u for u in answerable if u.pk in owner_ids),
        key=lambda u: (u.pk != lead_id, u.kind not in FUNCTIONAL_KINDS),
    )
    texts = routing_texts()
    if shared:
        return Proposal(shared[0], texts["shared"], routing._others(answerable, shared[0]))
    functional = [u for u in answerable if u.kind in FUNCTIONAL_KINDS]
    if functional:
        return Proposal(functional[0], texts["functional"], routing._others(answerable, functional[0]))
    if standard is not None and standard.lead_unit_id and standard.lead_unit.is_active:
        return Proposal(standard.lead_unit, texts["lead"], answerable)
    street = _street_of(_territory(problem), streets)
    if street is not None:
        return Proposal(street, texts["street"], answerable)
    if answerable:
        return Proposal(answerable[0], texts["answerable"], routing._others(answerable, answerable[0]))
    if problem.category_id and problem.category.default_unit_id:
        return Proposal(problem.category.default_unit, texts["category"])
    return Proposal(None, texts["none"])


def _owners(standard) -> list[Unit]:
    if standard is None:
        return []
    owners = list(standard.active_responsible)
    if standard.lead_unit_id:
        owners.insert(0, standard.lead_unit)
    return owners


def routing_texts() -> dict[str, str]:
    """The reasons routing.propose gives, in the same words."""
    return {
        "shared": _("点位包保单位，且为该测评标准的责任单位"),
        "functional": _("点位的包保职能部门（谁主管谁负责）"),
        "lead": _("测评标准的牵头单位（谁主管谁负责）"),
        "street": _("问题所在街道（属地管理）"),
        "answerable": _("点位包保单位"),
        "category": _("问题类别的默认责任单位"),
        "none": _("无法自动确定责任单位，请人工指定"),
    }
