import pytest
from django.utils import timezone
from wagtail.coreutils import get_dummy_request
from wagtail.test.utils import WagtailPageTestCase

from tests.factories import build_course


class _PageAssertions(WagtailPageTestCase):
    """Wagtail's page-type assertions, usable from pytest functions."""

    def runTest(self):  # unittest needs a test method to instantiate the class
        pass


@pytest.fixture
def page_asserts(client):
    helper = _PageAssertions()
    helper.client = client
    helper.dummy_request = get_dummy_request()
    return helper


@pytest.fixture
def course_tree(db):
    """Course index -> course -> 2 modules -> 2 lessons each."""
    return build_course()


@pytest.fixture
def quiz_course(db):
    """A course with a pre-test, a quiz per module and a final assessment."""
    return build_course(
        title="Border management", module_quizzes=True, pretest=True, final_quiz=True
    )


@pytest.fixture
def enrolled(learner, course_tree):
    from courses.services import enrolment_create

    return enrolment_create(user=learner, course=course_tree.course)


@pytest.fixture
def attempt_factory(db):
    """A submitted quiz attempt (the quiz part writes these for real)."""
    from courses.quizzes.models import QuizAttempt

    def make(*, user, quiz, score=80, passed=True):
        number = QuizAttempt.objects.filter(user=user, quiz=quiz).count() + 1
        return QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            number=number,
            submitted_at=timezone.now(),
            score_percent=score,
            passed=passed,
        )

    return make


@pytest.fixture
def trainer(user_factory):
    return user_factory(groups=["Trainer"])


@pytest.fixture
def lead_trainer(user_factory):
    return user_factory(groups=["Lead trainer"])


@pytest.fixture
def admin_form_data():
    """The page-edit form's data as the admin would post it.

    StreamFields are drawn by JavaScript in Wagtail 8, so their inputs are not in the
    HTML; lessons get a body written out here.
    """
    from django.urls import reverse
    from wagtail.test.utils.form_data import (
        nested_form_data,
        querydict_from_html,
        rich_text,
        streamfield,
    )

    from courses.models import LessonPage

    def make(client, page, **changes):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = client.get(url)
        assert response.status_code == 200, response
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        data = data.copy()
        if isinstance(page.specific, LessonPage):
            body = nested_form_data(
                {
                    "body": streamfield(
                        [
                            ("heading", {"text": "Why it matters", "level": "h2"}),
                            ("paragraph", rich_text("<p>Officers meet migrants daily.</p>")),
                            ("reflection", {"question": "Who crosses at your station?"}),
                        ]
                    )
                }
            )
            for key, value in body.items():
                data[key] = value
        for key, value in changes.items():
            data[key] = value
        return url, data

    return make
