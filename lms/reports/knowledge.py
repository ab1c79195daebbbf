"""Knowledge gain: the first pre-test score against the best post-test (final) score of
each learner on each course.

``knowledge_gain_rows`` uses the quizzes part's ``courses.quizzes.selectors.
knowledge_gain_rows`` when it exists and this module's own query otherwise, so the
reports do not depend on the order in which the parts land.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from courses.models import CoursePage
from courses.quizzes.models import QuizAttempt, QuizPage
from courses.quizzes.models.pages import QuizKind


def _course_of_quiz(quiz_paths: dict[int, str], course_paths: dict[str, int]) -> dict[int, int]:
    # Wagtail paths grow four characters a level: a quiz belongs to the course whose
    # path is a prefix of its own.
    owners = {}
    for quiz_id, path in quiz_paths.items():
        for length in range(4, len(path), 4):
            course_id = course_paths.get(path[:length])
            if course_id is not None:
                owners[quiz_id] = course_id
                break
    return owners


def own_knowledge_gain_rows(*, course=None, users: QuerySet | None = None) -> list[dict]:
    """Per learner and course with at least one submitted pre-test or final attempt:
    {"user_id", "course_id", "pretest_percent", "final_percent", "gain"} (gain is None
    unless both are known). Three queries."""
    courses = CoursePage.objects.all()
    if course is not None:
        courses = courses.filter(pk=getattr(course, "pk", course))
    course_paths = dict(courses.values_list("path", "pk"))
    quizzes = QuizPage.objects.filter(kind__in=[QuizKind.PRETEST, QuizKind.FINAL])
    quiz_rows = list(quizzes.values_list("pk", "path", "kind"))
    owners = _course_of_quiz({pk: path for pk, path, _ in quiz_rows}, course_paths)
    kinds = {pk: kind for pk, _, kind in quiz_rows}
    attempts = QuizAttempt.objects.filter(
        quiz_id__in=list(owners), submitted_at__isnull=False, score_percent__isnull=False
    )
    if users is not None:
        attempts = attempts.filter(user__in=users)
    results: dict[tuple[int, int], dict] = {}
    for user_id, quiz_id, score in (
        attempts.order_by("user_id", "submitted_at", "number")
        .values_list("user_id", "quiz_id", "score_percent")
        .iterator(chunk_size=2000)
    ):
        key = (user_id, owners[quiz_id])
        row = results.setdefault(
            key,
            {
                "user_id": user_id,
                "course_id": key[1],
                "pretest_percent": None,
                "final_percent": None,
            },
        )
        if kinds[quiz_id] == QuizKind.PRETEST:
            if row["pretest_percent"] is None:  # the first one submitted
                row["pretest_percent"] = score
        elif row["final_percent"] is None or score > row["final_percent"]:
            row["final_percent"] = score
    for row in results.values():
        pre, post = row["pretest_percent"], row["final_percent"]
        row["gain"] = post - pre if pre is not None and post is not None else None
    return list(results.values())


def knowledge_gain_rows(*, course=None, users: QuerySet | None = None) -> list[dict]:
    try:
        from courses.quizzes.selectors import knowledge_gain_rows as theirs
    except ImportError:
        return own_knowledge_gain_rows(course=course, users=users)
    return [_as_dict(row) for row in theirs(course=course, users=users)]


def _as_dict(row) -> dict:
    if isinstance(row, dict):
        return row
    return {
        name: getattr(row, name)
        for name in ("user_id", "course_id", "pretest_percent", "final_percent", "gain")
    }


def _mean(values: list[Decimal]) -> float | None:
    return round(float(sum(values)) / len(values), 1) if values else None


def knowledge_gain_means(rows: Iterable[dict]) -> dict:
    """{course_id: KnowledgeGain, None: KnowledgeGain over all courses}."""
    from .selectors import KnowledgeGain

    buckets: dict = {}
    for row in rows:
        for key in (row["course_id"], None):
            pre, post, gain = buckets.setdefault(key, ([], [], []))
            if row["pretest_percent"] is not None:
                pre.append(row["pretest_percent"])
            if row["final_percent"] is not None:
                post.append(row["final_percent"])
            if row["gain"] is not None:
                gain.append(row["gain"])
    return {
        key: KnowledgeGain(
            pre_n=len(pre),
            pre_mean=_mean(pre),
            post_n=len(post),
            post_mean=_mean(post),
            gain_n=len(gain),
            gain_mean=_mean(gain),
        )
        for key, (pre, post, gain) in buckets.items()
    }
