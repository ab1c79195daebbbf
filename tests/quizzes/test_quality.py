"""The quiz-quality check (courses.quizzes.quality): pure functions on small questions."""

from decimal import Decimal

import pytest

from courses.quizzes.quality import (
    course_figures,
    course_flaws,
    near_duplicates,
    question_flaws,
)
from courses.quizzes.questions import (
    ALL_OR_NOTHING,
    APPLICATION,
    MULTIPLE_RESPONSE,
    PARTIAL,
    RECALL,
    SCENARIO,
    SINGLE_CHOICE,
    TRUE_FALSE,
    Option,
    Question,
)

EXPLAINED = "Busia is the one-stop border post on the road to Kampala."


def question(
    options=(("Busia", True), ("Malaba", False), ("Namanga", False)),
    *,
    type=SINGLE_CHOICE,
    text="Which border post is on the Northern Corridor at Busia?",
    explanation=EXPLAINED,
    scoring=ALL_OR_NOTHING,
    kind=RECALL,
    qid="q",
):
    return Question(
        id=qid,
        type=type,
        text=text,
        explanation=explanation,
        points=Decimal(1),
        options=tuple(Option(id=t, text=t, correct=c) for t, c in options),
        scoring=scoring,
        kind=kind,
    )


def codes(q):
    return [flaw.code for flaw in question_flaws(q)]


def test_a_well_written_item_has_no_flaw():
    assert codes(question()) == []


def test_fewer_than_three_options():
    assert codes(question((("Busia", True), ("Malaba", False)))) == ["few-options"]


def test_true_false_items_are_not_short_of_options():
    tf = question((("True", True), ("False", False)), type=TRUE_FALSE)
    assert codes(tf) == []


@pytest.mark.parametrize("text", ["All of the above", "none of the above", "Both of these"])
def test_catch_all_options(text):
    options = (("Busia and Malaba", False), ("Malaba and Namanga", False), (text, True))
    assert codes(question(options)) == ["catch-all-option"]


def test_a_correct_option_much_longer_than_the_others_gives_itself_away():
    long_right = (
        ("Refer the child to the children's officer and record the referral", True),
        ("Send the child home", False),
        ("Detain the child", False),
    )
    assert codes(question(long_right)) == ["longest-correct"]


def test_a_correct_option_slightly_longer_is_not_an_item_flaw():
    # Still counted in the course's share (course_figures), but not flagged per item.
    slightly = (("Namanga post", True), ("Busia post", False), ("Malaba", False))
    assert codes(question(slightly)) == []
    assert course_figures([question(slightly)]).single_longest_correct == 1


@pytest.mark.parametrize(
    ("correct", "options", "scoring", "flagged"),
    [
        (2, 5, PARTIAL, False),  # ticking all: 0%
        (3, 5, PARTIAL, False),  # 33%
        (3, 6, PARTIAL, False),  # 0%
        (3, 4, PARTIAL, True),  # 67%: the typical shipped item
        (2, 3, PARTIAL, True),  # 50%
        (3, 3, ALL_OR_NOTHING, True),  # every option correct: 100%
        (3, 4, ALL_OR_NOTHING, False),  # all or nothing: ticking all is wrong
    ],
)
def test_guessable_multiple_response(correct, options, scoring, flagged):
    item = question(
        [(f"Option {i}", i < correct) for i in range(options)],
        type=MULTIPLE_RESPONSE,
        scoring=scoring,
    )
    assert ("guessable-multiple" in codes(item)) is flagged


@pytest.mark.parametrize("explanation", ["", "Busia."])
def test_missing_or_empty_explanation(explanation):
    assert codes(question(explanation=explanation)) == ["no-explanation"]


def test_near_duplicates_ask_the_same_with_other_words():
    first = question(text="Which one stop border post lies on Kenya's border with Ethiopia?")
    reworded = question(
        text="Which of Kenya's one-stop border posts is on the border with Ethiopia?"
    )
    other_answer = question(
        (("Namanga", True), ("Malaba", False), ("Busia", False)),
        text="Which one stop border post lies on Kenya's border with Tanzania?",
    )
    unrelated = question(text="Which post handles most of the transit cargo to Uganda?")

    found = near_duplicates([("a", first), ("b", reworded), ("c", other_answer), ("d", unrelated)])

    assert [(key, other) for key, other, _ratio in found] == [("b", "a")]
    assert 0.5 <= found[0][2] < 1


def test_near_duplicates_against_the_rest_of_the_curriculum():
    mine = [("new", question(text="Which OSBP lies on Kenya's border with Ethiopia?"))]
    theirs = [
        ("old", question(text="Which OSBP lies on the border with Ethiopia?")),
        ("same-quiz", question(text="Which OSBP lies on Kenya's border with Ethiopia?")),
    ]
    found = near_duplicates(mine, against=theirs[:1])
    assert [(a, b) for a, b, _ in found] == [("new", "old")]


def course_of(kinds, longest):
    """Single-choice items of the given kinds; the first `longest` have the longest key."""
    items = []
    for index, kind in enumerate(kinds):
        right = "Refer to the county" if index < longest else "Refer"
        items.append(
            question(
                ((right, True), ("Do nothing", False), ("Wait", False)),
                kind=kind,
                qid=f"q{index}",
            )
        )
    return items


def test_course_figures():
    figures = course_figures(course_of([SCENARIO, APPLICATION, RECALL, RECALL, RECALL], 1))
    assert (figures.items, figures.scenario_or_application) == (5, 2)
    assert figures.scenario_share == Decimal("40.00")
    assert figures.longest_correct_share == Decimal("20.00")


@pytest.mark.parametrize(
    ("kinds", "longest", "expected"),
    [
        ([SCENARIO, APPLICATION, RECALL, RECALL, RECALL], 1, []),  # 40% and 20%: fine
        ([SCENARIO, RECALL, RECALL, RECALL], 0, ["few-scenarios"]),  # 25% < 40%
        ([SCENARIO, APPLICATION, RECALL], 1, ["longest-correct-share"]),  # 33% > 30%
        ([RECALL, RECALL, RECALL], 3, ["few-scenarios", "longest-correct-share"]),
        ([], 0, []),
    ],
)
def test_course_flaws(kinds, longest, expected):
    assert [flaw.code for flaw in course_flaws(course_of(kinds, longest))] == expected
