"""The one rule for following a ``?next=`` (or a posted ``next``) after an action."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, fallback: str | None = None) -> str | None:
    """The posted or queried ``next`` when it points at this site (same host, and HTTPS
    when the request is), else ``fallback``: never an open redirect."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
