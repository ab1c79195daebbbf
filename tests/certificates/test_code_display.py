"""The code reads the same everywhere: in groups with dashes, as printed on the PDF."""

import re

import pytest
from django.urls import reverse

from certificates.codes import code_format
from certificates.services import certificate_render

pytestmark = pytest.mark.django_db


def test_code_display_is_the_printed_form(learner, certificate_factory):
    certificate = certificate_factory(learner)
    assert certificate.code_display == code_format(certificate.code)
    assert re.fullmatch(
        r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", certificate.code_display
    )


def test_my_learning_shows_the_code_with_its_dashes(client, learner, certificate_factory):
    certificate = certificate_render(certificate=certificate_factory(learner))
    client.force_login(learner)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert f"code {certificate.code_display}" in html
    assert f"code {certificate.code} " not in html
