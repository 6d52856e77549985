"""Several answers of one visit at once: what a phone sends when it syncs the answers it queued on
weak signal, and what the demo city's loader uses to record its past rounds quickly.

Same rules and same records as visits.answer, item by item (an unchanged answer is a no-op, an answer
recorded on the phone before the stored one is ignored, one "visit.answered" audit event per answer
that changed), but one lock and a handful of queries for the whole batch instead of several per item.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.inspections.models import CheckResult, Visit
from chuangwen.inspections.services.visits import _clean_answer, _require_inspector, _require_open, checklist, locked
from chuangwen.lib.errors import DomainError


@dataclass(frozen=True)
class Answer:
    item_id: int
    verdict: str
    count: int | None = None
    note: str = ""
    client_at: datetime.datetime | None = None


@transaction.atomic
def answer_many(actor, visit: Visit, answers: Iterable[Answer]) -> list[CheckResult]:
    """Save the answers in order (a later answer to the same item wins, as if sent one by one).
    Any invalid answer refuses the whole batch and changes nothing."""
    visit = locked(visit)
    _require_inspector(actor, visit)
    items = {item.pk: item for item in checklist(visit)}
    stored = {r.item_id: r for r in CheckResult.objects.filter(visit=visit)}
    touched: dict[int, CheckResult] = {}
    events = []
    now = timezone.now()
    for given in answers:
        item = items.get(given.item_id)
        if item is None:
            raise DomainError(_("该检查项不属于本点位的检查清单"), field="item")
        verdict, count, note = _clean_answer(item, given.verdict, given.count, given.note)
        result = stored.get(item.pk)
        if result is not None and (result.verdict, result.count, result.note) == (verdict, count, note):
            continue
        _require_open(visit)
        if result is not None and given.client_at and result.client_at and given.client_at < result.client_at:
            continue
        before = {"verdict": result.verdict, "count": result.count, "note": result.note} if result else None
        if result is None:
            result = CheckResult(
                visit=visit, round_id=visit.round_id, site_id=visit.site_id, standard_id=item.standard_id, item=item,
                rule_kind=item.rule_kind, deduction_per=item.deduction_per,
            )  # fmt: skip
            stored[item.pk] = result
        result.verdict, result.count, result.note = verdict, count, note
        result.answered_by, result.answered_at, result.client_at = actor, now, given.client_at
        touched[item.pk] = result
        events.append(
            audit.build(
                actor,
                "visit.answered",
                visit,
                before=before,
                after={"item": item.pk, "verdict": verdict, "count": count, "note": note},
            )  # fmt: skip
        )
    new = [r for r in touched.values() if r._state.adding]  # the id is set on creation (lib.ids): not a sign
    changed = [r for r in touched.values() if not r._state.adding]
    CheckResult.objects.bulk_create(new)
    fields = ["verdict", "count", "note", "answered_by", "answered_at", "client_at"]
    CheckResult.objects.bulk_update(changed, fields)
    audit.record_many(events)
    return [stored[pk] for pk in touched]


def answer(
    actor, visit: Visit, item_id: int, *, verdict: str, count=None, note: str = "",
    client_at: datetime.datetime | None = None,
) -> CheckResult:  # fmt: skip
    """Save one item's answer as it is given (answer_many with one answer). Repeating it is harmless;
    an answer recorded on the phone before the one already stored is ignored (it arrived late)."""
    answer_many(actor, visit, [Answer(item_id, verdict, count, note, client_at)])
    return CheckResult.objects.get(visit=visit, item_id=item_id)
