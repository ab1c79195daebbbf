"""The certificate PDF: a Django template rendered by WeasyPrint, locked down.

Learner text reaches WeasyPrint only through Django's autoescaping, so a name can never
become markup. Even so, WeasyPrint is given a URL fetcher that serves nothing but our
own font and stylesheet files and data: URIs: no other file, no network, no redirects.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Certificate

PDF_VARIANT = "pdf/a-3b"
TEMPLATE = "certificates/pdf/certificate.html"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
STYLE_DIR = Path(__file__).resolve().parent / "static" / "certificates"
ALLOWED_DIRS = (FONT_DIR.resolve(), STYLE_DIR.resolve())


class RefusedFetch(ValueError):
    """WeasyPrint asked for something outside the allowlist."""


class LockedDownFetcher(URLFetcher):
    """Serves files under ALLOWED_DIRS and data: URIs; refuses everything else.

    ``requested`` keeps every URL WeasyPrint asked for (tests read it)."""

    def __init__(self):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
        self.requested: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        self.requested.append(url)
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            # urllib's data: handler only decodes; it opens nothing.
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise RefusedFetch(f"Refused to fetch {url!r}: remote file URL.")
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(allowed) for allowed in ALLOWED_DIRS) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise RefusedFetch(f"Refused to fetch {url!r}: not one of the certificate's own files.")


def verification_url(code: str) -> str:
    """The absolute public URL the QR code points to."""
    path = reverse("certificates:verify_code", kwargs={"code": code})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def qr_svg(url: str) -> str:
    """The QR code for ``url`` as inline SVG, drawn locally by segno."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)


def organisation_line(certificate: Certificate) -> str:
    """Agency, service and county as one line: 'Department of Immigration Services,
    National government, Busia County'."""
    county = f"{certificate.county_name} County" if certificate.county_name else ""
    parts = [certificate.agency_name, certificate.service, county]
    return ", ".join(part for part in parts if part)


# Longer names print smaller, so that a name up to the profile's limit (150 characters)
# keeps the signature, the code and the QR code on the one page: (up to this many
# characters, CSS class). Sizes are in certificate.css.
HOLDER_NAME_SIZES = ((40, ""), (70, "holder-long"), (110, "holder-longer"))
HOLDER_NAME_LONGEST = "holder-longest"


def holder_name_class(name: str) -> str:
    """The CSS class that sizes ``name`` on the certificate ("" for the full size)."""
    length = len(name)
    for limit, classname in HOLDER_NAME_SIZES:
        if length <= limit:
            return classname
    return HOLDER_NAME_LONGEST


def certificate_html(*, certificate: Certificate, site_settings) -> str:
    url = verification_url(certificate.code)
    course = certificate.course
    context = {
        "certificate": certificate,
        "code": certificate.code_display,
        "holder_class": holder_name_class(certificate.holder_name),
        "verify_url": url,
        "qr_svg": qr_svg(url),
        "wording": (getattr(course, "certificate_wording", "") or "").strip(),
        "organisation": organisation_line(certificate),
        "settings": site_settings,
        "font_base": FONT_DIR.resolve().as_uri(),
        "style_url": (STYLE_DIR / "certificate.css").resolve().as_uri(),
    }
    return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    """WeasyPrint with the lockdown: our fetcher, our base URL, PDF/A, no attachments."""
    fetcher = fetcher if fetcher is not None else LockedDownFetcher()
    document = HTML(string=html, base_url=STYLE_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(
        font_config=FontConfiguration(),
        pdf_variant=PDF_VARIANT,
        attachments=[],
        custom_metadata=False,
    )


def certificate_pdf(*, certificate: Certificate, site_settings, fetcher=None) -> bytes:
    """The PDF bytes of ``certificate`` (no storage, no database writes)."""
    return html_to_pdf(
        certificate_html(certificate=certificate, site_settings=site_settings), fetcher=fetcher
    )
