"""Writes for certificates: issue, render, revoke, reinstate, re-render, anonymise.

Every change an administrator (or the system) makes is written to Wagtail's history log
with one of the actions registered in wagtail_hooks.py.
"""

import calendar
import datetime
import hashlib
import logging
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.exceptions import CourseActionRefused

from .codes import code_generate
from .models import Certificate, RenderStatus
from .storage import certificate_storage

logger = logging.getLogger(__name__)

REVOKE_PERMISSION = "certificates.revoke_certificate"
# A failed render is tried again until it has failed this many times (see docs).
MAX_RENDER_ATTEMPTS = 5
_CODE_ATTEMPTS = 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def certificate_expiry(*, completed_on: datetime.date, months: int | None) -> datetime.date | None:
    """When a certificate earned on ``completed_on`` expires: ``months`` calendar months
    later (the course's recertification period), or never."""
    return add_months(completed_on, months) if months else None


class CertificateNameMissing(CourseActionRefused):
    """The holder's name is empty or only spaces: a certificate is never issued blank."""

    status = 409
    default_message = _(
        "Your certificate cannot be issued: the name on your staff profile is empty. "
        "Enter your name as it should be printed on your profile page, then try again."
    )


def _frozen_holder(user) -> dict:
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        # No staff profile (onboarding normally prevents this): the account's name.
        return {"holder_name": (user.get_full_name() or user.get_username()).strip()[:200]}
    return {
        "holder_name": profile.full_name.strip(),
        "service": profile.get_service_display(),
        "county_name": profile.county.name if profile.county_id else "",
        "agency_name": profile.agency.name if profile.agency_id else "",
    }


def _render_enqueue(certificate_id: int, *, force: bool = False) -> None:
    from .tasks import render_certificate

    render_certificate.enqueue(certificate_id=certificate_id, force=force)


def certificate_issue(*, enrolment) -> Certificate | None:
    """Issue the certificate for a completed enrolment, once.

    Returns None when the course issues no certificates. A second call, or a concurrent
    one, returns the certificate already issued: the unique constraint on (user, course)
    decides. The PDF is rendered in the background after the transaction commits.
    """
    course = enrolment.course
    if not course.certificate_enabled:
        return None
    holder = _frozen_holder(enrolment.user)
    if not holder["holder_name"]:
        # Refused before anything is written; raised inside the completion's transaction,
        # it also undoes the completion, so the learner can fix the name and finish again.
        raise CertificateNameMissing()
    with transaction.atomic():
        existing = Certificate.objects.filter(user_id=enrolment.user_id, course=course).first()
        if existing is not None:
            return existing
        completed_at = enrolment.completed_at or timezone.now()
        completed_on = timezone.localdate(completed_at)
        fields = {
            "user_id": enrolment.user_id,
            "course": course,
            "enrolment": enrolment,
            "course_revision_id": course.live_revision_id,
            "course_title": course.title,
            "course_hours": course.estimated_hours or 0,
            "completed_on": completed_on,
            "final_score": enrolment.final_score,
            "expires_on": certificate_expiry(
                completed_on=completed_on, months=course.recertification_months
            ),
            **holder,
        }
        for _attempt in range(_CODE_ATTEMPTS):
            certificate = Certificate(code=code_generate(), **fields)
            try:
                with transaction.atomic():
                    certificate.save()
                break
            except IntegrityError:
                existing = Certificate.objects.filter(
                    user_id=enrolment.user_id, course=course
                ).first()
                if existing is not None:
                    return existing
                # Otherwise two random codes met (about 1 in 2**65): draw again.
        else:
            raise IntegrityError("Could not draw an unused certificate code.")
        log(
            certificate,
            "certificates.issue",
            user=None,
            data={"code": certificate.code, "course": course.pk, "user": enrolment.user_id},
        )
        transaction.on_commit(partial(_render_enqueue, certificate.pk))
    return certificate


def _site_settings():
    from wagtail.models import Site

    from .models import CertificateSettings

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return CertificateSettings()
    return CertificateSettings.for_site(site)


def _render_failed(certificate: Certificate, error: BaseException) -> Certificate:
    message = f"{type(error).__name__}: {error}"[:2000]
    logger.error("Certificate %s failed to render", certificate.code, exc_info=error)
    # A failed re-render keeps the stored file it had: ready stays ready.
    Certificate.objects.filter(pk=certificate.pk).exclude(render_status=RenderStatus.READY).update(
        render_status=RenderStatus.FAILED
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        render_error=message, render_attempts=F("render_attempts") + 1
    )
    certificate.refresh_from_db()
    return certificate


