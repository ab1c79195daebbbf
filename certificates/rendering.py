"""The certificate PDF: a Django template rendered by WeasyPrint, locked down.

Learner text reaches WeasyPrint only through Django's autoescaping, so a name can never
become markup. Even so, WeasyPrint is given a URL fetcher that serves nothing but our
own font and stylesheet files and data: URIs: no other file, no network, no redirects.

Renders for storage run in a forked child process with a memory limit (RLIMIT_AS) and a
time limit (``pdf_within_limits``), so a pathological render fails into the retry path
instead of exhausting or hanging the worker.
"""

import contextlib
import mimetypes
import os
import select
import signal
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


class RenderLimitExceeded(RuntimeError):
    """A render went over its time or memory limit, or its process died."""


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


# The child's answer on the pipe: one status byte, then the PDF or the error message.
_OK, _ERROR = b"K", b"E"


def _child_render(write_fd: int, html: str, memory_bytes: int) -> None:
    """In the forked child: limit the address space, render, write the answer, exit
    without running the parent's cleanup (its database connection is not ours)."""
    status = 1
    try:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            answer = _OK + html_to_pdf(html)
        except MemoryError:
            answer = _ERROR + b"MemoryError: the render went over its memory limit"
        except Exception as error:
            answer = _ERROR + f"{type(error).__name__}: {error}".encode("utf-8", "replace")
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(answer)
        status = 0
    finally:
        os._exit(status)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def pdf_within_limits(html: str) -> bytes:
    """``html_to_pdf(html)`` in a forked child limited to
    settings.CERTIFICATE_RENDER_MEMORY_LIMIT bytes of address space and
    settings.CERTIFICATE_RENDER_TIMEOUT seconds. Raises RenderLimitExceeded when the
    child runs out of time or memory or dies, and RuntimeError with the child's error
    when the render itself fails. Linux (any POSIX system with fork)."""
    timeout = float(settings.CERTIFICATE_RENDER_TIMEOUT)
    memory_bytes = int(settings.CERTIFICATE_RENDER_MEMORY_LIMIT)
    if not hasattr(os, "fork"):
        raise ImproperlyConfigured("Certificate renders need os.fork (Linux).")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        _child_render(write_fd, html, memory_bytes)
    os.close(write_fd)
    chunks = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            readable = remaining > 0 and select.select([pipe], [], [], remaining)[0]
            if not readable:
                _kill(pid)
                raise RenderLimitExceeded(
                    f"The render took longer than its limit of {timeout:g} seconds."
                )
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    answer = b"".join(chunks)
    if answer[:1] == _OK and status == 0:
        return answer[1:]
    if answer[:1] == _ERROR:
        message = answer[1:].decode("utf-8", "replace")
        if message.startswith("MemoryError"):
            raise RenderLimitExceeded(
                f"The render went over its memory limit of {memory_bytes // 2**20} MiB."
            )
        raise RuntimeError(message)
    raise RenderLimitExceeded(
        f"The render process ended without a PDF (wait status {status}); most likely it "
        f"went over its memory limit of {memory_bytes // 2**20} MiB."
    )


def certificate_pdf_within_limits(*, certificate: Certificate, site_settings) -> bytes:
    """``certificate_pdf`` with the time and memory limits: what the render task uses."""
    return pdf_within_limits(certificate_html(certificate=certificate, site_settings=site_settings))
