"""Synthetic learners at scale, for demos and `make bench` (`seed_demo --learners N`).

Everything is written with bulk_create in batches: no per-row save(), no signals (so no
certificate is rendered and no email is sent), one password hash for everyone. The same
seed and the same `as_of` date give the same rows, byte for byte.

Certificates of synthetic learners are real rows (codes verify, reports count them) but
their PDFs are not rendered: render_status stays "pending", render_error says why, and
render_attempts is at the certificates part's maximum so its retry sweep
(certificate_renders_retry) leaves them alone. Rendering 10,000 PDFs would take longer
than the rest of the seeding together, and one shared PDF would show a name and code that
do not match the row. Downloading one shows the "being prepared" page.
"""

import json
import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.crypto import RANDOM_STRING_CHARS

from certificates import codes
from certificates.models import Certificate, RenderStatus
from certificates.services import MAX_RENDER_ATTEMPTS, certificate_expiry
from courses.models import Enrolment, LessonCompletion
from courses.quizzes.models import QuizAttempt, QuizResponse
from courses.quizzes.questions import MULTIPLE_RESPONSE, TRUE_FALSE, Question
from courses.quizzes.scoring import score_attempt
from courses.quizzes.selectors import option_text
from lms.people.models import Agency, County, StaffProfile

from . import names, rows
from .curriculum import Course, Quiz, curriculum_load

SYNTHETIC_EMAIL_DOMAIN = "synthetic.jengauwezo.example"  # .example: mail never leaves
SYNTHETIC_PASSWORD = "synthetic-learner-2026"  # noqa: S105 (published: demo data only)
SYNTHETIC_RENDER_NOTE = "Synthetic learner: the PDF is not rendered for seeded data."
# The fixed "today" of the synthetic history, so a seed always gives the same rows.
DEFAULT_AS_OF = datetime(2026, 11, 1, 8, 0, tzinfo=ZoneInfo("Africa/Nairobi"))
LEARNERS_PER_CHUNK = 1000

# Realistic proportions (see docs/benchmarks.md): how many courses a learner takes, and
# how far each enrolment has got.
COURSES_PER_LEARNER = ((1, 55), (2, 30), (3, 15))
ENROLMENT_STATES = (("completed", 45), ("in_progress", 35), ("enrolled", 20))


class NoCurriculumError(Exception):
    """Synthetic learners need courses to enrol in."""


@dataclass
class SeedSummary:
    learners: int = 0
    enrolments: int = 0
    completed_enrolments: int = 0
    lesson_completions: int = 0
    attempts: int = 0
    responses: int = 0
    certificates: int = 0


def synthetic_email(number: int) -> str:
    return f"learner{number:05d}@{SYNTHETIC_EMAIL_DOMAIN}"


def synthetic_password_hash(seed: int) -> str:
    """The one hash every synthetic learner shares. The salt derives from the seed (same
    seed, same rows) and is as long as Django's own (22 characters, 131 bits): a shorter
    one makes Django re-hash the password at every login (must_update), which doubles
    the cost of a login and signs every other session of that learner out."""
    rng = random.Random(f"password-salt-{seed}")
    salt = "".join(rng.choices(RANDOM_STRING_CHARS, k=22))
    return make_password(SYNTHETIC_PASSWORD, salt=salt)


def synthetic_users():
    return get_user_model().objects.filter(email__endswith=f"@{SYNTHETIC_EMAIL_DOMAIN}")


