"""The home page per role: what needs this person's attention."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chuangwen.dashboard import attention, widgets


@login_required
@require_GET
def home(request):
    context = {
        "section": "home",
        "cards": widgets.cards_for(request.user),
        "attention": attention.attention_for(request.user),
    }
    context.update(widgets.panels_for(request.user))
    return render(request, "dashboard/home.html", context)
