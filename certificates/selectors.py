"""Reads for certificates: verification, downloads, the learner's list, exports."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse

from .codes import code_format, code_normalise
from .models import Certificate, RenderStatus

# What the public verification page may show; nothing else personal is loaded.
VERIFICATION_FIELDS = (
    "code",
    "holder_name",
    "holder_removed",
    "course_title",
    "completed_on",
    "issued_at",
    "expires_on",
    "revoked_at",
)


def can_inspect_certificates(user) -> bool:
    """Whether ``user`` may list and inspect certificates in the admin (and read their
    history): administrators, or anyone granted the view permission."""
    from .services import REVOKE_PERMISSION

    return user.is_active and (
        user.has_perm(REVOKE_PERMISSION) or user.has_perm("certificates.view_certificate")
    )


def certificate_link(*, viewer, certificate_id: int, code: str) -> str:
    """Where a report links a certificate: its admin inspect page (actions, history) for
    those who may inspect certificates, otherwise its public verification page."""
    if can_inspect_certificates(viewer):
        return reverse("certificates_admin:inspect", args=[certificate_id])
    return reverse("certificates:verify_code", kwargs={"code": code_normalise(code)})


def certificate_for_verification(*, code: str) -> Certificate | None:
    """``code`` normalised and with a valid check symbol."""
    return Certificate.objects.only(*VERIFICATION_FIELDS).filter(code=code).first()


def certificates_for_learner(*, user) -> list[Certificate]:
    """The learner's own certificates, newest first (for 'My learning')."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Certificate.objects.filter(user=user).order_by("-issued_at"))


def certificates_visible_to(*, viewer) -> QuerySet:
    """Every certificate an HR officer (their county's learners) or an administrator may
    download. PermissionDenied for anyone without access to learner records."""
    from lms.people.access import scope_users

    return scope_users(Certificate.objects.all(), viewer=viewer, user_field="user")


# What a download needs (and the being-prepared page shows).
DOWNLOAD_FIELDS = ("uuid", "code", "user", "course_title", "render_status", "pdf")


def certificate_for_download(*, uuid) -> Certificate | None:
    """The fields a download needs (one query), whoever asks: the caller decides with
    ``certificate_downloadable_by``."""
    try:
        return Certificate.objects.only(*DOWNLOAD_FIELDS).get(uuid=uuid)
    except Certificate.DoesNotExist:
        return None


def certificate_downloadable_by(*, certificate: Certificate, viewer) -> bool:
    """The owner, or someone who may see the holder's records."""
    from lms.people.access import can_view_learner_records

    if certificate.user_id is not None and certificate.user_id == viewer.pk:
        return True
    if not can_view_learner_records(viewer):
        return False
    try:
        visible = certificates_visible_to(viewer=viewer)
    except PermissionDenied:
        return False
    return visible.filter(pk=certificate.pk).exists()


def certificates_export(user) -> list[dict]:
    """The learner's certificates for their personal data download."""
    from .rendering import verification_url

    return [
        {
            "code": code_format(certificate.code),
            "verification_url": verification_url(certificate.code),
            "holder_name": certificate.holder_name,
            "service": certificate.service,
            "county": certificate.county_name,
            "agency": certificate.agency_name,
            "course": certificate.course_title,
            "hours": certificate.course_hours,
            "completed_on": certificate.completed_on,
            "final_score": certificate.final_score,
            "issued_at": certificate.issued_at,
            "expires_on": certificate.expires_on,
            "status": certificate.status,
            "revoked_reason": certificate.revoked_reason,
            "pdf_ready": certificate.render_status == RenderStatus.READY,
        }
        for certificate in Certificate.objects.filter(user=user).order_by("issued_at")
    ]
