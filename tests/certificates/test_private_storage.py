"""Issue 16: certificate PDFs live in a private storage that no URL maps, development's
/media/ included; only the login-checked download view serves them."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

from certificates.models import Certificate, RenderStatus
from certificates.services import certificate_render
from certificates.storage import certificate_storage


@pytest.fixture
def development_urls(settings):
    """lms.urls as `make run` builds it: DEBUG on, so MEDIA_ROOT is served at /media/."""
    import lms.urls

    settings.DEBUG = True
    importlib.reload(lms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()


@pytest.fixture
def rendered(learner, certificate_factory):
    certificate = certificate_render(certificate=certificate_factory(learner))
    assert certificate.render_status == RenderStatus.READY
    return certificate


def test_the_pdf_is_stored_outside_media_root(rendered, settings):
    path = certificate_storage().path(rendered.pdf.name)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert not default_storage.exists(rendered.pdf.name)
    with pytest.raises(ValueError):
        rendered.pdf.url  # noqa: B018  (no public URL to hand out)


def test_development_media_url_does_not_serve_certificates(
    client, rendered, development_urls, learner
):
    # The /media/ mapping is live (an ordinary upload is served) ...
    default_storage.save("documents/leaflet.txt", ContentFile(b"public leaflet"))
    assert client.get("/media/documents/leaflet.txt").status_code == 200
    # ... but the certificate is not there, signed out or signed in as its holder.
    assert client.get(f"/media/{rendered.pdf.name}").status_code == 404
    client.force_login(learner)
    assert client.get(f"/media/{rendered.pdf.name}").status_code == 404
    # The download view still serves it to its holder.
    response = client.get(reverse("certificates:download", kwargs={"uuid": rendered.uuid}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_migration_moves_pdfs_stored_under_media_root(rendered):
    from django.apps import apps

    migration = importlib.import_module(
        "certificates.migrations.0005_certificate_pdf_private_storage"
    )
    name = "certificates/2026/03/old.pdf"
    default_storage.save(name, ContentFile(b"%PDF-old"))
    Certificate.objects.filter(pk=rendered.pk).update(pdf=name)
    migration.move_files_to_private_storage(apps, None)
    assert not default_storage.exists(name)
    with certificate_storage().open(name, "rb") as moved:
        assert moved.read() == b"%PDF-old"
