import datetime
from http import HTTPStatus
from pathlib import Path

import pytest
from django.utils import timezone

from certificates.codes import code_format
from certificates.models import Certificate
from certificates.ratelimit import VERIFY_LIMIT_PER_MINUTE
from certificates.services import certificates_anonymise

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, certificate_factory):
    return certificate_factory(learner)


def page(client, code):
    return client.get(f"/certificates/verify/{code}/")


def assert_noindex_light_no_js(response):
    html = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<script" not in html.lower()
    assert len(response.content) < 20_000


def test_valid_certificate_shows_name_course_dates_and_issuer_only(client, certificate, learner):
    response = page(client, certificate.code)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Valid: this certificate is genuine" in html
    assert "Wanjiru Ng&#x27;ang&#x27;a" in html
    assert "Migration health at points of entry" in html
    assert "31 March 2026" in html and "31 March 2028" in html
    assert "State Department for Immigration and Citizen Services, Republic of Kenya" in html
    assert code_format(certificate.code) in html
    # Nothing else personal.
    assert learner.email not in html
    assert "Busia" not in html and certificate.agency_name not in html
    assert "85" not in html  # the score
    assert_noindex_light_no_js(response)


def test_whole_page_with_stylesheet_is_under_20_kb(client, certificate):
    from django.contrib.staticfiles import finders

    response = page(client, certificate.code)
    css = Path(finders.find("css/site.css")).read_bytes()
    assert len(response.content) + len(css) < 20_000


def test_typed_forms_of_the_code_all_verify(client, certificate):
    printed = code_format(certificate.code)
    for typed in (printed, printed.lower(), certificate.code.lower()):
        assert page(client, typed).status_code == HTTPStatus.OK


def test_expired_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = page(client, certificate.code).content.decode()
    assert "Expired: this certificate was genuine but is no longer in force." in html


def test_revoked_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revoked_reason="Issued in error"
    )
    response = page(client, certificate.code)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Revoked: this certificate has been withdrawn" in html
    assert "Issued in error" not in html


def test_holder_removed_shows_no_name(client, certificate, learner):
    certificates_anonymise(learner)
    html = page(client, certificate.code).content.decode()
    assert "Holder record removed" in html
    assert "Wanjiru" not in html
    assert "Valid" in html


def test_typo_is_caught_by_the_check_character_without_a_lookup(
    client, certificate, django_assert_num_queries
):
    code = certificate.code
    typo = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    with django_assert_num_queries(0):
        response = page(client, typo)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This code has a typing error" in response.content.decode()
    assert_noindex_light_no_js(response)


def test_malformed_code_gets_a_sentence(client):
    response = page(client, "not-a-code")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "A certificate code has 14 letters and digits" in response.content.decode()


def test_unknown_code_is_a_helpful_404(client, certificate):
    from certificates.codes import code_generate

    response = page(client, code_generate())
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "No certificate with this code" in html
    assert "Check each character" in html
    assert_noindex_light_no_js(response)


def test_form_page_and_get_submission(client, certificate):
    response = client.get("/certificates/verify/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<label for="id_code">' in html and 'method="get"' in html
    assert_noindex_light_no_js(response)

    response = client.get("/certificates/verify/", {"code": code_format(certificate.code).lower()})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"


def test_form_submission_with_a_typo_or_nothing(client, certificate):
    typo = certificate.code[:-1] + ("0" if certificate.code[-1] != "0" else "1")
    response = client.get("/certificates/verify/", {"code": typo})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This code has a typing error" in response.content.decode()
    response = client.get("/certificates/verify/", {"code": "  "})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Enter the code printed on the certificate" in response.content.decode()


def test_hostile_typed_code_is_escaped(client):
    response = client.get("/certificates/verify/", {"code": "<script>alert(1)</script>"})
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_verification_is_rate_limited_per_ip(client, certificate):
    for _ in range(VERIFY_LIMIT_PER_MINUTE):
        assert page(client, certificate.code).status_code == HTTPStatus.OK
    response = page(client, certificate.code)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Wait a minute, then try again." in response.content.decode()
    assert response["Retry-After"] == "60"
    # Another address is not affected.
    other = client.get(f"/certificates/verify/{certificate.code}/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == HTTPStatus.OK


def test_verification_limit_counts_each_client_behind_the_proxy(settings, client, certificate):
    from tests.security.test_client_address import ATTACKER, COLLEAGUE, via_proxy

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = f"/certificates/verify/{certificate.code}/"
    for number in range(VERIFY_LIMIT_PER_MINUTE):
        response = client.get(url, **via_proxy(ATTACKER, spoofed=f"10.0.0.{number}"))
        assert response.status_code == HTTPStatus.OK
    spoofed = client.get(url, **via_proxy(ATTACKER, spoofed="10.0.0.250"))
    assert spoofed.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert client.get(url, **via_proxy(COLLEAGUE)).status_code == HTTPStatus.OK


def test_verify_does_not_change_state_and_refuses_post(client, certificate):
    before = Certificate.objects.values().get(pk=certificate.pk)
    page(client, certificate.code)
    assert Certificate.objects.values().get(pk=certificate.pk) == before
    assert client.post(f"/certificates/verify/{certificate.code}/").status_code == 405


def test_verify_page_query_count(client, certificate, django_assert_max_num_queries):
    page(client, certificate.code)  # the first visit creates the settings row
    # The certificate, the site, the settings.
    with django_assert_max_num_queries(3):
        page(client, certificate.code)