@contextmanager
def _timestamps_as_given():
    """bulk_create still applies auto_now_add; the synthetic history needs its own
    dates (enrolled before completed), so those fields take the value given while seeding."""
    fields = [
        Enrolment._meta.get_field("enrolled_at"),
        StaffProfile._meta.get_field("created_at"),
        StaffProfile._meta.get_field("updated_at"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@transaction.atomic
def synthetic_learners_delete() -> int:
    """Remove every synthetic learner and all their records; real accounts are untouched."""
    users = synthetic_users()
    user_ids = users.values("pk")
    QuizResponse.objects.filter(attempt__user__in=user_ids)._raw_delete(QuizResponse.objects.db)
    for model in (
        QuizAttempt,
        LessonCompletion,
        Certificate,
        Enrolment,
        EmailAddress,
        StaffProfile,
    ):
        model.objects.filter(user__in=user_ids)._raw_delete(model.objects.db)
    count = users.count()
    users.delete()
    return count


def synthetic_learners_create(
    *, n: int, seed: int = 1, as_of: datetime | None = None, batch_size: int = 2000
) -> SeedSummary:
    """Create N synthetic learners with enrolments, lesson completions, quiz attempts
    (pre-test, module quizzes, final assessment) with one response per question, and
    certificates, replacing any earlier synthetic learners. Deterministic for a given
    seed and as_of. Raises NoCurriculumError when no course is loaded."""
    if n < 0:
        raise ValueError("n must be zero or more")
    courses = curriculum_load()
    if not courses:
        raise NoCurriculumError(
            "No live course found: load the curriculum first (python manage.py load_content)."
        )
    summary = SeedSummary()
    with transaction.atomic(), _timestamps_as_given():
        synthetic_learners_delete()
        generator = _Generator(
            courses=courses,
            seed=seed,
            as_of=as_of or DEFAULT_AS_OF,
            password_hash=synthetic_password_hash(seed),
            batch_size=batch_size,
        )
        for start in range(0, n, LEARNERS_PER_CHUNK):
            generator.chunk(range(start, min(n, start + LEARNERS_PER_CHUNK)), summary)
        rows.sequences_reset()
    return summary


def _weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights)[0]


class _Generator:
    def __init__(self, *, courses, seed, as_of, password_hash, batch_size):
        self.courses: list[Course] = courses
        self.rng = random.Random(seed)
        # Codes and UUIDs draw from their own stream: a code that has to be drawn again
        # (it exists already) does not shift everything generated after it.
        self.code_rng = random.Random(f"certificate-codes-{seed}")
        self.as_of: datetime = as_of
        self.password_hash = password_hash
        self.batch_size = batch_size
        self.counties = list(County.objects.order_by("code"))
        self.county_weights = [names.COUNTY_WEIGHTS.get(c.code, 1) for c in self.counties]
        self.agencies = list(Agency.objects.filter(is_active=True).order_by("name"))
        self.agency_weights = [
            names.AGENCY_WEIGHTS.get(
                a.short_name, 0.5 if a.kind in ("international", "other") else 1
            )
            for a in self.agencies
        ]
        self.sexes = [s for s, _ in names.SEXES]
        self.sex_weights = [w for _, w in names.SEXES]
        self.codes: set[str] = set(Certificate.objects.values_list("code", flat=True))
        self.next_attempt_id = rows.next_attempt_id()
        self.answers: dict = {}
        self.snapshots = {
            question.id: json.dumps(question.snapshot())
            for course in courses
            for quiz in _quizzes_of(course)
            for question in quiz.questions
        }

    # --- people -----------------------------------------------------------------------

    def _cover_or_pick(self, index: int, items: list, weights: list):
        """The first learners cover every item once, so even a small N reaches all
        counties, agencies and sexes; after that, realistic weights."""
        if index < len(items):
            return items[index]
        return _weighted(self.rng, items, weights)

    def _person(self, index: int) -> dict:
        rng = self.rng
        sex = self._cover_or_pick(index, self.sexes, self.sex_weights)
        county = self._cover_or_pick(index, self.counties, self.county_weights)
        agency = self._cover_or_pick(index, self.agencies, self.agency_weights)
        if agency.kind in ("national", "county"):
            service = agency.kind
        else:
            service = rng.choice(("national", "county"))
        first = rng.choice(
            names.FIRST_NAMES_FEMALE
            if sex == "female"
            else names.FIRST_NAMES_MALE
            if sex == "male"
            else names.FIRST_NAMES_ANY
        )
        surname = rng.choice(names.SURNAMES)
        middle = rng.choice(names.SURNAMES)
        kind = agency.kind if agency.kind in names.JOB_TITLES else "other"
        joined = self.as_of - timedelta(days=rng.uniform(3, 365), seconds=rng.randrange(86400))
        return {
            "first": first,
            "last": surname,
            "full_name": f"{first} {middle} {surname}",
            "sex": sex,
            "service": service,
            "county": county,
            "agency": agency,
            "job_title": rng.choice(names.JOB_TITLES[kind]),
            "duty_station": rng.choice(names.DUTY_STATIONS[kind]).format(county=county.name),
            "joined": joined,
            "ability": rng.uniform(0.5, 0.97),
        }

    # --- one chunk of learners ----------------------------------------------------------

    def chunk(self, indexes: range, summary: SeedSummary) -> None:
        User = get_user_model()
        people = [self._person(i) for i in indexes]
        users = [
            User(
                username=synthetic_email(i + 1),
                email=synthetic_email(i + 1),
                password=self.password_hash,
                first_name=p["first"],
                last_name=p["last"],
                is_active=True,
                date_joined=p["joined"],
            )
            for i, p in zip(indexes, people, strict=True)
        ]
        User.objects.bulk_create(users, batch_size=self.batch_size)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=self.batch_size,
        )
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(
                    user=u,
                    full_name=p["full_name"],
                    sex=p["sex"],
                    service=p["service"],
                    county=p["county"],
                    agency=p["agency"],
                    job_title=p["job_title"],
                    duty_station=p["duty_station"],
                    staff_number=f"SYN{i + 1:06d}",
                    created_at=p["joined"],
                    updated_at=p["joined"],
                )
                for i, u, p in zip(indexes, users, people, strict=True)
            ],
            batch_size=self.batch_size,
        )
        records = _Records()
        for user, person in zip(users, people, strict=True):
            self._learner(user, person, records)
        records.save(self.batch_size, summary)
        summary.learners += len(users)

    def _learner(self, user, person: dict, records: "_Records") -> None:
        rng = self.rng
        count = _weighted(rng, *zip(*COURSES_PER_LEARNER, strict=True))
        courses = rng.sample(self.courses, min(count, len(self.courses)))
        for course in courses:
            state = _weighted(rng, *zip(*ENROLMENT_STATES, strict=True))
            start = person["joined"] + timedelta(hours=rng.uniform(0.1, 72))
            start = min(start, self.as_of - timedelta(hours=2))
            self._enrolment(user, person, course, state, start, records)

    def _enrolment(self, user, person, course: Course, state: str, start, records) -> None:
        rng = self.rng
        enrolment = Enrolment(user=user, course_id=course.id, enrolled_at=start)
        records.enrolments.append(enrolment)
        steps = list(course.steps)
        if state == "completed":
            done = steps
        elif state == "in_progress":
            done = steps[: rng.randint(1, max(1, len(steps) - 1))]
        else:
            done = []
        # Time to finish: a few days to several weeks, never past as_of.
        span = min(timedelta(days=rng.uniform(1, 45)), self.as_of - start)
        total_steps = len(done) + 2
        clock = start

        def tick():
            nonlocal clock
            clock = min(clock + span / total_steps, self.as_of - timedelta(minutes=1))
            return clock

        ability = person["ability"]
        if course.pretest and (state != "enrolled" or rng.random() < 0.6):
            # Before the course, learners know less: the pre-test shows the gain.
            self._attempts(user, course.pretest, ability - 0.25, tick(), records, must_pass=False)
        last_lesson = None
        for kind, item in done:
            when = tick()
            if kind == "lesson":
                records.completions.append((user.pk, item, rows.db_datetime(when)))
                last_lesson = item
            else:
                self._attempts(user, item, ability, when, records, must_pass=item.required)
        enrolment.last_lesson_id = last_lesson
        enrolment.last_activity_at = clock if done else None
        if state != "completed":
            return
        final_attempt = None
        if course.final:
            final_attempt = self._attempts(
                user, course.final, ability + 0.05, tick(), records, must_pass=True
            )
        enrolment.completed_at = clock
        enrolment.last_activity_at = clock
        enrolment.final_score = final_attempt.percent if final_attempt else None
        if course.certificate_enabled:
            records.certificates.append(self._certificate(user, person, course, enrolment))

    # --- quizzes ---------------------------------------------------------------------

    def _attempts(self, user, quiz: Quiz, ability, when, records, *, must_pass) -> "AttemptResult":
        """One or more attempts at a quiz; with must_pass the learner keeps trying (as the
        attempt limit allows) and the last allowed attempt passes."""
        rng = self.rng
        limit = quiz.attempt_limit or 3
        number = 0
        while True:
            number += 1
            last_allowed = number >= limit
            attempt = self._attempt(
                user, quiz, number, ability, when, records, force_pass=must_pass and last_allowed
            )
            if attempt.passed or not must_pass or last_allowed:
                return attempt
            ability = min(1.0, ability + 0.15)
            when = when + timedelta(minutes=rng.uniform(10, 600))

    def _attempt(self, user, quiz: Quiz, number, ability, submitted, records, *, force_pass):
        rng = self.rng
        pool = quiz.questions
        drawn = rng.sample(pool, quiz.draw_count) if 0 < quiz.draw_count < len(pool) else pool
        if quiz.shuffle_questions:
            drawn = rng.sample(drawn, len(drawn))
        option_order = {}
        answers = {}
        for question in drawn:
            ids = [o.id for o in question.options]
            if quiz.shuffle_options and question.type != TRUE_FALSE:
                ids = rng.sample(ids, len(ids))
            option_order[question.id] = ids
            answers[question.id] = self._choose(question, rng.random() < ability)
        if force_pass:
            # Turn wrong answers right until the attempt passes.
            for question in drawn:
                if score_attempt(drawn, answers, pass_mark=quiz.pass_mark).passed:
                    break
                answers[question.id] = self._choose(question, True)
        # The quizzes part's own scoring, as quiz_attempt_submit applies it.
        result = score_attempt(drawn, answers, pass_mark=quiz.pass_mark)
        scored = [
            (result.questions[question.id], self._answer(question, answers[question.id]))
            for question in drawn
        ]
        points, max_points, percent = result.points, result.max_points, result.percent
        attempt_id = self.next_attempt_id
        self.next_attempt_id += 1
        for position, (question, (score, answer)) in enumerate(
            zip(drawn, scored, strict=True), start=1
        ):
            chosen_json, chosen_text = answer
            records.responses.append(
                (
                    attempt_id,
                    question.id,
                    position,
                    question.type,
                    question.text,
                    self.snapshots[question.id],
                    chosen_json,
                    chosen_text,
                    score.is_correct,
                    score.points_awarded,
                    score.points_possible,
                )
            )
        started = submitted - timedelta(minutes=rng.uniform(3, 25))
        deadline = (
            started + timedelta(minutes=quiz.time_limit_minutes)
            if quiz.time_limit_minutes
            else None
        )
        passed = result.passed
        records.attempts.append(
            (
                attempt_id,
                user.pk,
                quiz.id,
                number,
                quiz.revision_id,
                json.dumps([q.id for q in drawn]),
                json.dumps(option_order),
                rows.db_datetime(started),
                rows.db_datetime(deadline) if deadline else None,
                rows.db_datetime(submitted),
                points,
                max_points,
                percent,
                passed,
            )
        )
        return AttemptResult(passed=passed, percent=percent)

    def _answer(self, question: Question, chosen: list[str]) -> tuple[str, str]:
        """The stored form of an answer (JSON ids, readable text), remembered: learners
        give the same few answers to a question over and over."""
        key = (question.id, tuple(chosen))
        if key not in self.answers:
            self.answers[key] = (json.dumps(chosen), option_text(question, chosen))
        return self.answers[key]

    def _choose(self, question: Question, right: bool) -> list[str]:
        correct = sorted(question.correct_ids)
        if right:
            return correct
        if question.type == MULTIPLE_RESPONSE and len(correct) > 1:
            # Partly right: one correct option missed.
            return correct[1:]
        wrong = [o.id for o in question.options if not o.correct]
        if not wrong:
            return []
        return [self.rng.choice(wrong)]

    # --- certificates ------------------------------------------------------------------

    def _code(self) -> str:
        while True:
            # The certificates part's own code_with_check on a seeded body (code_generate
            # draws from `secrets`, which cannot be seeded).
            code = codes.code_with_check(
                "".join(self.code_rng.choices(codes.ALPHABET, k=codes.BODY_LENGTH))
            )
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _certificate(self, user, person, course: Course, enrolment: Enrolment) -> Certificate:
        completed = enrolment.completed_at
        completed_on = completed.astimezone(self.as_of.tzinfo).date()
        return Certificate(
            uuid=uuid.UUID(int=self.code_rng.getrandbits(128), version=4),
            code=self._code(),
            user=user,
            course_id=course.id,
            enrolment=enrolment,
            course_revision_id=course.revision_id,
            holder_name=person["full_name"],
            service=StaffProfile.Service(person["service"]).label,
            county_name=person["county"].name,
            agency_name=person["agency"].name,
            course_title=course.title,
            course_hours=course.hours,
            completed_on=completed_on,
            final_score=enrolment.final_score,
            issued_at=completed + timedelta(minutes=1),
            expires_on=certificate_expiry(
                completed_on=completed_on, months=course.recertification_months
            ),
            render_status=RenderStatus.PENDING,
            render_error=SYNTHETIC_RENDER_NOTE,
            render_attempts=MAX_RENDER_ATTEMPTS,
        )


