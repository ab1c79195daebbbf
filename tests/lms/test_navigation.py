"""The header's Admin link: cached per user, and right again as soon as roles change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ADMIN_LINK = '<a href="/admin/">Admin</a>'


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Role changes drop the cached answers when they commit (lms.cache)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def header(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_learners_get_no_admin_link_and_trainers_do(client, user_factory):
    client.force_login(user_factory())
    assert ADMIN_LINK not in header(client)
    client.force_login(user_factory(groups=["Trainer"]))
    assert ADMIN_LINK in header(client)


def test_the_link_follows_group_membership_once_it_commits(client, user_factory, committed):
    user = user_factory()
    client.force_login(user)
    assert ADMIN_LINK not in header(client)  # now cached as "no"

    with committed():
        user.groups.add(Group.objects.get(name="Trainer"))
        assert ADMIN_LINK not in header(client)  # not committed yet
    assert ADMIN_LINK in header(client)

    with committed():
        user.groups.clear()
    assert ADMIN_LINK not in header(client)


def test_the_link_follows_a_group_losing_admin_access(client, user_factory, committed):
    client.force_login(user_factory(groups=["Trainer"]))
    assert ADMIN_LINK in header(client)

    trainers = Group.objects.get(name="Trainer")
    with committed():
        trainers.permissions.remove(Permission.objects.get(codename="access_admin"))
    assert ADMIN_LINK not in header(client)


def test_deleting_a_group_removes_the_link(client, user_factory, committed):
    group = Group.objects.create(name="Visiting reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = user_factory(groups=["Visiting reviewers"])
    client.force_login(user)
    assert ADMIN_LINK in header(client)

    with committed():
        group.delete()
    assert ADMIN_LINK not in header(client)


def test_the_header_costs_no_permission_query_once_cached(client, user_factory):
    client.force_login(user_factory())
    header(client)
    with CaptureQueriesContext(connection) as queries:
        header(client)
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
