"""Item analysis and the admin report on a fixed, hand-computed data set."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.quizzes.analysis import group_size, quiz_item_analysis, quiz_results_rows
from courses.quizzes.models import QuizAttempt, QuizPage, QuizResponse
from courses.quizzes.questions import questions_from_stream
from lms.people import roles
from tests.quizzes.conftest import Q_SINGLE, Q_TF, single, true_false

pytestmark = pytest.mark.django_db

# Ten attempts, lowest score first: (percent, single-choice answer, true/false answer).
# Single choice: "a" is right, "b" = "A library card", "c" = "A bus ticket".
DATA = [
    (0, "b", "false"),
    (10, "c", "false"),
    (20, "b", "true"),
    (30, "a", "false"),
    (40, "b", "true"),
    (50, "a", "false"),
    (60, "a", "true"),
    (70, "a", "false"),
    (80, "a", "true"),
    (90, "b", "true"),
]


@pytest.fixture
def analysed_quiz(quiz_factory):
    quiz = quiz_factory(questions=[single(Q_SINGLE), true_false(Q_TF)], pass_mark=60)
    pool = questions_from_stream(quiz.questions)
    User = get_user_model()
    for n, (percent, single_answer, tf_answer) in enumerate(DATA):
        user = User.objects.create(username=f"analysed{n}@example.go.ke")
        attempt = QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            number=1,
            question_order=[Q_SINGLE, Q_TF],
            submitted_at=timezone.now(),
            score_percent=Decimal(percent),
            passed=percent >= 60,
        )
        for position, (qid, chosen) in enumerate(
            [(Q_SINGLE, f"{Q_SINGLE}-{single_answer}"), (Q_TF, tf_answer)], start=1
        ):
            question = pool[qid]
            QuizResponse.objects.create(
                attempt=attempt,
                block_id=qid,
                position=position,
                question_type=question.type,
                question_text=question.text,
                options_snapshot=question.snapshot(),
                chosen_option_ids=[chosen],
                is_correct=chosen in question.correct_ids,
                points_awarded=Decimal(1 if chosen in question.correct_ids else 0),
                points_possible=Decimal(1),
            )
    # An open attempt counts for nothing.
    QuizAttempt.objects.create(
        user=User.objects.create(username="open@example.go.ke"), quiz=quiz, number=1
    )
    return quiz


def test_group_size_is_27_percent_rounded():
    assert [group_size(n) for n in (0, 1, 2, 3, 10, 100)] == [0, 0, 1, 1, 3, 27]


def test_item_analysis_numbers(analysed_quiz, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        analysis = quiz_item_analysis(quiz=analysed_quiz)
    assert (analysis.attempts, analysis.group_size) == (10, 3)
    first, second = analysis.items
    # Single choice: right in 5 of 10; "b" chosen 4 times, "c" once.
    # Top 3 (70, 80, 90): a, a, b -> 2/3; bottom 3 (0, 10, 20): b, c, b -> 0/3.
    assert first.block_id == Q_SINGLE
    assert first.facility == Decimal("50.0")
    assert (first.wrong_option, first.wrong_option_count) == ("A library card", 4)
    assert first.discrimination == Decimal("0.67")
    # True/false: right 5 of 10; "False" chosen 5 times.
    # Top 3: false, true, true -> 2/3; bottom 3: false, false, true -> 1/3.
    assert second.block_id == Q_TF
    assert second.facility == Decimal("50.0")
    assert (second.wrong_option, second.wrong_option_count) == ("False", 5)
    assert second.discrimination == Decimal("0.33")


def test_quiz_results_row(analysed_quiz):
    (row,) = quiz_results_rows(quizzes=QuizPage.objects.filter(pk=analysed_quiz.pk))
    assert (row.attempts, row.learners, row.passed) == (10, 10, 4)
    assert row.pass_rate == Decimal("40.0")
    assert row.mean_percent == Decimal("45.0")
    assert row.course == "Migration basics"


@pytest.fixture
def trainer(user_factory):
    return user_factory(groups=[roles.TRAINER])


def test_trainer_sees_results_and_item_analysis_without_names(client, trainer, analysed_quiz):
    client.force_login(trainer)
    index = client.get(reverse("quiz_results:index"))
    assert index.status_code == 200
    assert analysed_quiz.title in index.content.decode()
    page = client.get(reverse("quiz_results:items", args=[analysed_quiz.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "A library card" in html and "0.67" in html
    assert "analysed0@example.go.ke" not in html


def test_csv_and_xlsx_exports(client, trainer, analysed_quiz):
    client.force_login(trainer)
    url = reverse("quiz_results:items", args=[analysed_quiz.pk])
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][4] == "Facility (% right)"
    assert rows[1][4] == "50.0" and rows[1][5] == "A library card" and rows[1][7] == "0.67"

    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][5] == "False" and values[2][6] == 5
    assert values[1][4] == 50 and values[1][7] == pytest.approx(0.67)

    response = client.get(reverse("quiz_results:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Quiz",
        "Course",
        "Kind",
        "Submitted attempts",
        "Learners",
        "Pass rate (%)",
        "Mean score (%)",
    ]
    assert rows[1][3:] == ["10", "10", "40.0", "45.0"]


@pytest.mark.parametrize("role", [roles.HR_COUNTY, roles.TRAINEE])
def test_others_are_refused(client, user_factory, with_totp, analysed_quiz, role):
    user = with_totp(user_factory(groups=[role]))  # so the MFA gate is not what refuses
    client.force_login(user)
    for url in (
        reverse("quiz_results:index"),
        reverse("quiz_results:items", args=[analysed_quiz.pk]),
        reverse("quiz_results:items", args=[analysed_quiz.pk]) + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"A library card" not in response.content


def test_menu_item_for_trainers_only(client, user_factory, with_totp):
    client.force_login(user_factory(groups=[roles.TRAINER]))
    assert "Quiz results" in client.get(reverse("wagtailadmin_home")).content.decode()
    hr_officer = with_totp(user_factory(groups=[roles.HR_NATIONAL]))
    client.force_login(hr_officer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Quiz results" not in response.content.decode()
