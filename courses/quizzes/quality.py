"""The quiz-quality check: item-writing flaws, as pure functions over plain questions.

Used by ``load_content --check`` (warnings pinned to file and line) and by the Wagtail
editor (warnings after a save, never blocking). The thresholds and the reasons for them
are in docs/authoring.md ("Quiz-quality check"); change both together.

Everything here works on ``courses.quizzes.questions.Question`` values: no database, no
request, no files.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .questions import APPLICATION, MULTIPLE_RESPONSE, SCENARIO, SINGLE_CHOICE, Question
from .scoring import percent_of, tick_all_percent

# Item level -------------------------------------------------------------------------
MIN_OPTIONS = 3
# Ticking every option of a multiple-response item may earn at most this share.
MAX_TICK_ALL_PERCENT = Decimal(40)
# The correct option stands out when it is the longest by this factor and this many
# characters (a test-wise learner picks it without reading the question).
LONGEST_FACTOR = 1.5
LONGEST_MARGIN = 10
MIN_EXPLANATION_WORDS = 6
# "all of the above", "none of the above", "all of these" ... as an option.
CATCH_ALL_OPTION = re.compile(r"\b(all|none|both) of (the )?(above|these|those)\b", re.IGNORECASE)
# Two items with nearly the same correct answer to questions worded this alike (difflib
# ratios over words, 0-1) are one item asked twice.
NEAR_DUPLICATE_ANSWER_RATIO = 0.8
NEAR_DUPLICATE_QUESTION_RATIO = 0.5

# Course level -----------------------------------------------------------------------
MIN_SCENARIO_SHARE = Decimal(40)  # % of items of kind scenario or application
MAX_LONGEST_CORRECT_SHARE = Decimal(30)  # % of single-choice items

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Flaw:
    """One finding. ``code`` is stable (tests and filters use it); ``message`` is for people."""

    code: str
    message: str


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def correct_is_uniquely_longest(question: Question) -> bool:
    """A single-choice item whose correct option is longer than every other option."""
    if question.type != SINGLE_CHOICE or len(question.options) < 2:
        return False
    right = [_length(o.text) for o in question.options if o.correct]
    wrong = [_length(o.text) for o in question.options if not o.correct]
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


def _correct_stands_out(question: Question) -> bool:
    if not correct_is_uniquely_longest(question):
        return False
    right = next(_length(o.text) for o in question.options if o.correct)
    longest_wrong = max(_length(o.text) for o in question.options if not o.correct)
    return right >= longest_wrong * LONGEST_FACTOR and right - longest_wrong >= LONGEST_MARGIN


def question_flaws(question: Question) -> list[Flaw]:
    """The item-writing flaws of one question (empty when none)."""
    flaws = []
    if question.type in (SINGLE_CHOICE, MULTIPLE_RESPONSE):
        if len(question.options) < MIN_OPTIONS:
            flaws.append(
                Flaw(
                    "few-options",
                    _(
                        "only %(count)d options: give at least %(minimum)d plausible ones, "
                        "or make it a true/false item"
                    )
                    % {"count": len(question.options), "minimum": MIN_OPTIONS},
                )
            )
        for option in question.options:
            if CATCH_ALL_OPTION.search(option.text):
                flaws.append(
                    Flaw(
                        "catch-all-option",
                        _(
                            "option '%(text)s': 'all/none of the above' rewards partial "
                            "knowledge; write a real option instead"
                        )
                        % {"text": option.text},
                    )
                )
    if _correct_stands_out(question):
        flaws.append(
            Flaw(
                "longest-correct",
                _(
                    "the correct option is much longer than every other option, which gives "
                    "it away: shorten it or lengthen the distractors"
                ),
            )
        )
    if question.type == MULTIPLE_RESPONSE:
        percent = tick_all_percent(question)
        if percent > MAX_TICK_ALL_PERCENT:
            flaws.append(
                Flaw(
                    "guessable-multiple",
                    _(
                        "ticking every option scores %(percent)s%% (at most %(limit)s%%): "
                        "use 2-3 correct options out of 5-6 with partial scoring, or all or "
                        "nothing"
                    )
                    % {"percent": f"{percent:.0f}", "limit": MAX_TICK_ALL_PERCENT},
                )
            )
    if len(_WORD.findall(question.explanation or "")) < MIN_EXPLANATION_WORDS:
        flaws.append(
            Flaw(
                "no-explanation",
                _(
                    "the explanation is missing or too short (under %(words)d words): say why "
                    "the right answer is right"
                )
                % {"words": MIN_EXPLANATION_WORDS},
            )
        )
    return flaws


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _alike(first: list[str], second: list[str], threshold: float) -> float | None:
    """The difflib ratio of two word lists when it reaches ``threshold``, else None."""
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def near_duplicates(
    items: Sequence[tuple[Hashable, Question]], *, against: Sequence[tuple[Hashable, Question]] = ()
) -> list[tuple[Hashable, Hashable, float]]:
    """Pairs of items that ask the same thing: the same correct answer (or nearly) to a
    question worded alike. Compared word by word, which is closer to what a reader sees
    as a re-wording than letter by letter, and quicker.

    Without ``against``, every pair within ``items``; with it, each of ``items`` against
    each of ``against`` (the editor compares the quiz being saved with the rest of the
    curriculum). Returns (key, other key, how alike the questions are, 0-1), the earlier
    item second.
    """

    def words(question: Question) -> tuple[list[str], list[str]]:
        answer = " ".join(sorted(o.text for o in question.options if o.correct))
        return _words(question.text), _words(answer)

    mine = [(key, *words(question)) for key, question in items]
    theirs = [(key, *words(question)) for key, question in against] if against else None
    found = []
    for index, (key, text, answer) in enumerate(mine):
        for other_key, other_text, other_answer in theirs if theirs is not None else mine[:index]:
            if _alike(answer, other_answer, NEAR_DUPLICATE_ANSWER_RATIO) is None:
                continue
            ratio = _alike(text, other_text, NEAR_DUPLICATE_QUESTION_RATIO)
            if ratio is not None:
                found.append((key, other_key, round(ratio, 2)))
    return found


def near_duplicate_message(other: str, ratio: float) -> str:
    return _(
        "asks nearly the same as %(other)s (same answer, question %(percent)d%% alike): one "
        "item asked twice measures nothing new; rewrite one to test something else"
    ) % {"other": other, "percent": round(ratio * 100)}


@dataclass(frozen=True)
class CourseFigures:
    """The assessment figures of a course: each item counted once."""

    items: int
    scenario_or_application: int
    single_choice: int
    single_longest_correct: int
    multiple_response: int
    multiple_guessable: int

    @property
    def scenario_share(self) -> Decimal:
        return percent_of(Decimal(self.scenario_or_application), Decimal(self.items))

    @property
    def longest_correct_share(self) -> Decimal:
        return percent_of(Decimal(self.single_longest_correct), Decimal(self.single_choice))


def course_figures(questions: Iterable[Question]) -> CourseFigures:
    questions = list(questions)
    singles = [q for q in questions if q.type == SINGLE_CHOICE]
    multiples = [q for q in questions if q.type == MULTIPLE_RESPONSE]
    return CourseFigures(
        items=len(questions),
        scenario_or_application=sum(1 for q in questions if q.kind in (SCENARIO, APPLICATION)),
        single_choice=len(singles),
        single_longest_correct=sum(1 for q in singles if correct_is_uniquely_longest(q)),
        multiple_response=len(multiples),
        multiple_guessable=sum(1 for q in multiples if tick_all_percent(q) > MAX_TICK_ALL_PERCENT),
    )


def course_flaws(questions: Iterable[Question]) -> list[Flaw]:
    """Flaws of a course's items taken together (each item once, pools included)."""
    figures = course_figures(questions)
    flaws = []
    if figures.items and figures.scenario_share < MIN_SCENARIO_SHARE:
        flaws.append(
            Flaw(
                "few-scenarios",
                ngettext(
                    "%(share)s%% of the course's %(items)d item is a scenario or application "
                    "(at least %(limit)s%%): mark items with 'kind' and write more that put "
                    "the learner in a situation at work",
                    "%(share)s%% of the course's %(items)d items are scenarios or application "
                    "(at least %(limit)s%%): mark items with 'kind' and write more that put "
                    "the learner in a situation at work",
                    figures.items,
                )
                % {
                    "share": f"{figures.scenario_share:.0f}",
                    "items": figures.items,
                    "limit": MIN_SCENARIO_SHARE,
                },
            )
        )
    if figures.single_choice and figures.longest_correct_share > MAX_LONGEST_CORRECT_SHARE:
        flaws.append(
            Flaw(
                "longest-correct-share",
                _(
                    "in %(count)d of %(singles)d single-choice items (%(share)s%%) the correct "
                    "option is the longest (at most %(limit)s%%): learners learn to pick the "
                    "longest option"
                )
                % {
                    "count": figures.single_longest_correct,
                    "singles": figures.single_choice,
                    "share": f"{figures.longest_correct_share:.0f}",
                    "limit": MAX_LONGEST_CORRECT_SHARE,
                },
            )
        )
    return flaws
