"""Scoring, as pure functions: no database, no clock, no randomness.

The rules (also in docs/quizzes.md):

- single choice and true/false: full points when the one chosen option is the correct one;
- multiple response, all or nothing: full points only when exactly the correct options are
  chosen;
- multiple response, partial credit: with n correct options, each correct option chosen
  earns points/n and each wrong option chosen costs points/n; the total never goes below 0
  (and cannot exceed the question's points). So ticking every option of an item with c
  correct out of k options earns max(0, 2 - k/c) of the points: 0% for 2 correct of 5 or
  6 and for 3 of 6, 33% for 3 of 5, and at most 40% whenever k >= 1.6 c. Items where
  guessing pays more are flagged by the quality check (tick_all_percent, below);
- an unanswered question scores 0.

A question counts as "correct" (for review and item analysis) only when exactly the
correct options were chosen, whatever the scoring. Points are rounded to 2 decimal places
per question, half up; the attempt's percentage is rounded the same way.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .questions import PARTIAL, Question

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuestionScore:
    points_awarded: Decimal
    points_possible: Decimal
    is_correct: bool


@dataclass(frozen=True)
class AttemptScore:
    points: Decimal
    max_points: Decimal
    percent: Decimal
    passed: bool
    questions: dict[str, QuestionScore]


def score_question(question: Question, chosen: Iterable[str]) -> QuestionScore:
    """Score one answer. ``chosen`` holds option ids of ``question`` (validated earlier)."""
    chosen_ids = frozenset(chosen)
    correct_ids = question.correct_ids
    is_correct = bool(chosen_ids) and chosen_ids == correct_ids
    if question.allows_many and question.scoring == PARTIAL and correct_ids:
        share = question.points / len(correct_ids)
        right = len(chosen_ids & correct_ids)
        wrong = len(chosen_ids - correct_ids)
        awarded = max(ZERO, share * right - share * wrong)
        awarded = min(awarded, question.points)
    else:
        awarded = question.points if is_correct else ZERO
    return QuestionScore(
        points_awarded=_round(awarded),
        points_possible=_round(question.points),
        is_correct=is_correct,
    )


def percent_of(points: Decimal, max_points: Decimal) -> Decimal:
    if max_points <= 0:
        return ZERO
    return _round(points * HUNDRED / max_points)


def tick_all_percent(question: Question) -> Decimal:
    """What ticking every option earns, as a percentage of the question's points: the
    reward for guessing on a multiple-response item (the quality check keeps it <= 40%)."""
    score = score_question(question, question.option_ids)
    return percent_of(score.points_awarded, score.points_possible)


def score_attempt(
    questions: Iterable[Question], answers: Mapping[str, Iterable[str]], *, pass_mark: int
) -> AttemptScore:
    """Score the drawn ``questions`` against ``answers`` (question id -> chosen option ids).

    Questions missing from ``answers`` score 0. Passing means a percentage at or above
    ``pass_mark``.
    """
    scores = {
        question.id: score_question(question, answers.get(question.id, ()))
        for question in questions
    }
    points = sum((score.points_awarded for score in scores.values()), ZERO)
    max_points = sum((score.points_possible for score in scores.values()), ZERO)
    percent = percent_of(points, max_points)
    return AttemptScore(
        points=points,
        max_points=max_points,
        percent=percent,
        passed=percent >= pass_mark,
        questions=scores,
    )
