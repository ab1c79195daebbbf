from django.conf import settings
from django.core.management.base import BaseCommand

from lms.people.audit import audit_log_purge


class Command(BaseCommand):
    help = (
        "Delete audit-trail entries (sign-ins, role, password and two-factor changes, "
        "account deletions) older than AUDIT_LOG_RETENTION_DAYS. Run it daily from cron."
    )

    def handle(self, *args, **options):
        count = audit_log_purge()
        self.stdout.write(
            f"Deleted {count} audit entries older than {settings.AUDIT_LOG_RETENTION_DAYS} days."
        )
