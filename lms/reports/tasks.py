"""Background tasks (django-tasks; `manage.py db_worker` runs them in production, the
immediate backend in development and tests)."""

from django_tasks import task

from .models import ExportJob
from .services import export_job_build as _build


@task()
def export_job_build(job_id: int) -> str:
    """Build the file of one pending export job."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None:  # deleted (e.g. with its owner's account) before the worker got to it
        return "missing"
    from .views import background_exporter

    return _build(job=job, exporter=background_exporter(job.report)).status
