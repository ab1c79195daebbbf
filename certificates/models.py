"""Certificates: one per learner per course, frozen at issue, verifiable by code."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .codes import code_format
from .storage import certificate_storage


class RenderStatus(models.TextChoices):
    PENDING = "pending", "Pending: the PDF is being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed: will be retried"


class CertificateStatus(models.TextChoices):
    """Where a certificate stands, as verification, the admin and the reports show it."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


def certificate_status_of(*, revoked_at, expires_on, today: datetime.date) -> str:
    """The status of one certificate's values: revoked wins over expired; expired the
    day after ``expires_on``. The SQL of CertificateQuerySet says the same (tested)."""
    if revoked_at is not None:
        return CertificateStatus.REVOKED
    if expires_on is not None and expires_on < today:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


class CertificateQuerySet(models.QuerySet):
    """The certificate-status rule in SQL, for filters, the admin and the reports."""

    @staticmethod
    def status_conditions(*, prefix: str = "", today: datetime.date | None = None) -> dict:
        """{status: Q} for certificates reached through ``prefix`` (e.g.
        "certificate__" from an enrolment)."""
        today = today or timezone.localdate()
        revoked = Q(**{f"{prefix}revoked_at__isnull": False})
        expired = ~revoked & Q(**{f"{prefix}expires_on__lt": today})
        valid = ~revoked & (
            Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})
        )
        return {
            CertificateStatus.REVOKED: revoked,
            CertificateStatus.EXPIRED: expired,
            CertificateStatus.VALID: valid,
        }

    @classmethod
    def status_expression(cls, *, prefix: str = "", today: datetime.date | None = None) -> Case:
        """The status as an annotation (empty where there is no certificate)."""
        return Case(
            *(
                When(condition, then=Value(status.value))
                for status, condition in cls.status_conditions(prefix=prefix, today=today).items()
            ),
            default=Value(""),
            output_field=models.CharField(),
        )

    def with_status(self, status: str, *, today: datetime.date | None = None):
        return self.filter(self.status_conditions(today=today)[CertificateStatus(status)])

    def valid(self, *, today=None):
        return self.with_status(CertificateStatus.VALID, today=today)

    def expired(self, *, today=None):
        return self.with_status(CertificateStatus.EXPIRED, today=today)

    def revoked(self):
        return self.with_status(CertificateStatus.REVOKED)


class Certificate(models.Model):
    """A certificate as it was issued: names, organisation and course are copied, never
    looked up again, so later profile or course edits do not rewrite it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored normalised (upper case, no separators); see certificates/codes.py.
    code = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    enrolment = models.OneToOneField(
        "courses.Enrolment", null=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    course_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Frozen at issue.
    holder_name = models.CharField(max_length=200)
    service = models.CharField(max_length=100, blank=True)
    county_name = models.CharField(max_length=100, blank=True)
    agency_name = models.CharField(max_length=255, blank=True)
    course_title = models.CharField(max_length=255)
    course_hours = models.PositiveSmallIntegerField(default=0)
    completed_on = models.DateField()
    final_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(null=True, blank=True)
    # The holder deleted their account: the certificate stays verifiable without a name.
    holder_removed = models.BooleanField(default=False)
    # Revocation never deletes.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    # The stored PDF: rendered once in the background, served as stored.
    render_status = models.CharField(
        max_length=10, choices=RenderStatus.choices, default=RenderStatus.PENDING
    )
    render_attempts = models.PositiveSmallIntegerField(default=0)
    render_error = models.TextField(blank=True)
    # Private storage: never under MEDIA_ROOT, never at a URL (certificates/storage.py).
    pdf = models.FileField(upload_to="certificates/%Y/%m/", storage=certificate_storage, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="certificate_unique_user_course"
            ),
            models.CheckConstraint(
                condition=~models.Q(render_status="ready") | ~models.Q(pdf=""),
                name="certificate_ready_has_file",
            ),
            # Never a blank certificate: a name with a letter in it, unless the holder
            # deleted their account (then the name is removed on purpose).
            models.CheckConstraint(
                condition=models.Q(holder_removed=True) | models.Q(holder_name__regex=r"\S"),
                name="certificate_has_holder_name",
            ),
        ]
        permissions = [("revoke_certificate", "Can revoke and reinstate certificates")]

    def __str__(self) -> str:
        return f"{self.code} ({self.course_title})"

    @property
    def code_display(self) -> str:
        """The code as people read and type it, in groups (7K3M-Q9XD-2HPA-4F): every
        page shows this, never the stored form."""
        return code_format(self.code)

    code_display.fget.short_description = _("Code")  # the label of admin list columns

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today=None) -> bool:
        return self.status_on(today or timezone.localdate()) == CertificateStatus.EXPIRED

    def status_on(self, today: datetime.date) -> str:
        return certificate_status_of(
            revoked_at=self.revoked_at, expires_on=self.expires_on, today=today
        )

    @property
    def status(self) -> str:
        """valid, expired or revoked, as the verification page shows it."""
        return self.status_on(timezone.localdate())


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """What every certificate prints besides the learner and the course. Administrators
    edit it under Settings; a change shows on certificates rendered afterwards (ask for a
    re-render to update issued ones)."""

    programme_title = models.CharField(
        max_length=200,
        default="Joint Programme on Migration, Mobility and Regional Integration",
        help_text="The programme named at the top of every certificate.",
    )
    issuing_body = models.CharField(
        max_length=200,
        default="State Department for Immigration and Citizen Services, Republic of Kenya",
        help_text="Who issues the certificates. Also shown on the public verification page.",
    )
    signatory_name = models.CharField(
        max_length=150,
        default="Principal Secretary",
        help_text="The name printed under the signature line.",
    )
    signatory_title = models.CharField(
        max_length=200,
        default="State Department for Immigration and Citizen Services",
        help_text="The signatory's title or office, printed under their name.",
    )

    class Meta:
        verbose_name = "certificate settings"
