from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.services import (
    MAX_RENDER_ATTEMPTS,
    certificate_renders_retry,
    render_tasks_recover_stale,
)


class Command(BaseCommand):
    help = (
        "Mark render tasks still running after CERTIFICATE_RENDER_STALE_AFTER_MINUTES "
        f"({settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES}) as failed (their worker is "
        "gone), then enqueue a new render for failed certificate PDFs (fewer than "
        f"{MAX_RENDER_ATTEMPTS} attempts) and for ones pending for over 10 minutes. "
        "Run it periodically, e.g. every 10 minutes from cron."
    )

    def handle(self, *args, **options):
        stale = render_tasks_recover_stale()
        if stale:
            self.stdout.write(f"Recovered {stale} render task(s) left running by a lost worker.")
        count = certificate_renders_retry()
        self.stdout.write(f"Enqueued {count} certificate render(s).")
