from http import HTTPStatus

import pytest
from wagtail.models import Page, Site

from lms.models import HomePage

pytestmark = pytest.mark.django_db


def test_data_migration_makes_the_home_page_the_site_root():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()


def test_home_page_renders_with_landmarks_and_skip_link(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "Jenga Uwezo" in html


def test_learner_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"We could not find that page" in response.content
    assert b"Traceback" not in response.content


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok"


def test_admin_preview_may_be_framed_by_the_admin_only(rf):
    from django.http import HttpResponse

    from lms.middleware import ContentSecurityPolicyMiddleware

    request = rf.get("/courses/some-lesson/")
    request.is_preview = True
    response = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("preview"))(request)
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/courses/1/", "/courses/1/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_url_follows_only_this_site(rf, next_url, expected):
    from lms.redirects import safe_next_url

    assert safe_next_url(rf.get("/", {"next": next_url}), "/fallback/") == expected
    assert safe_next_url(rf.post("/", {"next": next_url}), "/fallback/") == expected
