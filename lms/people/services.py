"""Writes for the people app: profiles, account deletion, the Administrator's powers."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import personal_data, roles
from .models import Agency, County, StaffProfile
from .selectors import staff_number_taken
from .text import normalise, reject_invisible_characters

DUPLICATE_STAFF_NUMBER_MESSAGE = (
    "Someone in this agency already has that staff number. Check the number, or leave it "
    "blank and ask your HR officer."
)


@transaction.atomic
def staff_profile_save(
    *,
    user: AbstractBaseUser,
    full_name: str,
    sex: str,
    service: str,
    county: County,
    agency: Agency,
    job_title: str,
    duty_station: str,
    staff_number: str = "",
) -> StaffProfile:
    """Create or update ``user``'s staff profile; all fields checked, nothing half-saved.

    Raises ValidationError (keyed by field) for anything the model rejects, including a
    staff number already used in the agency (guarded by a database constraint too).
    """
    texts = {
        "full_name": full_name,
        "job_title": job_title,
        "duty_station": duty_station,
        "staff_number": staff_number,
    }
    errors = {}
    for field, value in texts.items():
        try:
            # Before normalising: some control characters count as whitespace.
            reject_invisible_characters(value)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    texts = {field: normalise(value) for field, value in texts.items()}
    texts["staff_number"] = texts["staff_number"].upper()

    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = StaffProfile(user=user)
    for field, value in {**texts, "sex": sex, "service": service}.items():
        setattr(profile, field, value)
    profile.county = county
    profile.agency = agency
    if staff_number_taken(
        agency=agency, staff_number=texts["staff_number"], exclude_user_id=user.pk
    ):
        raise ValidationError({"staff_number": DUPLICATE_STAFF_NUMBER_MESSAGE})
    profile.full_clean()
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        # Two people saving the same number at once: the constraint decides.
        if staff_number_taken(
            agency=agency, staff_number=texts["staff_number"], exclude_user_id=user.pk
        ):
            raise ValidationError({"staff_number": DUPLICATE_STAFF_NUMBER_MESSAGE}) from None
        raise
    return profile


def staff_profile_anonymise(user: AbstractBaseUser) -> None:
    """Clear what identifies a person; keep sex, service, county and agency so aggregate
    reports still add up (see docs/people.md)."""
    StaffProfile.objects.filter(user=user).update(
        full_name="",
        staff_number="",
        job_title="",
        duty_station="",
        anonymised_at=timezone.now(),
        updated_at=timezone.now(),
    )


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete a person's account: every registered anonymiser runs, then the account
    itself is anonymised. Records (enrolments, attempts, certificates) stay for reports.
    One transaction: if any part fails, nothing changes.

    Every session of the person ends by Django's own rule: a session keeps the hash of
    the password it was opened with, and the unusable password set here (with the
    account made inactive) no longer matches it, so each of their other sessions is
    flushed on its next request; ``clearsessions`` removes the rows later. No session
    is decoded here."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    from .audit import ACCOUNT_DELETE, audit_record

    audit_record(user=user, action=ACCOUNT_DELETE, by=user)
    personal_data.anonymise_all(user)

    token = f"deleted-{uuid.uuid4().hex}"
    user.username = token
    user.email = f"{token}@deleted.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for wagtail_profile in UserProfile.objects.filter(user=user):
        if wagtail_profile.avatar:
            wagtail_profile.avatar.delete(save=False)
        wagtail_profile.delete()


def administrator_group_sync() -> None:
    """Give the Administrator group every permission there is, every page permission on
    the page tree's root and every collection permission on the root collection.

    Runs after every migrate (post_migrate), so permissions of apps added later are
    included without each app having to remember the Administrator.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # The group is created by the roles data migration; after a test database flush it
    # is absent and there is nothing to do (creating it here would clash with restored
    # data).
    group = Group.objects.filter(name=roles.ADMINISTRATOR).first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.all())

    root_page = Page.get_first_root_node()
    if root_page is not None:
        page_type = ContentType.objects.get_for_model(Page)
        for permission in Permission.objects.filter(content_type=page_type):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        media_types = ContentType.objects.get_for_models(
            get_image_model(), get_document_model()
        ).values()
        for permission in Permission.objects.filter(content_type__in=media_types):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
