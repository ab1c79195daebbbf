from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages

from lms.people import roles
from lms.people.access import mfa_satisfied

pytestmark = pytest.mark.django_db

STAFF_NEEDING_MFA = [roles.HR_COUNTY, roles.HR_NATIONAL, roles.ADMINISTRATOR]
SETUP = "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("role", STAFF_NEEDING_MFA)
@pytest.mark.parametrize("path", ["/admin/", "/admin/snippets/people/agency/"])
def test_staff_without_totp_are_sent_to_set_it_up(client, member_factory, role, path):
    client.force_login(member_factory(role))
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(SETUP)
    assert "two-factor authentication" in str(list(get_messages(response.wsgi_request))[0])


@pytest.mark.urls("tests.people.urls")
@pytest.mark.parametrize("role", [roles.HR_COUNTY, roles.HR_NATIONAL])
def test_records_views_need_totp_too(client, member_factory, role):
    client.force_login(member_factory(role))
    response = client.get("/test-records/")
    assert response["Location"].startswith(SETUP)


@pytest.mark.parametrize("role", STAFF_NEEDING_MFA)
def test_staff_with_totp_reach_the_admin(client, member_factory, with_totp, role):
    user = with_totp(member_factory(role))
    assert mfa_satisfied(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_superuser_needs_totp(client, user_factory):
    client.force_login(user_factory(is_superuser=True, is_staff=True))
    assert client.get("/admin/")["Location"].startswith(SETUP)


@pytest.mark.parametrize("role", [roles.TRAINER, roles.LEAD_TRAINER])
def test_trainers_do_not_need_totp(client, member_factory, role):
    client.force_login(member_factory(role))
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_the_setup_page_itself_is_reachable(client, member_factory):
    client.force_login(member_factory(roles.HR_NATIONAL))
    response = client.get(SETUP)
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
    if response.status_code == HTTPStatus.FOUND:  # allauth may ask to re-enter the password
        assert "/admin/" not in response["Location"]


def test_staff_can_still_log_out_of_the_admin(client, member_factory):
    client.force_login(member_factory(roles.HR_NATIONAL))
    response = client.post("/admin/logout/")
    assert not response["Location"].startswith(SETUP)


def test_development_may_relax_the_rule(client, member_factory, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(member_factory(roles.HR_NATIONAL))
    assert client.get("/admin/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("path", ["/", "/certificates/verify/", "/bench-nothing/"])
def test_the_middleware_leaves_request_user_alone_outside_guarded_views(rf, path):
    from django.utils.functional import SimpleLazyObject

    from lms.people.middleware import StaffMfaMiddleware

    def user_loaded():
        raise AssertionError("request.user was loaded")

    request = rf.get(path)
    request.user = SimpleLazyObject(user_loaded)
    middleware = StaffMfaMiddleware(lambda request: None)
    assert middleware.process_view(request, lambda request: None, (), {}) is None
