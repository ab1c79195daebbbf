"""Learner downloads, HR/administrator downloads and ZIPs, and public verification."""

import datetime
import tempfile
from http import HTTPStatus
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.http import require_GET
from wagtail.log_actions import log

from lms.people.access import (
    LearnerRecordsAccessMixin,
    mfa_satisfied,
    mfa_setup_redirect,
)

from .bulk import certificates_zip_write
from .codes import (
    CODE_LENGTH,
    code_format,
    code_has_valid_check,
    code_is_well_formed,
    code_normalise,
)
from .models import CertificateSettings, RenderStatus
from .ratelimit import verify_rate_limited
from .selectors import (
    certificate_downloadable_by,
    certificate_for_download,
    certificate_for_verification,
    certificates_for_learner,
    certificates_visible_to,
)

ZIP_SPOOL_BYTES = 32 * 1024 * 1024


def _no_store(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


# --- Learners, HR officers, administrators ---


@login_required
@require_GET
def mine(request):
    """The learner's own certificates (also linked from 'My learning')."""
    certificates = certificates_for_learner(user=request.user)
    return _no_store(render(request, "certificates/mine.html", {"certificates": certificates}))


@login_required
@require_GET
def download(request, uuid):
    """The stored PDF, as stored: never rendered here. Owner, HR in scope, administrators;
    404 for everyone else (whether or not the certificate exists)."""
    certificate = certificate_for_download(uuid=uuid)
    if certificate is None or not certificate_downloadable_by(
        certificate=certificate, viewer=request.user
    ):
        raise Http404("No such certificate.")
    if certificate.user_id != request.user.pk and not mfa_satisfied(request.user):
        return mfa_setup_redirect(request)
    if certificate.render_status != RenderStatus.READY or not certificate.pdf:
        response = render(
            request,
            "certificates/preparing.html",
            {"certificate": certificate, "code": code_format(certificate.code)},
            status=HTTPStatus.ACCEPTED,
        )
        return _no_store(response)
    return _no_store(_stored_pdf_response(certificate))


def _stored_pdf_response(certificate):
    """The stored PDF as an attachment. With settings.CERTIFICATES_X_ACCEL_REDIRECT (an
    internal location of the reverse proxy mapped to MEDIA_ROOT, e.g. "/protected-media/";
    off by default: `make run` and the bench have no proxy), the proxy sends the bytes
    (nginx's X-Accel-Redirect) and the worker is free at once; the permission checks
    above still decide who gets it. Only for storage on the local disk."""
    filename = f"certificate-{code_format(certificate.code)}.pdf"
    prefix = getattr(settings, "CERTIFICATES_X_ACCEL_REDIRECT", "")
    if prefix:
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(certificate.pdf.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    # FieldFile.open gives FileResponse a seekable file: it sets Content-Length from the
    # file's size, and a WSGI server with wsgi.file_wrapper (gunicorn) uses sendfile.
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def _parse_date(value: str, label: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{label} must be a date written as YYYY-MM-DD, e.g. 2026-03-31."
        ) from None


def default_zip_filters(request, queryset):
    """?course=<page id>&completed_from=YYYY-MM-DD&completed_to=YYYY-MM-DD. The reports
    part passes its own builder (the completions report's filters) instead."""
    course = request.GET.get("course", "").strip()
    if course:
        if not course.isdigit():
            raise ValueError("course must be the number of a course.")
        queryset = queryset.filter(course_id=int(course))
    start = _parse_date(request.GET.get("completed_from", "").strip(), "completed_from")
    end = _parse_date(request.GET.get("completed_to", "").strip(), "completed_to")
    if start:
        queryset = queryset.filter(completed_on__gte=start)
    if end:
        queryset = queryset.filter(completed_on__lte=end)
    return queryset


class CertificateZipView(LearnerRecordsAccessMixin, View):
    """A ZIP of the stored PDFs matching a filter, within the viewer's scope.

    ``queryset_builder(request, queryset) -> queryset`` narrows the certificates the viewer
    may see; it may raise ValueError with a sentence for a bad filter (answered with 400).
    """

    queryset_builder = staticmethod(default_zip_filters)

    def get(self, request):
        certificates = certificates_visible_to(viewer=request.user)
        try:
            certificates = self.queryset_builder(request, certificates)
        except ValueError as error:
            return render(
                request,
                "certificates/zip_error.html",
                {"message": str(error)},
                status=HTTPStatus.BAD_REQUEST,
            )
        spool = tempfile.SpooledTemporaryFile(max_size=ZIP_SPOOL_BYTES)  # noqa: SIM115
        written = certificates_zip_write(certificates=certificates, fileobj=spool)
        # Who took which certificates out, like every other export (Wagtail's log).
        log(
            instance=request.user,
            action="certificates.zip_download",
            user=request.user,
            data={
                "filters": request.GET.dict(),
                "included": written["included"],
                "missing": len(written["missing"]),
            },
        )
        spool.seek(0)
        name = f"certificates-{timezone.localdate():%Y-%m-%d}.zip"
        response = FileResponse(
            spool, as_attachment=True, filename=name, content_type="application/zip"
        )
        return _no_store(response)


# --- Public verification (no login, no JavaScript, noindex, rate-limited) ---


def _verify_render(request, template, context=None, status=HTTPStatus.OK):
    response = render(request, template, context or {}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _code_problem(request, raw: str):
    """A 400 page for a code that is malformed or fails its check; None if it is fine."""
    if not code_is_well_formed(raw):
        return _verify_render(
            request,
            "certificates/verify_form.html",
            {
                "typed": raw,
                "error": (
                    f"A certificate code has {CODE_LENGTH} letters and digits, printed in "
                    "groups like 7K3M-Q9XD-2HPA-4F. Check what you typed against the "
                    "certificate."
                ),
            },
            status=HTTPStatus.BAD_REQUEST,
        )
    if not code_has_valid_check(raw):
        return _verify_render(
            request,
            "certificates/verify_typo.html",
            {"typed": raw},
            status=HTTPStatus.BAD_REQUEST,
        )
    return None


@require_GET
@verify_rate_limited
def verify(request):
    """The form to type a code; ?code= sends a well-typed code to its page."""
    raw = request.GET.get("code")
    if raw is None:
        return _verify_render(request, "certificates/verify_form.html")
    if not raw.strip():
        return _verify_render(
            request,
            "certificates/verify_form.html",
            {"error": "Enter the code printed on the certificate, under the QR code."},
            status=HTTPStatus.BAD_REQUEST,
        )
    problem = _code_problem(request, raw)
    if problem is not None:
        return problem
    return HttpResponseRedirect(
        reverse("certificates:verify_code", kwargs={"code": code_normalise(raw)})
    )


@require_GET
@verify_rate_limited
def verify_code(request, code):
    """Valid, expired or revoked, with the name, course, dates and issuing body only."""
    problem = _code_problem(request, code)
    if problem is not None:
        return problem
    certificate = certificate_for_verification(code=code_normalise(code))
    if certificate is None:
        return _verify_render(
            request,
            "certificates/verify_unknown.html",
            {"code": code_format(code)},
            status=HTTPStatus.NOT_FOUND,
        )
    context = {
        "certificate": certificate,
        "code": code_format(certificate.code),
        "status": certificate.status,
        "issuing_body": CertificateSettings.for_request(request).issuing_body,
    }
    return _verify_render(request, "certificates/verify_result.html", context)
