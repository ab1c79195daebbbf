"""Journey: an administrator goes round the admin (dashboard, pages, certificates, reports,
users): nothing is asked of another host, a certificate row leads to its inspect page,
and the certificate's QR code holds the running site's address (issue 15)."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers, seed

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin():
    user = seed.administrator()
    helpers.totp_activate(user)
    return user


def _log_in_with_authenticator(page, user) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    page.get_by_label("Code").fill(helpers.totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _qr_texts(pdf: bytes) -> list[str]:
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        return [
            result.text
            for page in document
            for result in zxingcpp.read_barcodes(page.render(scale=2).to_pil())
        ]
    finally:
        document.close()


def test_admin_pages_ask_no_other_host_and_certificates_lead_to_inspect(
    page, admin, live_server, settings, shot
):
    # Certificates print the site's address in their QR code; here that is the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    tiny = seed.load_tiny_curriculum()
    certificate = seed.complete_course(
        user=seed.person(email="wekesa@immigration.go.ke", full_name="Wekesa Barasa Simiyu"),
        tiny=tiny,
    )
    foreign = helpers.record_foreign_requests(page)
    _log_in_with_authenticator(page, admin)
    shot(page, "dashboard")

    for path, heading in (
        ("/admin/pages/", None),
        (f"/admin/pages/{tiny.course.pk}/edit/", None),
        ("/admin/hr-reports/dashboard/", None),
        ("/admin/hr-reports/completions/", "Completions"),
        ("/admin/users/", "Users"),
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)

    # The certificate list: the code, as printed, is the link to the inspect page.
    page.goto("/admin/certificates/")
    page.wait_for_load_state("networkidle")
    shot(page, "certificates")
    page.get_by_role("link", name=certificate.code_display, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/certificates/inspect/{certificate.pk}/$"))
    expect(page.get_by_text("Wekesa Barasa Simiyu").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    shot(page, "inspect")

    assert foreign == [], f"Admin pages asked other hosts: {foreign}"

    # The QR code on the PDF decodes to this running site's verification page.
    certificate.refresh_from_db()
    response = page.request.get(f"/certificates/{certificate.uuid}/download/")
    assert response.ok and response.body().startswith(b"%PDF")
    expected = f"{live_server.url}/certificates/verify/{certificate.code}/"
    assert _qr_texts(response.body()) == [expected]
    page.goto(expected)
    expect(page.get_by_text("Valid: this certificate is genuine and in force.")).to_be_visible()
