import io
import uuid
import zipfile
from http import HTTPStatus

import pytest

from certificates.bulk import MISSING_NOTE, certificates_zip_write
from certificates.codes import code_format
from certificates.models import Certificate
from certificates.services import certificate_render
from certificates.storage import certificate_storage
from lms.people import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(learner, certificate_factory):
    return certificate_render(certificate=certificate_factory(learner))


def download(client, certificate):
    return client.get(f"/certificates/{certificate.uuid}/download/")


def stored(certificate) -> bytes:
    with certificate_storage().open(certificate.pdf.name, "rb") as handle:
        return handle.read()


def test_owner_downloads_the_stored_file_without_a_render(client, learner, ready, render_calls):
    client.force_login(learner)
    response = download(client, ready)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{code_format(ready.code)}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == stored(ready)
    assert render_calls == []


def test_download_query_count(client, learner, ready, django_assert_max_num_queries):
    client.force_login(learner)
    # The session, then the certificate with its holder (who is the request's user);
    # nothing per byte or per page of the PDF.
    with django_assert_max_num_queries(3):
        response = download(client, ready)
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ],
)
def test_holder_downloads_with_each_session_engine(
    client, learner, ready, settings, engine, django_assert_max_num_queries
):
    settings.SESSION_ENGINE = engine
    client.force_login(learner)
    with django_assert_max_num_queries(3):
        response = download(client, ready)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == stored(ready)


def test_holder_whose_password_changed_since_login_is_sent_to_log_in(
    client, learner, ready, password
):
    client.force_login(learner)
    learner.set_password(password + "-changed")
    learner.save()
    response = download(client, ready)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    # Django's own check ended the stale session.
    assert "_auth_user_id" not in client.session


def test_deactivated_holder_is_sent_to_log_in(client, learner, ready):
    client.force_login(learner)
    learner.is_active = False
    learner.save()
    response = download(client, ready)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_holder_logged_in_through_a_backend_no_longer_allowed_is_sent_to_log_in(
    client, learner, ready, settings
):
    client.force_login(learner, backend="allauth.account.auth_backends.AuthenticationBackend")
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    response = download(client, ready)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_download_sets_the_file_size(client, learner, ready):
    client.force_login(learner)
    response = download(client, ready)
    assert int(response["Content-Length"]) == len(stored(ready))


def test_proxy_sending_is_off_by_default(client, learner, ready, settings):
    assert not getattr(settings, "CERTIFICATES_X_ACCEL_REDIRECT", "")
    client.force_login(learner)
    response = download(client, ready)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == stored(ready)


def test_the_proxy_sends_the_file_when_configured(client, learner, ready, settings):
    settings.CERTIFICATES_X_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(learner)
    response = download(client, ready)
    assert response.status_code == HTTPStatus.OK
    assert response["X-Accel-Redirect"] == f"/protected-media/{ready.pdf.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{code_format(ready.code)}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_the_proxy_is_not_asked_for_someone_elses_certificate(
    client, learner_factory, ready, settings
):
    settings.CERTIFICATES_X_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(learner_factory(full_name="Otieno Odhiambo"))
    response = download(client, ready)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "X-Accel-Redirect" not in response


def test_download_url_name(ready):
    from django.urls import reverse

    assert reverse("certificates:download", kwargs={"uuid": ready.uuid}) == (
        f"/certificates/{ready.uuid}/download/"
    )


def test_pending_certificate_shows_a_being_prepared_page(
    client, learner, certificate_factory, render_calls
):
    certificate = certificate_factory(learner)
    client.force_login(learner)
    response = download(client, certificate)
    assert response.status_code == HTTPStatus.ACCEPTED
    assert "Your certificate is being prepared" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert render_calls == []


