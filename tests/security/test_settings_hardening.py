"""Privacy without shared passwords, the document allowlist and __Host- cookies."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from .production import last_line, production_setting

EVERY_PAGE_OPTION = [
    PageViewRestriction.PASSWORD,
    PageViewRestriction.LOGIN,
    PageViewRestriction.GROUPS,
]


def test_page_privacy_offers_no_shared_password():
    form = PageViewRestrictionForm(private_page_options=EVERY_PAGE_OPTION)
    offered = [value for value, _label in form.fields["restriction_type"].choices]
    assert PageViewRestriction.PASSWORD not in offered
    assert PageViewRestriction.LOGIN in offered
    assert PageViewRestriction.GROUPS in offered
    assert "password" not in form.fields


@pytest.mark.django_db
def test_page_privacy_refuses_a_posted_shared_password():
    form = PageViewRestrictionForm(
        data={"restriction_type": PageViewRestriction.PASSWORD, "password": "letmein"},
        private_page_options=EVERY_PAGE_OPTION,
    )
    assert not form.is_valid()
    assert "restriction_type" in form.errors


def test_document_collection_privacy_offers_no_shared_password():
    form = CollectionViewRestrictionForm()
    offered = [value for value, _label in form.fields["restriction_type"].choices]
    assert PageViewRestriction.PASSWORD not in offered
    assert "password" not in form.fields


@pytest.mark.parametrize(
    "name", ["page.html", "page.htm", "drawing.svg", "script.js", "notes.txt", "archive.zip"]
)
@pytest.mark.django_db
def test_documents_outside_the_allowlist_are_refused(name):
    document = Document(title="Upload", file=SimpleUploadedFile(name, b"<svg onload=x>"))
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "file" in refused.value.message_dict


@pytest.mark.parametrize(
    "name", ["guide.pdf", "form.docx", "roster.xlsx", "slides.pptx", "notes.odt", "map.png"]
)
@pytest.mark.django_db
def test_documents_on_the_allowlist_are_accepted(name):
    document = Document(title="Upload", file=SimpleUploadedFile(name, b"content"))
    document.full_clean()


@pytest.mark.parametrize(
    ("setting", "value"),
    [("SESSION_COOKIE_NAME", "__Host-sessionid"), ("CSRF_COOKIE_NAME", "__Host-csrftoken")],
)
def test_production_cookies_carry_the_host_prefix(setting, value):
    result = production_setting(setting, TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    assert last_line(result) == value
