import hashlib

import pytest
from django.db import IntegrityError, transaction

from certificates import rendering
from certificates.codes import code_format
from certificates.models import Certificate, CertificateSettings, RenderStatus
from certificates.services import (
    MAX_RENDER_ATTEMPTS,
    certificate_render,
    certificate_renders_retry,
)
from certificates.storage import certificate_storage

from .pdfs import pdf_metadata_xml, pdf_qr_texts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(learner, certificate_factory):
    certificate = certificate_factory(learner)
    return certificate_render(certificate=certificate)


def stored_bytes(certificate) -> bytes:
    with certificate_storage().open(certificate.pdf.name, "rb") as handle:
        return handle.read()


def test_render_stores_the_pdf_once_with_its_hash(rendered):
    assert rendered.render_status == RenderStatus.READY
    assert rendered.rendered_at is not None and rendered.render_error == ""
    pdf = stored_bytes(rendered)
    assert pdf.startswith(b"%PDF-")
    assert rendered.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert rendered.pdf.name.startswith("certificates/") and str(rendered.uuid) in rendered.pdf.name


def test_pdf_text_has_name_organisation_course_hours_date_code_and_settings(rendered):
    text = pdf_text(stored_bytes(rendered))
    flat = " ".join(text.split())
    assert "Wanjiru Ng'ang'a" in flat
    assert "Migration health at points of entry" in flat
    assert code_format(rendered.code) in flat
    assert "6 hours" in flat
    assert "31 March 2026" in flat and "valid until 31 March 2028" in flat
    assert "Busia County" in flat and "County government" in flat
    assert "Joint Programme on Migration, Mobility and Regional Integration".upper() in flat
    assert "State Department for Immigration and Citizen Services" in flat


def test_pdf_is_a4_landscape_and_declares_pdf_a(rendered):
    import io

    import pypdf

    pdf = stored_bytes(rendered)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    xmp = pdf_metadata_xml(pdf)
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    assert "B" in xmp.split("pdfaid:conformance")[1][:5]
    intents = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"


def test_qr_code_decodes_to_the_absolute_verification_url(rendered):
    assert pdf_qr_texts(stored_bytes(rendered)) == [
        f"http://testserver/certificates/verify/{rendered.code}/"
    ]


def test_qr_svg_in_the_html_is_segnos_drawing_of_that_url(rendered):
    import segno

    html = rendering.certificate_html(certificate=rendered, site_settings=CertificateSettings())
    url = rendering.verification_url(rendered.code)
    assert url == f"http://testserver/certificates/verify/{rendered.code}/"
    expected = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True
    )
    assert expected in html


def test_site_settings_print_on_the_certificate(rendered):
    from wagtail.models import Site

    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.signatory_name = "Dr Amina Mohamed"
    settings.issuing_body = "Directorate of Immigration Services"
    settings.save()
    certificate = certificate_render(certificate=rendered, force=True)
    flat = " ".join(pdf_text(stored_bytes(certificate)).split())
    assert "Dr Amina Mohamed" in flat and "Directorate of Immigration Services" in flat


def test_rendering_a_ready_certificate_again_does_nothing(rendered, render_calls):
    name = rendered.pdf.name
    again = certificate_render(certificate=rendered)
    assert render_calls == [] and again.pdf.name == name


def test_forced_rerender_replaces_the_file(rendered, django_capture_on_commit_callbacks):
    old_name = rendered.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        again = certificate_render(certificate=rendered, force=True)
    assert again.pdf.name != old_name and again.render_status == RenderStatus.READY
    assert certificate_storage().exists(again.pdf.name)
    assert not certificate_storage().exists(old_name)


@pytest.fixture
def broken_weasyprint(monkeypatch):
    def fail(html, **kwargs):
        raise OSError("fonts missing")

    monkeypatch.setattr(rendering, "html_to_pdf", fail)


def test_failed_render_is_failed_never_ready(learner, certificate_factory, broken_weasyprint):
    certificate = certificate_render(certificate=certificate_factory(learner))
    assert certificate.render_status == RenderStatus.FAILED
    assert certificate.render_attempts == 1
    assert "fonts missing" in certificate.render_error
    assert not certificate.pdf and certificate.pdf_sha256 == ""


def test_failed_storage_write_leaves_no_ready_row_and_no_file(
    learner, certificate_factory, monkeypatch
):
    certificate = certificate_factory(learner)

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(certificate_storage(), "save", broken_save)
    certificate = certificate_render(certificate=certificate)
    assert certificate.render_status == RenderStatus.FAILED and not certificate.pdf


def test_failed_rerender_keeps_the_ready_file(rendered, broken_weasyprint):
    certificate = certificate_render(certificate=rendered, force=True)
    assert certificate.render_status == RenderStatus.READY
    assert certificate.pdf.name == rendered.pdf.name
    assert "fonts missing" in certificate.render_error


