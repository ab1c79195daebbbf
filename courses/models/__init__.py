from .job_aids import JobAidFile
from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .records import Enrolment, LessonCompletion

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "JobAidFile",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
]
