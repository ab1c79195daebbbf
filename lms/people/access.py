"""Who may see what. Every view and report that shows learner records goes through here.

- ``has_role(user, role)``: membership of one of the groups in lms.people.roles.
- ``can_view_learner_records(user)``: the ``people.view_learner_records`` permission
  (HR officers and Administrators).
- ``county_scope(viewer=...)``: None (all counties) for HR national and Administrators,
  the viewer's own profile county for HR county; PermissionDenied for anyone else.
- ``scope_users(queryset, viewer=..., user_field="user")``: filters any queryset down to
  the learners the viewer may see.
- ``mfa_satisfied(user)`` and ``@learner_records_view``: two-factor authentication is
  required for HR officers and Administrators when settings.MFA_REQUIRED_FOR_STAFF is on.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from . import roles
from .models import County

LEARNER_RECORDS_PERMISSION = "people.view_learner_records"
MFA_SETUP_MESSAGE = (
    "Your role gives you access to learner records, so your account must be protected "
    "with two-factor authentication. Set up an authenticator app below to continue."
)


def _role_names(user) -> frozenset[str]:
    # Cached on the user object: one query per request, however many checks a page makes.
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_people_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._people_role_names = cached
    return cached


def has_role(user, role_name: str) -> bool:
    return role_name in _role_names(user)


def can_view_learner_records(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(LEARNER_RECORDS_PERMISSION)
    )


def county_scope(*, viewer) -> County | None:
    """The county whose learners ``viewer`` may see, or None for every county."""
    if not can_view_learner_records(viewer):
        raise PermissionDenied("You do not have access to learner records.")
    if (
        viewer.is_superuser
        or has_role(viewer, roles.ADMINISTRATOR)
        or has_role(viewer, roles.HR_NATIONAL)
    ):
        return None
    if has_role(viewer, roles.HR_COUNTY):
        profile = getattr(viewer, "staff_profile", None)
        if profile is None or profile.county_id is None:
            raise PermissionDenied(
                "Your staff profile has no county, so no county's records can be shown. "
                "Complete your profile first."
            )
        return profile.county
    # Holding the permission outside the HR and Administrator roles gives no scope:
    # deny rather than guess.
    raise PermissionDenied("Your role does not give access to learner records.")


def scope_users(queryset: QuerySet, *, viewer, user_field: str | None = "user") -> QuerySet:
    """Filter ``queryset`` to rows whose learner the viewer may see.

    ``user_field`` is the path from the queryset's model to the user ("user",
    "enrolment__user" ...); pass None when the queryset is of users itself.
    """
    county = county_scope(viewer=viewer)
    if county is None:
        return queryset
    prefix = f"{user_field}__" if user_field else ""
    return queryset.filter(**{f"{prefix}staff_profile__county": county})


def mfa_required(user) -> bool:
    if not settings.MFA_REQUIRED_FOR_STAFF or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_role_names(user) & set(roles.MFA_REQUIRED_ROLES))


def mfa_satisfied(user) -> bool:
    """False only for a user who must have two-factor authentication and has no TOTP
    authenticator yet."""
    if not mfa_required(user):
        return True
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_setup_redirect(request: HttpRequest) -> HttpResponseRedirect:
    messages.warning(request, MFA_SETUP_MESSAGE)
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")


def learner_records_view(view):
    """For views that show learner records: login, then the permission (403 without it),
    then two-factor authentication (set-up page without it)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_learner_records(request.user):
            raise PermissionDenied("You do not have access to learner records.")
        if not mfa_satisfied(request.user):
            return mfa_setup_redirect(request)
        return view(request, *args, **kwargs)

    wrapper.requires_learner_records_access = True
    return wrapper
