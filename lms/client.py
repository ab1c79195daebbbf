"""The client's address, worked out once for every rate limit of the project.

allauth reads it for its own limits (login, sign-up, password reset); the certificate
verification limit and anything added later ask the same adapter, so one setting,
``TRUSTED_PROXY_COUNT`` (allauth's ``ALLAUTH_TRUSTED_PROXY_COUNT``), decides for all of
them how many ``X-Forwarded-For`` entries, counted from the right, were written by our
own proxies. Entries further left are the client's to invent and are never used.
"""

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied

UNKNOWN_ADDRESS = "unknown"


def client_address(request) -> str:
    """The address rate limits count ``request`` under.

    allauth refuses a request whose address cannot be told (no ``REMOTE_ADDR``); such
    requests are counted together rather than let through uncounted.
    """
    try:
        return get_adapter(request).get_client_ip(request) or UNKNOWN_ADDRESS
    except PermissionDenied:
        return UNKNOWN_ADDRESS
