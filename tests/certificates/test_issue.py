import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from certificates.codes import code_has_valid_check
from certificates.models import Certificate, RenderStatus
from certificates.services import add_months, certificate_issue

pytestmark = pytest.mark.django_db


def test_issue_freezes_holder_course_dates_and_revision(learner, course, completed_enrolment):
    enrolment = completed_enrolment(learner)
    certificate = certificate_issue(enrolment=enrolment)

    assert certificate.user == learner and certificate.enrolment == enrolment
    assert certificate.holder_name == "Wanjiru Ng'ang'a"
    assert certificate.service == "County government"
    assert certificate.county_name == "Busia"
    assert certificate.agency_name == learner.staff_profile.agency.name
    assert certificate.course_title == "Migration health at points of entry"
    assert certificate.course_hours == 6
    assert certificate.completed_on == datetime.date(2026, 3, 31)
    assert certificate.final_score == Decimal("85.00")
    assert certificate.course_revision_id == course.live_revision_id is not None
    # 31 March + 24 months: no 31 March problem, but see test_add_months.
    assert certificate.expires_on == datetime.date(2028, 3, 31)
    assert certificate.render_status == RenderStatus.PENDING and not certificate.pdf
    assert code_has_valid_check(certificate.code) and len(certificate.code) == 14


def test_later_profile_and_course_edits_do_not_change_the_certificate(
    learner, course, certificate_factory
):
    certificate = certificate_factory(learner)
    profile = learner.staff_profile
    profile.full_name = "Someone Else"
    profile.save()
    course.title = "Renamed course"
    course.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.holder_name == "Wanjiru Ng'ang'a"
    assert certificate.course_title == "Migration health at points of entry"


def test_issuing_twice_returns_the_same_certificate(learner, completed_enrolment):
    enrolment = completed_enrolment(learner)
    first = certificate_issue(enrolment=enrolment)
    second = certificate_issue(enrolment=enrolment)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="certificates.issue").count() == 1


def test_no_certificate_when_the_course_has_them_off(learner, course, completed_enrolment):
    course.certificate_enabled = False
    course.save()
    assert certificate_issue(enrolment=completed_enrolment(learner)) is None
    assert not Certificate.objects.exists()


def test_no_expiry_without_a_recertification_period(learner, course, completed_enrolment):
    course.recertification_months = None
    course.save()
    assert certificate_issue(enrolment=completed_enrolment(learner)).expires_on is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 12, 15), 12, datetime.date(2027, 12, 15)),
        (datetime.date(2026, 5, 31), 240, datetime.date(2046, 5, 31)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_issue_is_logged_in_wagtail_history(learner, certificate_factory):
    certificate = certificate_factory(learner)
    entry = ModelLogEntry.objects.get(action="certificates.issue")
    assert entry.object_id == str(certificate.pk)
    assert entry.data["code"] == certificate.code


def test_render_runs_only_after_the_transaction_commits(
    learner, completed_enrolment, render_calls, django_capture_on_commit_callbacks
):
    enrolment = completed_enrolment(learner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = certificate_issue(enrolment=enrolment)
    assert render_calls == [] and len(callbacks) == 1
    callbacks[0]()  # the commit: the immediate backend renders now
    certificate.refresh_from_db()
    assert len(render_calls) == 1
    assert certificate.render_status == RenderStatus.READY and certificate.pdf


def test_completing_the_course_issues_through_the_signal(
    learner, course, django_capture_on_commit_callbacks
):
    from courses.models import LessonPage
    from courses.services import enrolment_create, lesson_complete

    enrolment_create(user=learner, course=course)
    lessons = LessonPage.objects.descendant_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons:
            lesson_complete(user=learner, lesson=lesson)
    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.render_status == RenderStatus.READY


@pytest.mark.postgres
# Skipped before any database set-up on SQLite: a transactional test's flush there would
# disturb the serialized-rollback tests of other parts that run after it.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_completions_issue_one_certificate(learner, course, completed_enrolment):
    from django.db import connections

    enrolment = completed_enrolment(learner)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def complete():
        try:
            barrier.wait()
            from courses.models import Enrolment

            results.append(certificate_issue(enrolment=Enrolment.objects.get(pk=enrolment.pk)).pk)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    import certificates.services as services

    original = services._render_enqueue
    services._render_enqueue = lambda *args, **kwargs: None  # no PDFs in this test
    try:
        threads = [threading.Thread(target=complete) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        services._render_enqueue = original
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 4
    assert Certificate.objects.filter(user=learner, course=course).count() == 1
    assert ModelLogEntry.objects.filter(action="certificates.issue").count() == 1
