from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from certificates.codes import code_format
from certificates.models import Certificate, RenderStatus
from certificates.services import (
    certificate_reinstate,
    certificate_render,
    certificate_rerender,
    certificate_revoke,
)
from lms.people import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(staff_factory):
    return staff_factory(roles.ADMINISTRATOR)


@pytest.fixture
def certificate(learner, certificate_factory):
    return certificate_factory(learner)


def test_administrator_group_holds_the_revoke_permission(admin_user):
    assert admin_user.has_perm("certificates.revoke_certificate")


def test_revoke_needs_a_reason_and_never_deletes(admin_user, certificate):
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=admin_user, reason="  ")
    revoked = certificate_revoke(certificate=certificate, by=admin_user, reason="Issued in error")
    assert revoked.status == "revoked" and revoked.revoked_reason == "Issued in error"
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user == admin_user and entry.data == {"reason": "Issued in error"}
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=revoked, by=admin_user, reason="again")


def test_reinstate_clears_revocation_and_logs_the_old_reason(admin_user, certificate):
    certificate_revoke(certificate=certificate, by=admin_user, reason="Wrong course")
    reinstated = certificate_reinstate(certificate=certificate, by=admin_user)
    assert reinstated.status == "valid" and reinstated.revoked_reason == ""
    entry = ModelLogEntry.objects.get(action="certificates.reinstate")
    assert entry.data == {"previous_reason": "Wrong course"}


def test_only_administrators_may_act(staff_factory, learner, certificate):
    hr = staff_factory(roles.HR_NATIONAL)
    for user in (hr, learner):
        with pytest.raises(PermissionDenied):
            certificate_revoke(certificate=certificate, by=user, reason="No")
        with pytest.raises(PermissionDenied):
            certificate_rerender(certificate=certificate, by=user)


def test_rerender_is_logged_and_renders_after_commit(
    admin_user, certificate, render_calls, django_capture_on_commit_callbacks
):
    ready = certificate_render(certificate=certificate)
    render_calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_rerender(certificate=ready, by=admin_user)
    assert len(render_calls) == 1
    ready_again = Certificate.objects.get(pk=certificate.pk)
    assert ready_again.render_status == RenderStatus.READY
    assert ready_again.pdf.name != ready.pdf.name
    assert ModelLogEntry.objects.filter(action="certificates.rerender", user=admin_user).exists()


# --- through the Wagtail admin ---


def test_admin_list_search_and_filter(client, admin_user, certificate):
    client.force_login(admin_user)
    response = client.get("/admin/certificates/")
    assert response.status_code == HTTPStatus.OK
    assert "Wanjiru Ng" in response.content.decode()
    typed = code_format(certificate.code).lower()
    response = client.get("/admin/certificates/", {"q": typed})
    assert code_format(certificate.code) in response.content.decode()
    response = client.get("/admin/certificates/", {"q": "nobody like this"})
    assert "Wanjiru" not in response.content.decode()
    response = client.get("/admin/certificates/", {"status": "revoked"})
    assert "Wanjiru" not in response.content.decode()
    response = client.get("/admin/certificates/", {"status": "valid"})
    assert "Wanjiru" in response.content.decode()


