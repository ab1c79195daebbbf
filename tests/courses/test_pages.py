"""Wagtail's own assertions for every course page type: tree rules, routing, rendering,
previews."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.quizzes.models import QuizPage
from lms.models import HomePage

pytestmark = pytest.mark.django_db


def test_tree_rules(page_asserts):
    page_asserts.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
    page_asserts.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
    page_asserts.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
    page_asserts.assertAllowedSubpageTypes(CoursePage, {ModulePage, QuizPage})
    page_asserts.assertAllowedParentPageTypes(ModulePage, {CoursePage})
    page_asserts.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})
    page_asserts.assertAllowedParentPageTypes(LessonPage, {ModulePage})
    page_asserts.assertAllowedSubpageTypes(LessonPage, set())
    page_asserts.assertAllowedParentPageTypes(QuizPage, {ModulePage, CoursePage})


def test_can_create_at(page_asserts):
    page_asserts.assertCanCreateAt(CourseIndexPage, CoursePage)
    page_asserts.assertCanCreateAt(CoursePage, ModulePage)
    page_asserts.assertCanCreateAt(CoursePage, QuizPage)
    page_asserts.assertCanCreateAt(ModulePage, LessonPage)
    page_asserts.assertCanCreateAt(ModulePage, QuizPage)
    page_asserts.assertCanNotCreateAt(CourseIndexPage, LessonPage)
    page_asserts.assertCanNotCreateAt(CoursePage, LessonPage)
    page_asserts.assertCanNotCreateAt(LessonPage, LessonPage)
    page_asserts.assertCanNotCreateAt(Page, CoursePage)


def test_only_one_catalogue():
    home = HomePage.objects.get()
    assert CourseIndexPage.objects.count() == 1
    assert not CourseIndexPage.can_create_at(home)


def test_catalogue_created_by_migration():
    index = CourseIndexPage.objects.get(slug="courses")
    assert index.live
    assert index.get_parent().specific_class is HomePage
    assert index.url == "/courses/"


def test_every_page_type_is_routable_and_renderable(page_asserts, course_tree, enrolled):
    learner = enrolled.user
    pages = [course_tree.index, course_tree.course, course_tree.modules[0], course_tree.lessons[0]]
    for page in pages:
        page_asserts.assertPageIsRoutable(page)
        page_asserts.assertPageIsRenderable(page, user=learner)
    for public in pages[:3]:
        page_asserts.assertPageIsRenderable(public)


def test_lesson_is_renderable_only_for_learners(page_asserts, course_tree):
    lesson = course_tree.lessons[0]
    with pytest.raises(AssertionError):
        page_asserts.assertPageIsRenderable(lesson)
    page_asserts.assertPageIsRenderable(lesson, accept_redirect=True)


def test_every_page_type_is_previewable(
    page_asserts, client, course_tree, lead_trainer, admin_form_data
):
    pages = [course_tree.index, course_tree.course, course_tree.modules[0], course_tree.lessons[0]]
    for page in pages:
        client.force_login(lead_trainer)
        _url, data = admin_form_data(client, page)
        page_asserts.assertPageIsPreviewable(page, user=lead_trainer, post_data=data)


def test_lesson_preview_shows_the_body_to_an_editor(client, course_tree, trainer, admin_form_data):
    """The gate lets previews through: editors are not enrolled learners."""
    lesson = course_tree.lessons[0]
    client.force_login(trainer)
    _url, data = admin_form_data(client, lesson)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    assert client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Who crosses at your station?" in response.content.decode()
    assert "Enrol on this course" not in response.content.decode()


def test_every_page_type_is_editable(
    page_asserts, client, course_tree, lead_trainer, admin_form_data
):
    for page in [
        course_tree.index,
        course_tree.course,
        course_tree.modules[0],
        course_tree.lessons[0],
    ]:
        client.force_login(lead_trainer)
        _url, data = admin_form_data(client, page)
        page_asserts.assertPageIsEditable(page, user=lead_trainer, post_data=data)


def test_every_field_has_help_text():
    for model in (CourseIndexPage, CoursePage, ModulePage, LessonPage):
        own = [f for f in model._meta.get_fields(include_parents=False) if f.concrete]
        for field in own:
            if field.name.endswith("_ptr"):
                continue
            assert field.help_text, f"{model.__name__}.{field.name} has no help text"
