import re
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.quizzes.models import QuizAttempt, QuizResponse
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.quizzes.conftest import Q_MULTI, Q_SINGLE, Q_TF, RIGHT_ANSWERS

pytestmark = pytest.mark.django_db


def form_data(answers):
    return {f"q-{qid}": values for qid, values in answers.items()}


@pytest.fixture
def logged_in(client, enrolled):
    client.force_login(enrolled)
    return client


def test_quiz_page_shows_rules_history_and_start(logged_in, quiz):
    response = logged_in.get(quiz.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You pass with 60% or more." in html
    assert reverse("quizzes:start", args=[quiz.pk]) in html
    assert "Attempts used: 0" in html


def test_quiz_page_asks_learners_who_are_not_enrolled_to_enrol(client, learner, quiz):
    client.force_login(learner)
    response = client.get(quiz.url)
    assert response.status_code == 200
    assert "Enrol to take this quiz" in response.content.decode()
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 403
    assert not QuizAttempt.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, quiz):
    response = client.get(quiz.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_start_needs_post(logged_in, quiz):
    assert logged_in.get(reverse("quizzes:start", args=[quiz.pk])).status_code == 405
    assert not QuizAttempt.objects.exists()


def test_full_journey(logged_in, quiz):
    response = logged_in.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    assert response["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    page = logged_in.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") == 3 and html.count("<legend>") == 3
    assert 'type="checkbox" name="q-q-multi"' in html
    assert 'type="radio" name="q-q-single"' in html

    response = logged_in.post(response["Location"], form_data(RIGHT_ANSWERS))
    assert response["Location"] == reverse("quizzes:review", args=[attempt.pk])
    review = logged_in.get(response["Location"]).content.decode()
    assert "100%" in review and "Passed" in review
    assert "Uganda and Tanzania are partner states" in review  # explanation
    assert "(right answer)" in review  # reveal after each attempt (the default)


def test_attempt_page_leaks_no_correctness(logged_in, quiz):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    html = logged_in.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert "correct" not in html.lower()
    assert "right answer" not in html.lower()
    # Each option shows its id and text, nothing else: no data-* flags, no JSON.
    for block in re.findall(r"<input[^>]*>", html):
        if 'name="q-' in block:
            attributes = set(re.findall(r"\s([a-z-]+)=", block))
            assert attributes <= {"type", "name", "value"}, block
    assert "application/json" not in html
    assert "Uganda" in html and "Ghana" in html


def quiz_owner(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_double_submit_shows_the_first_result(logged_in, quiz):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    url = reverse("quizzes:attempt", args=[attempt.pk])
    logged_in.post(url, form_data(RIGHT_ANSWERS))
    response = logged_in.post(url, form_data({Q_SINGLE: [f"{Q_SINGLE}-b"]}))
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.score_percent == Decimal("100.00")
    assert QuizResponse.objects.count() == 3


BAD = [
    pytest.param({**RIGHT_ANSWERS, "other": ["x"]}, "not part of this attempt", id="undrawn"),
    pytest.param({**RIGHT_ANSWERS, Q_TF: ["maybe"]}, "not one of its options", id="unknown"),
    pytest.param({**RIGHT_ANSWERS, Q_TF: [f"{Q_MULTI}-ug"]}, "another question", id="foreign"),
    pytest.param({Q_TF: ["true"]}, "Please answer questions 1, 2", id="missing"),
]


@pytest.mark.parametrize(("answers", "sentence"), BAD)
def test_bad_input_gets_a_400_with_a_sentence_and_saves_nothing(logged_in, quiz, answers, sentence):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    response = logged_in.post(reverse("quizzes:attempt", args=[attempt.pk]), form_data(answers))
    assert response.status_code == 400
    assert sentence in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not QuizResponse.objects.exists()


def test_missing_answers_keep_the_choices_made(logged_in, quiz):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    response = logged_in.post(
        reverse("quizzes:attempt", args=[attempt.pk]), form_data({Q_TF: ["false"]})
    )
    html = response.content.decode()
    assert 'value="false" checked' in html
    assert html.count("Please answer this question.") == 2


def test_someone_elses_attempt_is_a_404(client, learner_factory, enrol, course, quiz):
    owner, other = learner_factory(), learner_factory()
    enrol(owner, course.course)
    enrol(other, course.course)
    attempt = quiz_attempt_start(user=owner, quiz=quiz)
    client.force_login(other)
    for name in ("quizzes:attempt", "quizzes:review"):
        response = client.get(reverse(name, args=[attempt.pk]))
        assert response.status_code == 404
        assert "not yours" in response.content.decode()
    response = client.post(reverse("quizzes:attempt", args=[attempt.pk]), form_data(RIGHT_ANSWERS))
    assert response.status_code == 404
    assert not QuizResponse.objects.exists()


def test_huge_post_body_is_refused_with_a_sentence(logged_in, quiz, settings):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    data = {f"q-{n}": ["x"] for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}
    response = logged_in.post(reverse("quizzes:attempt", args=[attempt.pk]), data)
    assert response.status_code == 400
    assert "far larger than a quiz needs" in response.content.decode()
    big = {"q-q-tf": ["true"], "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    response = logged_in.post(reverse("quizzes:attempt", args=[attempt.pk]), big)
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_csrf_is_still_checked(enrolled, quiz):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    response = client.post(reverse("quizzes:attempt", args=[attempt.pk]), form_data(RIGHT_ANSWERS))
    assert response.status_code == 403
    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 403


def test_review_follows_the_reveal_setting(logged_in, quiz_factory):
    quiz = quiz_factory(reveal_answers="after_passed_or_exhausted", attempt_limit=2)
    user = quiz_owner(logged_in)
    wrong = {Q_SINGLE: [f"{Q_SINGLE}-b"], Q_MULTI: [f"{Q_MULTI}-gh"], Q_TF: ["false"]}
    first = quiz_attempt_submit(
        attempt=quiz_attempt_start(user=user, quiz=quiz), user=user, answers=wrong
    )
    html = logged_in.get(reverse("quizzes:review", args=[first.pk])).content.decode()
    assert "(right answer)" not in html and "Attempts left: 1" in html
    assert "Uganda and Tanzania are partner states" not in html  # explanation gives it away
    quiz_attempt_submit(attempt=quiz_attempt_start(user=user, quiz=quiz), user=user, answers=wrong)
    html = logged_in.get(reverse("quizzes:review", args=[first.pk])).content.decode()
    assert "(right answer)" in html and "You have no attempts left." in html


def test_review_never_reveals(logged_in, quiz_factory):
    quiz = quiz_factory(reveal_answers="never")
    user = quiz_owner(logged_in)
    attempt = quiz_attempt_submit(
        attempt=quiz_attempt_start(user=user, quiz=quiz), user=user, answers=RIGHT_ANSWERS
    )
    html = logged_in.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "(right answer)" not in html and "Passed" in html


def test_get_never_changes_state(logged_in, quiz):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    logged_in.get(reverse("quizzes:attempt", args=[attempt.pk]) + "?q-q-tf=true")
    logged_in.get(reverse("quizzes:review", args=[attempt.pk]))
    logged_in.get(quiz.url)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and QuizAttempt.objects.count() == 1


@pytest.mark.parametrize("count", [3, 12])
def test_learner_pages_query_count_does_not_grow_with_questions(
    logged_in, quiz_factory, count, django_assert_max_num_queries
):
    from tests.quizzes.conftest import single

    quiz = quiz_factory(questions=[single(f"q{n}") for n in range(count)])
    user = quiz_owner(logged_in)
    attempt = quiz_attempt_start(user=user, quiz=quiz)
    with django_assert_max_num_queries(9):
        assert logged_in.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 200
    quiz_attempt_submit(
        attempt=attempt, user=user, answers={f"q{n}": [f"q{n}-a"] for n in range(count)}
    )
    with django_assert_max_num_queries(7):
        assert logged_in.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 200
    # Cold: the quiz's place in its course is worked out once, cached from then on.
    with django_assert_max_num_queries(14):
        assert logged_in.get(quiz.url).status_code == 200
    # Warm: Wagtail's routing (4) and privacy check (2), session, user, the learner gate
    # (profile, enrolment), the learner's attempts.
    with django_assert_max_num_queries(12):
        assert logged_in.get(quiz.url).status_code == 200


def test_review_of_a_timed_out_attempt_says_so(logged_in, quiz_factory):
    from datetime import timedelta

    from django.utils import timezone

    quiz = quiz_factory(time_limit_minutes=5)
    user = quiz_owner(logged_in)
    attempt = quiz_attempt_start(user=user, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    page = logged_in.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert "The time for this attempt is up" in page.content.decode()
    response = logged_in.post(reverse("quizzes:attempt", args=[attempt.pk]), {})
    assert response.status_code == 302
    review = logged_in.get(response["Location"]).content.decode()
    assert "ran out" in review and "0 of 4 points" in review


def test_no_answers_are_revealed_while_an_attempt_is_open(logged_in, quiz):
    user = quiz_owner(logged_in)
    wrong = {Q_SINGLE: [f"{Q_SINGLE}-b"], Q_MULTI: [f"{Q_MULTI}-gh"], Q_TF: ["false"]}
    first = quiz_attempt_submit(
        attempt=quiz_attempt_start(user=user, quiz=quiz), user=user, answers=wrong
    )
    review_url = reverse("quizzes:review", args=[first.pk])
    assert "(right answer)" in logged_in.get(review_url).content.decode()
    quiz_attempt_start(user=user, quiz=quiz)
    html = logged_in.get(review_url).content.decode()
    assert "(right answer)" not in html and "attempt in progress" in html


def test_pretest_with_reveal_never_shows_only_the_score(logged_in, quiz_factory, course):
    """Issue 16: no right/wrong per answer, no explanation, on the result page reached
    after submitting and on the review page opened again later."""
    pretest = quiz_factory(
        parent=course.course,
        title="Pre-test",
        slug="pre-test",
        kind="pretest",
        reveal_answers="never",
    )
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=pretest)
    answers = dict(RIGHT_ANSWERS, **{Q_TF: ["false"]})  # one right, one wrong
    response = logged_in.post(reverse("quizzes:attempt", args=[attempt.pk]), form_data(answers))
    assert response["Location"] == reverse("quizzes:review", args=[attempt.pk])
    for _ in range(2):
        html = logged_in.get(response["Location"]).content.decode()
        assert "You scored" in html and "Only your score is shown" in html
        for mark in ("(right answer)", ">Right<", ">Wrong<", "Partly right", "Why:"):
            assert mark not in html, mark
        assert "Uganda and Tanzania are partner states" not in html  # an explanation
        assert "Question by question" not in html


def _pass(client, quiz):
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.filter(quiz=quiz).latest("pk")
    response = client.post(
        reverse("quizzes:attempt", args=[attempt.pk]), form_data(RIGHT_ANSWERS), follow=True
    )
    return response.content.decode()


def test_the_pass_that_completes_the_course_says_so_and_links_the_certificate(
    logged_in, quiz, course, django_capture_on_commit_callbacks
):
    from courses.services import lesson_complete

    lesson_complete(user=quiz_owner(logged_in), lesson=course.lessons[0])
    with django_capture_on_commit_callbacks(execute=True):
        html = _pass(logged_in, quiz)
    assert f"You have completed “{course.course.title}”" in html
    assert re.search(r'href="/certificates/[^"]*"', html)
    assert f'href="{reverse("courses:my_learning")}"' in html
    assert "You may try again as often as you like" not in html
    # The completion is what gets focus (static/js/focus.js), not the score.
    assert re.search(r'class="callout completion" tabindex="-1" data-focus', html)
    assert html.count("data-focus") == 1


def test_a_pass_that_does_not_complete_the_course_says_nothing_of_it(logged_in, quiz):
    html = _pass(logged_in, quiz)
    assert "Passed" in html
    assert "You have completed" not in html
    assert "/certificates/" not in html.split("<footer")[0].split("</main>")[0].split("<main")[1]


def test_unanswered_questions_put_focus_on_the_error_summary(logged_in, quiz):
    attempt = quiz_attempt_start(user=quiz_owner(logged_in), quiz=quiz)
    html = logged_in.post(
        reverse("quizzes:attempt", args=[attempt.pk]), form_data({Q_TF: ["false"]})
    ).content.decode()
    assert 'role="alert" id="problems" tabindex="-1" data-focus' in html
    assert 'js/focus.js"' in html


def test_the_pretest_links_the_first_lesson(logged_in, quiz_factory, course):
    pretest = quiz_factory(parent=course.course, title="Pre-test", kind="pretest")
    html = logged_in.get(pretest.url).content.decode()
    main = html.split('<main id="main"')[1]
    link = (
        f'<a href="{course.lessons[0].url}">Go to the first lesson: {course.lessons[0].title}</a>'
    )
    assert link in main
    # Early on the page: before the rules and the Start button.
    assert main.index(link) < main.index("Before you start")
