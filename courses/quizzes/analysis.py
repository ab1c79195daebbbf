"""Quiz results and item analysis for trainers: aggregates only, no personal data.

- Results per quiz: submitted attempts, learners, pass rate, mean score.
- Per question: facility (percentage of responses that were right), the most-chosen wrong
  option, and the discrimination index: the share right among the top 27% of submitted
  attempts (by attempt percentage) minus the share right among the bottom 27%. Group size
  is 27% of the attempts rounded half up, at least 1, and needs 2 attempts or more; ties
  on the boundary are broken by attempt id (oldest first). With questions drawn at random,
  each group's share counts only the attempts that were asked the question; where a group
  has none, the index is left empty.

Every attempt counts (not just learners' first attempts), so facility reflects what
learners actually answered.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet

from courses.models import CoursePage

from .models import QuizAttempt, QuizPage, QuizResponse
from .questions import questions_from_stream

GROUP_SHARE = Decimal("0.27")
ONE_DECIMAL = Decimal("0.1")


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuizResultRow:
    quiz_id: int
    title: str
    course: str
    kind: str
    attempts: int
    learners: int
    passed: int
    pass_rate: Decimal | None
    mean_percent: Decimal | None


def quiz_results_rows(*, quizzes: QuerySet[QuizPage]) -> list[QuizResultRow]:
    """One row per quiz, with its aggregates in one query (plus one for course titles)."""
    submitted = Q(attempts__submitted_at__isnull=False)
    rows = list(
        quizzes.annotate(
            n_attempts=Count("attempts", filter=submitted),
            n_learners=Count("attempts__user", filter=submitted, distinct=True),
            n_passed=Count("attempts", filter=submitted & Q(attempts__passed=True)),
            mean=Avg("attempts__score_percent", filter=submitted),
        )
        .order_by("path")
        .values("pk", "title", "path", "kind", "n_attempts", "n_learners", "n_passed", "mean")
    )
    courses = _course_titles([row["path"] for row in rows])
    kinds = dict(QuizPage._meta.get_field("kind").choices)
    return [
        QuizResultRow(
            quiz_id=row["pk"],
            title=row["title"],
            course=courses.get(row["path"], ""),
            kind=str(kinds.get(row["kind"], row["kind"])),
            attempts=row["n_attempts"],
            learners=row["n_learners"],
            passed=row["n_passed"],
            pass_rate=_pct(row["n_passed"], row["n_attempts"]),
            mean_percent=(
                Decimal(row["mean"]).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
                if row["mean"] is not None
                else None
            ),
        )
        for row in rows
    ]


def _course_titles(paths: list[str]) -> dict[str, str]:
    """Quiz path -> title of the course above it."""
    if not paths:
        return {}
    prefixes = {path[:length] for path in paths for length in range(4, len(path), 4)}
    courses = dict(CoursePage.objects.filter(path__in=prefixes).values_list("path", "title"))
    found = {}
    for path in paths:
        for length in range(len(path) - 4, 0, -4):
            if path[:length] in courses:
                found[path] = courses[path[:length]]
                break
    return found


@dataclass(frozen=True)
class ItemRow:
    position: int
    block_id: str
    question: str
    question_type: str
    responses: int
    right: int
    facility: Decimal | None
    wrong_option: str
    wrong_option_count: int
    discrimination: Decimal | None


@dataclass(frozen=True)
class ItemAnalysis:
    attempts: int
    group_size: int
    items: list[ItemRow]


def group_size(n_attempts: int) -> int:
    if n_attempts < 2:
        return 0
    return max(1, math.floor(Decimal(n_attempts) * GROUP_SHARE + Decimal("0.5")))


def quiz_item_analysis(*, quiz: QuizPage) -> ItemAnalysis:
    """Per question of ``quiz``: facility, most-chosen wrong option, discrimination.
    Two queries, whatever the number of attempts and questions."""
    ranked = list(
        QuizAttempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
        .order_by("score_percent", "pk")
        .values_list("pk", flat=True)
    )
    k = group_size(len(ranked))
    lower = set(ranked[:k]) if k else set()
    upper = set(ranked[-k:]) if k else set()

    responses = (
        QuizResponse.objects.filter(attempt__quiz=quiz, attempt__submitted_at__isnull=False)
        .order_by("attempt_id", "position")
        .values_list(
            "attempt_id",
            "block_id",
            "question_text",
            "question_type",
            "options_snapshot",
            "chosen_option_ids",
            "is_correct",
        )
    )
    stats: dict[str, dict] = defaultdict(
        lambda: {
            "n": 0,
            "right": 0,
            "wrong": Counter(),
            "texts": {},
            "upper": [0, 0],
            "lower": [0, 0],
        }
    )
    for attempt_id, block_id, text, qtype, snapshot, chosen, is_correct in responses:
        item = stats[block_id]
        item["n"] += 1
        item["right"] += bool(is_correct)
        item["question"], item["type"] = text, qtype
        correct_ids = {option["id"] for option in snapshot if option.get("correct")}
        for option in snapshot:
            item["texts"].setdefault(option["id"], option["text"])
        for option_id in chosen:
            if option_id not in correct_ids:
                item["wrong"][option_id] += 1
        for name, group in (("upper", upper), ("lower", lower)):
            if attempt_id in group:
                item[name][0] += bool(is_correct)
                item[name][1] += 1

    live_order = list(questions_from_stream(quiz.pool_page.questions))
    order = {block_id: index for index, block_id in enumerate(live_order)}
    items = []
    for position, block_id in enumerate(
        sorted(stats, key=lambda b: (order.get(b, len(order)), b)), start=1
    ):
        item = stats[block_id]
        wrong_id, wrong_count = "", 0
        if item["wrong"]:
            # Most chosen; ties go to the option listed first.
            option_rank = {option_id: i for i, option_id in enumerate(item["texts"])}
            wrong_id, wrong_count = min(
                item["wrong"].items(), key=lambda pair: (-pair[1], option_rank.get(pair[0], 99))
            )
        items.append(
            ItemRow(
                position=position,
                block_id=block_id,
                question=item["question"],
                question_type=item["type"],
                responses=item["n"],
                right=item["right"],
                facility=_pct(item["right"], item["n"]),
                wrong_option=item["texts"].get(wrong_id, ""),
                wrong_option_count=wrong_count,
                discrimination=_discrimination(item["upper"], item["lower"]),
            )
        )
    return ItemAnalysis(attempts=len(ranked), group_size=k, items=items)


def _discrimination(upper: list[int], lower: list[int]) -> Decimal | None:
    (upper_right, upper_n), (lower_right, lower_n) = upper, lower
    if not upper_n or not lower_n:
        return None
    value = Decimal(upper_right) / upper_n - Decimal(lower_right) / lower_n
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
