from functools import partial

import pytest

from lms.people import roles
from lms.people.access import can_view_learner_records
from lms.people.models import Agency


@pytest.fixture
def immigration(db):
    return Agency.objects.get(short_name="DIS")


@pytest.fixture
def port_health(db):
    return Agency.objects.get(short_name="PHS")


@pytest.fixture
def profile_factory(profile_factory, immigration):
    return partial(profile_factory, agency=immigration)


@pytest.fixture
def member_factory(user_factory, profile_factory):
    """A user in one role (or none) with a complete profile."""

    def make(role=None, *, profile=True, **profile_fields):
        user = user_factory(groups=[role] if role else ())
        if profile:
            profile_factory(user, **profile_fields)
        return user

    return make


@pytest.fixture
def role_users(member_factory, with_totp, nairobi):
    """One user per role, plus a learner with no role; staff who need 2FA have it."""
    users = {"anonymous": None, "no role": member_factory()}
    for role in roles.ALL_ROLES:
        user = member_factory(role)
        if can_view_learner_records(user):
            with_totp(user)
        users[role] = user
    return users
