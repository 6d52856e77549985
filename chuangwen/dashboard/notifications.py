"""The in-app inbox every user has: messages about their problems and tasks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from chuangwen.problems.inbox import Notification

PAGE_SIZE = 30


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def mark_read(user, notification_ids=None) -> int:
    """Mark the user's own messages read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@login_required
@require_GET
def notification_list(request):
    messages_qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread") == "1":
        messages_qs = messages_qs.filter(read_at__isnull=True)
    page = Paginator(messages_qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "section": "notifications", "unread_only": request.GET.get("unread") == "1"}
    return render(request, "dashboard/notifications.html", context)


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one message read and go where it points (only within this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(request.user, [notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    mark_read(request.user)
    return redirect("notifications")
