"""A learner's quiz attempts and answers for the "download my data" file.

Attempts and responses hold no personal data beyond the link to the account (which the
people part anonymises), so the anonymiser removes nothing: the rows stay for item
analysis and knowledge-gain reports.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch

from .models import QuizAttempt, QuizResponse


def quiz_attempts_export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related(Prefetch("responses", queryset=QuizResponse.objects.order_by("position")))
        .order_by("started_at", "pk")
    )
    return [
        {
            "quiz": attempt.quiz.title,
            "attempt": attempt.number,
            "started_at": attempt.started_at,
            "deadline": attempt.deadline,
            "submitted_at": attempt.submitted_at,
            "score_points": attempt.score_points,
            "max_points": attempt.max_points,
            "score_percent": attempt.score_percent,
            "passed": attempt.passed,
            "answers": [
                {
                    "question": response.question_text,
                    "your_answer": response.chosen_text,
                    "right": response.is_correct,
                    "points": response.points_awarded,
                    "out_of": response.points_possible,
                }
                for response in attempt.responses.all()
            ],
        }
        for attempt in attempts
    ]


def quiz_attempts_anonymise(user: AbstractBaseUser) -> None:
    """Nothing to remove: see the module docstring."""
