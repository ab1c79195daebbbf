from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .access import mfa_satisfied, mfa_setup_redirect
from .passwords import short_password_message, short_password_pending

# Reachable without two-factor authentication even for staff who need it, so they can
# still leave the admin.
_EXEMPT_ADMIN_URL_NAMES = ("wagtailadmin_logout",)


class StaffMfaMiddleware:
    """Sends everyone who must have two-factor authentication (lms.people.access.
    mfa_required) and has no TOTP authenticator from the Wagtail admin to the set-up page.
    Views that show learner records check the same themselves
    (``LearnerRecordsAccessMixin``), wherever they are mounted.

    Only active when settings.MFA_REQUIRED_FOR_STAFF is on (production and tests).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        guarded = request.path.startswith(reverse("wagtailadmin_home")) and (
            request.path not in {reverse(name) for name in _EXEMPT_ADMIN_URL_NAMES}
        )
        # request.user only for guarded views: loading it costs the session and user
        # queries, which other views may not need at all.
        if guarded and request.user.is_authenticated and not mfa_satisfied(request.user):
            return mfa_setup_redirect(request)
        if guarded and request.user.is_authenticated and short_password_pending(request):
            # Signed in with a password shorter than their role needs (lms.people.passwords).
            messages.warning(request, short_password_message())
            return HttpResponseRedirect(reverse("account_change_password"))
        return None
