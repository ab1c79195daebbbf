from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command

from certificates.codes import code_has_valid_check
from certificates.models import Certificate
from certificates.services import certificate_renders_retry
from courses.models import Enrolment, LessonCompletion
from courses.quizzes.models import QuizAttempt, QuizResponse
from lms.demo.services import (
    SYNTHETIC_PASSWORD,
    NoCurriculumError,
    synthetic_learners_create,
    synthetic_learners_delete,
    synthetic_users,
)
from lms.people.models import Agency, County, StaffProfile

AS_OF = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Africa/Nairobi"))


def _snapshot():
    users = synthetic_users()
    return {
        "users": list(
            users.order_by("username").values_list("username", "first_name", "date_joined")
        ),
        "profiles": list(
            StaffProfile.objects.filter(user__in=users)
            .order_by("user__username")
            .values_list(
                "full_name", "sex", "service", "county__code", "agency__name", "staff_number"
            )
        ),
        "enrolments": list(
            Enrolment.objects.order_by("user__username", "course_id").values_list(
                "user__username", "course_id", "enrolled_at", "completed_at", "final_score"
            )
        ),
        "attempts": list(
            QuizAttempt.objects.order_by("user__username", "quiz_id", "number").values_list(
                "user__username", "quiz_id", "number", "score_percent", "passed", "question_order"
            )
        ),
        "certificates": list(
            Certificate.objects.order_by("code").values_list("code", "uuid", "holder_name")
        ),
    }


def test_needs_a_curriculum(db):
    with pytest.raises(NoCurriculumError, match="load_content"):
        synthetic_learners_create(n=5, seed=1)


def test_seed_demo_without_courses_says_what_to_do(db):
    with pytest.raises(CommandError, match="load_content"):
        call_command("seed_demo", "--learners", "5", "--force")


