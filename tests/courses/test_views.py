"""The learner side through the test client: gate, enrol, mark complete, continue,
catalogue, dashboard, bad input."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Enrolment, LessonCompletion
from courses.services import enrolment_create, lesson_complete
from tests.factories import build_course

pytestmark = pytest.mark.django_db


def enrol_url(course):
    return reverse("courses:enrol", args=[course.pk])


def complete_url(lesson):
    return reverse("courses:lesson_complete", args=[lesson.pk])


# --- the gate on lesson pages ------------------------------------------------------


def test_lesson_needs_login(client, course_tree):
    lesson = course_tree.lessons[0]
    response = client.get(lesson.url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert lesson.url in response["Location"]


def test_lesson_needs_complete_profile(client, user_factory, course_tree):
    client.force_login(user_factory())
    response = client.get(course_tree.lessons[0].url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("people:profile"))


def test_lesson_shows_enrol_form_when_not_enrolled(client, learner, course_tree):
    client.force_login(learner)
    lesson = course_tree.lessons[1]
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Enrol on this course" in html
    assert f'value="{lesson.url}"' in html  # back here after enrolling
    assert "Who crosses at your duty station?" not in html  # no body
    assert "Mark as complete" not in html


def test_one_click_enrol_from_a_lesson(client, learner, course_tree):
    client.force_login(learner)
    lesson = course_tree.lessons[1]
    response = client.post(enrol_url(course_tree.course), {"next": lesson.url})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == lesson.url
    assert Enrolment.objects.filter(user=learner, course=course_tree.course).exists()
    html = client.get(lesson.url).content.decode()
    assert "Who crosses at your duty station?" in html
    assert "Mark as complete" in html


def test_enrol_ignores_an_offsite_next(client, learner, course_tree):
    client.force_login(learner)
    response = client.post(enrol_url(course_tree.course), {"next": "https://evil.example/"})
    assert response["Location"] == course_tree.lessons[0].url


def test_enrol_reaches_the_first_step_in_one_redirect(client, learner, quiz_course):
    client.force_login(learner)
    response = client.post(enrol_url(quiz_course.course), follow=True)
    assert response.redirect_chain == [(quiz_course.pretest.url, HTTPStatus.FOUND)]
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "You are enrolled on “Border management”." in html
    # Focus goes to the confirmation (static/js/focus.js).
    assert '<div class="messages" role="status" tabindex="-1" data-focus>' in html
    assert "js/focus.js" in html


def test_enrol_without_a_pretest_lands_on_the_first_lesson(client, learner, course_tree):
    client.force_login(learner)
    response = client.post(enrol_url(course_tree.course), follow=True)
    assert response.redirect_chain == [(course_tree.lessons[0].url, HTTPStatus.FOUND)]


def test_courses_links_point_straight_at_the_catalogue(client, enrolled, quiz_course):
    """Header and breadcrumbs link /courses/ itself, never /catalogue/ (a redirect)."""
    from courses.catalogue import CATALOGUE_URL

    assert quiz_course.index.url == CATALOGUE_URL
    client.force_login(enrolled.user)
    enrolment_create(user=enrolled.user, course=quiz_course.course)
    pages = [
        "/",
        CATALOGUE_URL,
        quiz_course.course.url,
        quiz_course.modules[0].url,
        quiz_course.lessons[0].url,
        quiz_course.final_quiz.url,
        reverse("courses:my_learning"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{CATALOGUE_URL}">Courses</a>' in html, url
        assert "/catalogue/" not in html, url
    # Old links still arrive, in one redirect.
    response = client.get("/catalogue/?area=border_management", follow=True)
    assert response.redirect_chain == [
        (f"{CATALOGUE_URL}?area=border_management", HTTPStatus.FOUND)
    ]


def test_the_catalogue_slug_cannot_change(course_tree):
    from django.core.exceptions import ValidationError

    index = course_tree.index
    index.slug = "catalogue"
    with pytest.raises(ValidationError, match="must stay"):
        index.full_clean()


def test_enrol_with_incomplete_profile_goes_to_profile(client, user_factory, course_tree):
    client.force_login(user_factory())
    response = client.post(enrol_url(course_tree.course))
    assert response["Location"].startswith(reverse("people:profile"))
    assert not Enrolment.objects.exists()


def test_enrol_anonymous_goes_to_login(client, course_tree):
    response = client.post(enrol_url(course_tree.course))
    assert response["Location"].startswith(reverse("account_login"))
    assert not Enrolment.objects.exists()


def test_lesson_in_unpublished_course_is_not_found(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    course_tree.course.unpublish()
    response = client.get(course_tree.lessons[0].url)
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_lesson_in_unpublished_module_is_not_found(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    course_tree.modules[0].unpublish()
    response = client.get(course_tree.lessons[0].url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "not available" in response.content.decode()


def test_quiz_in_unpublished_module_is_not_found(
    client, learner, quiz_course, django_capture_on_commit_callbacks
):
    enrolment_create(user=learner, course=quiz_course.course)
    client.force_login(learner)
    quiz = quiz_course.module_quizzes[0]
    assert client.get(quiz.url).status_code == HTTPStatus.OK
    with django_capture_on_commit_callbacks(execute=True):
        quiz_course.modules[0].unpublish()
    response = client.get(quiz.url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "its course or module is not published" in response.content.decode()


# --- mark as complete ----------------------------------------------------------------


def test_mark_complete_goes_to_the_next_item(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    first, second = course_tree.lessons[:2]
    response = client.post(complete_url(first))
    assert response["Location"] == second.url
    assert LessonCompletion.objects.filter(user=enrolled.user, lesson=first).exists()
    html = client.get(first.url).content.decode()
    assert "You have completed this lesson." in html
    assert "1 of 4 steps complete (25%)" in html


def test_completing_the_last_lesson_completes_the_course(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    for lesson in course_tree.lessons:
        response = client.post(complete_url(lesson))
    assert response["Location"] == course_tree.course.url
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    html = client.get(course_tree.course.url).content.decode()
    assert "Completed" in html


def test_mark_complete_when_not_enrolled_is_forbidden_with_a_sentence(client, learner, course_tree):
    client.force_login(learner)
    response = client.post(complete_url(course_tree.lessons[0]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "You are not enrolled in this course." in response.content.decode()
    assert not LessonCompletion.objects.exists()


def test_mark_complete_on_unpublished_lesson_is_not_found(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    lesson = course_tree.lessons[0]
    lesson.unpublish()
    response = client.post(complete_url(lesson))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no published lesson with that number." in response.content.decode()
    response = client.post(reverse("courses:lesson_complete", args=[999999]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_mark_complete_anonymous_goes_to_login(client, course_tree):
    response = client.post(complete_url(course_tree.lessons[0]))
    assert response["Location"].startswith(reverse("account_login"))


def test_enrol_on_unknown_course_is_not_found(client, learner):
    client.force_login(learner)
    response = client.post(reverse("courses:enrol", args=[999999]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no published course with that number." in response.content.decode()


@pytest.mark.parametrize("name", ["courses:enrol", "courses:lesson_complete"])
def test_get_never_changes_state(client, enrolled, course_tree, name):
    client.force_login(enrolled.user)
    target = course_tree.course if name == "courses:enrol" else course_tree.lessons[0]
    response = client.get(reverse(name, args=[target.pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize("name", ["courses:enrol", "courses:lesson_complete"])
def test_posts_need_csrf(learner, course_tree, name):
    enrolment_create(user=learner, course=course_tree.course) if name != "courses:enrol" else None
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    target = course_tree.course if name == "courses:enrol" else course_tree.lessons[0]
    response = client.post(reverse(name, args=[target.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not LessonCompletion.objects.exists()
    if name == "courses:enrol":
        assert not Enrolment.objects.exists()


def test_forms_carry_a_csrf_token(client, learner, course_tree):
    client.force_login(learner)
    html = client.get(course_tree.lessons[0].url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


# --- continue where you left off -----------------------------------------------------


def test_continue_goes_to_where_the_learner_left_off(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    url = reverse("courses:continue", args=[course_tree.course.pk])
    assert client.get(url)["Location"] == course_tree.lessons[0].url
    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[1])
    assert client.get(url)["Location"] == course_tree.lessons[2].url
    for lesson in course_tree.lessons[2:]:
        lesson_complete(user=enrolled.user, lesson=lesson)
    assert client.get(url)["Location"] == course_tree.course.url


def test_continue_when_not_enrolled_goes_to_the_course(client, learner, course_tree):
    client.force_login(learner)
    response = client.get(reverse("courses:continue", args=[course_tree.course.pk]))
    assert response["Location"] == course_tree.course.url


# --- course and module pages ---------------------------------------------------------


def test_course_page_is_public_with_outline_and_enrol_button(client, course_tree):
    html = client.get(course_tree.course.url).content.decode()
    assert "Enrol on this course" in html
    for lesson in course_tree.lessons:
        assert lesson.title in html
    assert "Module 2" in html


def test_course_page_for_enrolled_learner(client, enrolled, course_tree):
    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    client.force_login(enrolled.user)
    html = client.get(course_tree.course.url).content.decode()
    assert "Continue where you left off" in html
    assert '<progress id="course-progress" max="100" value="25">' in html
    assert "Enrol on this course" not in html
    assert html.count('class="badge ok">Done<') == 1


def test_course_page_offers_start_before_any_progress(client, enrolled, course_tree):
    client.force_login(enrolled.user)
    html = client.get(course_tree.course.url).content.decode()
    assert "Start the course" in html
    assert "Next: Lesson 1.1" in html


def test_lesson_previous_and_next_cross_modules(client, enrolled, quiz_course):
    enrolment_create(user=enrolled.user, course=quiz_course.course)
    client.force_login(enrolled.user)
    html = client.get(quiz_course.lessons[2].url).content.decode()  # first of module 2
    assert f'href="{quiz_course.module_quizzes[0].url}" rel="prev"' in html
    assert f'href="{quiz_course.lessons[3].url}" rel="next"' in html
    html = client.get(quiz_course.lessons[0].url).content.decode()
    assert f'href="{quiz_course.pretest.url}" rel="prev"' in html


def test_module_page_is_public(client, course_tree):
    response = client.get(course_tree.modules[1].url)
    assert response.status_code == HTTPStatus.OK
    assert "Lesson 2.1" in response.content.decode()


# --- catalogue -------------------------------------------------------------------------


@pytest.fixture
def three_courses(db):
    return [
        build_course(
            title="Journeys and returns", thematic_area="migration_cycle", audience="both"
        ),
        build_course(title="Health at PoE", thematic_area="migration_health", audience="county"),
        build_course(title="OSBPs", thematic_area="border_management", audience="national"),
    ]


def catalogue_titles(client, query=""):
    response = client.get(f"/courses/{query}")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    return {t for t in ("Journeys and returns", "Health at PoE", "OSBPs") if t in html}, html


def test_catalogue_filters(client, three_courses):
    assert catalogue_titles(client)[0] == {"Journeys and returns", "Health at PoE", "OSBPs"}
    assert catalogue_titles(client, "?area=migration_health")[0] == {"Health at PoE"}
    assert catalogue_titles(client, "?audience=county")[0] == {
        "Journeys and returns",
        "Health at PoE",
    }
    assert catalogue_titles(client, "?audience=both")[0] == {"Journeys and returns"}
    titles, _ = catalogue_titles(client, "?area=border_management&audience=county")
    assert titles == set()


@pytest.mark.parametrize(
    "query", ["?area=astrology", "?audience=martians", "?area=%00%ff", "?area=" + "x" * 5000]
)
def test_catalogue_unknown_filter_shows_all_with_a_message(client, three_courses, query):
    titles, html = catalogue_titles(client, query)
    assert titles == {"Journeys and returns", "Health at PoE", "OSBPs"}
    assert "We did not recognise one of the filters" in html


def test_catalogue_redirect_keeps_filters(client):
    response = client.get(reverse("courses:catalogue") + "?area=migration_health")
    assert response["Location"] == "/courses/?area=migration_health"


def test_anonymous_catalogue_is_cached_and_dropped_on_publish(
    client, three_courses, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    catalogue_titles(client)
    # Served from the cache before Wagtail finds the site or routes: no query at all.
    with django_assert_max_num_queries(0):
        titles, _ = catalogue_titles(client)
    assert "OSBPs" in titles

    with django_capture_on_commit_callbacks(execute=True):
        three_courses[2].course.unpublish()
    assert catalogue_titles(client)[0] == {"Journeys and returns", "Health at PoE"}
    with django_capture_on_commit_callbacks(execute=True):
        new = build_course(title="Remittances", thematic_area="migration_cycle", live=False)
        new.course.save_revision().publish()
    assert "Remittances" in catalogue_titles(client)[1]


def test_cached_catalogue_still_carries_the_security_headers(client, three_courses):
    client.get("/courses/")
    cached = client.get("/courses/")
    assert "script-src 'self'" in cached["Content-Security-Policy"]
    assert cached["X-Frame-Options"] == "DENY"


def test_logged_in_catalogue_is_not_cached_and_shows_enrolments(client, learner, three_courses):
    catalogue_titles(client)  # fills the anonymous cache
    enrolment_create(user=learner, course=three_courses[0].course)
    client.force_login(learner)
    _, html = catalogue_titles(client)
    assert "Enrolled" in html
    assert "Log out" in html


# --- My learning ---------------------------------------------------------------------


def test_my_learning_needs_login(client):
    response = client.get(reverse("courses:my_learning"))
    assert response["Location"].startswith(reverse("account_login"))


def test_my_learning_shows_progress_and_certificates(client, enrolled, course_tree):
    from certificates.models import Certificate

    other = build_course(title="Migration health")
    done = enrolment_create(user=enrolled.user, course=other.course)
    for lesson in other.lessons:
        lesson_complete(user=enrolled.user, lesson=lesson)
    lesson_complete(user=enrolled.user, lesson=course_tree.lessons[0])
    done.refresh_from_db()
    Certificate.objects.update_or_create(
        user=enrolled.user,
        course=other.course,
        defaults={
            "code": "JU7K2M9QX4",
            "enrolment": done,
            "holder_name": "Achieng' Otieno",
            "course_title": other.course.title,
            "completed_on": done.completed_at.date(),
        },
    )
    client.force_login(enrolled.user)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Migration basics" in html and "Migration health" in html
    assert '<progress id="progress-' in html
    assert "1 of 4 steps complete (25%)" in html
    assert "4 of 4 steps complete (100%)" in html
    assert "Certificate" in html
    assert "Continue where you left off" in html


def test_my_learning_empty(client, learner):
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "You are not enrolled on any course yet." in html


def test_pages_show_100_percent_only_when_the_required_quizzes_are_passed(
    client, learner, quiz_course, attempt_factory
):
    enrolment_create(user=learner, course=quiz_course.course)
    for lesson in quiz_course.lessons:
        lesson_complete(user=learner, lesson=lesson)
    client.force_login(learner)
    pages = [quiz_course.course.url, quiz_course.lessons[0].url, reverse("courses:my_learning")]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Progress: 4 of 7 steps complete (57%)" in html, url
        assert "(100%)" not in html, url

    for quiz in [*quiz_course.module_quizzes, quiz_course.final_quiz]:
        attempt_factory(user=learner, quiz=quiz, score=90)
    for url in pages:
        assert "Progress: 7 of 7 steps complete (100%)" in client.get(url).content.decode(), url
