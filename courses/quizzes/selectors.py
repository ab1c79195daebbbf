"""Reads for quizzes: pinned questions of an attempt, a learner's attempts, knowledge gain.

Item analysis for trainers is in courses.quizzes.analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, Left, Length
from django.db.models.lookups import Exact
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Revision

from courses import models as course_models
from courses import selectors as course_selectors
from courses.quizzes import models

from .choices import QuizKind, RevealAnswers
from .quality import course_flaws, near_duplicate_message, near_duplicates, question_flaws
from .questions import Option, Question, questions_from_stream

if TYPE_CHECKING:
    from .models import QuizAttempt, QuizPage


def course_for_quiz(quiz: QuizPage):
    """The CoursePage a quiz belongs to, or None."""
    return course_selectors.course_for_page(quiz)


# A revision's content never changes once saved (editing a page makes a new revision),
# so the questions parsed from it can be cached for good, by revision id alone, with
# nothing to invalidate. Django's cache rather than a dict in the process: it is shared by
# every web process (Redis in production, see DESIGN.md: no state in a web process) and
# the tests clear it between tests, where a rolled-back SQLite database reuses ids.
# Bump the version when Question or Option change shape: pickled pools of the old shape
# are then never read. (2: Question.kind.)
POOL_CACHE_VERSION = 2
POOL_CACHE_SECONDS = 24 * 60 * 60


def _pool_cache_key(revision_id: int) -> str:
    return f"quizzes:revision-pool:{POOL_CACHE_VERSION}:{revision_id}"


def _pool_from_content(content: dict) -> dict[str, Question]:
    raw = content.get("questions") or []
    stream = models.QuizPage._meta.get_field("questions").to_python(raw)
    return questions_from_stream(stream)


def revision_pool(revision_id: int) -> dict[str, Question] | None:
    """The questions stored in a quiz revision, without loading the page; None if there
    is no such revision. Cached (revisions never change): no query once cached."""
    key = _pool_cache_key(revision_id)
    pool = cache.get(key)
    if pool is None:
        content = Revision.objects.filter(pk=revision_id).values_list("content", flat=True).first()
        if content is None:
            return None
        pool = _pool_from_content(content)
        cache.set(key, pool, POOL_CACHE_SECONDS)
    return pool


def attempt_pool(attempt: QuizAttempt) -> dict[str, Question]:
    """The pool the attempt was drawn from: its pinned revision, or the live quiz if that
    revision has since been deleted."""
    if attempt.revision_id is not None:
        pool = revision_pool(attempt.revision_id)
        if pool is not None:
            return pool
    return attempt.quiz.pool()


def attempt_questions(attempt: QuizAttempt, *, pool: dict[str, Question] | None = None):
    """The drawn questions, in the order shown, each with its options in the order shown."""
    pool = attempt_pool(attempt) if pool is None else pool
    questions = []
    for question_id in attempt.question_order:
        question = pool.get(question_id)
        if question is None:
            continue
        order = attempt.option_order.get(question_id) or [o.id for o in question.options]
        by_id = {option.id: option for option in question.options}
        options = tuple(by_id[i] for i in order if i in by_id)
        questions.append(
            Question(
                id=question.id,
                type=question.type,
                text=question.text,
                explanation=question.explanation,
                points=question.points,
                options=options,
                scoring=question.scoring,
            )
        )
    return questions


@dataclass(frozen=True)
class QuestionForm:
    """What the attempt page may show about a question: no correctness at all."""

    id: str
    number: int
    text: str
    allows_many: bool
    points: Decimal
    options: tuple[tuple[str, str], ...]  # (id, text)


def attempt_form_questions(attempt: QuizAttempt) -> list[QuestionForm]:
    """The questions of an open attempt, stripped of every correct flag."""
    return [
        QuestionForm(
            id=question.id,
            number=number,
            text=question.text,
            allows_many=question.allows_many,
            points=question.points,
            options=tuple((option.id, option.text) for option in question.options),
        )
        for number, question in enumerate(attempt_questions(attempt), start=1)
    ]


def learner_attempts(*, user, quiz: QuizPage) -> list[QuizAttempt]:
    return list(models.QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("number"))


def learner_attempt(*, user, attempt_id: int) -> QuizAttempt:
    """One of the learner's own attempts; DoesNotExist for anyone else's."""
    # Neither the revision nor the quiz's own questions: the questions asked come from the
    # cached pool of the pinned revision (attempt_pool).
    return (
        models.QuizAttempt.objects.select_related("quiz")
        .defer("quiz__questions")
        .get(pk=attempt_id, user=user)
    )


@dataclass(frozen=True)
class AttemptSummary:
    used: int
    left: int | None  # None: unlimited
    passed: bool
    best_percent: Decimal | None
    open_attempt: QuizAttempt | None


def attempt_summary(*, quiz: QuizPage, attempts: list[QuizAttempt]) -> AttemptSummary:
    submitted = [a for a in attempts if a.submitted_at is not None]
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    left = None if not quiz.attempt_limit else max(0, quiz.attempt_limit - len(attempts))
    percents = [a.score_percent for a in submitted if a.score_percent is not None]
    return AttemptSummary(
        used=len(attempts),
        left=left,
        passed=any(a.passed for a in submitted),
        best_percent=max(percents) if percents else None,
        open_attempt=open_attempt,
    )


def answers_revealed(*, quiz: QuizPage, summary: AttemptSummary) -> bool:
    """Whether the review may show which options were correct. Never while the learner
    has an attempt in progress: nothing served during an attempt may give answers away."""
    if summary.open_attempt is not None:
        return False
    if quiz.reveal_answers == RevealAnswers.AFTER_EACH_ATTEMPT:
        return True
    if quiz.reveal_answers == RevealAnswers.AFTER_PASSED_OR_EXHAUSTED:
        return summary.passed or (summary.left == 0 and summary.open_attempt is None)
    return False


def score_only(quiz: QuizPage) -> bool:
    """A quiz that never reveals its answers (a pre-test, typically) shows only the score
    after submission: no right or wrong per question, no explanations (issue 16)."""
    return quiz.reveal_answers == RevealAnswers.NEVER


def _parent_path(path_field: str):
    """The tree path of a page's parent (Wagtail: the path minus its last step)."""
    return Left(path_field, Length(path_field) - models.QuizPage.steplen)


