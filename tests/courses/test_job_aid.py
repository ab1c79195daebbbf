"""The module job aid: a one-page PDF rendered once per published revision, linked from
the module page."""

import pytest
from django.urls import reverse
from weasyprint import HTML

from courses.job_aids import job_aid_html
from courses.models import JobAidFile
from tests.factories import build_course

pytestmark = pytest.mark.django_db

JOB_AID = (
    "<h3>First hour</h3><ol><li>Move the child to a <b>safe, private</b> place.</li>"
    "<li>Call the child helpline 116.</li></ol>"
    '<p>Guidance: <a href="https://example.org/guide">the national guidelines</a>.</p>'
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def course():
    return build_course(modules=2, lessons_per_module=1)


@pytest.fixture
def module(course):
    module = course.modules[0]
    module.job_aid_title = "First hour with a separated child"
    module.job_aid = JOB_AID
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def url(module):
    return reverse("courses:job_aid", args=[module.pk])


def test_the_job_aid_is_one_printed_page_with_title_course_and_text(course, module):
    html = job_aid_html(
        module=module, course=course.course, revision_date=module.live_revision.created_at
    )

    assert "<h1>First hour with a separated child</h1>" in html
    assert f"{course.course.title} · {module.title}" in html
    assert "<li>Call the child helpline 116.</li>" in html
    assert len(HTML(string=html).render().pages) == 1


def test_the_pdf_is_rendered_once_per_revision_and_then_served_from_storage(client, module):
    first = client.get(url(module))

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert b"".join(first.streaming_content).startswith(b"%PDF")
    stored = JobAidFile.objects.get()
    assert stored.revision_id == module.live_revision_id

    second = client.get(url(module))
    assert b"".join(second.streaming_content).startswith(b"%PDF")
    assert JobAidFile.objects.get().pdf.name == stored.pdf.name


def test_publishing_a_new_revision_renders_a_new_pdf(client, module):
    client.get(url(module))
    module.job_aid = "<p>Revised steps.</p>"
    module.save_revision().publish()
    module.refresh_from_db()

    assert client.get(url(module)).status_code == 200

    assert JobAidFile.objects.count() == 2
    assert JobAidFile.objects.filter(revision_id=module.live_revision_id).exists()


def test_the_module_page_links_to_its_job_aid(client, course, module):
    page = client.get(module.url).content.decode()
    assert f'<a href="{url(module)}">First hour with a separated child</a>' in page

    other = client.get(course.modules[1].url).content.decode()
    assert "job-aid.pdf" not in other


def test_a_module_without_a_job_aid_has_none(client, course):
    response = client.get(url(course.modules[1]))
    assert response.status_code == 404
    assert "This module has no published job aid." in response.content.decode()


def test_no_job_aid_while_the_course_is_unpublished(client, course, module):
    course.course.unpublish()
    assert client.get(url(module)).status_code == 404
    assert not JobAidFile.objects.exists()
