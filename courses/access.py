"""Who may read a lesson or quiz page: the one learner gate, shared by LessonPage and
QuizPage through LearnerPageMixin.

Catalogue, course and module overviews are public. Lessons and quizzes need a logged-in
learner with a complete staff profile; a learner who is not enrolled sees the page with a
one-click Enrol form instead of its body. A page whose course or module is unpublished
answers 404, even if the page itself is still live (Wagtail's unpublish leaves children
live). Previews in the Wagtail admin always show the body (the editor is not a learner).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses import selectors
from courses.exceptions import PageNotAvailable
from lms.people.decorators import complete_profile_required


def refusal(request: HttpRequest, *, message: str, status: int) -> HttpResponse:
    """A 403/404 page that says why in one sentence."""
    title = _("Page not found") if status == 404 else _("Not allowed")
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

    course: selectors.PageRef | None
    enrolment: object | None = None  # courses.models.Enrolment
    response: HttpResponse | None = None
    is_preview: bool = False

    @property
    def show_body(self) -> bool:
        return self.response is None and (self.is_preview or self.enrolment is not None)


# The people part's rule as a gate: log in, then complete the profile (redirects).
_profile_gate = complete_profile_required(lambda request: None)


def learner_page_gate(request: HttpRequest, page: Page) -> LearnerGate:
    """Decide what ``request.user`` may see of a lesson or quiz ``page``."""
    place = selectors.learner_place(page)
    if getattr(request, "is_preview", False):
        return LearnerGate(course=place.course, is_preview=True)
    if place.course is None or not place.reachable:
        refused = PageNotAvailable()
        return LearnerGate(
            course=place.course,
            response=refusal(request, message=refused.message, status=refused.status),
        )
    response = _profile_gate(request)
    if response is not None:
        return LearnerGate(course=place.course, response=response)
    return LearnerGate(
        course=place.course,
        enrolment=selectors.enrolment_get(user=request.user, course=place.course),
    )


class LearnerPageMixin:
    """For page types only learners may read: ``serve`` runs the gate and hands it to
    ``get_context`` (as ``gate``); a preview's context asks the gate itself."""

    def serve(self, request, *args, **kwargs):
        gate = learner_page_gate(request, self)
        if gate.response is not None:
            return gate.response
        return super().serve(request, *args, gate=gate, **kwargs)

    def learner_gate(self, request, gate: LearnerGate | None) -> LearnerGate:
        return gate if gate is not None else learner_page_gate(request, self)
