"""Learner views outside the page tree: enrol, mark complete, continue, My learning.

Course, module and lesson pages are Wagtail pages (see courses.models.pages). These views
are thin: each calls one service or selector and turns refusals into a sentence.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses import selectors, services
from courses.access import refusal
from courses.exceptions import CourseActionRefused, PageNotAvailable, ProfileIncomplete
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from lms.redirects import safe_next_url

COURSE_NOT_FOUND = "There is no published course with that number."
LESSON_NOT_FOUND = "There is no published lesson with that number."
CATALOGUE_MISSING = "The course catalogue has not been published yet."
JOB_AID_NOT_FOUND = "This module has no published job aid."


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """/catalogue/: the catalogue is the course index page itself; keep the filters."""
    index = CourseIndexPage.objects.live().first()
    if index is None:
        return refusal(request, message=CATALOGUE_MISSING, status=404)
    url = index.get_url(request)
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return HttpResponseRedirect(url)


@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    """Enrol on a course, then go back to the lesson the form was on (or the first item)."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return refusal(request, message=COURSE_NOT_FOUND, status=404)
    course_url = course.get_url(request)
    next_url = safe_next_url(request, reverse("courses:continue", args=[course.pk]))
    if not request.user.is_authenticated:
        return redirect_to_login(next_url if request.POST.get("next") else course_url)
    try:
        enrolment = services.enrolment_create(user=request.user, course=course)
    except ProfileIncomplete as refused:
        messages.info(request, refused.message)
        query = urlencode({"next": next_url if request.POST.get("next") else course_url})
        return HttpResponseRedirect(f"{reverse('people:profile')}?{query}")
    except CourseActionRefused as refused:
        return refusal(request, message=refused.message, status=refused.status)
    messages.success(request, _("You are enrolled on “%(course)s”.") % {"course": course.title})
    if safe_next_url(request) is None:
        # Straight to where the learner starts, not through the continue view: one
        # redirect instead of two on a slow link.
        next_url = _continue_url(request, course=course, enrolment=enrolment)
    return HttpResponseRedirect(next_url)


@require_POST
def lesson_complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """Mark a lesson as complete, then go on to the next lesson or quiz."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return refusal(request, message=LESSON_NOT_FOUND, status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except CourseActionRefused as refused:
        return refusal(request, message=refused.message, status=refused.status)
    course = selectors.learner_place(lesson).course
    enrolment = selectors.enrolment_get(user=request.user, course=course)
    if enrolment is not None and enrolment.completed_at is not None:
        messages.success(request, f"Well done: you have completed “{course.title}”.")
        return redirect(course.url)
    messages.success(request, f"“{lesson.title}” is marked as complete.")
    _previous, following = selectors.course_structure(course=course).neighbours(lesson.pk)
    if following is not None:
        return HttpResponseRedirect(following.page.url)
    return HttpResponseRedirect(course.url)


@require_GET
def continue_course(request: HttpRequest, course_id: int) -> HttpResponse:
    """Go to where the learner left off (the course page if not enrolled or all done)."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return refusal(request, message=COURSE_NOT_FOUND, status=404)
    enrolment = selectors.enrolment_get(user=request.user, course=course)
    if enrolment is None:
        return HttpResponseRedirect(course.get_url(request))
    return HttpResponseRedirect(_continue_url(request, course=course, enrolment=enrolment))


def _continue_url(request: HttpRequest, *, course: CoursePage, enrolment) -> str:
    """Where the learner left off (or starts), else the course page when all is done."""
    outline = selectors.course_outline(course=course, user=request.user)
    target = selectors.continue_target(structure=outline.structure, enrolment=enrolment)
    return target.page.url if target is not None else course.get_url(request)


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    """The learner's dashboard: every enrolment with progress and certificate."""
    rows = selectors.my_learning(user=request.user)
    return render(request, "courses/my_learning.html", {"rows": rows})


@require_GET
def job_aid(request: HttpRequest, module_id: int) -> HttpResponse:
    """The module's job aid as a one-page PDF. Public, like the module page it is linked
    from; rendered once per published revision of the module and then served from storage."""
    module = ModulePage.objects.live().filter(pk=module_id).first()
    if module is None or not module.job_aid_title:
        return refusal(request, message=JOB_AID_NOT_FOUND, status=404)
    if not selectors.learner_place(module).reachable:
        refused = PageNotAvailable()
        return refusal(request, message=refused.message, status=refused.status)
    file = services.job_aid_file_ensure(module=module)
    if file is None:
        return refusal(request, message=JOB_AID_NOT_FOUND, status=404)
    return FileResponse(
        file.pdf.open("rb"),
        filename=f"job-aid-{module.slug}.pdf",
        content_type="application/pdf",
    )
