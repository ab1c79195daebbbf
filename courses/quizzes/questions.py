"""Questions as plain values, read from a quiz's StreamField.

Everything downstream (drawing, rendering an attempt, scoring, snapshots in response
rows) works on these dataclasses, never on StreamField values, so the scoring module
needs no database and no Wagtail.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SINGLE_CHOICE = "single_choice"
MULTIPLE_RESPONSE = "multiple_response"
TRUE_FALSE = "true_false"

ALL_OR_NOTHING = "all_or_nothing"
PARTIAL = "partial"

# What an item asks of the learner. Scenario and application items measure competence (a
# situation at work, the learner decides what to do); recall items test remembered facts.
# The quality check (courses/quizzes/quality.py) counts the share of each per course.
SCENARIO = "scenario"
APPLICATION = "application"
RECALL = "recall"
QUESTION_KINDS = (SCENARIO, APPLICATION, RECALL)
QUESTION_KIND_CHOICES = [
    (SCENARIO, _("Scenario: a situation at work; the learner decides what to do")),
    (APPLICATION, _("Application: the learner applies a rule or procedure to a case")),
    (RECALL, _("Recall: the learner remembers a fact, term or figure")),
]
DEFAULT_QUESTION_KIND = RECALL

# True/false questions have no option blocks; their two options get these fixed ids.
TRUE_FALSE_OPTIONS = (("true", "True"), ("false", "False"))


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    explanation: str
    points: Decimal
    options: tuple[Option, ...]
    scoring: str = ALL_OR_NOTHING
    kind: str = DEFAULT_QUESTION_KIND

    @property
    def allows_many(self) -> bool:
        return self.type == MULTIPLE_RESPONSE

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    @property
    def option_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options)

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def snapshot(self) -> list[dict]:
        """The options as stored in a response row: what the learner was asked."""
        return [
            {"id": option.id, "text": option.text, "correct": option.correct}
            for option in self.options
        ]


def question_from_block(child) -> Question:
    """One question from a StreamField child (a StreamValue.StreamChild)."""
    value = child.value
    if child.block_type == TRUE_FALSE:
        options = tuple(
            Option(id=option_id, text=label, correct=value["answer"] == option_id)
            for option_id, label in TRUE_FALSE_OPTIONS
        )
    else:
        options = tuple(
            Option(id=str(bound.id), text=bound.value["text"], correct=bool(bound.value["correct"]))
            for bound in value["options"].bound_blocks
        )
    return Question(
        id=str(child.id),
        type=child.block_type,
        text=value["text"],
        explanation=value["explanation"] or "",
        points=Decimal(value["points"] or 1),
        options=options,
        scoring=value.get("scoring") or ALL_OR_NOTHING,
        kind=value.get("kind") or DEFAULT_QUESTION_KIND,
    )


def questions_from_stream(stream) -> dict[str, Question]:
    """The pool of a quiz, by block id, in authored order."""
    return {str(child.id): question_from_block(child) for child in stream}
