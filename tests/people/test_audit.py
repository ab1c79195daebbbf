"""The security audit trail in Wagtail's log, and what administrators see of it."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from lms.people import audit, roles
from lms.people.services import account_delete

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.20"


def entries(user, action):
    return ModelLogEntry.objects.filter(object_id=str(user.pk), action=action)


def sign_in(client, user, password):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": password}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == HTTPStatus.FOUND
    return response


def test_sign_in_and_sign_out_are_recorded_with_the_address(client, member_factory, password):
    user = member_factory()
    sign_in(client, user, password)
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    (login,) = entries(user, audit.LOGIN)
    assert login.data["address"] == ADDRESS
    assert login.user_id == user.pk
    assert entries(user, audit.LOGOUT).count() == 1


def test_a_failed_sign_in_is_recorded_on_the_account(client, member_factory):
    user = member_factory()
    client.post("/accounts/login/", {"login": user.email, "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    (failed,) = entries(user, audit.LOGIN_FAILED)
    assert failed.data["address"] == ADDRESS
    assert failed.user_id is None  # nobody signed in did it


def test_a_password_change_is_recorded(client, member_factory, password):
    user = member_factory()
    sign_in(client, user, password)
    new = "another-long-passphrase-88"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": new, "password2": new},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert entries(user, audit.PASSWORD_CHANGE).count() == 1


def test_adding_and_removing_two_factor_is_recorded(
    client, member_factory, password, django_capture_on_commit_callbacks
):
    user = member_factory()
    sign_in(client, user, password)
    client.post("/accounts/reauthenticate/", {"password": password})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == HTTPStatus.FOUND
    added = {entry.data["method"] for entry in entries(user, audit.MFA_ADD)}
    assert "totp" in added

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/deactivate/")
    removed = {entry.data["method"] for entry in entries(user, audit.MFA_REMOVE)}
    assert "totp" in removed


def test_role_changes_record_who_changed_what(member_factory):
    admin = member_factory(roles.ADMINISTRATOR)
    user = member_factory()
    trainer = Group.objects.get(name=roles.TRAINER)
    # What Wagtail's user and group editors do: change groups inside their log context.
    with LogContext(user=admin):
        user.groups.add(trainer)
        trainer.user_set.remove(user)
    added, removed = entries(user, audit.ROLES_CHANGE).order_by("pk")
    assert added.data == {"added": roles.TRAINER}
    assert removed.data == {"removed": roles.TRAINER}
    assert added.user_id == removed.user_id == admin.pk


def test_account_deletion_is_recorded(member_factory):
    user = member_factory()
    account_delete(user=user)
    (deleted,) = entries(user, audit.ACCOUNT_DELETE)
    assert deleted.user_id == user.pk


@pytest.fixture
def administrator(client, member_factory, with_totp):
    admin = with_totp(member_factory(roles.ADMINISTRATOR))
    client.force_login(admin)
    return admin


def test_administrators_filter_the_site_history_by_audit_action(
    client, member_factory, administrator
):
    person = member_factory()
    audit.audit_record(user=person, action=audit.LOGIN_FAILED)
    audit.audit_record(user=person, action=audit.LOGIN, by=person)

    response = client.get("/admin/reports/site-history/", {"action": audit.LOGIN_FAILED})
    assert response.status_code == HTTPStatus.OK
    listed = [entry.action for entry in response.context["object_list"]]
    assert listed == [audit.LOGIN_FAILED]
    assert "Failed sign-in" in response.content.decode()


def test_administrators_export_the_audit_trail(client, member_factory, administrator):
    person = member_factory()
    audit.audit_record(user=person, action=audit.ROLES_CHANGE, by=administrator, added="Trainer")
    response = client.get(
        "/admin/reports/site-history/", {"action": audit.ROLES_CHANGE, "export": "csv"}
    )
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    # The administrator's own role, given when the fixture made them, is listed too.
    assert {(row["Name"], row["Action type"]) for row in rows} == {
        (person.email, "Role change"),
        (administrator.email, "Role change"),
    }


def test_purge_removes_only_audit_entries_past_retention(member_factory, settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    person = member_factory()
    audit.audit_record(user=person, action=audit.LOGIN, by=person)
    audit.audit_record(user=person, action=audit.LOGOUT, by=person)
    old = timezone.now() - datetime.timedelta(days=31)
    entries(person, audit.LOGIN).update(timestamp=old)
    other = ModelLogEntry.objects.log_action(person, "wagtail.edit")
    ModelLogEntry.objects.filter(pk=other.pk).update(timestamp=old)

    call_command("purge_audit_log", stdout=io.StringIO())

    assert not entries(person, audit.LOGIN).exists()
    assert entries(person, audit.LOGOUT).exists()
    assert ModelLogEntry.objects.filter(pk=other.pk).exists()
