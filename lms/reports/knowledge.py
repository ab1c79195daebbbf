"""Knowledge gain: the first pre-test score against the best post-test (final) score of
each learner on each course, and their means over a cohort of enrolments.

``knowledge_gain_rows`` is the quizzes part's ``courses.quizzes.selectors.
knowledge_gain_rows`` when it exists, and this module's equivalent query otherwise, so
the reports do not depend on the order in which the parts land. Both return a values()
queryset of enrolments, which the summary narrows to its cohort and aggregates in SQL.
"""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast

from courses.models import Enrolment
from courses.quizzes.models import QuizAttempt
from courses.quizzes.models.pages import QuizKind

PERCENT = DecimalField(max_digits=5, decimal_places=2)


def own_knowledge_gain_rows(*, course=None, users=None) -> QuerySet:
    """Per enrolment: user_id, course_id, pretest_percent (first submitted pre-test),
    final_percent (best submitted final assessment) and gain (None unless both)."""

    def course_level(kind):
        # Pre-tests and final assessments sit directly under their course page.
        return QuizAttempt.objects.filter(
            user_id=OuterRef("user_id"),
            quiz__kind=kind,
            quiz__path__startswith=OuterRef("course__path"),
            quiz__depth=OuterRef("course__depth") + 1,
            submitted_at__isnull=False,
        )

    first_pretest = (
        course_level(QuizKind.PRETEST).order_by("submitted_at", "pk").values("score_percent")[:1]
    )
    best_final = (
        course_level(QuizKind.FINAL)
        .values("user_id")
        .annotate(best=Max("score_percent"))
        .values("best")[:1]
    )
    rows = Enrolment.objects.all()
    if course is not None:
        rows = rows.filter(course=course)
    if users is not None:
        rows = rows.filter(user__in=users)
    return (
        rows.annotate(
            pretest_percent=Cast(Subquery(first_pretest, output_field=PERCENT), PERCENT),
            final_percent=Cast(Subquery(best_final, output_field=PERCENT), PERCENT),
        )
        .annotate(
            gain=ExpressionWrapper(
                F("final_percent") - F("pretest_percent"),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            )
        )
        .order_by("course_id", "user_id")
        .values("user_id", "course_id", "pretest_percent", "final_percent", "gain")
    )


def knowledge_gain_rows(*, course=None, users=None) -> QuerySet:
    try:
        from courses.quizzes.selectors import knowledge_gain_rows as theirs
    except ImportError:
        return own_knowledge_gain_rows(course=course, users=users)
    return theirs(course=course, users=users)


def _mean(total, n: int) -> float | None:
    return round(float(Decimal(total) / n), 1) if n else None


def knowledge_gain_means(*, cohort: QuerySet) -> dict:
    """{course_id: KnowledgeGain, None: KnowledgeGain over all courses} for the
    enrolments of ``cohort`` (one query: sums and counts per course, so the all-courses
    means are exact)."""
    from .selectors import KnowledgeGain

    rows = (
        knowledge_gain_rows()
        .filter(pk__in=cohort.order_by().values("pk"))
        .order_by()
        .values("course_id")
        .annotate(
            pre_n=Count("pretest_percent"),
            pre_sum=Sum("pretest_percent"),
            post_n=Count("final_percent"),
            post_sum=Sum("final_percent"),
            gain_n=Count("gain"),
            gain_sum=Sum("gain"),
        )
    )
    sums: dict = {}
    for row in rows:
        for key in (row["course_id"], None):
            bucket = sums.setdefault(key, dict.fromkeys(("pre", "post", "gain"), (0, 0)))
            for measure in ("pre", "post", "gain"):
                n, total = bucket[measure]
                bucket[measure] = (n + row[f"{measure}_n"], total + (row[f"{measure}_sum"] or 0))
    return {
        key: KnowledgeGain(
            pre_n=b["pre"][0],
            pre_mean=_mean(b["pre"][1], b["pre"][0]),
            post_n=b["post"][0],
            post_mean=_mean(b["post"][1], b["post"][0]),
            gain_n=b["gain"][0],
            gain_mean=_mean(b["gain"][1], b["gain"][0]),
        )
        for key, b in sums.items()
    }
