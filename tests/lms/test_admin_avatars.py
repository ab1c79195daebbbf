"""No admin page names another host for an avatar (issue 15): Wagtail's avatars are local."""

import pytest

from lms.people import roles

pytestmark = pytest.mark.django_db


def test_admin_pages_do_not_point_at_gravatar(client, user_factory, with_totp, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    admin = with_totp(user_factory(groups=[roles.ADMINISTRATOR]))
    client.force_login(admin)
    for url in ("/admin/", "/admin/account/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        assert "/static/wagtailadmin/images/default-user-avatar" in html, url
