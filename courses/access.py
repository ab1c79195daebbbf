"""Who may read a lesson or quiz page. One helper, shared by LessonPage and QuizPage.

Catalogue, course and module overviews are public. Lessons and quizzes need a logged-in
learner with a complete staff profile who is enrolled in the course; a learner who is
not enrolled sees the page with a one-click Enrol form instead of its body.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

from courses import selectors
from courses.models import CoursePage, Enrolment

COURSE_NOT_AVAILABLE = (
    "This page is not available: its course or module is not published at the moment."
)


def refusal(request: HttpRequest, *, message: str, status: int) -> HttpResponse:
    """A 403/404 page that says why in one sentence."""
    title = "Page not found" if status == 404 else "Not allowed"
    return TemplateResponse(
        request, "courses/refused.html", {"title": title, "message": message}, status=status
    )


@dataclass
class LearnerGate:
    """The outcome of ``learner_page_gate``.

    If ``response`` is set, return it (a redirect to log in or to complete the profile,
    or a 404). Otherwise render the page: its body when ``show_body``, else the Enrol form
    (``course`` is the course to enrol on).
    """

    course: CoursePage | None
    enrolment: Enrolment | None = None
    response: HttpResponse | None = None
    is_preview: bool = False

    @property
    def show_body(self) -> bool:
        return self.response is None and (self.is_preview or self.enrolment is not None)


def _profile_gate(request: HttpRequest) -> HttpResponse | None:
    """The people part's rule: log in, then complete the profile (redirects otherwise)."""
    from lms.people.decorators import complete_profile_required

    return complete_profile_required(lambda request: None)(request)


def learner_page_gate(request: HttpRequest, page: Page) -> LearnerGate:
    """Decide what ``request.user`` may see of a lesson or quiz ``page``.

    Previews in the Wagtail admin always show the body (the editor is not a learner).
    A page whose course or module is unpublished answers 404, even if the page itself is
    still live (Wagtail's unpublish leaves children live).
    """
    course, reachable = selectors.course_for_learner_page(page)
    if getattr(request, "is_preview", False):
        return LearnerGate(course=course, is_preview=True)
    if course is None or not reachable:
        return LearnerGate(
            course=course, response=refusal(request, message=COURSE_NOT_AVAILABLE, status=404)
        )
    response = _profile_gate(request)
    if response is not None:
        return LearnerGate(course=course, response=response)
    return LearnerGate(
        course=course, enrolment=selectors.enrolment_get(user=request.user, course=course)
    )
