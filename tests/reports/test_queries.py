"""Every report page runs a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import build_course

from .conftest import PERIOD


@pytest.fixture
def rows(user_factory, profile, enrol, attempt):
    """Make ``n`` learners, each enrolled on one course with a pre-test and a final
    attempt, a lesson done and every other one completed."""
    from certificates.models import Certificate
    from courses.models import LessonCompletion

    built = build_course(
        title="Counting course", modules=1, lessons_per_module=1, pretest=True, final_quiz=True
    )

    made = {"n": 0}

    def make(n):
        learners = []
        for i in range(made["n"], made["n"] + n):
            user = user_factory()
            profile(
                user,
                name=f"Learner {i}",
                county=("busia", "nairobi", "mombasa")[i % 3],
                sex=("female", "male")[i % 2],
                agency=("dis", "phs")[i % 2],
            )
            completed = "2026-03-01" if i % 2 == 0 else None
            enrolment = enrol(
                user, built.course, "2026-02-01", completed, 75 if completed else None
            )
            LessonCompletion.objects.create(user=user, lesson=built.lessons[0])
            attempt(user, built.pretest, 40)
            attempt(user, built.final_quiz, 70)
            if completed:
                Certificate.objects.create(
                    code=f"CODE{i:08d}X",
                    user=user,
                    course=built.course,
                    enrolment=enrolment,
                    holder_name=f"Learner {i}",
                    course_title="Counting course",
                    completed_on="2026-03-01",
                )
            learners.append(user)
        made["n"] += n
        return learners

    return make


def _count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, response
    return len(queries)


PAGES = [
    ("hr_reports:completions", {}),
    ("hr_reports:completions", {"county": "040", "status": "completed"}),
    ("hr_reports:completions_results", {}),
    ("hr_reports:completions", {"export": "csv"}),
    ("hr_reports:completions", {"export": "xlsx"}),
    ("hr_reports:summary", PERIOD),
    ("hr_reports:summary", {**PERIOD, "suppress": "1", "export": "csv"}),
    ("hr_reports:dashboard", PERIOD),
    ("hr_reports:export_list", {}),
]


@pytest.mark.parametrize(("url_name", "params"), PAGES)
def test_query_count_does_not_grow_with_rows(
    staff, login, rows, url_name, params, django_assert_max_num_queries
):
    client = login(staff["hr_national"])
    url = reverse(url_name)
    rows(3)
    small = _count(client, url, params)
    rows(27)
    with django_assert_max_num_queries(small):
        response = client.get(url, params)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert small <= 30


def test_transcript_query_count_does_not_grow_with_courses(
    staff, login, enrol, attempt, user_factory, profile, django_assert_max_num_queries
):
    learner = user_factory()
    profile(learner, name="Busy Learner")
    client = login(staff["hr_national"])
    url = reverse("hr_reports:transcript", args=[learner.pk])

    def add_course(n):
        built = build_course(title=f"Course {n}", modules=1, lessons_per_module=1, final_quiz=True)
        enrol(learner, built.course, "2026-02-01", "2026-03-01", 80)
        attempt(learner, built.final_quiz, 50)
        attempt(learner, built.final_quiz, 80)

    add_course(1)
    small = _count(client, url, {})
    for n in range(2, 8):
        add_course(n)
    with django_assert_max_num_queries(small):
        client.get(url)
