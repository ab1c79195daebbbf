from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .text import reject_invisible_characters, validate_person_name


class County(models.Model):
    """One of Kenya's 47 counties, with its official code (001 Mombasa ... 047 Nairobi City).

    Seeded by a data migration; reports group staff by it and a county HR officer sees
    only the staff whose profile names their county.
    """

    code = models.CharField(
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "A county code is three digits, e.g. 040.")],
        help_text="The official three-digit county code, 001 to 047.",
    )
    name = models.CharField(
        max_length=60, unique=True, help_text="The county's name as gazetted, e.g. Busia."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "counties"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="people_county_code_three_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """The organisation a learner works for: a national department, a county department,
    an international partner. HR officers may add more in the admin."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "National government"
        COUNTY = "county", "County government"
        INTERNATIONAL = "international", "International organisation"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200,
        unique=True,
        validators=[reject_invisible_characters],
        help_text="Full official name, e.g. Department of Immigration Services.",
    )
    short_name = models.CharField(
        max_length=40,
        blank=True,
        validators=[reject_invisible_characters],
        help_text="Abbreviation used in reports and tight spaces, e.g. DIS. Optional.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.NATIONAL,
        help_text="Which level of government (or other) the organisation belongs to.",
    )
    is_active = models.BooleanField(
        default=True,
        help_text="Untick to stop offering this organisation on the profile form. Staff "
        "already linked to it keep it (agencies in use cannot be deleted).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "agency"
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["national", "county", "international", "other"]),
                name="people_agency_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """Who a learner is at work: one per user, filled in right after sign-up.

    Reports cut by sex, service, county and agency. The full name is the name printed on
    certificates; a certificate keeps the name it was issued with.
    """

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class Service(models.TextChoices):
        NATIONAL = "national", "National government"
        COUNTY = "county", "County government"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        help_text="The account this profile belongs to.",
    )
    full_name = models.CharField(
        max_length=150,
        validators=[validate_person_name],
        help_text="Your full name exactly as it should appear on your certificates.",
    )
    sex = models.CharField(
        max_length=20,
        choices=Sex.choices,
        help_text="Used only for programme totals, never shown to other learners.",
    )
    service = models.CharField(
        max_length=20,
        choices=Service.choices,
        help_text="Whether you work for the national government or a county government.",
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="staff_profiles",
        help_text="The county where you work (your duty station's county).",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="staff_profiles",
        help_text="The department or organisation you work for.",
    )
    job_title = models.CharField(
        max_length=150,
        validators=[reject_invisible_characters],
        help_text="Your job title, e.g. Immigration Officer II.",
    )
    staff_number = models.CharField(
        max_length=40,
        blank=True,
        validators=[reject_invisible_characters],
        help_text="Your staff or personal number. Optional; unique within your agency.",
    )
    duty_station = models.CharField(
        max_length=150,
        validators=[reject_invisible_characters],
        help_text="Where you work, e.g. Busia One Stop Border Post.",
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when the account was deleted and its personal data removed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "staff profile"
        permissions = [
            ("view_learner_records", "Can view learner records and reports"),
            ("view_all_counties", "Can view the learner records of every county"),
            ("view_county_records", "Can view the learner records of their own county"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "staff_number"],
                condition=~Q(staff_number=""),
                name="people_unique_staff_number_per_agency",
                violation_error_message=(
                    "Someone in this agency already has that staff number. Check the "
                    "number, or leave it blank and ask your HR officer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sex__in=["female", "male", "intersex", "prefer_not_to_say"]),
                name="people_staffprofile_sex_valid",
            ),
            models.CheckConstraint(
                condition=Q(service__in=["national", "county"]),
                name="people_staffprofile_service_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or f"Profile {self.pk}"
