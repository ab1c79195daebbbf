"""The one table the reports part owns: export jobs, so big exports can run in the
background and every export (big or small) leaves a row saying who took what."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One export of a report by one person.

    Small exports are streamed in the request and recorded here as ``delivered``; big
    ones are built by a background task into ``file`` and only their owner may download
    them (lms.reports.views.exports).
    """

    class Report(models.TextChoices):
        COMPLETIONS = "completions", _("Completions")
        TRANSCRIPT = "transcript", _("Learner transcript")
        SUMMARY = "summary", _("Programme summary")
        QUIZ_RESULTS = "quiz_results", _("Quiz results")
        ITEM_ANALYSIS = "item_analysis", _("Item analysis")
        SITE_HISTORY = "site_history", _("Site history")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready to download"
        DELIVERED = "delivered", "Downloaded straight away"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="Used in download links."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        help_text="Who asked for the export; only they may download the file.",
    )
    report = models.CharField(
        max_length=20, choices=Report.choices, help_text="Which report was exported."
    )
    filters = models.JSONField(
        default=dict,
        blank=True,
        help_text="The report's filters as they were applied (allowlisted names only).",
    )
    refused = models.JSONField(
        default=dict,
        blank=True,
        help_text="Query parameters that were not applied: unknown names, and filter "
        "values that did not validate (with the reason).",
    )
    format = models.CharField(max_length=4, choices=Format.choices, help_text="File format.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Where the export stands.",
    )
    filename = models.CharField(max_length=200, help_text="The name the download is given.")
    file = models.FileField(
        upload_to="reports/exports/%Y/%m/",
        blank=True,
        help_text="The built file (background exports only).",
    )
    row_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows in the export, not counting the heading."
    )
    error = models.TextField(blank=True, help_text="Why a background export failed.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was asked for.")
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When the file was ready (or the export failed)."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="reports_exportjob_ready_has_file",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["csv", "xlsx"]), name="reports_exportjob_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    report__in=[
                        "completions",
                        "transcript",
                        "summary",
                        "quiz_results",
                        "item_analysis",
                        "site_history",
                    ]
                ),
                name="reports_exportjob_report_valid",
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_report_display()} export ({self.format}) by {self.owner_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.DELIVERED, self.Status.FAILED}


@receiver(post_delete, sender=ExportJob)
def _export_file_delete(sender, instance: ExportJob, **kwargs) -> None:
    # The file holds learners' personal data: it goes with its job (also when the
    # owner's account is deleted and the job cascades).
    # After the commit, so a rolled-back deletion does not leave a job without its file.
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
