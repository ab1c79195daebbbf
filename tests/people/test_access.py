from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from lms.people import roles
from lms.people.access import (
    can_view_learner_records,
    county_scope,
    mfa_required,
    scope_users,
)
from lms.people.models import StaffProfile

pytestmark = pytest.mark.django_db


def _decisions(user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    try:
        scope = county_scope(viewer=user)
    except PermissionDenied:
        scope = "denied"
    return (can_view_learner_records(user), scope, mfa_required(user))


def test_renaming_every_group_changes_nothing(member_factory, busia, settings):
    from django.contrib.auth.models import Group

    people = [member_factory(role, county=busia) for role in (None, *roles.ALL_ROLES)]
    before = [_decisions(user, settings) for user in people]
    for group in Group.objects.all():
        group.name = f"Renamed {group.pk}"
        group.save()
    assert [_decisions(user, settings) for user in people] == before
    assert before[roles.ALL_ROLES.index(roles.HR_COUNTY) + 1] == (True, busia, True)
    assert before[roles.ALL_ROLES.index(roles.HR_NATIONAL) + 1] == (True, None, True)
    assert before[roles.ALL_ROLES.index(roles.TRAINER) + 1] == (False, "denied", False)


def test_anonymous_has_no_access():
    assert not can_view_learner_records(AnonymousUser())
    assert not mfa_required(AnonymousUser())


@pytest.mark.parametrize("role", [roles.HR_NATIONAL, roles.ADMINISTRATOR])
def test_national_hr_and_administrators_see_every_county(member_factory, role):
    assert county_scope(viewer=member_factory(role)) is None


def test_superuser_sees_every_county(user_factory):
    assert county_scope(viewer=user_factory(is_superuser=True)) is None


def test_county_hr_sees_their_own_county(member_factory, busia):
    assert county_scope(viewer=member_factory(roles.HR_COUNTY, county=busia)) == busia


def test_county_hr_without_profile_sees_nothing(member_factory):
    with pytest.raises(PermissionDenied):
        county_scope(viewer=member_factory(roles.HR_COUNTY, profile=False))


@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.TRAINER, roles.LEAD_TRAINER])
def test_everyone_else_is_denied(member_factory, role):
    user = member_factory(role)
    assert not can_view_learner_records(user)
    with pytest.raises(PermissionDenied):
        county_scope(viewer=user)
    with pytest.raises(PermissionDenied):
        scope_users(get_user_model().objects.all(), viewer=user, user_field=None)


def test_permission_outside_a_role_gives_no_scope(user_factory):
    from django.contrib.auth.models import Permission

    user = user_factory()
    user.user_permissions.add(Permission.objects.get(codename="view_learner_records"))
    user = get_user_model().objects.get(pk=user.pk)
    assert can_view_learner_records(user)
    with pytest.raises(PermissionDenied):
        county_scope(viewer=user)


def test_inactive_hr_cannot_view(member_factory):
    user = member_factory(roles.HR_NATIONAL)
    user.is_active = False
    assert not can_view_learner_records(user)


def test_scope_users_filters_any_queryset(member_factory, busia, nairobi):
    in_busia = member_factory(county=busia)
    in_nairobi = member_factory(county=nairobi)
    county_hr = member_factory(roles.HR_COUNTY, county=busia)
    national_hr = member_factory(roles.HR_NATIONAL, county=nairobi)

    profiles = StaffProfile.objects.filter(user__in=[in_busia, in_nairobi])
    assert {p.user for p in scope_users(profiles, viewer=county_hr)} == {in_busia}
    assert {p.user for p in scope_users(profiles, viewer=national_hr)} == {in_busia, in_nairobi}

    users = get_user_model().objects.filter(pk__in=[in_busia.pk, in_nairobi.pk])
    assert list(scope_users(users, viewer=county_hr, user_field=None)) == [in_busia]


@pytest.mark.urls("tests.people.urls")
def test_county_hr_never_sees_another_countys_staff_in_a_records_view(
    client, member_factory, with_totp, busia, nairobi
):
    busia_email = member_factory(county=busia).email
    nairobi_email = member_factory(county=nairobi).email
    county_hr = with_totp(member_factory(roles.HR_COUNTY, county=busia))
    client.force_login(county_hr)
    body = client.get("/test-records/").content.decode()
    assert busia_email in body
    assert nairobi_email not in body


@pytest.mark.urls("tests.people.urls")
@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.TRAINER, roles.LEAD_TRAINER])
def test_records_view_is_forbidden_to_others(client, member_factory, role):
    client.force_login(member_factory(role))
    assert client.get("/test-records/").status_code == HTTPStatus.FORBIDDEN


@pytest.mark.urls("tests.people.urls")
def test_records_view_sends_anonymous_to_login(client):
    response = client.get("/test-records/")
    assert response["Location"].startswith("/accounts/login/?next=/test-records/")
