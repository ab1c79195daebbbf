"""Reads for the people app: profiles, the choices on the profile form, personal data."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import personal_data
from .models import Agency, County, StaffProfile

# What a profile must hold before its owner may enrol (staff number is optional).
REQUIRED_TEXT_FIELDS = ("full_name", "job_title", "duty_station")


def staff_profile_for(*, user: AbstractBaseUser | AnonymousUser) -> StaffProfile | None:
    if not user.is_authenticated:
        return None
    return StaffProfile.objects.select_related("county", "agency").filter(user=user).first()


def person_display_name(user: AbstractBaseUser) -> str:
    """How the site names a person to themselves (allauth's ACCOUNT_USER_DISPLAY, e.g.
    "Successfully signed in as ..."): the name on their staff profile, else the name on
    the account, else the email address they signed up with; never the generated
    username. Reads ``user.staff_profile`` (cached on the user when already loaded)."""
    profile = getattr(user, "staff_profile", None) if user.pk is not None else None
    if profile is not None and profile.anonymised_at is None and profile.full_name:
        return profile.full_name
    return user.get_full_name() or getattr(user, "email", "") or user.get_username()


def staff_profile_is_complete(profile: StaffProfile | None) -> bool:
    """``profile_is_complete`` for a profile already loaded."""
    if profile is None or profile.anonymised_at is not None:
        return False
    return all(getattr(profile, name) for name in ("sex", "service", *REQUIRED_TEXT_FIELDS))


def profile_is_complete(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user has a profile with every required field filled in."""
    if not user.is_authenticated:
        return False
    # The fields, checked here: cheaper to build than the same rule as a filter, and it
    # runs on every login and every enrolment.
    row = (
        StaffProfile.objects.filter(user=user)
        .values_list("anonymised_at", "sex", "service", *REQUIRED_TEXT_FIELDS)
        .first()
    )
    if row is None:
        return False
    anonymised_at, *required = row
    return anonymised_at is None and all(required)


def county_choices() -> QuerySet[County]:
    return County.objects.order_by("name")


def agency_choices(*, keep: Agency | None = None) -> QuerySet[Agency]:
    """Active agencies, plus the one a profile already has (even if since retired)."""
    condition = Q(is_active=True)
    if keep is not None:
        condition |= Q(pk=keep.pk)
    return Agency.objects.filter(condition).order_by("kind", "name")


def staff_number_taken(*, agency: Agency, staff_number: str, exclude_user_id: int | None) -> bool:
    if not staff_number:
        return False
    return (
        StaffProfile.objects.filter(agency=agency, staff_number=staff_number)
        .exclude(user_id=exclude_user_id)
        .exists()
    )


def account_export(user: AbstractBaseUser) -> dict[str, Any]:
    """The account part of a person's data: login identity, emails, roles, 2FA devices
    (never their secrets)."""
    from allauth.mfa.models import Authenticator

    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "two_factor_authenticators": [
            {"type": kind, "created_at": created_at, "last_used_at": last_used_at}
            for kind, created_at, last_used_at in Authenticator.objects.filter(
                user=user
            ).values_list("type", "created_at", "last_used_at")
        ],
    }


def profile_export(user: AbstractBaseUser) -> dict[str, Any] | None:
    profile = staff_profile_for(user=user)
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        "sex": profile.get_sex_display(),
        "service": profile.get_service_display(),
        "county": {"code": profile.county.code, "name": profile.county.name},
        "agency": profile.agency.name,
        "job_title": profile.job_title,
        "staff_number": profile.staff_number,
        "duty_station": profile.duty_station,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def personal_data_export(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything every app holds about ``user``, one key per registered part."""
    return {
        "platform": "Jenga Uwezo",
        "exported_at": timezone.now(),
        **personal_data.export_all(user),
    }
