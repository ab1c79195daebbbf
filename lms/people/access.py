"""Who may see what. Every view and report that shows learner records goes through here,
and every decision reads permissions, never group names (renaming a group in
/admin/groups/ changes nothing).

- ``can_view_learner_records(user)``: the ``people.view_learner_records`` permission
  (HR officers and Administrators).
- ``county_scope(viewer=...)``: None (all counties) with ``people.view_all_counties``
  (HR national, Administrators), the viewer's own profile county with
  ``people.view_county_records`` (HR county); PermissionDenied for anyone else.
- ``scope_users(queryset, viewer=..., user_field="user")``: filters any queryset down to
  the learners the viewer may see.
- ``mfa_required(user)`` / ``mfa_satisfied(user)``: two-factor authentication is required
  of everyone who may view learner records when settings.MFA_REQUIRED_FOR_STAFF is on.
- ``LearnerRecordsAccessMixin``: what a report view declares: login, the permission (403
  with a sentence without it) and two-factor authentication (set-up page without it),
  checked together in the view.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import County

LEARNER_RECORDS_PERMISSION = "people.view_learner_records"
ALL_COUNTIES_PERMISSION = "people.view_all_counties"
COUNTY_RECORDS_PERMISSION = "people.view_county_records"
MFA_SETUP_MESSAGE = gettext_lazy(
    "Your role gives you access to learner records, so your account must be protected "
    "with two-factor authentication. Set up an authenticator app below to continue."
)
NO_ACCESS_MESSAGE = gettext_lazy("You do not have access to learner records.")


def can_view_learner_records(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(LEARNER_RECORDS_PERMISSION)
    )


def county_scope(*, viewer) -> County | None:
    """The county whose learners ``viewer`` may see, or None for every county."""
    if not can_view_learner_records(viewer):
        raise PermissionDenied(NO_ACCESS_MESSAGE)
    if viewer.has_perm(ALL_COUNTIES_PERMISSION):
        return None
    if viewer.has_perm(COUNTY_RECORDS_PERMISSION):
        profile = getattr(viewer, "staff_profile", None)
        if profile is None or profile.county_id is None:
            raise PermissionDenied(
                _(
                    "Your staff profile has no county, so no county's records can be shown. "
                    "Complete your profile first."
                )
            )
        return profile.county
    # Viewing learner records without a scope permission: deny rather than guess.
    raise PermissionDenied(_("Your role does not give access to learner records."))


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
    """Two-factor authentication is required of everyone who may view learner records
    (HR officers, Administrators, superusers) when settings.MFA_REQUIRED_FOR_STAFF is on."""
    if not settings.MFA_REQUIRED_FOR_STAFF or not getattr(user, "is_authenticated", False):
        return False
    return can_view_learner_records(user)


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


def learner_records_refusal(request: HttpRequest):
    """None when ``request.user`` may see learner records; otherwise the response: to
    login, a 403 with a sentence (not Wagtail's redirect to the dashboard, so people and
    scripts can tell), or to the two-factor set-up page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        if not can_view_learner_records(request.user):
            raise PermissionDenied(NO_ACCESS_MESSAGE)
        county_scope(viewer=request.user)
    except PermissionDenied as error:
        return TemplateResponse(
            request,
            "people/no_access.html",
            {
                "message": str(error) or NO_ACCESS_MESSAGE,
                "page_title": _("No access to these reports"),
            },
            status=403,
        )
    if not mfa_satisfied(request.user):
        return mfa_setup_redirect(request)
    return None


class LearnerRecordsAccessMixin:
    """For class-based views that show learner records (every HR report): the view
    declares what it needs, and login, permission, scope and two-factor authentication
    are checked together in ``dispatch``."""

    def dispatch(self, request, *args, **kwargs):
        refusal = learner_records_refusal(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)
