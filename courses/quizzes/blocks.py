"""Question blocks. Every question and every option keeps the stable id Wagtail gives
its block, so attempts, responses and item analysis can refer to them across revisions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .questions import DEFAULT_QUESTION_KIND, QUESTION_KIND_CHOICES


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500, help_text="The answer as learners will read it.")
    correct = blocks.BooleanBlock(
        required=False, help_text="Tick if this option is a right answer."
    )

    class Meta:
        icon = "radio-full"
        label = "Option"


class QuestionBlock(blocks.StructBlock):
    """Fields every question type shares."""

    text = blocks.TextBlock(help_text="The question, in plain words.")
    explanation = blocks.TextBlock(
        help_text="Shown in the review after an attempt: why the right answer is right."
    )
    points = blocks.IntegerBlock(
        default=1, min_value=1, max_value=100, help_text="How much the question is worth."
    )
    kind = blocks.ChoiceBlock(
        choices=QUESTION_KIND_CHOICES,
        default=DEFAULT_QUESTION_KIND,
        label=_("Kind of item"),
        help_text=_(
            "What the question asks of the learner. At least 40% of a course's items should "
            "be scenarios or application (see the authoring guide)."
        ),
    )


class SingleChoiceBlock(QuestionBlock):
    options = blocks.ListBlock(
        OptionBlock(),
        min_num=2,
        max_num=8,
        help_text="2 to 8 options; exactly one must be ticked correct.",
    )

    class Meta:
        icon = "radio-empty"
        label = "Single choice"
        template = "quizzes/blocks/question.html"


class MultipleResponseBlock(QuestionBlock):
    options = blocks.ListBlock(
        OptionBlock(),
        min_num=2,
        max_num=8,
        help_text="2 to 8 options; tick every correct one (at least one).",
    )
    scoring = blocks.ChoiceBlock(
        choices=[
            ("all_or_nothing", "All or nothing: full points only for exactly the right options"),
            (
                "partial",
                "Partial credit: points for each right choice, minus wrong ones, never below 0",
            ),
        ],
        default="all_or_nothing",
        help_text="How a partly right answer is scored.",
    )

    class Meta:
        icon = "tasks"
        label = "Multiple response"
        template = "quizzes/blocks/question.html"


class TrueFalseBlock(QuestionBlock):
    answer = blocks.ChoiceBlock(
        choices=[("true", "True"), ("false", "False")], help_text="Whether the statement is true."
    )

    class Meta:
        icon = "tick"
        label = "True or false"
        template = "quizzes/blocks/question.html"


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_response = MultipleResponseBlock()
    true_false = TrueFalseBlock()