def test_admin_revoke_reinstate_rerender_and_history(
    client, admin_user, certificate, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    inspect = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    assert inspect.status_code == HTTPStatus.OK
    assert f"/admin/certificates/revoke/{certificate.pk}/" in inspect.content.decode()

    url = f"/admin/certificates/revoke/{certificate.pk}/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == HTTPStatus.OK
    assert "Give the reason for revoking" in response.content.decode()
    response = client.post(url, {"reason": "Completed by someone else"})
    assert response.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.status == "revoked"

    response = client.post(f"/admin/certificates/reinstate/{certificate.pk}/")
    assert response.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.status == "valid"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/certificates/rerender/{certificate.pk}/")
    assert response.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.render_status == RenderStatus.READY

    history = client.get(f"/admin/certificates/history/{certificate.pk}/").content.decode()
    for message in (
        "Certificate issued",
        "Certificate revoked",
        "Certificate reinstated",
        "Certificate PDF re-render requested",
    ):
        assert message in history


def test_no_add_edit_or_delete_in_the_admin(client, admin_user, certificate):
    client.force_login(admin_user)
    assert client.get("/admin/certificates/add/").status_code in (403, 302, 404)
    assert client.get(f"/admin/certificates/edit/{certificate.pk}/").status_code in (403, 302, 404)
    assert client.get(f"/admin/certificates/delete/{certificate.pk}/").status_code in (
        403,
        302,
        404,
    )
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_hr_officer_cannot_reach_the_admin_actions(client, staff_factory, certificate):
    client.force_login(staff_factory(roles.HR_NATIONAL))
    response = client.post(
        f"/admin/certificates/revoke/{certificate.pk}/", {"reason": "I do not like it"}
    )
    assert response.status_code in (403, 302)
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert client.get("/admin/certificates/").status_code in (403, 302, 404)


def test_certificate_settings_are_editable_by_administrators(client, admin_user):
    from wagtail.models import Site

    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/certificates/certificatesettings/{site.pk}/"
    assert client.get(url).status_code == HTTPStatus.OK


# --- issue 15: rows lead somewhere, history has no dead "Edit", inspect reads well ---


def test_admin_list_rows_link_to_inspect_and_offer_the_actions(client, admin_user, certificate):
    client.force_login(admin_user)
    html = client.get("/admin/certificates/").content.decode()
    pk = certificate.pk
    # The code (as printed, with dashes) is the row's title and links to the inspect view.
    assert f'href="/admin/certificates/inspect/{pk}/"' in html
    assert certificate.code_display in html
    for url in (f"revoke/{pk}/", f"rerender/{pk}/", f"history/{pk}/"):
        assert f'href="/admin/certificates/{url}"' in html
    assert f"/admin/certificates/reinstate/{pk}/" not in html
    assert f"/admin/certificates/edit/{pk}/" not in html

    certificate_revoke(certificate=certificate, by=admin_user, reason="Issued in error")
    html = client.get("/admin/certificates/").content.decode()
    assert f'href="/admin/certificates/reinstate/{pk}/"' in html
    assert f"/admin/certificates/revoke/{pk}/" not in html


def test_viewer_without_revoke_sees_inspect_and_history_only(client, staff_factory, certificate):
    from django.contrib.auth.models import Permission

    viewer = staff_factory(roles.HR_NATIONAL)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_certificate"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(viewer)
    html = client.get("/admin/certificates/").content.decode()
    pk = certificate.pk
    assert f'href="/admin/certificates/inspect/{pk}/"' in html
    assert f'href="/admin/certificates/history/{pk}/"' in html
    assert f"/admin/certificates/revoke/{pk}/" not in html
    assert f"/admin/certificates/rerender/{pk}/" not in html


def test_history_page_offers_inspect_not_edit(client, admin_user, certificate):
    client.force_login(admin_user)
    response = client.get(f"/admin/certificates/history/{certificate.pk}/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"/admin/certificates/edit/{certificate.pk}/" not in html
    assert f'href="/admin/certificates/inspect/{certificate.pk}/"' in html
    # The edit view it used to offer is indeed closed.
    assert client.get(f"/admin/certificates/edit/{certificate.pk}/").status_code != HTTPStatus.OK


def _inspect_values(html: str) -> dict[str, str]:
    import re
    from html import unescape

    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>\s*(.*?)\s*</dd>", html, re.S)
    return {unescape(label).strip(): unescape(value).strip() for label, value in pairs}


def test_inspect_reads_in_nairobi_time_in_words_and_with_the_printed_code(
    client, admin_user, certificate
):
    import datetime

    issued = datetime.datetime(2026, 3, 31, 21, 30, tzinfo=datetime.UTC)  # 00:30 in Nairobi
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=issued)
    client.force_login(admin_user)
    html = client.get(f"/admin/certificates/inspect/{certificate.pk}/").content.decode()
    values = _inspect_values(html)
    assert values["Code"] == code_format(certificate.code)
    assert "-" in values["Code"]
    # 21:30 UTC on 31 March is 00:30 on 1 April in Nairobi.
    assert "1 Apr 2026" in values["Issued at"], values["Issued at"]
    assert "12:30" in values["Issued at"], values["Issued at"]
    assert values["Holder removed"] == "No"
    assert values["Revoked at"] == "Not revoked"
    for label, value in values.items():
        assert value not in {"None", "False", "True", ""}, (label, value)
