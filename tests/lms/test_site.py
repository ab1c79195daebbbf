import re
from http import HTTPStatus
from pathlib import Path

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


def test_home_page_presents_the_programme_and_its_three_areas(client):
    from tests.factories import build_course

    build_course(title="Understanding the migration cycle", thematic_area="migration_cycle")
    build_course(title="Health at the border", thematic_area="migration_health")
    build_course(title="Screening travellers", thematic_area="migration_health")
    html = client.get("/").content.decode()
    assert "The programme" in html
    for label, area in [
        ("Migration cycle", "migration_cycle"),
        ("Migration health", "migration_health"),
        ("Border management", "border_management"),
    ]:
        assert f'<h3 id="area-{area}">{label}</h3>' in html
    assert 'href="/courses/understanding-the-migration-cycle/">' in html
    assert "2 courses, 6 hours in all." in html  # migration health: 3 hours each
    assert 'href="/courses/?area=migration_health"' in html
    assert "Courses in this area are being written." in html  # border management


def test_home_page_areas_cost_no_query_once_cached(client, django_assert_max_num_queries):
    from courses.catalogue import programme_areas
    from tests.factories import build_course

    build_course(title="Health at the border", thematic_area="migration_health")
    programme_areas()
    with django_assert_max_num_queries(0):
        areas = programme_areas()
    assert [len(area.courses) for area in areas] == [0, 1, 0]


def test_home_page_stays_within_the_page_weight_budget(client):
    from django.contrib.staticfiles import finders

    from bench.weight import PAGE_BUDGET_KB
    from tests.factories import build_course

    for number in range(6):
        build_course(title=f"Course {number}", thematic_area="border_management")
    html = client.get("/").content
    css = Path(finders.find("css/site.css")).read_bytes()
    # Uncompressed, so stricter than the transferred bytes the bench measures.
    assert len(html) + len(css) < PAGE_BUDGET_KB * 1024


def test_home_page_title_does_not_repeat_the_site_name(client):
    html = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.count("Jenga Uwezo") == 1


@pytest.mark.parametrize(
    "url", ["/", "/courses/", "/accounts/login/", "/accounts/signup/", "/certificates/verify/"]
)
def test_every_page_has_a_meta_description(client, url):
    html = client.get(url).content.decode()
    descriptions = re.findall(r'<meta name="description" content="([^"]+)">', html)
    assert len(descriptions) == 1 and len(descriptions[0]) > 40


def test_a_page_description_comes_from_its_search_description(client):
    from tests.factories import build_course

    plain = build_course().course
    described = build_course(title="Migration health").course
    described.search_description = "Learn the migration cycle in three hours."
    described.save_revision().publish()
    html = client.get(plain.url).content.decode()
    assert f'<meta name="description" content="{plain.summary}">' in html
    html = client.get(described.url).content.decode()
    assert '<meta name="description" content="Learn the migration cycle in three hours.">' in html
