"""Writes of the reports part: recording exports and building big ones in the background."""

import datetime
import logging
import os
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from . import exports
from .models import ExportJob
from .selectors import COMPLETION_HEADINGS, completion_report_rows

logger = logging.getLogger(__name__)

EXPORT_ACTION = "reports.export"


def export_record(
    *,
    owner,
    report: str,
    export_format: str,
    filters: dict[str, str],
    filename: str,
    row_count: int,
    background: bool,
) -> ExportJob:
    """Record an export (who, which report, filters, format, rows) as an ExportJob and in
    Wagtail's log. A background export starts as pending and is built by
    ``lms.reports.tasks.export_job_build`` once this transaction commits."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=owner,
            report=report,
            format=export_format,
            filters=filters,
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
                "format": export_format,
                "rows": row_count,
                "background": background,
            },
        )
        if background:
            from .tasks import export_job_build

            transaction.on_commit(lambda: export_job_build.enqueue(job_id=job.pk))
    return job


def _rows_for(job: ExportJob):
    if job.report == ExportJob.Report.COMPLETIONS:
        return COMPLETION_HEADINGS, completion_report_rows(viewer=job.owner, filters=job.filters)
    raise ValueError(f"Report {job.report!r} has no background export.")


def export_job_build(*, job: ExportJob) -> ExportJob:
    """Build the file of a pending export into default storage (constant memory: rows are
    streamed from the database to a temporary file, then the file is copied to storage)."""
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
        headings, rows = _rows_for(job)
        if job.format == ExportJob.Format.CSV:
            with open(path, "wb") as fileobj:
                count = exports.write_csv(rows, fileobj, headings=headings)
        else:
            count = exports.write_xlsx(rows, path, headings=headings)
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