def knowledge_gain_rows(*, course=None, users=None) -> QuerySet:
    """Per enrolment (learner and course): the first submitted pre-test percentage, the best
    submitted final-assessment percentage and the gain (final minus pre-test, in percentage
    points), in one query. Values are None where a learner has not taken that test.

    Rows are dicts with user_id, course_id, course_title, pretest_percent, final_percent
    and gain. ``course`` narrows to one course; ``users`` (a queryset or list of ids) to some
    learners.

    One GROUP BY per enrolment over the learner's attempts joined to their quizzes, as
    bench/scenarios/programme_summary.py's KNOWLEDGE_SQL does: no subquery per enrolment,
    which SQLite runs row by row. A course has one pre-test; with several, this takes the
    lowest of the learners' first attempts at them.
    """
    attempt = "user__quiz_attempts"
    submitted_in_course = Q(
        # Course-level quizzes sit directly under their course page in the tree.
        Exact(_parent_path(f"{attempt}__quiz__path"), F("course__path")),
        **{f"{attempt}__submitted_at__isnull": False},
    )
    # The first attempt is the first submitted: a learner can start the next attempt only
    # once the previous one is submitted (or closed when its time ran out).
    first_pretest = submitted_in_course & Q(
        **{f"{attempt}__quiz__kind": QuizKind.PRETEST, f"{attempt}__number": 1}
    )
    final = submitted_in_course & Q(**{f"{attempt}__quiz__kind": QuizKind.FINAL})
    percent = DecimalField(max_digits=5, decimal_places=2)
    rows = course_models.Enrolment.objects.all()
    if course is not None:
        rows = rows.filter(course=course)
    if users is not None:
        rows = rows.filter(user__in=users)
    return (
        rows.annotate(
            course_title=F("course__title"),
            pretest_percent=Cast(Min(f"{attempt}__score_percent", filter=first_pretest), percent),
            final_percent=Cast(Max(f"{attempt}__score_percent", filter=final), percent),
        )
        .annotate(
            gain=ExpressionWrapper(
                F("final_percent") - F("pretest_percent"),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            )
        )
        .order_by("course_id", "user_id")
        .values("user_id", "course_id", "course_title", "pretest_percent", "final_percent", "gain")
    )


def option_text(question: Question, option_ids) -> str:
    options: list[Option] = [o for o in question.options if o.id in set(option_ids)]
    return "; ".join(option.text for option in options)


@dataclass(frozen=True)
class ReviewOption:
    text: str
    chosen: bool
    correct: bool | None  # None when answers are not revealed


@dataclass(frozen=True)
class ReviewItem:
    number: int
    text: str
    is_correct: bool
    partly: bool
    points_awarded: Decimal
    points_possible: Decimal
    chosen_text: str
    options: tuple[ReviewOption, ...]
    explanation: str


def review_items(*, attempt: QuizAttempt, reveal: bool) -> list[ReviewItem]:
    """The review of a submitted attempt, from its response rows (what was asked then).

    Correct flags are left out unless ``reveal``. Explanations say why the right answer is
    right, so they follow the same rule, except for questions the learner got right.
    """
    pool = attempt_pool(attempt)
    items = []
    for response in attempt.responses.order_by("position"):
        chosen = set(response.chosen_option_ids)
        question = pool.get(response.block_id)
        explanation = question.explanation if question is not None else ""
        items.append(
            ReviewItem(
                number=response.position,
                text=response.question_text,
                is_correct=response.is_correct,
                partly=not response.is_correct and response.points_awarded > 0,
                points_awarded=response.points_awarded,
                points_possible=response.points_possible,
                chosen_text=response.chosen_text,
                options=tuple(
                    ReviewOption(
                        text=option["text"],
                        chosen=option["id"] in chosen,
                        correct=bool(option["correct"]) if reveal else None,
                    )
                    for option in _in_shown_order(response.options_snapshot, attempt, response)
                ),
                explanation=explanation if (reveal or response.is_correct) else "",
            )
        )
    return items


