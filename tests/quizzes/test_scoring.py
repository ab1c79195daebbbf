from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.quizzes.questions import (
    ALL_OR_NOTHING,
    MULTIPLE_RESPONSE,
    PARTIAL,
    SINGLE_CHOICE,
    TRUE_FALSE,
    Option,
    Question,
)
from courses.quizzes.scoring import score_attempt, score_question, tick_all_percent


def make_question(
    kind=MULTIPLE_RESPONSE, *, correct=(True, True, False), points=2, scoring=PARTIAL
):
    return Question(
        id="q",
        type=kind,
        text="?",
        explanation="",
        points=Decimal(points),
        options=tuple(Option(id=f"o{i}", text=f"o{i}", correct=c) for i, c in enumerate(correct)),
        scoring=scoring,
    )


@pytest.mark.parametrize(
    ("chosen", "points", "is_correct"),
    [
        ({"o0", "o1"}, "2.00", True),  # both right
        ({"o0"}, "1.00", False),  # one of two right: half
        ({"o0", "o2"}, "0.00", False),  # one right, one wrong: +1 -1
        ({"o2"}, "0.00", False),  # only wrong: floored at 0
        ({"o0", "o1", "o2"}, "1.00", False),  # everything ticked: +2 -1
        (set(), "0.00", False),  # unanswered
    ],
)
def test_partial_credit(chosen, points, is_correct):
    score = score_question(make_question(), chosen)
    assert score.points_awarded == Decimal(points)
    assert score.points_possible == Decimal("2.00")
    assert score.is_correct is is_correct


def test_partial_credit_rounds_thirds_half_up():
    question = make_question(correct=(True, True, True, False), points=1)
    assert score_question(question, {"o0"}).points_awarded == Decimal("0.33")
    assert score_question(question, {"o0", "o1"}).points_awarded == Decimal("0.67")


@pytest.mark.parametrize(
    ("chosen", "points"), [({"o0", "o1"}, "2.00"), ({"o0"}, "0.00"), ({"o0", "o1", "o2"}, "0.00")]
)
def test_all_or_nothing(chosen, points):
    question = make_question(scoring=ALL_OR_NOTHING)
    assert score_question(question, chosen).points_awarded == Decimal(points)


@pytest.mark.parametrize("kind", [SINGLE_CHOICE, TRUE_FALSE])
def test_single_answer_questions(kind):
    question = make_question(kind, correct=(False, True), points=3, scoring=ALL_OR_NOTHING)
    assert score_question(question, {"o1"}).points_awarded == Decimal("3.00")
    assert score_question(question, {"o0"}).points_awarded == Decimal("0.00")
    assert score_question(question, set()).is_correct is False


def test_attempt_percent_and_pass_mark():
    questions = [
        make_question(points=2),
        Question(
            id="t",
            type=TRUE_FALSE,
            text="?",
            explanation="",
            points=Decimal(1),
            options=(Option("true", "True", True), Option("false", "False", False)),
        ),
    ]
    result = score_attempt(questions, {"q": ["o0"], "t": ["true"]}, pass_mark=67)
    assert (result.points, result.max_points) == (Decimal("2.00"), Decimal("3.00"))
    assert result.percent == Decimal("66.67")
    assert result.passed is False
    assert score_attempt(questions, {"q": ["o0"], "t": ["true"]}, pass_mark=66).passed is True
    # A question left out of the answers scores nothing.
    assert score_attempt(questions, {}, pass_mark=50).points == Decimal("0")


# No per-example deadline: the suite runs on busy CI machines with xdist.
@settings(deadline=None)
@given(data=st.data())
def test_score_stays_within_zero_and_max(data):
    flags = data.draw(st.lists(st.booleans(), min_size=2, max_size=8).filter(any))
    points = data.draw(st.integers(min_value=1, max_value=100))
    scoring = data.draw(st.sampled_from([PARTIAL, ALL_OR_NOTHING]))
    question = make_question(correct=tuple(flags), points=points, scoring=scoring)
    chosen = data.draw(st.sets(st.sampled_from([o.id for o in question.options])))
    score = score_question(question, chosen)
    assert Decimal(0) <= score.points_awarded <= score.points_possible == Decimal(points)
    assert score.is_correct == (chosen == question.correct_ids)


# No per-example deadline: the suite runs on busy CI machines with xdist.
@settings(deadline=None)
@given(data=st.data())
def test_permuting_options_or_questions_does_not_change_the_score(data):
    questions = []
    answers = {}
    for n in range(data.draw(st.integers(min_value=1, max_value=5))):
        flags = data.draw(st.lists(st.booleans(), min_size=2, max_size=8).filter(any))
        question = make_question(
            correct=tuple(flags),
            points=data.draw(st.integers(min_value=1, max_value=100)),
            scoring=data.draw(st.sampled_from([PARTIAL, ALL_OR_NOTHING])),
        )
        question = Question(**{**question.__dict__, "id": f"q{n}"})
        questions.append(question)
        answers[question.id] = data.draw(
            st.lists(st.sampled_from([o.id for o in question.options]), unique=True)
        )
    result = score_attempt(questions, answers, pass_mark=50)

    shuffled = [
        Question(**{**q.__dict__, "options": tuple(data.draw(st.permutations(q.options)))})
        for q in data.draw(st.permutations(questions))
    ]
    reordered_answers = {key: list(reversed(value)) for key, value in answers.items()}
    again = score_attempt(shuffled, reordered_answers, pass_mark=50)
    assert (again.points, again.max_points, again.percent, again.passed) == (
        result.points,
        result.max_points,
        result.percent,
        result.passed,
    )
    assert Decimal(0) <= result.percent <= Decimal(100)


@pytest.mark.parametrize(
    ("correct", "options", "percent"),
    [(2, 5, "0.00"), (2, 6, "0.00"), (3, 5, "33.33"), (3, 6, "0.00"), (3, 4, "66.67")],
)
def test_ticking_every_option_of_a_partial_item(correct, options, percent):
    question = make_question(correct=[i < correct for i in range(options)], points=3)
    assert tick_all_percent(question) == Decimal(percent)


@settings(max_examples=200, deadline=None)
@given(correct=st.integers(min_value=1, max_value=5), wrong=st.integers(min_value=0, max_value=7))
def test_ticking_everything_pays_at_most_40_percent_when_options_are_1_6_times_correct(
    correct, wrong
):
    question = make_question(correct=[True] * correct + [False] * wrong, points=3)
    percent = tick_all_percent(question)
    if correct + wrong >= Decimal("1.6") * correct:
        assert percent <= 40
    else:
        assert percent > 40
