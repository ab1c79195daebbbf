"""A per-address limit for the public verification pages, counted in Django's cache (Redis
in production, so every web process shares the count). The address is lms.client's, the
same allauth's limits use."""

import time
from functools import wraps
from http import HTTPStatus

from django.shortcuts import render

from lms.client import client_address

VERIFY_LIMIT_PER_MINUTE = 30


def verify_rate_limited(view):
    """At most VERIFY_LIMIT_PER_MINUTE requests a minute per IP; 429 with a sentence."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from django.core.cache import cache

        window = int(time.time() // 60)
        key = f"certificates:verify:{client_address(request)}:{window}"
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
