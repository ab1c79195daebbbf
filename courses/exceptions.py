"""Why a learner's action was refused: one hierarchy for the course and quiz parts. Each
refusal carries a sentence a person can act on (its class's ``message`` unless the caller
gives a more precise one); views turn them into a 403/404 page or a redirect."""

from django.utils.translation import gettext_lazy as _


class CourseActionRefused(Exception):
    """Base class: the message is shown to the learner as it is."""

    status = 403
    default_message = _("This action is not allowed.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class ProfileIncomplete(CourseActionRefused):
    default_message = _(
        "Please complete your staff profile before you enrol: your certificate and your HR "
        "officer's reports depend on it."
    )


class CourseNotAvailable(CourseActionRefused):
    status = 404
    default_message = _("This course is not open for enrolment: it is not published.")


class PageNotAvailable(CourseActionRefused):
    """A lesson or quiz whose course or module is not published (its own page may be)."""

    status = 404
    default_message = _(
        "This page is not available: its course or module is not published at the moment."
    )


class LessonNotAvailable(CourseActionRefused):
    status = 404
    default_message = _("This lesson is not available: it is not published, or it has moved.")


class NotEnrolled(CourseActionRefused):
    default_message = _(
        "You are not enrolled in this course. Enrol first, then mark lessons as complete."
    )


class QuizRefused(CourseActionRefused):
    """A quiz attempt cannot be started, or its answers cannot be taken."""

    default_message = _("This quiz cannot be started at the moment. Please try again later.")


class AttemptLimitReached(QuizRefused):
    """Every attempt the quiz allows has been used (the caller says how many)."""


class QuizHasNoQuestions(QuizRefused):
    default_message = _("This quiz has no questions yet. Please try again later.")


class AttemptStartedTwice(QuizRefused):
    default_message = _("Another attempt was started at the same moment. Reload the page.")
