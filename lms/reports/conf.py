"""Report settings, read from Django settings with the defaults documented in
docs/reports.md."""

from django.conf import settings


def sync_export_max_rows(export_format: str) -> int:
    """Above this many rows an export runs as a background task instead of in the request.

    CSV streams in constant memory, so its limit is higher; XLSX is built into a temporary
    file (constant memory too, but slower per row), so it goes to the background sooner.
    """
    if export_format == "csv":
        return getattr(settings, "REPORTS_SYNC_CSV_EXPORT_MAX_ROWS", 200_000)
    return getattr(settings, "REPORTS_SYNC_EXPORT_MAX_ROWS", 20_000)


def suppression_threshold() -> int:
    """Counts from 1 up to (not including) this are shown as '<5' in suppressed output."""
    return getattr(settings, "REPORTS_SUPPRESSION_THRESHOLD", 5)


def export_retention_days() -> int:
    """Background export files (personal data) are deleted after this many days by
    `manage.py reports_purge_exports`."""
    return getattr(settings, "REPORTS_EXPORT_RETENTION_DAYS", 7)
