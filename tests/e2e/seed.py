"""Data the journeys start from, made through the parts' own services.

- ``load_tiny_curriculum()`` loads tests/e2e/curriculum (one course, one module, two
  lessons, one quiz) with the content part's importer, as `make run` loads content/.
- ``person(...)`` makes an account with a verified email, a role and a complete staff
  profile (people.services.staff_profile_save), like seed_demo does.
"""

from dataclasses import dataclass
from pathlib import Path

CURRICULUM = Path(__file__).resolve().parent / "curriculum"
PASSWORD = "Korongo-Busia-2026!"

# The tiny curriculum's quiz, as the learner sees it.
COURSE_TITLE = "Border basics for new officers"
MODULE_TITLE = "At the border"
LESSON_TITLES = ("One stop border posts", "Travel documents in the EAC")
QUIZ_TITLE = "Check your understanding: at the border"
Q1 = "Which document may a Kenyan citizen use to cross into Uganda at Busia?"
Q1_RIGHT = "A national identity card"
Q1_WRONG = "A driving licence"
Q2 = "At a one stop border post, officers of both countries work in one joint control area."
Q1_EXPLANATION = "EAC partner states accept national identity cards"
Q2_EXPLANATION = "travellers stop once"


@dataclass
class Tiny:
    course: object
    module: object
    lessons: list
    quiz: object


def load_tiny_curriculum() -> Tiny:
    from content.services import curriculum_load
    from courses.models import CoursePage, LessonPage, ModulePage
    from courses.quizzes.models import QuizPage

    curriculum_load(directory=CURRICULUM)
    course = CoursePage.objects.get(title=COURSE_TITLE)
    module = ModulePage.objects.child_of(course).get()
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    quiz = QuizPage.objects.child_of(module).get()
    return Tiny(course=course, module=module, lessons=lessons, quiz=quiz)


def person(
    *,
    email: str,
    full_name: str,
    role: str | None = None,
    county_code: str = "040",
    service: str = "national",
    sex: str = "female",
    agency_short_name: str = "DIS",
    job_title: str = "Immigration Officer II",
    duty_station: str = "Busia One Stop Border Post",
    password: str = PASSWORD,
    **user_fields,
):
    """An account as it would be after sign-up, email confirmation and onboarding."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from lms.people import roles
    from lms.people.models import Agency, County
    from lms.people.services import staff_profile_save

    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, **user_fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=role or roles.TRAINEE))
    staff_profile_save(
        user=user,
        full_name=full_name,
        sex=sex,
        service=service,
        county=County.objects.get(code=county_code),
        agency=Agency.objects.get(short_name=agency_short_name),
        job_title=job_title,
        duty_station=duty_station,
    )
    return user


def pass_quiz(*, user, quiz) -> None:
    """Take ``quiz`` through the quiz services and answer every question right."""
    from courses.quizzes.questions import questions_from_stream
    from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit

    attempt = quiz_attempt_start(user=user, quiz=quiz)
    pool = questions_from_stream(quiz.specific.questions)
    answers = {
        question_id: sorted(pool[question_id].correct_ids) for question_id in attempt.question_order
    }
    quiz_attempt_submit(attempt=attempt, user=user, answers=answers)


def complete_course(*, user, tiny: Tiny):
    """Enrol, read every lesson and pass the quiz, through the courses and quizzes
    services; the course completes and its certificate is issued. Returns the certificate."""
    from certificates.models import Certificate
    from courses.services import enrolment_create, lesson_complete

    enrolment_create(user=user, course=tiny.course)
    for lesson in tiny.lessons:
        lesson_complete(user=user, lesson=lesson)
    pass_quiz(user=user, quiz=tiny.quiz)
    return Certificate.objects.get(user=user, course=tiny.course)


def administrator():
    from lms.people import roles

    return person(
        email="admin@jengauwezo.go.ke",
        full_name="Platform Administrator",
        role=roles.ADMINISTRATOR,
        county_code="047",
        job_title="Systems Administrator",
        duty_station="Nairobi",
    )
