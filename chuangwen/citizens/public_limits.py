"""Who is asking, for the public pages' limits: the client address, and a per-address counter of
status and points lookups.

The client address is REMOTE_ADDR, unless TRUSTED_PROXY_COUNT says how many reverse proxies in
front of the site append to X-Forwarded-For: then it is the address the outermost trusted proxy
saw (counting from the right, so a client cannot forge it by sending the header itself).

Lookups (a status page, a points query, the page after a report) are counted per address and
minute in the cache (the database cache by default, Redis in production: shared by all workers),
so tracking codes cannot be guessed at speed: a code is 10 characters of a 31-letter alphabet
(31**10, about 8 * 10**14), and CITIZEN_LOOKUPS_PER_MINUTE (default 30) lookups a minute from one
address make a guess hopeless.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from chuangwen.citizens.services.intake import fingerprint

DEFAULT_LOOKUPS_PER_MINUTE = 30


def client_address(request) -> str:
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if trusted > 0 and forwarded:
        return forwarded[-min(trusted, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "") or ""


def lookups_per_minute() -> int:
    return int(getattr(settings, "CITIZEN_LOOKUPS_PER_MINUTE", DEFAULT_LOOKUPS_PER_MINUTE))


def allow_lookup(request) -> bool:
    """Count one lookup from this client; False once the minute's allowance is spent."""
    allowed = lookups_per_minute()
    if not allowed:
        return True
    minute = int(time.time() // 60)
    key = f"citizens:lookup:{fingerprint(client_address(request))[:32]}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= allowed