class _Records:
    """The rows of one chunk, written in dependency order."""

    def __init__(self):
        self.enrolments: list[Enrolment] = []
        self.completions: list[tuple] = []
        self.attempts: list[tuple] = []
        self.responses: list[tuple] = []
        self.certificates: list[Certificate] = []

    def save(self, batch_size: int, summary: SeedSummary) -> None:
        Enrolment.objects.bulk_create(self.enrolments, batch_size=batch_size)
        rows.insert_rows(LessonCompletion, rows.COMPLETION_COLUMNS, self.completions)
        rows.insert_rows(QuizAttempt, rows.ATTEMPT_COLUMNS, self.attempts)
        rows.insert_rows(QuizResponse, rows.RESPONSE_COLUMNS, self.responses)
        for certificate in self.certificates:
            certificate.enrolment_id = certificate.enrolment.pk
        Certificate.objects.bulk_create(self.certificates, batch_size=batch_size)
        summary.enrolments += len(self.enrolments)
        summary.completed_enrolments += sum(1 for e in self.enrolments if e.completed_at)
        summary.lesson_completions += len(self.completions)
        summary.attempts += len(self.attempts)
        summary.responses += len(self.responses)
        summary.certificates += len(self.certificates)


@dataclass(frozen=True)
class AttemptResult:
    passed: bool
    percent: Decimal


def _quizzes_of(course: Course) -> list[Quiz]:
    quizzes = [item for kind, item in course.steps if kind == "quiz"]
    return [q for q in (course.pretest, *quizzes, course.final) if q is not None]
