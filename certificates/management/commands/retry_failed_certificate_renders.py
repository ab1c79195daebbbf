from django.core.management.base import BaseCommand

from certificates.services import MAX_RENDER_ATTEMPTS, certificate_renders_retry


class Command(BaseCommand):
    help = (
        "Enqueue a new render for failed certificate PDFs (fewer than "
        f"{MAX_RENDER_ATTEMPTS} attempts) and for ones pending for over 10 minutes. "
        "Run it periodically, e.g. every 10 minutes from cron."
    )

    def handle(self, *args, **options):
        count = certificate_renders_retry()
        self.stdout.write(f"Enqueued {count} certificate render(s).")
