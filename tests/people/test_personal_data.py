import json
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from lms.people import personal_data, roles
from lms.people.models import StaffProfile
from lms.people.services import account_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(member_factory, with_totp):
    return with_totp(member_factory(roles.TRAINEE, staff_number="DIS/1", full_name="Amina Wanjiru"))


@pytest.fixture
def extra_part():
    """Another app's registration, as courses or certificates would add in ready()."""
    calls = []

    def exporter(user):
        return [{"course": "Border management", "score": 80}]

    def anonymiser(user):
        calls.append(user.pk)

    personal_data.register(name="test_records", exporter=exporter, anonymiser=anonymiser)
    yield calls
    personal_data._registry.pop("test_records")


def test_my_data_page_explains_and_offers_a_post_download(client, learner):
    client.force_login(learner)
    page = client.get("/people/my-data/")
    assert page.status_code == HTTPStatus.OK
    assert b'method="post"' in page.content


def test_download_holds_account_profile_and_every_registered_part(client, learner, extra_part):
    client.force_login(learner)
    response = client.post("/people/my-data/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    assert data["account"]["roles"] == [roles.TRAINEE]
    assert data["account"]["email_addresses"] == [
        {"email": learner.email, "verified": True, "primary": True}
    ]
    assert data["account"]["two_factor_authenticators"][0]["type"] == "totp"
    assert "secret" not in json.dumps(data["account"])
    assert data["profile"]["full_name"] == "Amina Wanjiru"
    assert data["profile"]["county"] == {"code": "040", "name": "Busia"}
    assert data["profile"]["staff_number"] == "DIS/1"
    assert data["test_records"] == [{"course": "Border management", "score": 80}]


def test_download_needs_login(client):
    assert client.post("/people/my-data/")["Location"].startswith("/accounts/login/")


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError):
        personal_data.register(name="profile", exporter=dict, anonymiser=print)


def test_delete_needs_the_right_password(client, learner):
    client.force_login(learner)
    response = client.post(
        "/people/delete-account/", {"password": "wrong-password", "understood": "on"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "That password is not right" in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active


def test_delete_needs_the_box_ticked(client, learner, password):
    client.force_login(learner)
    response = client.post("/people/delete-account/", {"password": password})
    assert "Tick the box" in response.content.decode()
    assert get_user_model().objects.get(pk=learner.pk).is_active


def test_get_only_shows_the_confirmation_page(client, learner):
    client.force_login(learner)
    response = client.get("/people/delete-account/")
    assert response.status_code == HTTPStatus.OK
    assert get_user_model().objects.get(pk=learner.pk).is_active


def test_deletion_anonymises_and_keeps_records(client, learner, password, extra_part):
    email = learner.email
    other_client = type(client)()
    other_client.force_login(learner)  # a second session, e.g. on a phone
    client.force_login(learner)
    response = client.post("/people/delete-account/", {"password": password, "understood": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"

    user = get_user_model().objects.get(pk=learner.pk)  # the row is kept for records
    assert not user.is_active
    assert not user.has_usable_password()
    assert email not in (user.username, user.email)
    assert user.username.startswith("deleted-")
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email=email).exists()

    profile = StaffProfile.objects.get(user=user)
    assert (profile.full_name, profile.staff_number, profile.job_title, profile.duty_station) == (
        "",
        "",
        "",
        "",
    )
    assert profile.anonymised_at is not None
    # Kept for aggregate reports.
    assert (profile.sex, profile.service, profile.county.code) == ("female", "national", "040")
    assert extra_part == [user.pk]

    # Logged out everywhere; cannot log in again.
    assert "_auth_user_id" not in client.session
    # Django ends the other session itself: the account is inactive and its password
    # hash no longer matches the one the session was opened with.
    other = other_client.get("/people/profile/")
    assert other.status_code == HTTPStatus.FOUND
    assert not other.wsgi_request.user.is_authenticated
    client.post("/accounts/login/", {"login": email, "password": password})
    assert "_auth_user_id" not in client.session


def test_two_deleted_accounts_get_distinct_tokens(member_factory):
    first, second = member_factory(), member_factory()
    account_delete(user=first)
    account_delete(user=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.username != second.username


def test_deletion_is_all_or_nothing(member_factory):
    user = member_factory()

    def failing(user):
        raise RuntimeError("records could not be anonymised")

    personal_data.register(name="test_failing", exporter=dict, anonymiser=failing)
    try:
        with pytest.raises(RuntimeError):
            account_delete(user=user)
    finally:
        personal_data._registry.pop("test_failing")
    user = get_user_model().objects.get(pk=user.pk)
    assert user.is_active
    assert StaffProfile.objects.get(user=user).full_name == "Achieng' Otieno"
    assert EmailAddress.objects.filter(user=user).exists()


def test_password_guessing_on_the_delete_page_is_throttled(client, learner, password):
    client.force_login(learner)
    for _ in range(10):
        client.post("/people/delete-account/", {"password": "guess", "understood": "on"})
    response = client.post("/people/delete-account/", {"password": password, "understood": "on"})
    assert "Too many attempts" in response.content.decode()
    assert get_user_model().objects.get(pk=learner.pk).is_active
