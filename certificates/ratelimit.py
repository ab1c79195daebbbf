"""A per-IP limit for the public verification pages, counted in Django's cache (Redis in
production, so every web process shares the count)."""

import time
from functools import wraps
from http import HTTPStatus

from django.shortcuts import render

VERIFY_LIMIT_PER_MINUTE = 30


def _client_ip(request) -> str:
    # allauth's adapter knows the deployment's proxy settings; use the same answer.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except Exception:  # allauth refuses a request without an address: count them together
        return request.META.get("REMOTE_ADDR") or "unknown"


def verify_rate_limited(view):
    """At most VERIFY_LIMIT_PER_MINUTE requests a minute per IP; 429 with a sentence."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from django.core.cache import cache

        window = int(time.time() // 60)
        key = f"certificates:verify:{_client_ip(request)}:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        if count > VERIFY_LIMIT_PER_MINUTE:
            response = render(
                request,
                "certificates/verify_rate_limited.html",
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = "60"
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return view(request, *args, **kwargs)

    return wrapper
