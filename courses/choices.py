"""The choice lists of a course, defined once: the page model's fields, the catalogue's
filters, the reports' filters and the content loader all read them from here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    COUNTY = "county", _("County government staff")
    NATIONAL = "national", _("National government staff")
    BOTH = "both", _("County and national staff")


class ThematicArea(models.TextChoices):
    MIGRATION_CYCLE = "migration_cycle", _("Migration cycle")
    MIGRATION_HEALTH = "migration_health", _("Migration health")
    BORDER_MANAGEMENT = "border_management", _("Border management")
