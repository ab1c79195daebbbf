from django.apps import AppConfig


def export_jobs_of(user) -> list[dict]:
    """What a person exported (for 'download my data'): metadata, never the files."""
    from .models import ExportJob

    return [
        {
            "asked_at": job.created_at,
            "report": job.report,
            "format": job.format,
            "filters": job.filters,
            "rows": job.row_count,
            "status": job.status,
        }
        for job in ExportJob.objects.filter(owner=user).order_by("created_at")
    ]


def export_jobs_delete(user) -> None:
    """An account being deleted takes its exports (and their files) with it: the files
    hold other learners' personal data."""
    from .models import ExportJob

    for job in ExportJob.objects.filter(owner=user):
        job.delete()


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from lms.people import personal_data

        personal_data.register(
            name="report_exports", exporter=export_jobs_of, anonymiser=export_jobs_delete
        )
