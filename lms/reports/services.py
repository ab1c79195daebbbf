"""Writes of the reports part: recording exports and building big ones in the background."""

import datetime
import logging
import os
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import ExportJob

logger = logging.getLogger(__name__)

EXPORT_ACTION = "reports.export"


def export_record(
    *,
    owner,
    report: str,
    export_format: str,
    filters: dict[str, str],
    refused: dict[str, str] | None = None,
    filename: str,
    row_count: int,
    background: bool,
) -> ExportJob:
    """Record an export (who, which report, the filters applied and the parameters
    refused, format, rows) as an ExportJob and in Wagtail's log (its timestamp says when).
    A background export starts as pending and is built by
    ``lms.reports.tasks.export_job_build`` once this transaction commits."""
    refused = refused or {}
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=owner,
            report=report,
            format=export_format,
            filters=filters,
            refused=refused,
            filename=filename,
            row_count=row_count,
            status=ExportJob.Status.PENDING if background else ExportJob.Status.DELIVERED,
            finished_at=None if background else timezone.now(),
        )
        log(
            instance=job,
            action=EXPORT_ACTION,
            user=owner,
            data={
                "report": report,
                "filters": filters,
                "refused": refused,
                "format": export_format,
                "rows": row_count,
                "background": background,
            },
        )
        if background:
            from .tasks import export_job_build

            transaction.on_commit(lambda: export_job_build.enqueue(job_id=job.pk))
    return job


def export_job_build(*, job: ExportJob, exporter) -> ExportJob:
    """Build the file of a pending export into default storage with ``exporter`` (the
    report's view, a ``ReportExportMixin``: the same writers as an export in the request).
    Constant memory: rows are streamed from the database to a temporary file, then the
    file is copied to storage."""
    updated = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING
    )
    if not updated:  # built already, or being built by another worker
        return job
    job.refresh_from_db()
    suffix = f".{job.format}"
    handle, path = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    try:
        items = exporter.export_items_for(viewer=job.owner, filters=job.filters)
        if job.format == ExportJob.Format.CSV:
            with open(path, "wb") as fileobj:
                count = exporter.write_csv_file(items, fileobj)
        else:
            count = exporter.write_xlsx(items, path)
        with transaction.atomic(), open(path, "rb") as fileobj:
            job.file.save(f"{job.uuid}{suffix}", File(fileobj), save=False)
            job.row_count = count
            job.status = ExportJob.Status.READY
            job.finished_at = timezone.now()
            job.save(update_fields=["file", "row_count", "status", "finished_at"])
    except Exception as error:
        logger.exception("Export %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = str(error) or error.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    finally:
        os.unlink(path)
    return job


def export_jobs_purge(*, older_than_days: int) -> int:
    """Delete export jobs (and their files, which hold learners' personal data) asked for
    more than ``older_than_days`` days ago; returns how many were deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    count = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).iterator():
        job.delete()  # the post_delete receiver removes the file
        count += 1
    return count
