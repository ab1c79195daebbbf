"""Learner views of a quiz: the quiz page, an attempt, its review. Thin: each calls one
selector or service. No view changes state on GET."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from courses.access import learner_page_gate, refusal
from courses.exceptions import CourseActionRefused

from . import selectors, services
from .choices import QuizKind
from .models import QuizAttempt, QuizPage

TOO_BIG = (
    "Your answers could not be read: the form sent was far larger than a quiz needs. "
    "Go back, reload the quiz and submit it again."
)
NOT_YOURS = "This attempt does not exist or is not yours."
ANSWER_PREFIX = "q-"


def refuse_oversized_post(view):
    """Read the POST body before the CSRF check so an oversized body gets a 400 with a
    sentence rather than Django's bare error page; then check CSRF as usual."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (parse now, inside the try)
            except (RequestDataTooBig, TooManyFieldsSent):
                return HttpResponse(TOO_BIG, status=400, content_type="text/plain; charset=utf-8")
        return protected(request, *args, **kwargs)

    return wrapper


def _learner_gate(request: HttpRequest, quiz: QuizPage):
    """(gate, response): ``response`` is set when the learner may not use the quiz."""
    gate = learner_page_gate(request, quiz)
    if gate.response is not None:
        return gate, gate.response
    if gate.enrolment is None:
        return gate, refusal(
            request,
            message="Enrol on the course first; then you can take its quizzes.",
            status=403,
        )
    return gate, None


@refuse_oversized_post
@require_POST
def attempt_start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    gate, response = _learner_gate(request, quiz)
    if response is not None:
        return response
    try:
        attempt = services.quiz_attempt_start(user=request.user, quiz=quiz, course=gate.course)
    except CourseActionRefused as refused:
        return refusal(request, message=refused.message, status=refused.status)
    return HttpResponseRedirect(reverse("quizzes:attempt", args=[attempt.pk]))


def _own_attempt(request: HttpRequest, attempt_id: int) -> QuizAttempt | None:
    if not request.user.is_authenticated:
        return None
    try:
        return selectors.learner_attempt(user=request.user, attempt_id=attempt_id)
    except QuizAttempt.DoesNotExist:
        return None


def _attempt_form(request, attempt, *, chosen=None, errors=None, status=200):
    questions = selectors.attempt_form_questions(attempt)
    chosen = chosen or {}
    now = timezone.now()
    expired = attempt.deadline is not None and now > attempt.deadline + services.DEADLINE_GRACE
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "page": attempt.quiz,
        "questions": [
            {
                "question": question,
                "options": [
                    {
                        "id": option_id,
                        "text": text,
                        "checked": option_id in chosen.get(question.id, ()),
                    }
                    for option_id, text in question.options
                ],
                "unanswered": errors is not None and question.number in errors.unanswered,
            }
            for question in questions
        ],
        "errors": errors.problems if errors is not None else [],
        "expired": expired,
        "seconds_left": (
            max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None
        ),
    }
    return TemplateResponse(request, "quizzes/attempt.html", context, status=status)


@refuse_oversized_post
@require_http_methods(["GET", "POST"])
def attempt_take(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """GET: the questions of an open attempt as a plain form. POST: submit the answers."""
    attempt = _own_attempt(request, attempt_id)
    if attempt is None:
        return refusal(request, message=NOT_YOURS, status=404)
    gate, response = _learner_gate(request, attempt.quiz)
    if response is not None:
        return response
    review_url = reverse("quizzes:review", args=[attempt.pk])
    if request.method == "GET":
        if attempt.submitted_at is not None:
            return HttpResponseRedirect(review_url)
        return _attempt_form(request, attempt)

    answers = {
        key[len(ANSWER_PREFIX) :]: request.POST.getlist(key)
        for key in request.POST
        if key.startswith(ANSWER_PREFIX)
    }
    already_submitted = attempt.submitted_at is not None
    try:
        attempt = services.quiz_attempt_submit(
            attempt=attempt,
            user=request.user,
            answers=answers,
            course=gate.course,
            enrolment=gate.enrolment,
        )
    except services.AnswersInvalidError as error:
        return _attempt_form(request, attempt, chosen=answers, errors=error, status=400)
    if already_submitted:
        messages.info(request, "This attempt was already submitted; here is its result.")
    return HttpResponseRedirect(review_url)


def attempt_review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt is None:
        return refusal(request, message=NOT_YOURS, status=404)
    quiz = attempt.quiz
    gate, response = _learner_gate(request, quiz)
    if response is not None:
        return response
    if attempt.submitted_at is None:
        return HttpResponseRedirect(reverse("quizzes:attempt", args=[attempt.pk]))
    attempts = selectors.learner_attempts(user=request.user, quiz=quiz)
    summary = selectors.attempt_summary(quiz=quiz, attempts=attempts)
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "page": quiz,
        "attempts": attempts,
        "summary": summary,
        # Score only: the question-by-question marks are not even built.
        "items": []
        if selectors.score_only(quiz)
        else selectors.review_items(
            attempt=attempt, reveal=selectors.answers_revealed(quiz=quiz, summary=summary)
        ),
        "score_only": selectors.score_only(quiz),
        "revealed": selectors.answers_revealed(quiz=quiz, summary=summary),
        "is_pretest": quiz.kind == QuizKind.PRETEST,
        "can_start": summary.open_attempt is None and summary.left != 0,
        "completion": selectors.course_completion_for_result(
            attempt=attempt, enrolment=gate.enrolment, course=gate.course
        ),
    }
    return TemplateResponse(request, "quizzes/review.html", context)
