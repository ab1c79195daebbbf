"""Knowledge gain: the first pre-test score against the best post-test (final) score of
each learner on each course, and their means over a cohort of enrolments.

The per-learner definition is the quizzes part's ``courses.quizzes.selectors.
knowledge_gain_rows``; the summary computes the same means over a cohort in one pass
(``knowledge_gain_means``), and a test (tests/reports/test_selectors.py) checks the two
agree against means taken straight from those rows.
"""

from decimal import Decimal

from django.db.models import QuerySet

from courses.models import CoursePage
from courses.quizzes.choices import QuizKind
from courses.quizzes.models import QuizAttempt, QuizPage


def _mean(total, n: int) -> float | None:
    return round(float(Decimal(total) / n), 1) if n else None


def _means(sums: dict) -> dict:
    from .selectors import KnowledgeGain

    return {
        key: KnowledgeGain(
            pre_n=b[0],
            pre_mean=_mean(b[1], b[0]),
            post_n=b[2],
            post_mean=_mean(b[3], b[2]),
            gain_n=b[4],
            gain_mean=_mean(b[5], b[4]),
        )
        for key, b in sums.items()
    }


def _add(sums: dict, course_id: int, pre, post) -> None:
    for key in (course_id, None):
        bucket = sums.get(key)
        if bucket is None:
            bucket = sums[key] = [0, Decimal(0), 0, Decimal(0), 0, Decimal(0)]
        if pre is not None:
            bucket[0] += 1
            bucket[1] += pre
        if post is not None:
            bucket[2] += 1
            bucket[3] += post
            if pre is not None:
                bucket[4] += 1
                bucket[5] += post - pre


def knowledge_gain_means(*, cohort: QuerySet) -> dict:
    """{course_id: KnowledgeGain, None: KnowledgeGain over all courses} for the
    enrolments of ``cohort``: the same numbers as averaging ``knowledge_gain_rows`` over
    the cohort (a test checks they agree), computed from one pass over the attempts
    instead of two correlated subqueries per enrolment. Four queries.
    """
    course_paths = dict(CoursePage.objects.values_list("path", "pk"))
    quiz_course, quiz_kind = {}, {}
    for pk, path, kind in QuizPage.objects.filter(
        kind__in=[QuizKind.PRETEST, QuizKind.FINAL]
    ).values_list("pk", "path", "kind"):
        # Course-level quizzes: the parent's path is the quiz's minus one level.
        course_id = course_paths.get(path[: -QuizPage.steplen])
        if course_id is not None:
            quiz_course[pk], quiz_kind[pk] = course_id, kind
    pairs = set(cohort.order_by().values_list("user_id", "course_id").iterator(chunk_size=5000))
    attempts = (
        QuizAttempt.objects.filter(
            quiz_id__in=list(quiz_course),
            submitted_at__isnull=False,
            user_id__in=cohort.order_by().values("user_id"),
        )
        .order_by("user_id", "submitted_at", "pk")
        .values_list("user_id", "quiz_id", "score_percent")
    )
    scores: dict[tuple[int, int], list] = {}
    for user_id, quiz_id, score in attempts.iterator(chunk_size=5000):
        key = (user_id, quiz_course[quiz_id])
        if key not in pairs or score is None:
            continue
        entry = scores.get(key)
        if entry is None:
            entry = scores[key] = [None, None]
        if quiz_kind[quiz_id] == QuizKind.PRETEST:
            if entry[0] is None:  # the first one submitted
                entry[0] = score
        elif entry[1] is None or score > entry[1]:
            entry[1] = score
    sums: dict = {}
    for (_, course_id), (pre, post) in scores.items():
        _add(sums, course_id, pre, post)
    return _means(sums)
