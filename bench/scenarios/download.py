"""Stored certificate download: /certificates/<uuid>/download/ as its holder, against a
plain view streaming the same stored file (bench.views.stored_file)."""

from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

LEARNERS = 50


def prepare(out: Path, sessions, write) -> dict:
    from certificates.models import Certificate
    from certificates.services import certificate_render

    certificates = list(
        Certificate.objects.filter(user__isnull=False, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")[:LEARNERS]
    )
    if not certificates:
        return {"download_unavailable": "no certificate issued"}
    for certificate in certificates:
        if certificate.render_status != "ready":
            certificate_render(certificate=certificate, force=True)
    certificates = [
        c for c in Certificate.objects.filter(pk__in=[c.pk for c in certificates]) if c.pdf
    ]
    cookies = sessions([c.user for c in certificates])
    return {
        "download": write(
            out / "download.tsv",
            [
                ("GET", reverse("certificates:download", args=[c.uuid]), cookie, "")
                for c, cookie in zip(certificates, cookies, strict=True)
            ],
        ),
        "download_plain": write(
            out / "download_plain.tsv",
            [
                ("GET", "/bench/file/?" + urlencode({"name": c.pdf.name}), "", "")
                for c in certificates
            ],
        ),
    }