def test_database_refuses_ready_without_a_file(learner, certificate_factory):
    certificate = certificate_factory(learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(render_status=RenderStatus.READY)


def test_retry_renders_failed_certificates_until_the_cap(
    learner, learner_factory, certificate_factory, monkeypatch
):
    failing = certificate_factory(learner)
    exhausted = certificate_factory(learner_factory(full_name="Otieno Odhiambo"))
    Certificate.objects.filter(pk=failing.pk).update(
        render_status=RenderStatus.FAILED, render_attempts=2
    )
    Certificate.objects.filter(pk=exhausted.pk).update(
        render_status=RenderStatus.FAILED, render_attempts=MAX_RENDER_ATTEMPTS
    )
    assert certificate_renders_retry() == 1  # the immediate backend renders it now
    failing.refresh_from_db()
    exhausted.refresh_from_db()
    assert failing.render_status == RenderStatus.READY and failing.pdf
    assert exhausted.render_status == RenderStatus.FAILED


def test_retry_picks_up_pending_renders_whose_task_was_lost(
    learner, certificate_factory, render_calls
):
    import datetime

    from django.utils import timezone

    fresh = certificate_factory(learner)
    assert certificate_renders_retry() == 0  # still within the grace period
    Certificate.objects.filter(pk=fresh.pk).update(
        issued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert certificate_renders_retry() == 1
    fresh.refresh_from_db()
    assert fresh.render_status == RenderStatus.READY and len(render_calls) == 1


def test_retry_command(learner, certificate_factory, broken_weasyprint):
    from io import StringIO

    from django.core.management import call_command

    certificate = certificate_render(certificate=certificate_factory(learner))
    out = StringIO()
    call_command("retry_failed_certificate_renders", stdout=out)
    assert "Enqueued 1" in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.render_attempts == 2 and certificate.render_status == RenderStatus.FAILED


def test_render_task_does_not_defer_retries_on_the_immediate_backend(
    learner, certificate_factory, broken_weasyprint
):
    from certificates.tasks import render_certificate

    certificate = certificate_factory(learner)
    result = render_certificate.enqueue(certificate_id=certificate.pk)
    assert result.return_value == RenderStatus.FAILED
    certificate.refresh_from_db()
    # One attempt: the immediate backend cannot defer, so the command retries later.
    assert certificate.render_attempts == 1


# --- issue 15: long names stay on one page; a blank name is never issued ---

# 100 characters, as the profile form accepts them (letters, spaces, apostrophes, hyphens).
NAME_100 = "Wanjiru Ng'ang'a-Kamau Achieng' Otieno Nyambura Wairimu Chepkoech Jebet Mwanaisha Halima Abdi Yusufu"
NAME_150 = "Barasa-Wekesa " * 10 + "Mary Nyaga"


def _page_count(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("name", [NAME_100, NAME_150, "Wanjiru" * 21 + "ab"])
def test_a_long_legal_name_keeps_signature_code_and_qr_on_one_page(
    name, learner_factory, certificate_factory
):
    from lms.people.models import StaffProfile

    assert 100 <= len(name) <= 150  # 150: the longest name a profile holds
    StaffProfile.full_name.field.run_validators(name)  # a name the profile accepts
    learner = learner_factory(full_name=name)
    certificate = certificate_render(certificate=certificate_factory(learner))
    pdf = stored_bytes(certificate)
    assert _page_count(pdf) == 1
    flat = " ".join(pdf_text(pdf).split())
    assert code_format(certificate.code) in flat
    assert "Principal Secretary" in flat  # the signatory under the signature line
    assert pdf_qr_texts(pdf) == [rendering.verification_url(certificate.code)]


def test_short_names_keep_the_full_size_and_long_ones_step_down():
    assert rendering.holder_name_class("Achieng' Otieno") == ""
    assert rendering.holder_name_class(NAME_100) == "holder-longer"
    assert rendering.holder_name_class(NAME_150) == "holder-longest"


@pytest.mark.parametrize("blank", ["", "   ", "\t \u00a0 "])
def test_a_blank_name_is_refused_before_issue_and_nothing_is_saved(
    blank, learner, completed_enrolment
):
    from certificates.services import CertificateNameMissing, certificate_issue
    from lms.people.models import StaffProfile

    # The profile form refuses this; an import or a direct edit could still leave it.
    StaffProfile.objects.filter(user=learner).update(full_name=blank)
    learner.refresh_from_db()
    enrolment = completed_enrolment(learner)
    with pytest.raises(CertificateNameMissing) as refused:
        certificate_issue(enrolment=enrolment)
    assert "name on your staff profile is empty" in refused.value.message
    assert not Certificate.objects.filter(user=learner).exists()


def test_the_database_refuses_a_blank_holder_name(learner, certificate_factory):
    certificate = certificate_factory(learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(holder_name="   ")
    # A removed holder's certificate keeps no name on purpose.
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="", holder_removed=True)


def test_finishing_a_course_with_a_blank_name_is_refused_and_nothing_is_saved(client, learner):
    from django.urls import reverse

    from courses.models import Enrolment, LessonCompletion
    from courses.services import enrolment_create, lesson_complete
    from lms.people.models import StaffProfile
    from tests.factories import build_course

    built = build_course(title="Border basics", modules=1, lessons_per_module=2)
    enrolment_create(user=learner, course=built.course)
    first, last = built.lessons
    lesson_complete(user=learner, lesson=first)
    StaffProfile.objects.filter(user=learner).update(full_name="   ")

    client.force_login(learner)
    response = client.post(reverse("courses:lesson_complete", args=[last.pk]))
    assert response.status_code == 409
    assert "name on your staff profile is empty" in response.content.decode()
    enrolment = Enrolment.objects.get(user=learner, course=built.course)
    assert enrolment.completed_at is None
    assert not LessonCompletion.objects.filter(user=learner, lesson=last).exists()
    assert not Certificate.objects.filter(user=learner).exists()
