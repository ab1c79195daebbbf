from csp.middleware import CSPMiddleware, PolicyParts

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
        if not report_only and request.path.startswith("/admin/") and parts.config is None:
            parts.config = ADMIN_POLICY
        return parts
