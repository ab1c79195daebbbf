"""Quiz submission, 10 questions: POST of a whole attempt to the quizzes part's view
(scored on the server, one response row per question, redirect to the review) against
bench.views.quiz_raw_inserts writing the same rows with raw SQL.

Every submission needs its own open attempt, so the attempts are started beforehand with
the quizzes part's quiz_attempt_start, one per learner, and each is submitted once (wrk
"once" mode). bench/inproc.py cleanup deletes them after the run.
"""

from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

SUBMISSIONS = 2500
QUESTIONS = 10


def _quiz():
    from courses.quizzes.models import QuizPage

    for quiz in QuizPage.objects.live().filter(kind="module").order_by("path"):
        if len(quiz.pool()) == QUESTIONS and not quiz.attempt_limit:
            return quiz
    return None


def prepare(out: Path, sessions, write) -> dict:
    from courses.models import Enrolment
    from courses.quizzes.selectors import course_for_quiz
    from courses.quizzes.services import quiz_attempt_start
    from lms.demo.services import synthetic_users

    quiz = _quiz()
    if quiz is None:
        return {"quiz_unavailable": f"no module quiz with {QUESTIONS} questions"}
    course = course_for_quiz(quiz)
    pool = quiz.pool()
    users = list(
        synthetic_users()
        .filter(pk__in=Enrolment.objects.filter(course=course).values("user_id"))
        .order_by("pk")[: SUBMISSIONS * 2]
    )
    real_users, raw_users = users[:SUBMISSIONS], users[SUBMISSIONS:] or users[:SUBMISSIONS]
    submit_lines, raw_lines = [], []
    cookies = sessions(real_users)
    for user, cookie in zip(real_users, cookies, strict=True):
        attempt = quiz_attempt_start(user=user, quiz=quiz)
        answers = [
            (f"q-{question_id}", option_id)
            for question_id in attempt.question_order
            for option_id in sorted(pool[question_id].correct_ids)
        ]
        submit_lines.append(
            (
                "POST",
                reverse("quizzes:attempt", args=[attempt.pk]),
                cookie + "; {csrf_cookie}",
                urlencode(answers) + "&csrfmiddlewaretoken={csrf_token}",
            )
        )
    for user in raw_users:
        answers = [("user", user.pk), ("quiz", quiz.pk)] + [
            (f"q_{question_id}", option_id)
            for question_id, question in pool.items()
            for option_id in sorted(question.correct_ids)
        ]
        raw_lines.append(("POST", "/bench/quiz-raw/", "", urlencode(answers)))
    return {
        "quiz_submit": write(out / "quiz_submit.tsv", submit_lines),
        "quiz_statuses": "302",
        "quiz_raw": write(out / "quiz_raw.tsv", raw_lines),
    }
