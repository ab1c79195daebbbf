"""The choice lists of a quiz, defined once (page fields, selectors, reports)."""

from django.db import models


class QuizKind(models.TextChoices):
    MODULE = "module", "Module quiz"
    PRETEST = "pretest", "Pre-test"
    FINAL = "final", "Post-test / final assessment"


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", "After each attempt"
    AFTER_PASSED_OR_EXHAUSTED = "after_passed_or_exhausted", "Once passed or out of attempts"
    NEVER = "never", "Never"
