import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# The Wagtail admin ships inline scripts and styles (Draftail, StreamField, previews), so
# it gets its own, looser policy. It still loads nothing from other origins.
ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Strict CSP for the learner-facing site, the admin policy under /admin/."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path.startswith("/admin/"):
            parts.config = ADMIN_POLICY
        elif getattr(request, "is_preview", False):
            # Wagtail renders a preview through a request for the page's own path and
            # shows it in the editor's iframe: the learner policy, framed by our own admin.
            parts.config = {**learner_policy(), "frame-ancestors": ["'self'"]}
        return parts


def learner_policy() -> dict:
    return dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])


# Files that carry personal data whoever asks for them: certificates, report exports.
PRIVATE_CONTENT_TYPES = (
    "application/pdf",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in request and on every
    download (PDF, CSV, XLSX or any attachment), so no browser, shared computer or proxy
    keeps a copy of a learner's records after they sign out.

    "Signed in" is read from the session cookie rather than from ``request.user``: every
    signed-in request carries it (the site has no other way to sign in), and asking
    ``request.user`` would cost anonymous visitors with a stale cookie a session and a user
    query on pages that never needed them. A response that starts a session (the login
    itself) is treated the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.must_not_store(request, response):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def must_not_store(request, response) -> bool:
        session_cookie = settings.SESSION_COOKIE_NAME
        if session_cookie in request.COOKIES or session_cookie in response.cookies:
            return True
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in PRIVATE_CONTENT_TYPES:
            return True
        return response.get("Content-Disposition", "").lower().startswith("attachment")


class DatabaseUnavailableMiddleware:
    """A 503 page instead of a 500 when the database connection is lost (or the database
    refuses the work) while a view runs.

    Every write is one transaction, so an interrupted request saved nothing: a POST says
    so and asks the person to submit again. The broken connection is dropped at the end
    of the request and CONN_HEALTH_CHECKS opens a fresh one for the next.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error(
            "Database unavailable during %s %s", request.method, request.path, exc_info=exception
        )
        # No request context: its processors would ask the database again.
        html = loader.get_template("503.html").render({"nothing_saved": request.method == "POST"})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class MalformedAdminPostMiddleware:
    """A 400 page instead of a 500 when a POST to the Wagtail admin carries a value its
    widgets cannot read: Draftail's rich text is JSON (json.JSONDecodeError), StreamField
    form data has counts and indexes (ValueError from int()). Both are ValueErrors raised
    while the form reads the request, before anything is saved. Logged as a warning with
    the traceback, so a real bug that raises ValueError stays visible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, ValueError):
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        logger.warning("Malformed admin POST to %s answered 400", request.path, exc_info=exception)
        html = loader.get_template("400.html").render({})
        return HttpResponse(html, status=400)
