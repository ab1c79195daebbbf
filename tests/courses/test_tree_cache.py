"""The caches of the published tree (courses.tree_cache): learner pages are served from
them, and every change an editor makes is seen on the next request."""

import re

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from courses.selectors import course_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, enrolled):
    """A logged-in, enrolled learner's client that has already read every lesson once,
    so the routes, structure and rendered bodies are cached."""
    client.force_login(enrolled.user)
    return client


def read(client, lesson, url=None):
    response = client.get(url or lesson.url)
    return response.status_code, response.content.decode()


def without_tokens(html: str) -> str:
    """The page without what differs per request by design (CSRF token, CSP nonce)."""
    return re.sub(r'(value|nonce)="[^"]*"', "", html)


def test_a_cached_lesson_is_served_again(reader, course_tree):
    lesson = course_tree.lessons[0]
    status, first = read(reader, lesson)
    assert status == 200
    status, again = read(reader, lesson)
    assert status == 200
    assert without_tokens(again) == without_tokens(first)


def test_unpublishing_a_lesson_stops_serving_it_at_once(reader, course_tree):
    lesson = course_tree.lessons[0]
    url = lesson.url
    assert read(reader, lesson, url)[0] == 200
    lesson.unpublish()
    assert read(reader, lesson, url)[0] == 404


def test_a_published_edit_is_served_on_the_next_request(reader, course_tree):
    lesson = course_tree.lessons[0]
    _status, before = read(reader, lesson)
    assert "Every officer meets migrants" in before

    lesson.title = "Lesson 1.1, revised"
    lesson.body = [("paragraph", "<p>Revised: officers meet migrants every day.</p>")]
    lesson.save_revision().publish()

    status, after = read(reader, lesson)
    assert status == 200
    assert "Lesson 1.1, revised" in after
    assert "Revised: officers meet migrants every day." in after
    assert "Every officer meets migrants" not in after
    # The course outline on the next lesson's page shows the new title too.
    assert "Lesson 1.1, revised" in read(reader, course_tree.lessons[1])[1]


def test_a_new_slug_moves_the_lesson_to_its_new_address(reader, course_tree):
    lesson = course_tree.lessons[0]
    old_url = lesson.url
    assert read(reader, lesson)[0] == 200
    lesson.slug = "why-borders-matter"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.url != old_url
    assert read(reader, lesson)[0] == 200
    assert read(reader, lesson, url=old_url)[0] == 404


def test_a_new_lesson_joins_the_cached_structure(reader, course_tree):
    from tests.factories import add_lesson

    before = [item.page.pk for item in course_structure(course=course_tree.course).lessons]
    extra = add_lesson(course_tree.modules[0], title="Lesson 1.3")
    after = [item.page.pk for item in course_structure(course=course_tree.course).lessons]
    assert after == [*before[:2], extra.pk, *before[2:]]


def test_the_cache_hands_out_copies(course_tree):
    """Setting a learner's done marks on one structure never leaks into the next."""
    first = course_structure(course=course_tree.course)
    first.sequence[0].done = True
    assert course_structure(course=course_tree.course).sequence[0].done is False


def test_a_privacy_setting_added_later_is_enforced(reader, course_tree):
    lesson = course_tree.lessons[0]
    assert read(reader, lesson)[0] == 200
    PageViewRestriction.objects.create(
        page=course_tree.course, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    status, content = read(reader, lesson)
    assert "Every officer meets migrants" not in content
    assert 'name="password"' in content, status


def test_a_preview_renders_the_draft_body_not_the_cached_one(course_tree):
    lesson = course_tree.lessons[0]
    request = RequestFactory().get("/")
    assert "Every officer meets migrants" in lesson.body_html(request)

    lesson.body = [("paragraph", "<p>Draft wording, not yet published.</p>")]
    # Learners still get the published body until the draft is published ...
    assert "Every officer meets migrants" in lesson.body_html(request)
    # ... while the editor's preview shows the draft.
    request.is_preview = True
    preview = lesson.body_html(request)
    assert "Draft wording, not yet published." in preview
    assert "Every officer meets migrants" not in preview


def test_a_prefetched_entry_is_handed_out_once(course_tree):
    """The route middleware prefetches a page's entries in one round trip; whoever reads
    one first gets it, and a second reader gets its own copy from the cache."""
    from courses import selectors
    from courses.tree_cache import generation_read_once, tree_cache_prefetch

    course = course_tree.course
    course_structure(course=course)  # cached now
    with generation_read_once():
        tree_cache_prefetch([selectors.structure_cache_key(course.pk)])
        first = course_structure(course=course)
        first.sequence[0].done = True
        second = course_structure(course=course)
    assert second is not first
    assert second.sequence[0].done is False
