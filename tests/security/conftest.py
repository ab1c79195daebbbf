import pytest

from lms.people import roles
from lms.people.access import mfa_required


@pytest.fixture
def role_users(user_factory, profile_factory, with_totp):
    """One user per role (with a complete profile; two-factor where the role needs it),
    plus a signed-up learner with no role."""
    users = {"no role": user_factory()}
    profile_factory(users["no role"])
    for role in roles.ALL_ROLES:
        user = user_factory(groups=[role])
        profile_factory(user)
        if mfa_required(user):
            with_totp(user)
        users[role] = user
    return users
