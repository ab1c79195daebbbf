import pytest

from certificates.codes import code_format
from certificates.models import Certificate, RenderStatus
from certificates.services import certificate_render
from certificates.storage import certificate_storage

pytestmark = pytest.mark.django_db


def test_export_lists_the_learners_certificates(learner, certificate_factory):
    from lms.people.personal_data import export_all

    certificate = certificate_factory(learner)
    exported = export_all(learner)["certificates"]
    assert len(exported) == 1
    row = exported[0]
    assert row["code"] == code_format(certificate.code)
    assert row["holder_name"] == "Wanjiru Ng'ang'a"
    assert row["course"] == "Migration health at points of entry"
    assert row["status"] == "valid"
    assert row["verification_url"].endswith(f"/certificates/verify/{certificate.code}/")


def test_account_deletion_removes_name_and_pdf_but_keeps_the_certificate(
    learner, certificate_factory, django_capture_on_commit_callbacks
):
    from lms.people.services import account_delete

    certificate = certificate_render(certificate=certificate_factory(learner))
    pdf_name = certificate.pdf.name
    assert certificate_storage().exists(pdf_name)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=learner)
    certificate.refresh_from_db()
    assert certificate.holder_removed and certificate.holder_name == ""
    assert certificate.user_id == learner.pk
    assert not certificate.pdf and certificate.render_status == RenderStatus.PENDING
    assert not certificate_storage().exists(pdf_name)
    # Still verifiable, and aggregate fields stay.
    assert certificate.code and certificate.county_name == "Busia"
    # The retry job does not bring the PDF (and the name) back.
    from certificates.services import certificate_renders_retry

    Certificate.objects.filter(pk=certificate.pk).update(issued_at="2000-01-01T00:00Z")
    assert certificate_renders_retry() == 0
    assert certificate_render(certificate=certificate).render_status == RenderStatus.PENDING
