"""Problem pages (being built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chuangwen.problems.access import get_problem_for_user


@login_required
@require_GET
def problem_detail(request, pk: int):
    problem = get_problem_for_user(request.user, pk)
    return render(request, "problems/detail.html", {"problem": problem, "section": "problems"})
