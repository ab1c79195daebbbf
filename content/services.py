"""Writes of the content part: checking and loading the shipped curriculum."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from content.loader.importer import LoadConflict, LoadReport, load_curriculum
from content.loader.problems import Problem
from content.loader.reader import read_curriculum
from content.loader.specs import Curriculum

DEFAULT_CONTENT_DIR = Path(settings.BASE_DIR) / "content"


class ContentInvalid(Exception):
    """The files have problems; nothing was loaded. `problems` says where and what."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the content files")
        self.problems = problems


def curriculum_check(*, directory: Path = DEFAULT_CONTENT_DIR) -> Curriculum:
    """Read and check every file of a curriculum folder; touches no database.

    Raises ContentInvalid listing every problem (file:line: message) when anything is wrong.
    """
    curriculum, problems = read_curriculum(Path(directory))
    if problems or curriculum is None:
        raise ContentInvalid(problems.sorted())
    return curriculum


def curriculum_load(*, directory: Path = DEFAULT_CONTENT_DIR, force: bool = False) -> LoadReport:
    """Check a curriculum folder, then create or update its pages, all in one transaction.

    Pages edited in the Wagtail admin since their last import are skipped unless `force`.
    Raises ContentInvalid (files) or LoadConflict (database) with nothing written.
    """
    curriculum = curriculum_check(directory=directory)
    with transaction.atomic():
        return load_curriculum(curriculum, force=force)


__all__ = ["ContentInvalid", "LoadConflict", "curriculum_check", "curriculum_load"]
