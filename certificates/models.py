"""Certificates: one per learner per course, frozen at issue, verifiable by code."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class RenderStatus(models.TextChoices):
    PENDING = "pending", "Pending: the PDF is being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed: will be retried"


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
    pdf = models.FileField(upload_to="certificates/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="certificate_unique_user_course"
            ),
            models.CheckConstraint(
                condition=~models.Q(render_status="ready") | ~models.Q(pdf=""),
                name="certificate_ready_has_file",
            ),
        ]
        permissions = [("revoke_certificate", "Can revoke and reinstate certificates")]

    def __str__(self) -> str:
        return f"{self.code} ({self.course_title})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today

    @property
    def status(self) -> str:
        """valid, expired or revoked, as the verification page shows it."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "valid"


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
