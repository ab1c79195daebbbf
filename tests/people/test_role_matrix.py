"""The role x power matrix of docs/roles.md, for every protected URL the people app knows.

Each URL lists the roles that may open it; everyone else (including a logged-in user with
no role and an anonymous visitor) must be turned away: a redirect elsewhere, 403 or 404.
Staff who need two-factor authentication have it here (test_mfa.py covers its absence).
"""

from http import HTTPStatus

import pytest

from lms.people import roles

pytestmark = pytest.mark.django_db

LOGGED_IN = ("no role", *roles.ALL_ROLES)
ADMIN_USERS = (
    roles.TRAINER,
    roles.LEAD_TRAINER,
    roles.HR_COUNTY,
    roles.HR_NATIONAL,
    roles.ADMINISTRATOR,
)
HR_AND_ADMIN = (roles.HR_COUNTY, roles.HR_NATIONAL, roles.ADMINISTRATOR)
ADMIN_ONLY = (roles.ADMINISTRATOR,)

MATRIX = {
    "/admin/": ADMIN_USERS,
    "/admin/snippets/people/agency/": HR_AND_ADMIN,
    "/admin/snippets/people/agency/add/": HR_AND_ADMIN,
    "/admin/snippets/people/agency/edit/{agency}/": HR_AND_ADMIN,
    "/admin/snippets/people/agency/delete/{agency}/": ADMIN_ONLY,
    "/admin/snippets/people/county/": HR_AND_ADMIN,
    "/admin/snippets/people/county/add/": ADMIN_ONLY,
    "/admin/snippets/people/county/edit/{county}/": ADMIN_ONLY,
    "/admin/users/": ADMIN_ONLY,
    "/admin/users/new/": ADMIN_ONLY,
    "/admin/users/edit/{user}/": ADMIN_ONLY,
    "/admin/groups/": ADMIN_ONLY,
    "/admin/groups/new/": ADMIN_ONLY,
    "/admin/groups/edit/{group}/": ADMIN_ONLY,
    "/people/profile/": LOGGED_IN,
    "/people/my-data/": LOGGED_IN,
    "/people/delete-account/": LOGGED_IN,
}

CASES = [
    (url, who, who in allowed)
    for url, allowed in MATRIX.items()
    for who in ("anonymous", *LOGGED_IN)
]


@pytest.mark.parametrize(("url", "who", "allowed"), CASES)
def test_role_matrix(client, role_users, immigration, busia, url, who, allowed):
    from django.contrib.auth.models import Group

    url = url.format(
        agency=immigration.pk,
        county=busia.pk,
        user=role_users["no role"].pk,
        group=Group.objects.get(name=roles.TRAINEE).pk,
    )
    if role_users[who] is not None:
        client.force_login(role_users[who])
    response = client.get(url)
    if allowed:
        assert response.status_code == HTTPStatus.OK, (url, who, response.get("Location"))
    else:
        assert response.status_code in {
            HTTPStatus.FOUND,
            HTTPStatus.FORBIDDEN,
            HTTPStatus.NOT_FOUND,
        }
        if response.status_code == HTTPStatus.FOUND:
            assert response["Location"].split("?")[0] != url
