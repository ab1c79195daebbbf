"""Background work: rendering certificate PDFs (django-tasks).

Retries: a failed render is retried by the task itself, later, with a growing delay, when
the backend can defer (the database backend in production: 2, 4, 8, 16 minutes), up to
services.MAX_RENDER_ATTEMPTS attempts. `manage.py retry_failed_certificate_renders`,
run periodically, re-enqueues what is still failed with attempts left and what has been
pending too long (a lost task). See docs/certificates.md.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from .models import Certificate, RenderStatus


@task()
def render_certificate(certificate_id: int, force: bool = False) -> str:
    from .services import MAX_RENDER_ATTEMPTS, certificate_render

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return "missing"
    certificate = certificate_render(certificate=certificate, force=force)
    backend = render_certificate.get_backend()
    if (
        certificate.render_status == RenderStatus.FAILED
        and certificate.render_attempts < MAX_RENDER_ATTEMPTS
        and backend.supports_defer
    ):
        delay = datetime.timedelta(minutes=2**certificate.render_attempts)
        render_certificate.using(run_after=timezone.now() + delay).enqueue(
            certificate_id=certificate_id, force=force
        )
    return certificate.render_status
