"""Writes for quizzes: starting, submitting and closing attempts.

Every function here is one transaction. The attempt limit is held by a row lock on the
learner's enrolment (so two starts of the same learner queue up) and, underneath, by the
unique (user, quiz, number) constraint. Submitting locks the attempt row, so a double
submit scores once and returns the same result.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import services as course_services
from courses.exceptions import (
    AttemptLimitReached,
    AttemptStartedTwice,
    NotEnrolled,
    QuizHasNoQuestions,
    QuizRefused,
)
from courses.models import Enrolment

from .models import QuizAttempt, QuizPage, QuizResponse
from .questions import Question, questions_from_stream
from .scoring import score_attempt
from .selectors import attempt_pool, course_for_quiz, option_text, revision_pool

# Answers that arrive within this margin after the deadline still count: it covers the
# time the page takes to submit on a slow mobile link. Later answers are not counted and
# the attempt is scored as it stood at the deadline (docs/quizzes.md).
DEADLINE_GRACE = timedelta(seconds=90)

_random = random.SystemRandom()


class AnswersInvalidError(QuizRefused):
    """The answers cannot be scored. ``problems`` lists every reason, one sentence each;
    ``unanswered`` the numbers (1-based, as shown) of questions left blank."""

    status = 400

    def __init__(self, problems: list[str], unanswered: list[int] | None = None):
        self.problems = problems
        self.unanswered = unanswered or []
        super().__init__(" ".join(problems))


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _pinned_revision_id(quiz: QuizPage) -> int | None:
    """The published revision of the quiz whose questions are asked (the latest draft only
    for a quiz that has never been published, e.g. in a preview)."""
    pool_page = quiz.pool_page
    return pool_page.live_revision_id or pool_page.latest_revision_id


def _draw(quiz: QuizPage, pool: dict[str, Question]) -> tuple[list[str], dict[str, list[str]]]:
    ids = list(pool)
    if quiz.draw_count and quiz.draw_count < len(ids):
        drawn = set(_random.sample(ids, quiz.draw_count))
        ids = [i for i in ids if i in drawn]
    if quiz.shuffle_questions:
        _random.shuffle(ids)
    option_order = {}
    for question_id in ids:
        question = pool[question_id]
        order = [option.id for option in question.options]
        # True/false keeps its natural order; shuffling it only confuses.
        if quiz.shuffle_options and question.type != "true_false":
            _random.shuffle(order)
        option_order[question_id] = order
    return ids, option_order


def quiz_attempt_start(
    *, user, quiz: QuizPage, now: datetime | None = None, course=None
) -> QuizAttempt:
    """Start an attempt, or return the learner's open one.

    Refuses (courses.exceptions.QuizRefused, NotEnrolled) when the learner is not enrolled on the quiz's course or has used
    every attempt. Records the attempt number, the pinned revision, the drawn questions and
    their order, each question's option order and the deadline from the server clock.
    ``course`` is the quiz's course when the caller already has it (the views' learner
    gate does); it is looked up otherwise.
    """
    now = _now(now)
    if course is None:
        course = course_for_quiz(quiz)
    try:
        return _attempt_start(user=user, quiz=quiz, course=course, now=now)
    except IntegrityError:
        # Only reachable without row locks (SQLite serialises writers instead). The whole
        # transaction is rolled back: no savepoint (two more queries) on every start.
        raise AttemptStartedTwice() from None


def _attempt_start(*, user, quiz: QuizPage, course, now: datetime) -> QuizAttempt:
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(user=user, course_id=course.pk).first()
            if course is not None
            else None
        )
        if enrolment is None:
            raise NotEnrolled(_("Enrol on the course first; then you can take its quizzes."))
        attempts = list(QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("number"))
        for attempt in attempts:
            if attempt.submitted_at is None:
                if attempt.deadline and now > attempt.deadline + DEADLINE_GRACE:
                    _attempt_close_expired(attempt.pk, now=now)
                else:
                    return attempt
        if quiz.attempt_limit and len(attempts) >= quiz.attempt_limit:
            raise AttemptLimitReached(
                ngettext(
                    "You have used the %(limit)d attempt this quiz allows.",
                    "You have used all %(limit)d attempts at this quiz.",
                    quiz.attempt_limit,
                )
                % {"limit": quiz.attempt_limit}
            )
        revision_id = _pinned_revision_id(quiz)
        pool = _pool_for_start(quiz, revision_id)
        if not pool:
            raise QuizHasNoQuestions()
        question_order, option_order = _draw(quiz, pool)
        number = (attempts[-1].number if attempts else 0) + 1
        return QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            number=number,
            revision_id=revision_id,
            question_order=question_order,
            option_order=option_order,
            started_at=now,
            deadline=(
                now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            ),
        )


def _pool_for_start(quiz: QuizPage, revision_id: int | None) -> dict[str, Question]:
    pool = revision_pool(revision_id) if revision_id is not None else None
    if pool is None:
        return questions_from_stream(quiz.pool_page.questions)
    return pool


def _validate_answers(
    questions: list[Question], answers: Mapping[str, Iterable[str]], *, deadline_passed: bool
) -> dict[str, list[str]]:
    """Clean ``answers`` against the drawn ``questions`` or raise AnswersInvalidError with
    every problem at once."""
    by_id = {question.id: question for question in questions}
    number_of = {question.id: n for n, question in enumerate(questions, start=1)}
    owner_of = {option.id: question.id for question in questions for option in question.options}
    problems: list[str] = []
    cleaned: dict[str, list[str]] = {}

    if any(key not in by_id for key in answers):
        problems.append(
            "Your answers include a question that is not part of this attempt. "
            "Reload the page and answer the questions shown."
        )
    for question_id, raw in answers.items():
        question = by_id.get(question_id)
        if question is None:
            continue
        chosen = list(dict.fromkeys(str(option_id) for option_id in raw))
        number = number_of[question_id]
        foreign = [i for i in chosen if i not in question.option_ids and i in owner_of]
        unknown = [i for i in chosen if i not in question.option_ids and i not in owner_of]
        if foreign:
            problems.append(
                f"Question {number}: an answer of another question was sent with it. "
                "Choose again from its own options."
            )
        if unknown:
            problems.append(
                f"Question {number}: an answer was sent that is not one of its options. "
                "Reload the page and choose again."
            )
        if len(chosen) > 1 and not question.allows_many:
            problems.append(f"Question {number}: choose only one answer.")
        if chosen:
            cleaned[question_id] = chosen

    unanswered = [number_of[q.id] for q in questions if q.id not in cleaned]
    if unanswered and not deadline_passed:
        numbers = ", ".join(str(n) for n in unanswered)
        label = "question" if len(unanswered) == 1 else "questions"
        problems.append(f"Please answer {label} {numbers} before submitting.")
    if problems:
        raise AnswersInvalidError(problems, unanswered if not deadline_passed else [])
    return cleaned


def _attempt_close(
    attempt: QuizAttempt,
    *,
    answers: Mapping[str, list[str]],
    now: datetime,
    questions: list[Question] | None = None,
    user=None,
    course=None,
    enrolment=None,
) -> QuizAttempt:
    """Score ``attempt`` with cleaned ``answers`` and write its response rows. The caller
    holds the lock on the attempt row. ``user``, ``course`` and ``enrolment`` save their
    look-ups when the caller has them."""
    if questions is None:
        questions = _drawn(attempt)
    quiz = attempt.quiz
    result = score_attempt(questions, answers, pass_mark=quiz.pass_mark)
    QuizResponse.objects.bulk_create(
        QuizResponse(
            attempt=attempt,
            block_id=question.id,
            position=position,
            question_type=question.type,
            question_text=question.text,
            question_kind=question.kind,
            options_snapshot=question.snapshot(),
            chosen_option_ids=answers.get(question.id, []),
            chosen_text=option_text(question, answers.get(question.id, [])),
            is_correct=result.questions[question.id].is_correct,
            points_awarded=result.questions[question.id].points_awarded,
            points_possible=result.questions[question.id].points_possible,
        )
        for position, question in enumerate(questions, start=1)
    )
    attempt.submitted_at = now
    attempt.score_points = result.points
    attempt.max_points = result.max_points
    attempt.score_percent = result.percent
    attempt.passed = result.passed
    attempt.save(
        update_fields=["submitted_at", "score_points", "max_points", "score_percent", "passed"]
    )
    # Completion can only change when a quiz that counts for it is passed (any other result
    # leaves every input of the completion rule as it was) and the course is not complete
    # yet (completion is never undone).
    already_complete = enrolment is not None and enrolment.completed_at is not None
    if result.passed and quiz.counts_for_completion and not already_complete:
        _course_completion_evaluate(user=user or attempt.user, quiz=quiz, course=course)
    return attempt


def _course_completion_evaluate(*, user, quiz: QuizPage, course=None) -> None:
    if course is None:
        course = course_for_quiz(quiz)
    if course is not None:
        course_services.course_completion_evaluate(user=user, course=course)


def _drawn(attempt: QuizAttempt) -> list[Question]:
    pool = attempt_pool(attempt)
    return [pool[i] for i in attempt.question_order if i in pool]


def quiz_attempt_submit(
    *,
    attempt: QuizAttempt,
    user,
    answers: Mapping[str, Iterable[str]],
    now: datetime | None = None,
    course=None,
    enrolment=None,
) -> QuizAttempt:
    """Score the learner's ``answers`` (question block id -> chosen option ids) on the
    server and close the attempt.

    Validates everything before writing: answers to questions not drawn, option ids that
    are unknown or belong to another question, several answers to a one-answer question,
    and unanswered questions (allowed only once the deadline has passed) each raise
    AnswersInvalidError, and nothing is saved. Someone else's attempt raises
    QuizAttempt.DoesNotExist. An attempt that is already submitted is returned unchanged.
    Answers arriving later than the deadline plus DEADLINE_GRACE are not counted.
    ``course`` and ``enrolment`` are the quiz's course and the learner's enrolment on it
    when the caller already has them (the views' learner gate does): they save looking up
    the course, and the completion check of a course the learner has already completed.
    """
    now = _now(now)
    with transaction.atomic():
        # The attempt row alone: the quiz comes from ``attempt`` when it is loaded there
        # (the view's is); the user is ``user`` (the filter makes them the same).
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk, user=user)
        if QuizAttempt.quiz.is_cached(attempt) and attempt.quiz_id == locked.quiz_id:
            locked.quiz = attempt.quiz
        if locked.submitted_at is not None:
            return locked
        questions = _drawn(locked)
        deadline_passed = locked.deadline is not None and now > locked.deadline
        if locked.deadline is not None and now > locked.deadline + DEADLINE_GRACE:
            cleaned: dict[str, list[str]] = {}
        else:
            cleaned = _validate_answers(questions, answers, deadline_passed=deadline_passed)
        return _attempt_close(
            locked,
            answers=cleaned,
            now=now,
            questions=questions,
            user=user,
            course=course,
            enrolment=enrolment,
        )


def quiz_attempts_close_expired(*, now: datetime | None = None) -> int:
    """Score every open attempt whose time ran out (past deadline and grace) as it stood.
    For a periodic job; learners' own next visit closes theirs too. Returns how many."""
    now = _now(now)
    closed = 0
    candidates = QuizAttempt.objects.filter(
        submitted_at__isnull=True, deadline__lt=now - DEADLINE_GRACE
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        closed += _attempt_close_expired(pk, now=now)
    return closed


def _attempt_close_expired(pk: int, *, now: datetime) -> int:
    with transaction.atomic():
        attempt = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "user")
            .filter(pk=pk, submitted_at__isnull=True)
            .first()
        )
        if attempt is None:
            return 0
        _attempt_close(attempt, answers={}, now=now)
        return 1
