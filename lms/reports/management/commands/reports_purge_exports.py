from django.core.management.base import BaseCommand, CommandError

from lms.reports.conf import export_retention_days
from lms.reports.services import export_jobs_purge


class Command(BaseCommand):
    help = (
        "Delete report exports (and their files) older than REPORTS_EXPORT_RETENTION_DAYS "
        "(default 7). Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention.")

    def handle(self, *args, days=None, **options):
        days = export_retention_days() if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        count = export_jobs_purge(older_than_days=days)
        self.stdout.write(f"Deleted {count} export(s) older than {days} day(s).")
