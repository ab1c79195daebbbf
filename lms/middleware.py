from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
