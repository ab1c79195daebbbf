"""The header's Admin link: cached per user, and right again as soon as roles change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ADMIN_LINK = '<a href="/admin/">Admin</a>'


def header(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_learners_get_no_admin_link_and_trainers_do(client, user_factory):
    client.force_login(user_factory())
    assert ADMIN_LINK not in header(client)
    client.force_login(user_factory(groups=["Trainer"]))
    assert ADMIN_LINK in header(client)


def test_the_link_follows_group_membership_at_once(client, user_factory):
    user = user_factory()
    client.force_login(user)
    assert ADMIN_LINK not in header(client)  # now cached as "no"

    user.groups.add(Group.objects.get(name="Trainer"))
    assert ADMIN_LINK in header(client)

    user.groups.clear()
    assert ADMIN_LINK not in header(client)


def test_the_link_follows_a_group_losing_admin_access(client, user_factory):
    client.force_login(user_factory(groups=["Trainer"]))
    assert ADMIN_LINK in header(client)

    trainers = Group.objects.get(name="Trainer")
    trainers.permissions.remove(Permission.objects.get(codename="access_admin"))
    assert ADMIN_LINK not in header(client)


def test_deleting_a_group_removes_the_link(client, user_factory):
    group = Group.objects.create(name="Visiting reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = user_factory(groups=["Visiting reviewers"])
    client.force_login(user)
    assert ADMIN_LINK in header(client)

    group.delete()
    assert ADMIN_LINK not in header(client)


def test_the_header_costs_no_permission_query_once_cached(client, user_factory):
    client.force_login(user_factory())
    header(client)
    with CaptureQueriesContext(connection) as queries:
        header(client)
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
