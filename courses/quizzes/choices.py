"""The choice lists of a quiz, defined once (page fields, selectors, reports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuizKind(models.TextChoices):
    MODULE = "module", _("Module quiz")
    PRETEST = "pretest", _("Pre-test")
    FINAL = "final", _("Post-test / final assessment")


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
    AFTER_PASSED_OR_EXHAUSTED = "after_passed_or_exhausted", _("Once passed or out of attempts")
    NEVER = "never", _("Never")
