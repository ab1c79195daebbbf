"""Authoring: trainers draft and submit, lead trainers approve and publish."""

import pytest
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from courses.models import CourseIndexPage, LessonPage
from tests.factories import add_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def edit_form_data(admin_form_data):
    return admin_form_data


@pytest.fixture
def draft_lesson(course_tree):
    return add_lesson(course_tree.modules[0], title="Draft lesson", live=False)


def test_permissions_granted_on_the_catalogue():
    index = CourseIndexPage.objects.get()
    granted = {
        (name, codename)
        for name, codename in GroupPagePermission.objects.filter(page=index).values_list(
            "group__name", "permission__codename"
        )
    }
    assert ("Trainer", "add_page") in granted
    assert ("Trainer", "change_page") in granted
    assert ("Trainer", "publish_page") not in granted
    assert ("Lead trainer", "publish_page") in granted
    assert ("Administrator", "publish_page") in granted
    assert index.get_workflow().name == "Course review"
    media = set(
        GroupCollectionPermission.objects.filter(group__name="Trainer").values_list(
            "permission__codename", flat=True
        )
    )
    assert media == {"add_image", "choose_image", "add_document", "choose_document"}


def test_workflow_covers_the_whole_course_tree(course_tree):
    assert course_tree.lessons[0].get_workflow().name == "Course review"


def test_trainer_can_edit_and_submit_but_not_publish(client, trainer, draft_lesson, edit_form_data):
    perms = draft_lesson.permissions_for_user(trainer)
    assert perms.can_edit() and not perms.can_publish()

    client.force_login(trainer)
    url, data = edit_form_data(client, draft_lesson, title="Draft lesson, revised")
    data["action-publish"] = "action-publish"
    client.post(url, data)
    draft_lesson.refresh_from_db()
    assert not draft_lesson.live
    assert draft_lesson.draft_title == "Draft lesson, revised"
    assert not WorkflowState.objects.filter(object_id=str(draft_lesson.pk)).exists()

    url, data = edit_form_data(client, draft_lesson)
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(draft_lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Lead trainer review"
    draft_lesson.refresh_from_db()
    assert not draft_lesson.live


def test_lead_trainer_approves_and_the_lesson_goes_live(
    client, trainer, lead_trainer, draft_lesson, edit_form_data
):
    client.force_login(trainer)
    url, data = edit_form_data(client, draft_lesson)
    data["action-submit"] = "action-submit"
    client.post(url, data)
    state = WorkflowState.objects.get(object_id=str(draft_lesson.pk))

    # A trainer cannot approve their own submission.
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft_lesson.pk, "approve", state.current_task_state.pk],
    )
    client.post(action_url, {"comment": ""})
    draft_lesson.refresh_from_db()
    assert not draft_lesson.live

    client.force_login(lead_trainer)
    response = client.post(action_url, {"comment": "Clear and accurate."})
    assert response.status_code in (200, 302)
    draft_lesson.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert draft_lesson.live


def test_lead_trainer_may_publish_directly(client, lead_trainer, draft_lesson, edit_form_data):
    client.force_login(lead_trainer)
    url, data = edit_form_data(client, draft_lesson)
    data["action-publish"] = "action-publish"
    client.post(url, data)
    assert LessonPage.objects.get(pk=draft_lesson.pk).live


def test_trainer_can_create_a_lesson_as_a_draft(client, trainer, course_tree):
    module = course_tree.modules[1]
    client.force_login(trainer)
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    fields = nested_form_data(
        {
            "title": "Referral pathways",
            "slug": "referral-pathways",
            "estimated_minutes": "15",
            "body": streamfield([("paragraph", rich_text("<p>Refer early.</p>"))]),
            "action-publish": "action-publish",
        }
    )
    for key, value in fields.items():
        data[key] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = LessonPage.objects.get(slug="referral-pathways")
    assert not lesson.live
