"""TRUSTED_PROXY_COUNT: behind one proxy, every rate limit counts the real client."""

from http import HTTPStatus

import pytest

from lms.client import client_address

from .production import last_line, production_setting

PROXY = "127.0.0.1"  # nginx, as gunicorn sees it
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"
THROTTLED = b"Too many failed login attempts"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def via_proxy(address: str, spoofed: str = "") -> dict:
    """What nginx's `$proxy_add_x_forwarded_for` passes on: whatever the client sent,
    then the address the connection really came from."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def test_production_refuses_to_start_without_an_explicit_proxy_count():
    result = production_setting("ALLAUTH_TRUSTED_PROXY_COUNT")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be set in production" in result.stderr


def test_the_proxy_count_reaches_allauth():
    result = production_setting("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    assert last_line(result) == "1"


def test_development_trusts_no_proxy(settings, rf):
    assert settings.TRUSTED_PROXY_COUNT == settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.9"


def test_the_client_is_the_entry_the_proxy_wrote(behind_one_proxy, rf):
    request = rf.get("/", **via_proxy(ATTACKER, spoofed="10.9.9.9, 8.8.8.8"))
    assert client_address(request) == ATTACKER


@pytest.mark.django_db
def test_one_addresss_failed_logins_never_lock_out_another(
    behind_one_proxy, client, user_factory, password
):
    user_factory(email="colleague@example.go.ke")
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"made-up-{number}@example.go.ke", "password": "wrong"},
            **via_proxy(ATTACKER),
        )
    refused = client.post(
        "/accounts/login/",
        {"login": "made-up-x@example.go.ke", "password": "wrong"},
        **via_proxy(ATTACKER),
    )
    assert THROTTLED in refused.content

    response = client.post(
        "/accounts/login/",
        {"login": "colleague@example.go.ke", "password": password},
        **via_proxy(COLLEAGUE),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_spoofed_forwarded_entry_does_not_escape_the_limit(behind_one_proxy, client):
    responses = [
        client.post(
            "/accounts/login/",
            {"login": f"made-up-{number}@example.go.ke", "password": "wrong"},
            **via_proxy(ATTACKER, spoofed=f"10.0.0.{number}"),
        )
        for number in range(11)
    ]
    assert THROTTLED not in responses[0].content
    assert THROTTLED in responses[-1].content
