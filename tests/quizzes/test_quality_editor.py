"""The quiz-quality check in the Wagtail editor: warnings after a save, never a block."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from courses.quizzes.models import QuizPage
from courses.quizzes.selectors import quiz_quality_warnings
from tests.quizzes.conftest import option, single

pytestmark = pytest.mark.django_db

EXPLANATION = "The traveller needs a valid passport or an EAC travel document."


def question_data(text, *options, explanation=EXPLANATION, kind="recall"):
    """Form data of a single-choice question: (text, correct) options."""
    return (
        "single_choice",
        {
            "text": text,
            "explanation": explanation,
            "points": "1",
            "kind": kind,
            "options": {
                "count": str(len(options)),
                **{
                    str(index): {
                        "value": {"text": label, **({"correct": "on"} if right else {})},
                        "deleted": "",
                        "order": str(index),
                    }
                    for index, (label, right) in enumerate(options)
                },
            },
        },
    )


def save_draft(client, quiz, *questions):
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    for key, value in nested_form_data({"questions": streamfield(list(questions))}).items():
        data[key] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def trainer(user_factory):
    return user_factory(groups=["Trainer"])


def test_saving_a_flawed_draft_saves_it_and_warns(client, trainer, quiz_factory):
    quiz = quiz_factory(questions=[single("q-old")])
    client.force_login(trainer)

    shown = save_draft(
        client,
        quiz,
        question_data("Which document?", ("A passport", True), ("A bus ticket", False)),
        question_data(
            "What does the officer do first?",
            ("Greet the traveller", True),
            ("Stamp", False),
            ("Shout", False),
            explanation="Greet.",
            kind="scenario",
        ),
    )

    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [child.value["text"] for child in draft.questions] == [
        "Which document?",
        "What does the officer do first?",
    ]
    warnings = [m for m in shown if m.startswith("Question ")]
    assert any(m.startswith("Question 1 (“Which document?”): only 2 options") for m in warnings), (
        shown
    )
    assert any(
        m.startswith("Question 2 (“What does the officer do first?”): the explanation is missing")
        for m in warnings
    ), shown


def test_a_clean_quiz_gets_no_quality_warning(client, trainer, quiz_factory):
    quiz = quiz_factory(questions=[single("q-old")])
    client.force_login(trainer)
    options = [("Greet them", True), ("Send them back", False), ("Wait outside", False)]

    shown = save_draft(
        client,
        quiz,
        question_data(
            "A family arrives at dusk at Busia. What do you do first?", *options, kind="scenario"
        ),
    )

    assert not [m for m in shown if m.startswith(("Question", "This course"))], shown


def test_duplicates_of_other_live_quizzes_and_course_figures(course, quiz_factory):
    wording = "Which one stop border post lies on Kenya's border with Ethiopia?"

    def moyale(qid, text):
        return {
            "type": "single_choice",
            "id": qid,
            "value": {
                "text": text,
                "explanation": "Moyale is the gazetted crossing and OSBP with Ethiopia.",
                "points": 1,
                "kind": "recall",
                "options": [
                    option(f"{qid}-a", "Moyale", True),
                    option(f"{qid}-b", "Namanga", False),
                    option(f"{qid}-c", "Busia", False),
                ],
            },
        }

    quiz_factory(title="Earlier quiz", questions=[moyale("first", wording)])
    quiz = quiz_factory(
        title="New quiz",
        questions=[
            moyale(
                "second", "Which of Kenya's one-stop border posts is on the border with Ethiopia?"
            )
        ],
    )

    warnings = quiz_quality_warnings(quiz=quiz)

    assert any(
        "asks nearly the same as “Which one stop border post lies on Kenya's border with Ethi…” in "
        "“Earlier quiz”" in w
        for w in warnings
    ), warnings
    assert any(
        w.startswith("This course: 0% of the course's 2 items are scenarios") for w in warnings
    ), warnings


def test_a_quiz_that_borrows_its_questions_has_no_warnings_of_its_own(quiz_factory, course):
    final = quiz_factory(title="Final", questions=[single("q1")])
    borrowing = quiz_factory(title="Pre-test", questions=[], questions_from=final)
    assert quiz_quality_warnings(quiz=borrowing) == []
