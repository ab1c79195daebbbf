from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse

from .selectors import complete_profiles, profile_is_complete


class AccountAdapter(DefaultAccountAdapter):
    """The one extension point for sign-up and login behaviour.

    Onboarding: after sign-up or login, someone whose staff profile is not complete lands
    on the profile page first, carrying where they were going as ?next=.
    """

    def _next_or(self, request, default: str) -> str:
        candidate = request.POST.get("next") or request.GET.get("next")
        if candidate and self.is_safe_url(candidate):
            return candidate
        return default

    def get_login_redirect_url(self, request) -> str:
        return self._next_or(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return self._next_or(request, super().get_signup_redirect_url(request))

    def pre_login(self, request, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is None:
            _login_lookups(user, email=kwargs.get("email"))
        return response

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        complete = getattr(user, "_people_profile_complete", None)
        if complete is None:
            complete = profile_is_complete(user=user)
        if isinstance(response, HttpResponseRedirect) and not complete:
            profile_url = reverse("people:profile")
            target = response["Location"]
            if target.startswith(profile_url) or target == "/":
                response["Location"] = profile_url
            else:
                response["Location"] = f"{profile_url}?{urlencode({'next': target})}"
        return response


def _login_lookups(user, *, email: str | None) -> None:
    """What the rest of a login asks about ``user``, in one query: their email addresses
    (allauth's email-verification stage reads the one they logged in with) and whether
    their profile is complete (post_login above). Without this, each is a query.

    The addresses go into allauth's own per-user cache (``fill_cache_for_user``, read by
    ``EmailAddress.objects.get_for_user``), only when the login email is among them: the
    cache answers None rather than DoesNotExist for an address it does not hold.
    """
    from allauth.account.models import EmailAddress

    addresses = list(
        EmailAddress.objects.filter(user=user).annotate(
            people_profile_complete=Exists(complete_profiles().filter(user=OuterRef("user_id")))
        )
    )
    if not addresses:
        return
    user._people_profile_complete = addresses[0].people_profile_complete
    if email and any(address.email == email.lower() for address in addresses):
        EmailAddress.objects.fill_cache_for_user(user, addresses)