def test_anonymous_is_sent_to_log_in(client, ready, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = download(client, ready)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/accounts/login/?next=/certificates/{ready.uuid}/download/"


def test_other_learner_gets_404(client, learner_factory, ready):
    client.force_login(learner_factory(full_name="Otieno Odhiambo"))
    assert download(client, ready).status_code == HTTPStatus.NOT_FOUND


def test_unknown_uuid_is_404(client, learner):
    client.force_login(learner)
    assert client.get(f"/certificates/{uuid.uuid4()}/download/").status_code == 404


@pytest.mark.parametrize(
    ("role", "county_code", "expected"),
    [
        (roles.HR_COUNTY, "040", HTTPStatus.OK),  # Busia HR, Busia learner
        (roles.HR_COUNTY, "047", HTTPStatus.NOT_FOUND),  # Nairobi HR
        (roles.HR_NATIONAL, "047", HTTPStatus.OK),
        (roles.ADMINISTRATOR, "047", HTTPStatus.OK),
        (roles.TRAINER, "040", HTTPStatus.NOT_FOUND),
        (roles.LEAD_TRAINER, "040", HTTPStatus.NOT_FOUND),
    ],
)
def test_staff_download_scope(client, staff_factory, ready, role, county_code, expected):
    from lms.people.models import County

    viewer = staff_factory(role, county=County.objects.get(code=county_code))
    client.force_login(viewer)
    response = download(client, ready)
    assert response.status_code == expected
    if expected == HTTPStatus.OK:
        assert b"".join(response.streaming_content) == stored(ready)


def test_hr_without_two_factor_is_sent_to_set_it_up(client, staff_factory, ready):
    client.force_login(staff_factory(roles.HR_NATIONAL, mfa=False))
    response = download(client, ready)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/2fa/" in response["Location"]


def test_my_certificates_lists_downloads(client, learner, ready, django_assert_max_num_queries):
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        response = client.get("/certificates/")
    html = response.content.decode()
    assert f"/certificates/{ready.uuid}/download/" in html
    assert code_format(ready.code) in html


# --- ZIP ---


@pytest.fixture
def two_counties(learner_factory, certificate_factory, nairobi):
    busia_learner = learner_factory(full_name="Achieng Busia")
    nairobi_learner = learner_factory(full_name="Kamau Nairobi", county=nairobi)
    pending_learner = learner_factory(full_name="Pending Person")
    busia = certificate_render(certificate=certificate_factory(busia_learner))
    nairobi_cert = certificate_render(certificate=certificate_factory(nairobi_learner))
    pending = certificate_factory(pending_learner)
    return {"busia": busia, "nairobi": nairobi_cert, "pending": pending}


def read_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_zip_writer_streams_stored_pdfs_and_lists_missing(two_counties, render_calls):
    buffer = io.BytesIO()
    result = certificates_zip_write(certificates=Certificate.objects.all(), fileobj=buffer)
    archive = read_zip(buffer.getvalue())
    names = archive.namelist()
    busia = two_counties["busia"]
    expected_name = (
        f"Migration-health-at-points-of-entry/Achieng-Busia-{code_format(busia.code)}.pdf"
    )
    assert expected_name in names
    assert archive.read(expected_name) == stored(busia)
    assert result["included"] == 2
    assert result["missing"] == [code_format(two_counties["pending"].code)]
    assert code_format(two_counties["pending"].code) in archive.read(MISSING_NOTE).decode()
    assert render_calls == []


def test_county_hr_zip_has_only_their_county(client, staff_factory, busia, two_counties):
    client.force_login(staff_factory(roles.HR_COUNTY, county=busia))
    response = client.get("/certificates/zip/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    names = read_zip(b"".join(response.streaming_content)).namelist()
    assert any("Achieng-Busia" in name for name in names)
    assert not any("Kamau-Nairobi" in name for name in names)


def test_admin_zip_filters_by_course_and_date(client, staff_factory, two_counties):
    client.force_login(staff_factory(roles.ADMINISTRATOR))
    course_id = two_counties["busia"].course_id
    response = client.get("/certificates/zip/", {"course": course_id, "completed_to": "2026-12-31"})
    names = read_zip(b"".join(response.streaming_content)).namelist()
    assert len([name for name in names if name.endswith(".pdf")]) == 2
    response = client.get("/certificates/zip/", {"completed_from": "2027-01-01"})
    assert [n for n in read_zip(b"".join(response.streaming_content)).namelist()] == []


def test_zip_download_is_recorded_in_wagtails_log(client, staff_factory, two_counties):
    from wagtail.models import ModelLogEntry

    admin = staff_factory(roles.ADMINISTRATOR)
    client.force_login(admin)
    course_id = two_counties["busia"].course_id
    b"".join(client.get("/certificates/zip/", {"course": course_id}).streaming_content)
    entry = ModelLogEntry.objects.get(action="certificates.zip_download")
    assert entry.user_id == admin.pk
    assert entry.data["filters"] == {"course": str(course_id)}
    assert entry.data["included"] == 2


def test_zip_bad_filter_is_a_400_with_a_sentence(client, staff_factory):
    client.force_login(staff_factory(roles.ADMINISTRATOR))
    response = client.get("/certificates/zip/", {"completed_from": "31/12/2026"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "YYYY-MM-DD" in response.content.decode()


def test_learner_cannot_zip(client, learner):
    client.force_login(learner)
    assert client.get("/certificates/zip/").status_code == HTTPStatus.FORBIDDEN
