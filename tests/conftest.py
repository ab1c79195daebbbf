import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return "correct-horse-battery-42"


@pytest.fixture
def user_factory(db, password):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    User = get_user_model()
    counter = {"n": 0}

    def make(*, email=None, verified=True, groups=(), **extra):
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.go.ke"
        user = User.objects.create_user(username=email, email=email, password=password, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        for name in groups:
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def busia(db):
    from lms.people.models import County

    return County.objects.get(code="040")


@pytest.fixture
def nairobi(db):
    from lms.people.models import County

    return County.objects.get(code="047")


@pytest.fixture
def profile_factory(busia):
    """Gives a user a complete staff profile; keyword arguments override the defaults.
    A part whose assertions read other defaults overrides this fixture with a partial."""
    from lms.people.models import Agency
    from lms.people.services import staff_profile_save

    def make(user, **overrides):
        fields = {
            "full_name": "Achieng' Otieno",
            "sex": "female",
            "service": "national",
            "county": busia,
            "agency": Agency.objects.filter(is_active=True).order_by("pk").first(),
            "job_title": "Immigration Officer II",
            "duty_station": "Busia One Stop Border Post",
            "staff_number": "",
            **overrides,
        }
        return staff_profile_save(user=user, **fields)

    return make


@pytest.fixture
def learner_factory(user_factory, profile_factory):
    """A user with a complete staff profile (the rule for enrolling); keyword arguments
    go to the profile."""

    def make(**profile_fields):
        user = user_factory()
        profile_factory(user, **profile_fields)
        return user

    return make


@pytest.fixture
def learner(learner_factory):
    return learner_factory()


@pytest.fixture
def with_totp(db):
    """Gives a user an authenticator app, as HR officers and administrators must have
    before they reach reports or learner records (MFA_REQUIRED_FOR_STAFF)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user):
        TOTP.activate(user, generate_totp_secret())
        return user

    return activate
