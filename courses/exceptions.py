"""Why a learner's action was refused. Each carries a sentence a person can act on; views
turn them into a 403/404 page or a redirect."""


class CourseActionRefused(Exception):
    """Base class: the message is shown to the learner as it is."""

    status = 403

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ProfileIncomplete(CourseActionRefused):
    status = 403


class CourseNotAvailable(CourseActionRefused):
    status = 404


class LessonNotAvailable(CourseActionRefused):
    status = 404


class NotEnrolled(CourseActionRefused):
    status = 403
