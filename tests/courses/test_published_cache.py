"""The caches of what is published (courses.cache): learner pages are served from them,
and every change an editor makes is seen on the next request once it commits. Each
change runs its commit callbacks (``committed``), as the end of the editor's request
would; tests/courses/test_commit_invalidation.py shows that nothing is dropped before.
"""

import pickle
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.selectors import PageRef, course_structure, learner_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, enrolled):
    """A logged-in, enrolled learner's client that has already read every lesson once,
    so the routes, structure and rendered bodies are cached."""
    client.force_login(enrolled.user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose changes commit (their on_commit callbacks run) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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


def test_unpublishing_a_lesson_stops_serving_it_at_once(reader, course_tree, committed):
    lesson = course_tree.lessons[0]
    url = lesson.url
    assert read(reader, lesson, url)[0] == 200
    with committed():
        lesson.unpublish()
    assert read(reader, lesson, url)[0] == 404


def test_a_published_edit_is_served_on_the_next_request(reader, course_tree, committed):
    lesson = course_tree.lessons[0]
    _status, before = read(reader, lesson)
    assert "Every officer meets migrants" in before

    lesson.title = "Lesson 1.1, revised"
    lesson.body = [("paragraph", "<p>Revised: officers meet migrants every day.</p>")]
    with committed():
        lesson.save_revision().publish()

    status, after = read(reader, lesson)
    assert status == 200
    assert "Lesson 1.1, revised" in after
    assert "Revised: officers meet migrants every day." in after
    assert "Every officer meets migrants" not in after
    # The course outline on the next lesson's page shows the new title too.
    assert "Lesson 1.1, revised" in read(reader, course_tree.lessons[1])[1]


def test_a_new_slug_moves_the_lesson_to_its_new_address(reader, course_tree, committed):
    lesson = course_tree.lessons[0]
    old_url = lesson.url
    assert read(reader, lesson)[0] == 200
    lesson.slug = "why-borders-matter"
    with committed():
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.url != old_url
    assert read(reader, lesson)[0] == 200
    # The old address now leads to the new one (Wagtail's redirects, created on commit).
    old = reader.get(old_url)
    assert (old.status_code, old["Location"]) == (301, lesson.url)


def test_a_new_lesson_joins_the_cached_structure(reader, course_tree, committed):
    from tests.factories import add_lesson

    before = [item.page.pk for item in course_structure(course=course_tree.course).lessons]
    with committed():
        extra = add_lesson(course_tree.modules[0], title="Lesson 1.3")
    after = [item.page.pk for item in course_structure(course=course_tree.course).lessons]
    assert after == [*before[:2], extra.pk, *before[2:]]


def test_the_cache_hands_out_copies(course_tree):
    """Setting a learner's done marks on one structure never leaks into the next."""
    first = course_structure(course=course_tree.course)
    first.sequence[0].done = True
    assert course_structure(course=course_tree.course).sequence[0].done is False


def test_a_privacy_setting_added_later_is_enforced(reader, course_tree, committed):
    lesson = course_tree.lessons[0]
    assert read(reader, lesson)[0] == 200
    with committed():
        PageViewRestriction.objects.create(
            page=course_tree.course,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret",
        )
    status, content = read(reader, lesson)
    assert "Every officer meets migrants" not in content
    assert 'name="password"' in content, status


def test_a_preview_renders_the_draft_body_not_the_cached_one(reader, course_tree):
    lesson = course_tree.lessons[0]
    assert "Every officer meets migrants" in read(reader, lesson)[1]  # body cached
    lesson.body = [("paragraph", "<p>Draft wording, not yet published.</p>")]
    lesson.save_revision()
    # Learners still get the published body until the draft is published ...
    assert "Every officer meets migrants" in read(reader, lesson)[1]
    # ... while the editor's preview shows the draft.
    preview = lesson.make_preview_request()
    preview.render()
    assert "Draft wording, not yet published." in preview.content.decode()


def test_only_plain_data_is_cached(course_tree):
    """What goes into the cache pickles without any model class: a new release never
    unpickles an object of an older shape."""
    lesson = course_tree.lessons[0]
    for value in (learner_place(lesson), course_structure(course=course_tree.course)):
        assert b"wagtail.models" not in pickle.dumps(value)
        assert b"courses.models" not in pickle.dumps(value)
    assert learner_place(lesson).course == PageRef.of(course_tree.course)


def test_visitors_without_a_session_get_the_cached_catalogue_until_a_publish_commits(
    client, course_tree, committed
):
    catalogue = course_tree.index.url
    assert course_tree.course.title in client.get(catalogue).content.decode()
    with committed():
        course_tree.course.title = "Renamed course"
        course_tree.course.save_revision().publish()
        # Not committed yet: the cached rendering still answers.
        assert "Renamed course" not in client.get(catalogue).content.decode()
    assert "Renamed course" in client.get(catalogue).content.decode()


def test_a_privacy_setting_removed_is_lifted_on_commit(reader, course_tree, committed):
    lesson = course_tree.lessons[0]
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=course_tree.course, restriction_type=PageViewRestriction.LOGIN
        )
    assert lesson.get_view_restrictions().get() == restriction
    with committed():
        restriction.delete()
    assert not lesson.get_view_restrictions().exists()
    assert "Every officer meets migrants" in read(reader, lesson)[1]


def test_a_page_without_privacy_settings_is_served_without_looking_them_up(reader, course_tree):
    lesson = course_tree.lessons[0]
    read(reader, lesson)
    with CaptureQueriesContext(connection) as queries:
        assert read(reader, lesson)[0] == 200
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]
