"""Many certificates in one ZIP, for HR officers and administrators.

The reports part calls ``certificates_zip_write`` with the queryset of its completions
filter (already narrowed to what the viewer may see); the view in views.py uses the same.
"""

import re
import unicodedata
import zipfile
from typing import BinaryIO

from django.db.models import QuerySet

from .codes import code_format
from .models import RenderStatus
from .storage import certificate_storage

MISSING_NOTE = "NOT-INCLUDED.txt"


def _slug(text: str, *, default: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:60]
    return slug or default


def certificate_zip_name(certificate) -> str:
    """'<course>/<holder>-<code>.pdf': unique (the code is) and safe on every OS."""
    holder = "holder-removed" if certificate.holder_removed else certificate.holder_name
    return (
        f"{_slug(certificate.course_title, default='course')}/"
        f"{_slug(holder, default='holder')}-{code_format(certificate.code)}.pdf"
    )


def certificates_zip_write(*, certificates: QuerySet, fileobj: BinaryIO) -> dict:
    """Write the stored PDFs of ``certificates`` into a ZIP on ``fileobj``, one at a time
    (never rendering; never holding more than one PDF in memory). Certificates without a
    stored PDF (pending, failed, holder removed) are listed in NOT-INCLUDED.txt.

    Returns {"included": n, "missing": [codes]}.
    """
    included, missing = 0, []
    rows = certificates.only(
        "pk", "code", "course_title", "holder_name", "holder_removed", "render_status", "pdf"
    ).order_by("course_title", "holder_name", "pk")
    # PDFs are already compressed: store them as they are.
    with zipfile.ZipFile(fileobj, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in rows.iterator(chunk_size=200):
            if certificate.render_status != RenderStatus.READY or not certificate.pdf:
                missing.append(code_format(certificate.code))
                continue
            with (
                certificate_storage().open(certificate.pdf.name, "rb") as source,
                archive.open(certificate_zip_name(certificate), mode="w") as target,
            ):
                while chunk := source.read(64 * 1024):
                    target.write(chunk)
            included += 1
        if missing:
            note = (
                "These certificates have no PDF yet (being prepared, or the holder deleted "
                "their account); download them again later:\n" + "\n".join(missing) + "\n"
            )
            archive.writestr(MISSING_NOTE, note)
    return {"included": included, "missing": missing}
