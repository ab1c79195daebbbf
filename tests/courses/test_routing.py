"""Routing in one query (courses.routing): the same answers as Wagtail's own routing."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from courses.routing import route_in_one_query

pytestmark = pytest.mark.django_db


def components(page) -> list[str]:
    return [part for part in page.url.split("/") if part]


def wagtail_route(path: list[str]):
    """Wagtail's own level-by-level routing, for comparison."""
    root = Site.objects.get(is_default_site=True).root_page.specific
    return Page.route(root, RequestFactory().get("/"), path)


def test_every_page_routes_as_wagtail_routes_it(course_tree):
    root = Site.objects.get(is_default_site=True).root_page.specific
    for page in [course_tree.index, course_tree.course, *course_tree.modules, *course_tree.lessons]:
        path = components(page)
        mine = route_in_one_query(root, RequestFactory().get("/"), path)
        assert mine.page.pk == wagtail_route(path).page.pk == page.pk
        assert type(mine.page) is type(page)


def test_a_lesson_is_found_in_one_query_however_deep(course_tree):
    root = Site.objects.get(is_default_site=True).root_page.specific
    path = components(course_tree.lessons[-1])
    with CaptureQueriesContext(connection) as queries:
        route_in_one_query(root, RequestFactory().get("/"), path)
    # The lookup and the typed page (and the content type, the first time only).
    assert len([q for q in queries if "django_content_type" not in q["sql"]]) == 2
    with CaptureQueriesContext(connection) as queries:
        found = route_in_one_query(root, RequestFactory().get("/"), path)
    assert len(queries) == 1  # where the address leads is cached: only the typed page
    assert found.page.pk == course_tree.lessons[-1].pk


def test_a_cached_route_follows_a_committed_move(
    client, course_tree, django_capture_on_commit_callbacks
):
    lesson = course_tree.lessons[0]
    old_url = lesson.url
    assert client.get(old_url).status_code in (200, 302)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.slug = "renamed-lesson"
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    # The old address no longer leads to the page (Wagtail's redirects app sends it on).
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == lesson.url
    assert client.get(lesson.url).status_code in (200, 302)


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda path: [*path, "no-such-page"], id="unknown child"),
        pytest.param(lambda path: [path[0], "no-such-course", *path[2:]], id="unknown middle"),
        pytest.param(lambda path: ["elsewhere", *path], id="unknown first"),
    ],
)
def test_unknown_addresses_are_not_found(client, course_tree, mangle):
    path = mangle(components(course_tree.lessons[0]))
    with pytest.raises(Http404):
        wagtail_route(path)
    assert client.get("/" + "/".join(path) + "/").status_code == 404


def test_a_page_that_is_not_live_is_not_found(client, course_tree):
    lesson = course_tree.lessons[0]
    url = lesson.url
    lesson.unpublish()
    assert client.get(url).status_code == 404
