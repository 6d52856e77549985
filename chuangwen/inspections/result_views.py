"""Results of a round: per sampled site its visit and counts, and one visit's answers with photos.

Who sees what is decided by the querysets: the round through Round.objects.visible_to (a secret
round is there only for office staff and its inspectors), the sites through Site.objects.visible_to
(a unit or district office sees its own sites only), the visits through Visit.objects.visible_to.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, DecimalField, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Greatest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chuangwen.indicators.models import RuleKind
from chuangwen.inspections import access, services
from chuangwen.inspections.models import CheckResult, Round, RoundSite, Verdict, Visit
from chuangwen.inspections.office_views import round_context, visible_site_ids
from chuangwen.problems.models import Problem

PAGE_SIZE = 50
MONEY = DecimalField(max_digits=10, decimal_places=2)


def _deduction():
    failed = Q(results__verdict=Verdict.FAIL, results__rule_kind=RuleKind.DEDUCTION)
    points = F("results__deduction_per") * Greatest(F("results__count"), Value(1))
    return Sum(Case(When(failed, then=points), default=Value(Decimal(0)), output_field=MONEY), output_field=MONEY)


def visits_with_counts(user):
    fails = CheckResult.objects.filter(verdict=Verdict.FAIL).select_related("item", "problem")
    return (
        Visit.objects.visible_to(user)
        .select_related("inspector")
        .annotate(
            n_pass=Count("results", filter=Q(results__verdict=Verdict.PASS)),
            n_fail=Count("results", filter=Q(results__verdict=Verdict.FAIL)),
            n_na=Count("results", filter=Q(results__verdict=Verdict.NOT_APPLICABLE)),
            deduction=_deduction(),
        )
        .prefetch_related(Prefetch("results", queryset=fails, to_attr="fails"))
    )


def _visible_problems(user, visits) -> set[int]:
    ids = {r.problem_id for v in visits for r in v.fails if r.problem_id}
    if not ids:
        return set()
    return set(Problem.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def result_rows(user, round_: Round, page_number):
    """A page of the sampled sites this person may see, each with its visit (or None)."""
    entries = RoundSite.objects.filter(round=round_).in_sample()
    sites = visible_site_ids(user)
    if sites is not None:
        entries = entries.filter(site__in=sites)
    entries = entries.select_related("site", "site_type", "district", "team").order_by("site__code")
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    visits = list(visits_with_counts(user).filter(round_site__in=[e.pk for e in page.object_list]))
    by_entry = {v.round_site_id: v for v in visits}
    linkable = _visible_problems(user, visits)
    rows = [{"entry": e, "visit": by_entry.get(e.pk)} for e in page.object_list]
    return page, rows, linkable


@require_GET
@login_required
def results(request, pk: int):
    round_ = access.get_round_for_user(request.user, pk)
    page, rows, linkable = result_rows(request.user, round_, request.GET.get("page"))
    context = round_context(
        request, round_, "results", page=page, rows=rows, linkable=linkable,
        sees_all=access.sees_results(request.user, round_),
    )  # fmt: skip
    return render(request, "inspections/office/results.html", context)


def answer_rows(visit: Visit) -> list[dict]:
    """Every checklist item of the visit's site type with its answer and photos; answers to items
    no longer on the checklist come last."""
    results = {r.item_id: r for r in visit.results.select_related("item", "problem")}
    photos: dict[int, list] = {}
    for photo in visit.photos.all():
        photos.setdefault(photo.item_id, []).append(photo)
    rows = []
    for item in services.checklist(visit):
        rows.append({"item": item, "result": results.pop(item.pk, None), "photos": photos.get(item.pk, [])})
    for result in results.values():
        rows.append({"item": result.item, "result": result, "photos": photos.get(result.item_id, [])})
    return rows


@require_GET
@login_required
def visit_detail(request, pk: int):
    visit = access.get_visit_for_user(request.user, pk)
    visit = Visit.objects.select_related("round", "site__site_type", "team", "inspector", "round_site").get(pk=visit.pk)
    rows = answer_rows(visit)
    problems = {r["result"].problem_id for r in rows if r["result"] and r["result"].problem_id}
    linkable = set(Problem.objects.visible_to(request.user).filter(pk__in=problems).values_list("pk", flat=True))
    counts = {v: sum(1 for r in rows if r["result"] and r["result"].verdict == v) for v in Verdict.values}
    context = round_context(
        request, visit.round, "results", visit=visit, rows=rows, linkable=linkable, counts=counts,
        unanswered=sum(1 for r in rows if r["result"] is None),
        deduction=sum((r["result"].deduction for r in rows if r["result"]), Decimal(0)),
        show_original=access.plans(request.user),
    )  # fmt: skip
    return render(request, "inspections/office/visit_detail.html", context)
