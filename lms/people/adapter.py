from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpResponseRedirect
from django.urls import reverse

from lms.redirects import safe_next_url

from .models import StaffProfile
from .passwords import short_password_note
from .selectors import staff_profile_is_complete


class AccountAdapter(DefaultAccountAdapter):
    """The one extension point for sign-up and login behaviour.

    Onboarding: after sign-up or login, someone whose staff profile is not complete lands
    on the profile page first, carrying where they were going as ?next=.
    """

    def get_login_redirect_url(self, request) -> str:
        return safe_next_url(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return safe_next_url(request, super().get_signup_redirect_url(request))

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            short_password_note(request, user, credentials.get("password", ""))
        return user

    def post_login(self, request, user, **kwargs):
        # One read of the profile serves the greeting allauth adds (its user_display,
        # ACCOUNT_USER_DISPLAY, names the person from it) and the onboarding check.
        profile = StaffProfile.objects.filter(user=user).first()
        if profile is not None:
            user.staff_profile = profile
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect) and not staff_profile_is_complete(profile):
            profile_url = reverse("people:profile")
            target = response["Location"]
            if target.startswith(profile_url) or target == "/":
                response["Location"] = profile_url
            else:
                response["Location"] = f"{profile_url}?{urlencode({'next': target})}"
        return response
