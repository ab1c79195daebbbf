"""lms.people.sessions: a login's session is written once, with a new key."""

from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lms.people.sessions as sessions
from lms.people.sessions.cached_db import SessionStore as CachedDbStore
from lms.people.sessions.db import SessionStore as DbStore

pytestmark = pytest.mark.django_db

ENGINES = ["lms.people.sessions.db", "lms.people.sessions.cached_db"]


def _session_writes(queries) -> list[str]:
    return [
        q["sql"].split()[0]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].split()[0] in {"INSERT", "UPDATE"}
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_login_stores_the_session_once_under_a_new_key(
    client, settings, engine, user_factory, password
):
    settings.SESSION_ENGINE = engine
    user = user_factory()
    # An anonymous session from before the login (e.g. a message or allauth state).
    session = client.session
    session["before_login"] = "kept"
    session.save()
    old_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/accounts/login/", {"login": user.email, "password": password})

    assert response.status_code == HTTPStatus.FOUND
    assert _session_writes(queries.captured_queries) == ["INSERT"]
    new_key = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    stored = Session.objects.get(session_key=new_key).get_decoded()
    assert stored["_auth_user_id"] == str(user.pk)
    assert stored["before_login"] == "kept"
    # And the session works for the next request.
    assert client.get("/accounts/email/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("store_class", [DbStore, CachedDbStore])
def test_a_taken_key_is_never_reused(store_class, monkeypatch):
    taken = store_class()
    taken["owner"] = "someone else"
    taken.create()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(sessions, "_new_key", lambda: next(keys))

    session = store_class()
    session["owner"] = "me"
    session.cycle_key()
    session.save()

    assert session.session_key == "k" * 32
    assert store_class(taken.session_key).load() == {"owner": "someone else"}
    assert store_class("k" * 32).load() == {"owner": "me"}


@pytest.mark.parametrize("store_class", [DbStore, CachedDbStore])
def test_cycle_key_drops_the_old_session_at_once(store_class):
    session = store_class()
    session["a"] = 1
    session.create()
    old_key = session.session_key

    session.cycle_key()

    assert session.session_key != old_key
    assert not session.exists(old_key)
    assert session["a"] == 1
    session.save()
    assert store_class(session.session_key).load() == {"a": 1}
    # Later saves update the same row.
    session["b"] = 2
    session.save()
    assert Session.objects.filter(session_key=session.session_key).count() == 1
    assert store_class(session.session_key).load() == {"a": 1, "b": 2}


def test_flush_after_cycle_key_stores_nothing():
    session = DbStore()
    session["a"] = 1
    session.cycle_key()
    pending_key = session.session_key

    session.flush()

    assert session.session_key is None
    assert session.is_empty()
    assert not Session.objects.filter(session_key=pending_key).exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_logout_removes_the_stored_session(client, settings, engine, user_factory, password):
    settings.SESSION_ENGINE = engine
    user = user_factory()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("engine", ENGINES)
def test_account_deletion_removes_sessions_stored_by_these_engines(
    client, settings, engine, user_factory, password
):
    from lms.people.services import account_delete

    settings.SESSION_ENGINE = engine
    user = user_factory()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    account_delete(user=user)

    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_changing_the_password_keeps_this_session_under_a_new_key(
    client, settings, engine, user_factory, password
):
    settings.SESSION_ENGINE = engine
    user = user_factory()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "a-brand-new-passphrase-7",
            "password2": "a-brand-new-passphrase-7",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/accounts/email/").status_code == HTTPStatus.OK