def _in_shown_order(snapshot: list[dict], attempt: QuizAttempt, response) -> list[dict]:
    order = attempt.option_order.get(response.block_id)
    if not order:
        return snapshot
    rank = {option_id: index for index, option_id in enumerate(order)}
    return sorted(snapshot, key=lambda option: rank.get(option["id"], len(rank)))


def quiz_page_context(*, quiz: QuizPage, gate, user) -> dict:
    """What a quiz's front page shows: rules, attempts used and left, history, a Start
    button; for an author's preview, the whole pool with its answers marked."""
    context = {"course": gate.course, "gate": gate}
    if gate.is_preview:
        context["questions"] = list(quiz.pool().values())
    elif gate.enrolment is not None:
        attempts = learner_attempts(user=user, quiz=quiz)
        summary = attempt_summary(quiz=quiz, attempts=attempts)
        context.update(
            enrolment=gate.enrolment,
            attempts=attempts,
            summary=summary,
            can_start=summary.open_attempt is None and summary.left != 0,
            pool_size=len(quiz.pool()),
        )
        if quiz.kind == QuizKind.PRETEST and gate.course is not None:
            context["first_lesson"] = first_lesson(course=gate.course)
    return context


def first_lesson(*, course) -> course_selectors.CourseItem | None:
    """The course's first live lesson (from the cached structure), which a pre-test page
    links to: the pre-test is optional, the lessons are where the course starts."""
    lessons = course_selectors.course_structure(course=course).lessons
    return lessons[0] if lessons else None


@dataclass(frozen=True)
class CourseCompletion:
    """What a quiz result says when it completed the learner's course: the course, and its
    certificate (uuid and whether the PDF is ready) unless the course gives none."""

    course_title: str
    course_url: str
    certificate_uuid: object | None = None
    certificate_ready: bool = False


def course_completion_for_result(*, attempt, enrolment, course) -> CourseCompletion | None:
    """For the result of a passed attempt at a quiz that counts, once its course is
    complete: what to tell the learner. One query (the certificate), only then."""
    if enrolment is None or enrolment.completed_at is None or not attempt.passed:
        return None
    if attempt.quiz.kind == QuizKind.PRETEST or course is None:
        return None
    row = (
        course_models.Enrolment.objects.filter(
            pk=enrolment.pk, certificate__revoked_at__isnull=True
        )
        .values_list("certificate__uuid", "certificate__render_status")
        .first()
    )
    uuid, render_status = row or (None, None)
    return CourseCompletion(
        course_title=course.title,
        course_url=course.url,
        certificate_uuid=uuid,
        certificate_ready=render_status == "ready",
    )


def _question_label(position: int, question: Question) -> str:
    return _("Question %(number)d (“%(text)s”)") % {
        "number": position,
        "text": Truncator(question.text).chars(60),
    }


def quiz_quality_warnings(*, quiz: QuizPage) -> list[str]:
    """The quiz-quality warnings (courses.quizzes.quality) of a quiz as it was just saved,
    for the editor: its own questions, near-duplicates in it and in the other live quizzes,
    and its course's figures with the other live quizzes of the course as published.

    A quiz that takes its questions from another one has no warnings of its own.
    """
    mine = questions_from_stream(quiz.questions)
    if not mine:
        return []
    labels = {qid: _question_label(n, q) for n, (qid, q) in enumerate(mine.items(), start=1)}
    warnings = [
        f"{labels[qid]}: {flaw.message}"
        for qid, question in mine.items()
        for flaw in question_flaws(question)
    ]

    # The other quizzes as published (a pre-test and a final share question ids: the same
    # question is counted once and never reported as its own duplicate).
    others: dict[str, tuple[QuizPage, Question]] = {}
    for other in models.QuizPage.objects.live().exclude(pk=quiz.pk).order_by("path"):
        for qid, question in questions_from_stream(other.questions).items():
            if qid not in mine:
                others.setdefault(qid, (other, question))
    for qid, other_qid, ratio in near_duplicates(list(mine.items())):
        other = labels[other_qid]
        warnings.append(f"{labels[qid]}: {near_duplicate_message(other, ratio)}")
    for qid, other_qid, ratio in near_duplicates(
        list(mine.items()), against=[(key, question) for key, (_page, question) in others.items()]
    ):
        page, question = others[other_qid]
        other = _("“%(text)s” in “%(quiz)s”") % {
            "text": Truncator(question.text).chars(60),
            "quiz": page.title,
        }
        warnings.append(f"{labels[qid]}: {near_duplicate_message(other, ratio)}")

    course = course_for_quiz(quiz)
    if course is not None:
        in_course = set(
            models.QuizPage.objects.live().descendant_of(course).values_list("pk", flat=True)
        )
        course_questions = list(mine.values()) + [
            question for page, question in others.values() if page.pk in in_course
        ]
        warnings += [
            _("This course: %(message)s") % {"message": flaw.message}
            for flaw in course_flaws(course_questions)
        ]
    return warnings