def certificate_render(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render the PDF and store it once; 'ready' with its file and hash in one save.

    Does nothing for a certificate already ready (unless ``force``, the administrator's
    re-render) or whose holder was removed. On failure the certificate is 'failed' (or
    stays 'ready' with its previous file), ``render_attempts`` grows and the error is kept.
    """
    from . import rendering

    certificate = Certificate.objects.select_related("course").get(pk=certificate.pk)
    if certificate.holder_removed:
        return certificate
    if certificate.render_status == RenderStatus.READY and not force:
        return certificate
    try:
        pdf = rendering.certificate_pdf_within_limits(
            certificate=certificate, site_settings=_site_settings()
        )
    except Exception as error:
        return _render_failed(certificate, error)

    stored_name = None
    try:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.holder_removed or (locked.render_status == RenderStatus.READY and not force):
                return locked  # someone else finished first
            previous_name = locked.pdf.name
            stored_name = certificate_storage().save(
                locked.pdf.field.generate_filename(locked, f"{locked.uuid}.pdf"), ContentFile(pdf)
            )
            locked.pdf.name = stored_name
            locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            locked.render_status = RenderStatus.READY
            locked.rendered_at = timezone.now()
            locked.render_error = ""
            locked.save(
                update_fields=["pdf", "pdf_sha256", "render_status", "rendered_at", "render_error"]
            )
            if previous_name and previous_name != stored_name:
                transaction.on_commit(partial(certificate_storage().delete, previous_name))
    except Exception as error:
        if stored_name:
            certificate_storage().delete(stored_name)
        return _render_failed(certificate, error)
    return locked


class RenderWorkerLost(RuntimeError):
    """The worker running a render stopped (killed, out of memory) before it finished."""


def render_tasks_recover_stale(*, stale_after: datetime.timedelta | None = None) -> int:
    """Mark render task rows of django-tasks' database backend still RUNNING longer than
    ``stale_after`` (settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES) as failed: their
    worker is gone. Their certificate counts a failed attempt, so the retry below renders
    it again. Returns how many rows were recovered."""
    from django.conf import settings
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import render_certificate

    if stale_after is None:
        stale_after = datetime.timedelta(minutes=settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES)
    now = timezone.now()
    error = RenderWorkerLost(
        f"The render was still running after {stale_after}; its worker stopped."
    )
    stale = DBTaskResult.objects.running().filter(
        task_path=render_certificate.module_path, started_at__lt=now - stale_after
    )
    recovered = 0
    for row in stale:
        # Only the row still RUNNING is recovered: a worker that finished it meanwhile wins.
        marked = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.{RenderWorkerLost.__qualname__}",
            traceback=str(error),
        )
        if not marked:
            continue
        recovered += 1
        certificate_id = (row.args_kwargs.get("kwargs") or {}).get("certificate_id")
        certificate = Certificate.objects.filter(pk=certificate_id).first()
        if certificate is not None and not certificate.holder_removed:
            _render_failed(certificate, error)
    return recovered


def certificate_renders_retry(*, stale_after: datetime.timedelta | None = None) -> int:
    """Enqueue a render for every failed certificate with attempts left, and for pending
    ones older than ``stale_after`` (their task was lost). Returns how many."""
    stale_after = stale_after or datetime.timedelta(minutes=10)
    cutoff = timezone.now() - stale_after
    candidates = Certificate.objects.filter(
        Q(render_status=RenderStatus.FAILED)
        | Q(render_status=RenderStatus.PENDING, issued_at__lt=cutoff),
        holder_removed=False,
        render_attempts__lt=MAX_RENDER_ATTEMPTS,
    )
    ids = list(candidates.values_list("pk", flat=True))
    for certificate_id in ids:
        _render_enqueue(certificate_id)
    return len(ids)


def _require_permission(user) -> None:
    if user is None or not user.is_active or not user.has_perm(REVOKE_PERMISSION):
        raise PermissionDenied(
            "Only administrators can revoke, reinstate or re-render certificates."
        )


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke: the verification page shows 'revoked' from now on. Nothing is deleted."""
    _require_permission(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give the reason for revoking; it is kept in the history."}
        )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            raise ValidationError("This certificate is already revoked.")
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_reason"])
        log(locked, "certificates.revoke", user=by, data={"reason": reason})
    return locked


def certificate_reinstate(*, certificate: Certificate, by) -> Certificate:
    """Undo a revocation. The reason stays in the history log."""
    _require_permission(by)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.is_revoked:
            raise ValidationError("This certificate is not revoked.")
        data = {"previous_reason": locked.revoked_reason}
        locked.revoked_at = None
        locked.revoked_reason = ""
        locked.save(update_fields=["revoked_at", "revoked_reason"])
        log(locked, "certificates.reinstate", user=by, data=data)
    return locked


def certificate_rerender(*, certificate: Certificate, by) -> Certificate:
    """An administrator asks for a new PDF (e.g. after a template or settings change).
    The old file is served until the new one is stored."""
    _require_permission(by)
    if certificate.holder_removed:
        raise ValidationError("The holder deleted their account; there is nothing to render.")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        # A fresh request gets a fresh set of attempts.
        locked.render_attempts = 0
        locked.save(update_fields=["render_attempts"])
        log(locked, "certificates.rerender", user=by, data={})
        transaction.on_commit(partial(_render_enqueue, locked.pk, force=True))
    return locked


def certificates_anonymise(user) -> None:
    """Personal data removal: certificates stay verifiable ('holder record removed'),
    without the name; the stored PDFs (which print the name) are deleted."""
    certificates = list(Certificate.objects.select_for_update().filter(user=user))
    names = [certificate.pdf.name for certificate in certificates if certificate.pdf]
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in certificates]).update(
        holder_removed=True,
        holder_name="",
        pdf="",
        pdf_sha256="",
        render_status=RenderStatus.PENDING,
        render_error="The holder deleted their account; the PDF was deleted with their data.",
    )
    for name in names:
        transaction.on_commit(partial(certificate_storage().delete, name))
