import re
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from lms.people.selectors import profile_is_complete

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.people.urls")]


def test_profile_is_complete(user_factory, profile_factory):
    from django.contrib.auth.models import AnonymousUser

    user = user_factory()
    assert not profile_is_complete(user=AnonymousUser())
    assert not profile_is_complete(user=user)
    profile_factory(user)
    assert profile_is_complete(user=user)


@pytest.mark.parametrize(
    "emptied",
    [
        {"full_name": ""},
        {"job_title": ""},
        {"duty_station": ""},
        {"anonymised_at": "2026-01-01T00:00:00Z"},
    ],
)
def test_a_profile_missing_any_required_field_is_incomplete(user_factory, profile_factory, emptied):
    from lms.people.models import StaffProfile

    user = user_factory()
    profile_factory(user, staff_number="")  # optional: complete without it
    assert profile_is_complete(user=user)
    StaffProfile.objects.filter(user=user).update(**emptied)
    assert not profile_is_complete(user=user)


def test_gate_sends_anonymous_to_login(client):
    response = client.get("/test-enrol/?course=7")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/login/?next=/test-enrol/%3Fcourse%3D7"


def test_gate_sends_incomplete_profiles_to_the_profile_page(client, user_factory):
    client.force_login(user_factory())
    response = client.get("/test-enrol/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/people/profile/?next=%2Ftest-enrol%2F"
    assert "complete your staff profile first" in str(list(get_messages(response.wsgi_request))[0])


def test_gate_lets_complete_profiles_through(client, member_factory):
    client.force_login(member_factory())
    response = client.get("/test-enrol/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"enrolled"


def test_login_lands_on_profile_page_when_incomplete(client, user_factory, password):
    user_factory(email="new@example.go.ke")
    response = client.post("/accounts/login/", {"login": "new@example.go.ke", "password": password})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/people/profile/"


def test_login_keeps_next_through_the_profile_page(client, user_factory, password):
    user_factory(email="new@example.go.ke")
    response = client.post(
        "/accounts/login/?next=/test-enrol/",
        {"login": "new@example.go.ke", "password": password},
    )
    assert response["Location"] == "/people/profile/?next=%2Ftest-enrol%2F"


def test_login_with_complete_profile_honours_safe_next_only(client, member_factory, password):
    user = member_factory()
    response = client.post(
        "/accounts/login/?next=/test-enrol/", {"login": user.email, "password": password}
    )
    assert response["Location"] == "/test-enrol/"
    client.logout()
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"login": user.email, "password": password}
    )
    assert response["Location"] == "/"


def test_signup_verify_then_profile(client, password):
    client.post(
        "/accounts/signup/",
        {"email": "amina@example.go.ke", "password1": password, "password2": password},
    )
    confirm_path = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    response = client.post(confirm_path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/people/profile/"
    assert client.get("/people/profile/").status_code == HTTPStatus.OK


def test_an_anonymised_profile_counts_as_incomplete_at_login(client, member_factory, password):
    from django.utils import timezone

    from lms.people.models import StaffProfile

    user = member_factory()
    StaffProfile.objects.filter(user=user).update(anonymised_at=timezone.now())
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response["Location"] == "/people/profile/"


def test_login_query_count(client, member_factory, password, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    user = member_factory()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response["Location"] == "/"
    sql = [q["sql"] for q in queries.captured_queries]
    # The address (authentication), whether it is verified, the two-factor check,
    # last_login, the profile (onboarding), then Django's session writes: the new key's
    # check and INSERT (between a savepoint and its release, inside the test's
    # transaction) and the UPDATE with the user in it; the audit entry (Wagtail's log
    # validates its content type and user, then inserts).
    assert len(sql) <= 15, "\n".join(s[:100] for s in sql)


def test_login_with_a_secondary_address(client, member_factory, password):
    from allauth.account.models import EmailAddress

    user = member_factory()
    EmailAddress.objects.create(user=user, email="second@example.go.ke", verified=True)
    response = client.post(
        "/accounts/login/", {"login": "second@example.go.ke", "password": password}
    )
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_an_unverified_secondary_address_asks_for_verification(
    client, member_factory, password
):
    from allauth.account.models import EmailAddress
    from django.core import mail

    user = member_factory()
    EmailAddress.objects.create(user=user, email="second@example.go.ke", verified=False)
    client.post("/accounts/login/", {"login": "second@example.go.ke", "password": password})
    assert "_auth_user_id" not in client.session
    assert mail.outbox and mail.outbox[-1].to == ["second@example.go.ke"]


def test_login_by_account_email_without_an_address_row_asks_for_verification(
    client, user_factory, password
):
    from allauth.account.models import EmailAddress
    from django.core import mail

    user = user_factory(email="legacy@example.go.ke")
    EmailAddress.objects.filter(user=user).delete()
    client.post("/accounts/login/", {"login": "legacy@example.go.ke", "password": password})
    assert "_auth_user_id" not in client.session
    assert mail.outbox and mail.outbox[-1].to == ["legacy@example.go.ke"]


# --- issue 15: greetings use the person's name; one wording for logging out ---


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_greeting_after_signup_uses_the_address_not_a_username(client, password):
    from django.contrib.auth import get_user_model

    client.post(
        "/accounts/signup/",
        {"email": "amina.hassan@example.go.ke", "password1": password, "password2": password},
    )
    confirm_path = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    response = client.post(confirm_path)
    user = get_user_model().objects.get(email="amina.hassan@example.go.ke")
    greeting = [m for m in _messages(response) if "signed in as" in m]
    # No name is known yet (the profile comes next): the address they typed, not the
    # username the account was given.
    assert greeting == ["Successfully signed in as amina.hassan@example.go.ke."]
    assert user.get_username() != user.email


def test_greeting_at_login_uses_the_name_on_the_profile(
    client, user_factory, profile_factory, password
):
    user = user_factory()
    profile_factory(user, full_name="Amina Hassan")
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert "Successfully signed in as Amina Hassan." in _messages(response)


def test_log_out_reads_the_same_in_the_header_and_on_its_page(client, member_factory):
    client.force_login(member_factory())
    header = client.get("/people/profile/").content.decode()
    assert ">Log out</a>" in header
    page = client.get("/accounts/logout/").content.decode()
    assert "Log out" in page
    assert "Sign Out" not in page and "Sign out" not in page
    response = client.post("/accounts/logout/")
    assert "You have logged out." in _messages(response)
