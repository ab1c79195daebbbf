import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory

from lms.views import server_error

pytestmark = pytest.mark.django_db


def _link_in_last_mail(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)


def test_signup_then_verify_email_then_log_in(client, password):
    response = client.post(
        "/accounts/signup/",
        {"email": "amina@example.go.ke", "password1": password, "password2": password},
    )
    assert response.status_code == HTTPStatus.FOUND
    user = get_user_model().objects.get(email="amina@example.go.ke")
    assert not user.emailaddress_set.get().verified

    # Verification is mandatory: logging in before confirming sends another email instead.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "amina@example.go.ke", "password": password}
    )
    assert "_auth_user_id" not in client.session

    confirm_path = _link_in_last_mail(r"/accounts/confirm-email/[^\s]+/")
    assert client.get(confirm_path).status_code == HTTPStatus.OK  # GET only shows the form
    assert not user.emailaddress_set.get().verified
    client.post(confirm_path)
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "amina@example.go.ke", "password": password}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_round_trip(client, user_factory):
    user = user_factory(email="otieno@example.go.ke")
    client.post("/accounts/password/reset/", {"email": "otieno@example.go.ke"})
    reset_path = _link_in_last_mail(r"/accounts/password/reset/key/[^\s]+/")
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    new_password = "a-new-long-passphrase-77"
    response = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_does_not_reveal_unknown_emails(client, user_factory):
    user_factory(email="known@example.go.ke")
    known = client.post("/accounts/password/reset/", {"email": "known@example.go.ke"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.go.ke"})
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known["Location"] == unknown["Location"]


def test_wagtail_admin_login_sends_people_to_the_one_throttled_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_eleven_bad_logins_in_a_row_are_throttled(client, user_factory, password):
    user_factory(email="target@example.go.ke")
    responses = [
        client.post("/accounts/login/", {"login": "target@example.go.ke", "password": "wrong"})
        for _ in range(11)
    ]
    assert b"Too many failed login attempts" not in responses[0].content
    assert b"Too many failed login attempts" in responses[-1].content
    # Once throttled, even the right password is refused until the window passes.
    client.post("/accounts/login/", {"login": "target@example.go.ke", "password": password})
    assert "_auth_user_id" not in client.session


def test_server_error_page_has_no_traceback():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Something went wrong" in response.content
    assert b"Traceback" not in response.content
