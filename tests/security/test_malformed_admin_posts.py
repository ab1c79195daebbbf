"""Issue 16: a malformed value posted to the Wagtail editor (a Draftail rich-text value
that is not JSON, a StreamField whose form data cannot be read) answers 400 with our
plain error page, not a 500."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from tests.factories import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client, user_factory):
    user = user_factory(groups=["Trainer"])
    client.force_login(user)
    return user


@pytest.fixture
def built(db):
    return build_course(title="Border management basics", modules=1, lessons_per_module=1)


def edit_form(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()


def test_the_unchanged_form_saves(client, trainer, built):
    # The baseline: the same form, as the editor sent it, is accepted.
    url, data = edit_form(client, built.modules[0])
    assert client.post(url, data).status_code == 302


def test_malformed_rich_text_answers_400(client, trainer, built):
    url, data = edit_form(client, built.modules[0])
    data["job_aid"] = '{"blocks": [{"text": "unterminated'
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "could not be read" in html and "Traceback" not in html


def test_malformed_streamfield_answers_400(client, trainer, built):
    url, data = edit_form(client, built.lessons[0])
    data["body-count"] = "many"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
