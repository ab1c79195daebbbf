"""python manage.py load_content [DIR] [--check] [--force]: see docs/content-format.md."""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.loader.importer import PAGE_KINDS, LoadConflict
from content.loader.problems import Problems
from content.services import (
    DEFAULT_CONTENT_DIR,
    ContentInvalid,
    curriculum_check,
    curriculum_load,
)


def _plural(count: int, word: str) -> str:
    return (
        f"{count} {word}"
        if count == 1
        else f"{count} {'quizzes' if word == 'quiz' else word + 's'}"
    )


# Wagtail logs every page it creates and publishes, and the task backend every search-index
# task it runs; the command's own lines (-v 2 lists each page) say the same in fewer words.
NOISY_LOGGERS = ("wagtail", "django_tasks", "django_tasks_db", "django.tasks", "modelsearch")


@contextmanager
def _quiet_logs(verbosity: int):
    """Only warnings from Wagtail and the task workers, unless asked for with -v 3."""
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    if verbosity < 3:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the curriculum in DIR (default: content/) into Wagtail pages. Everything is "
        "checked first; nothing is loaded if any file has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_CONTENT_DIR), metavar="DIR")
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; change nothing."
        )
        # -v 2 lists every page created or updated; -v 3 also lets Wagtail's and the task
        # workers' own log lines through.
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite pages edited in the Wagtail admin since their last import.",
        )

    def handle(self, *args, directory, check, force, verbosity, **options):
        directory = Path(directory)
        try:
            with _quiet_logs(verbosity):
                if check:
                    curriculum = curriculum_check(directory=directory)
                else:
                    report = curriculum_load(directory=directory, force=force)
        except ContentInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {directory}; nothing was loaded."
            ) from None
        except LoadConflict as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("nothing was loaded.") from None

        if check:
            counts = curriculum.counts()
            for path, language in curriculum.translations:
                path = Problems.relative(path)
                self.stdout.write(f"{path}: language '{language}' checked, not loaded yet")
            summary = ", ".join(
                _plural(counts[key], word)
                for key, word in (
                    ("courses", "course"),
                    ("modules", "module"),
                    ("lessons", "lesson"),
                    ("quizzes", "quiz"),
                    ("questions", "question"),
                )
            )
            for warning in curriculum.warnings:
                self.stderr.write(f"{warning.path}:{warning.line}: warning: {warning.message}")
            warned = (
                f" {_plural(len(curriculum.warnings), 'quality warning')} (they do not stop a load)."
                if curriculum.warnings
                else ""
            )
            self.stdout.write(self.style.SUCCESS(f"{directory}: no problems. {summary}.{warned}"))
            return

        for note in report.notes:
            self.stdout.write(note)
        for page in report.pages:
            if page.action == "skipped":
                self.stdout.write(
                    self.style.WARNING(f"{page.path} ({page.source}): {page.reason}, skipped")
                )
            elif page.action != "unchanged" and verbosity >= 2:
                self.stdout.write(f"{page.path} ({page.source}): {page.action}")
        for path in report.left_alone:
            self.stdout.write(f"{path}: in the CMS but not in the files, left alone")
        for path, language in report.translations:
            self.stdout.write(f"{path}: language '{language}' checked, not loaded yet")
        counts = report.counts()
        per_kind = []
        for kind, plural in zip(
            PAGE_KINDS, ("courses", "modules", "lessons", "quizzes"), strict=True
        ):
            done = ", ".join(f"{n} {action}" for action, n in sorted(counts[kind].items()) if n)
            per_kind.append(f"{plural}: {done or 'none'}")
        self.stdout.write(
            self.style.SUCCESS(
                f"load_content: {report.total('created')} created, {report.total('updated')} "
                f"updated, {report.total('unchanged')} unchanged, {report.total('skipped')} "
                f"skipped ({'; '.join(per_kind)})."
            )
        )