def test_learners_cover_every_county_agency_sex_and_service(curriculum):
    summary = synthetic_learners_create(n=120, seed=3, as_of=AS_OF)
    assert summary.learners == 120
    profiles = StaffProfile.objects.filter(user__in=synthetic_users())
    assert profiles.count() == 120
    assert set(profiles.values_list("county_id", flat=True)) == set(
        County.objects.values_list("pk", flat=True)
    )
    assert set(profiles.values_list("agency_id", flat=True)) == set(
        Agency.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    assert set(profiles.values_list("sex", flat=True)) == {s for s, _ in StaffProfile.Sex.choices}
    assert set(profiles.values_list("service", flat=True)) == {"national", "county"}
    # Verified email, so they can log in where verification is mandatory.
    assert (
        EmailAddress.objects.filter(user__in=synthetic_users(), verified=True, primary=True).count()
        == 120
    )


def test_records_are_consistent(curriculum):
    summary = synthetic_learners_create(n=200, seed=7, as_of=AS_OF)
    completed = Enrolment.objects.filter(completed_at__isnull=False)
    assert summary.enrolments == Enrolment.objects.count() >= 200
    assert 0 < completed.count() < summary.enrolments
    assert summary.responses == QuizResponse.objects.count()
    assert summary.lesson_completions == LessonCompletion.objects.count()
    for enrolment in completed.select_related("course"):
        assert enrolment.enrolled_at <= enrolment.completed_at <= AS_OF
        final = QuizAttempt.objects.filter(
            user=enrolment.user, quiz__kind="final", quiz__path__startswith=enrolment.course.path
        )
        # Every completed enrolment passed the final assessment, which set its score.
        assert final.filter(passed=True).count() == 1
        assert final.get(passed=True).score_percent == enrolment.final_score
    # One certificate per completed enrolment, frozen names, not rendered.
    assert Certificate.objects.count() == completed.count() == summary.certificates
    certificate = Certificate.objects.select_related("user__staff_profile").first()
    assert certificate.holder_name == certificate.user.staff_profile.full_name
    assert certificate.render_status == "pending"
    assert code_has_valid_check(certificate.code)
    # The certificates part's retry sweep does not pick seeded certificates up.
    assert certificate_renders_retry(stale_after=timedelta(0)) == 0
    # Pre-tests and finals both have response rows, one per drawn question.
    for kind in ("pretest", "final"):
        attempt = QuizAttempt.objects.filter(quiz__kind=kind).first()
        assert attempt.responses.count() == len(attempt.question_order) == 10
    # Scores agree with the responses.
    attempt = QuizAttempt.objects.filter(quiz__kind="module").first()
    assert attempt.score_points == sum(r.points_awarded for r in attempt.responses.all())
    # Pre-test scores lower than finals on average: the knowledge gain reports show.
    pre = [a.score_percent for a in QuizAttempt.objects.filter(quiz__kind="pretest")]
    post = [a.score_percent for a in QuizAttempt.objects.filter(quiz__kind="final", number=1)]
    assert sum(pre) / len(pre) < sum(post) / len(post)


def test_same_seed_same_rows_other_seed_other_rows(curriculum):
    synthetic_learners_create(n=60, seed=11, as_of=AS_OF)
    first = _snapshot()
    synthetic_learners_create(n=60, seed=11, as_of=AS_OF)
    assert _snapshot() == first
    synthetic_learners_create(n=60, seed=12, as_of=AS_OF)
    assert _snapshot() != first


def test_replaces_earlier_synthetic_learners_and_keeps_real_ones(curriculum, user_factory):
    real = user_factory()
    synthetic_learners_create(n=30, seed=1, as_of=AS_OF)
    synthetic_learners_create(n=10, seed=1, as_of=AS_OF)
    assert synthetic_users().count() == 10
    assert synthetic_learners_delete() == 10
    assert not QuizAttempt.objects.exists()
    assert get_user_model().objects.filter(pk=real.pk).exists()


@pytest.mark.parametrize(
    "hasher",
    ["lms.hashers.OwaspArgon2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"],
)
def test_synthetic_learners_can_log_in_without_a_rehash(curriculum, settings, hasher):
    settings.PASSWORD_HASHERS = [hasher]
    synthetic_learners_create(n=3, seed=1, as_of=AS_OF)
    user = synthetic_users().order_by("username").first()
    stored = user.password
    # The site's own hasher and a salt as strong as Django's: nothing to upgrade, so a
    # login costs one hash and leaves the learner's other sessions valid.
    assert not identify_hasher(stored).must_update(stored)
    assert authenticate(username=user.username, password=SYNTHETIC_PASSWORD) == user
    user.refresh_from_db()
    assert user.password == stored


def test_seed_demo_command_with_learners(curriculum):
    call_command("seed_demo", "--learners", "15", "--seed", "2", "--force")
    assert synthetic_users().count() == 15
    # The demo accounts are there as without --learners.
    assert get_user_model().objects.filter(email="trainee@demo.jengauwezo.go.ke").exists()


RESPONSE_FIELDS = (
    "block_id",
    "position",
    "question_type",
    "chosen_option_ids",
    "is_correct",
    "points_awarded",
    "points_possible",
)
ATTEMPT_FIELDS = ("score_points", "max_points", "score_percent", "passed")


def test_seeded_rows_equal_what_the_services_write(curriculum, learner_factory):
    """The seeder writes in bulk, but through the same pure functions: replaying seeded
    answers through quiz_attempt_submit, and issuing a seeded certificate again through
    certificate_issue, gives the same rows."""
    from certificates.services import certificate_issue
    from courses.models import CoursePage
    from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
    from courses.services import enrolment_create

    synthetic_learners_create(n=20, seed=5, as_of=AS_OF)
    seeded_attempts = QuizAttempt.objects.filter(submitted_at__isnull=False).select_related("quiz")
    compared = 0
    for seeded in seeded_attempts.order_by("pk")[:12]:
        learner = learner_factory()
        course = CoursePage.objects.ancestor_of(seeded.quiz).get()
        enrolment_create(user=learner, course=course)
        attempt = quiz_attempt_start(user=learner, quiz=seeded.quiz.specific)
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            question_order=seeded.question_order, option_order=seeded.option_order
        )
        attempt.refresh_from_db()
        answers = {r.block_id: r.chosen_option_ids for r in seeded.responses.all()}
        replayed = quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)
        assert [getattr(replayed, f) for f in ATTEMPT_FIELDS] == [
            getattr(seeded, f) for f in ATTEMPT_FIELDS
        ]
        assert list(replayed.responses.order_by("position").values_list(*RESPONSE_FIELDS)) == (
            list(seeded.responses.order_by("position").values_list(*RESPONSE_FIELDS))
        )
        compared += 1
    assert compared == 12

    seeded_certificate = Certificate.objects.select_related("enrolment").first()
    kept = (
        "holder_name",
        "service",
        "county_name",
        "agency_name",
        "course_title",
        "course_hours",
        "completed_on",
        "final_score",
        "expires_on",
    )
    before = {f: getattr(seeded_certificate, f) for f in kept}
    enrolment = seeded_certificate.enrolment
    seeded_certificate.delete()
    issued = certificate_issue(enrolment=enrolment)
    assert {f: getattr(issued, f) for f in kept} == before
    assert code_has_valid_check(seeded_certificate.code)
