"""The admin form of a quiz: checks a quiz is usable before it is published.

Saving a draft only checks what always holds (a pre-test is never required; a quiz does
not borrow questions from itself or from a quiz that borrows in turn). Publishing, or
submitting for review, also checks the questions: at least one; exactly one correct option
for single choice; at least one for multiple response; and "questions per attempt" not
above the size of the pool.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from courses import selectors as course_selectors

from .questions import MULTIPLE_RESPONSE, SINGLE_CHOICE, question_from_block

NO_QUESTIONS = "Add at least one question, or choose a quiz to take the questions from."
BOTH_SOURCES = (
    "Either write questions here or take them from another quiz, not both: "
    "remove the questions or clear 'use the questions of'."
)
SINGLE_NEEDS_ONE = "Tick exactly one option as correct (this question has {n})."
MULTIPLE_NEEDS_ONE = "Tick at least one option as correct."
DRAW_TOO_MANY = (
    "You asked for {draw} questions per attempt but the pool has only {pool}. "
    "Lower the number or add questions (0 means all)."
)
OTHER_COURSE = "Choose a quiz of this same course: '{title}' belongs to another one."
CHAINED_POOL = "'{title}' takes its questions from another quiz itself; choose that quiz instead."


def question_problems(stream) -> dict[int, str]:
    """Per question index, what is wrong with its correct options (empty when fine)."""
    problems = {}
    # By position, not id: blocks added in this edit may not have their id yet.
    for index, child in enumerate(stream):
        question = question_from_block(child)
        n_correct = len(question.correct_ids)
        if question.type == SINGLE_CHOICE and n_correct != 1:
            problems[index] = SINGLE_NEEDS_ONE.format(n=n_correct)
        elif question.type == MULTIPLE_RESPONSE and n_correct < 1:
            problems[index] = MULTIPLE_NEEDS_ONE
    return problems


class QuizPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        stream = cleaned.get("questions")
        source = cleaned.get("questions_from")
        own_count = len(stream) if stream is not None else 0

        if source is not None:
            if own_count:
                self.add_error("questions_from", BOTH_SOURCES)
            if source.questions_from_id:
                self.add_error("questions_from", CHAINED_POOL.format(title=source.title))
            if not self._same_course(source):
                self.add_error("questions_from", OTHER_COURSE.format(title=source.title))

        # Saving a draft defers these: a trainer may save a half-written quiz.
        if getattr(self, "is_deferred_validation", False):
            return cleaned

        pool_stream = source.questions if source is not None else stream
        pool_size = len(pool_stream) if pool_stream is not None else 0
        if pool_size == 0:
            self.add_error("questions" if source is None else "questions_from", NO_QUESTIONS)
        if source is None and stream is not None:
            problems = question_problems(stream)
            if problems:
                self.add_error(
                    "questions",
                    StreamBlockValidationError(
                        block_errors={
                            index: StructBlockValidationError(
                                block_errors={"options": ValidationError(message)}
                            )
                            for index, message in problems.items()
                        },
                        non_block_errors=[
                            f"Question {index + 1}: {message}"
                            for index, message in sorted(problems.items())
                        ],
                    ),
                )
        elif source is not None and question_problems(source.questions):
            self.add_error(
                "questions_from",
                f"'{source.title}' has questions without a valid correct option; fix them first.",
            )
        draw = cleaned.get("draw_count") or 0
        if pool_size and draw > pool_size:
            self.add_error("draw_count", DRAW_TOO_MANY.format(draw=draw, pool=pool_size))
        return cleaned

    def _same_course(self, source) -> bool:
        parent = getattr(self, "parent_page", None)
        if parent is None:
            return True
        here = course_selectors.course_for_page(parent)
        there = course_selectors.course_for_page(source)
        return here is not None and there is not None and here.pk == there.pk
