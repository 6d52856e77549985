"""Login throttling: django-axes' per username+address lockout, plus a lockout of an address that
fails too often over any usernames (password spraying: one password tried on many accounts).

Axes compares one failure limit with every lockout parameter, so an address-only parameter would
lock a whole office behind one NAT address after AXES_FAILURE_LIMIT (5) typos. The address gets its
own, higher limit here (AXES_ADDRESS_FAILURE_LIMIT) over the same cool-off window.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(ip_address: str | None, request=None) -> int:
    """Failed logins from this address over every username within the cool-off window."""
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressAwareHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        limit = getattr(settings, "AXES_ADDRESS_FAILURE_LIMIT", 0)
        if limit and address_failures(request.axes_ip_address, request) >= limit:
            return max(failures, get_failure_limit(request, credentials))
        return failures
