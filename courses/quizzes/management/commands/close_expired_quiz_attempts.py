from django.core.management.base import BaseCommand

from courses.quizzes.services import quiz_attempts_close_expired


class Command(BaseCommand):
    help = (
        "Score every open quiz attempt whose time limit has run out, as it stood. "
        "Safe to run as often as you like (e.g. every few minutes from cron)."
    )

    def handle(self, *args, **options):
        closed = quiz_attempts_close_expired()
        self.stdout.write(f"Closed {closed} expired attempt{'s' if closed != 1 else ''}.")
