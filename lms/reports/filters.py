"""The reports' filters: an allowlist of fields, parsed by forms, never raw ORM lookups.

``CompletionFilterSet`` is a django-filter FilterSet (as Wagtail's own reports use):
only the filters declared here exist, each validated by its form field; a value that
does not validate is dropped (and the view says so) instead of reaching the database.
"""

import datetime
import re

import django_filters
from django import forms
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from courses.choices import ThematicArea
from courses.models import CoursePage, Enrolment
from lms.people.access import county_scope
from lms.people.models import Agency, County, StaffProfile

STATUS_ENROLLED = "enrolled"
STATUS_IN_PROGRESS = "in_progress"
STATUS_COMPLETED = "completed"
STATUS_CHOICES = [
    (STATUS_ENROLLED, "Enrolled, not started"),
    (STATUS_IN_PROGRESS, "In progress"),
    (STATUS_COMPLETED, "Completed"),
]
# The query parameters a completions URL may carry (besides paging and export).
COMPLETION_FILTER_PARAMS = (
    "course",
    "thematic_area",
    "county",
    "agency",
    "service",
    "sex",
    "status",
    "enrolled_from",
    "enrolled_to",
    "completed_from",
    "completed_to",
)


def _viewer_county(viewer) -> County | None:
    return county_scope(viewer=viewer) if viewer is not None else None


class CompletionFilterSet(WagtailFilterSet):
    """Filters of the completions report. Pass ``viewer`` (or a request): a county HR
    officer is offered only their own county, and any other county does not validate."""

    course = django_filters.ModelChoiceFilter(
        label="Course",
        queryset=CoursePage.objects.order_by("title"),
        empty_label="All courses",
    )
    thematic_area = django_filters.ChoiceFilter(
        label="Thematic area",
        field_name="course__thematic_area",
        choices=ThematicArea.choices,
        empty_label="All thematic areas",
    )
    county = django_filters.ModelChoiceFilter(
        label="County",
        field_name="user__staff_profile__county",
        queryset=County.objects.order_by("name"),
        to_field_name="code",
        empty_label="All counties in my scope",
    )
    agency = django_filters.ModelChoiceFilter(
        label="Agency",
        field_name="user__staff_profile__agency",
        queryset=Agency.objects.order_by("name"),
        empty_label="All agencies",
    )
    service = django_filters.ChoiceFilter(
        label="Service",
        field_name="user__staff_profile__service",
        choices=StaffProfile.Service.choices,
        empty_label="National and county",
    )
    sex = django_filters.ChoiceFilter(
        label="Sex",
        field_name="user__staff_profile__sex",
        choices=StaffProfile.Sex.choices,
        empty_label="All",
    )
    status = django_filters.ChoiceFilter(
        label="Status", field_name="status", choices=STATUS_CHOICES, empty_label="Any status"
    )
    enrolled = django_filters.DateFromToRangeFilter(
        label="Enrolled between", field_name="enrolled_at", widget=DateRangePickerWidget
    )
    completed = django_filters.DateFromToRangeFilter(
        label="Completed between", field_name="completed_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Enrolment
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, viewer=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        viewer = viewer if viewer is not None else getattr(request, "user", None)
        county = _viewer_county(viewer)
        if county is not None:
            field = self.form.fields["county"]
            field.queryset = County.objects.filter(pk=county.pk)
            field.empty_label = f"{county.name} (your county)"

    def dropped(self) -> list[str]:
        """Sentences naming each filter whose value was ignored, for a message."""
        return [
            f"The {self.form.fields[name].label.lower()} filter was ignored: "
            f"{' '.join(str(e) for e in errors)}"
            for name, errors in self.form.errors.items()
        ]

    def applied(self) -> dict[str, str]:
        """The valid, non-empty filters as query parameters (for export links, jobs and
        file names), in a stable order."""
        params: dict[str, str] = {}
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        for name, value in data.items():
            if value in (None, "") or name in self.form.errors:
                continue
            if isinstance(value, slice):
                if value.start:
                    params[f"{name}_from"] = timezone.localtime(value.start).date().isoformat()
                if value.stop:
                    params[f"{name}_to"] = timezone.localtime(value.stop).date().isoformat()
            elif isinstance(value, County):
                params[name] = value.code
            elif hasattr(value, "pk"):
                params[name] = str(value.pk)
            else:
                params[name] = str(value)
        return params


def filter_data(params) -> dict[str, str]:
    """Only the allowlisted parameters, each a single string."""
    return {
        name: str(params.get(name))
        for name in COMPLETION_FILTER_PARAMS
        if params.get(name) not in (None, "")
    }


_UNSAFE = re.compile(r"[^a-z0-9]+")


def export_filename(
    report: str, params: dict[str, str], *, today: datetime.date | None = None
) -> str:
    """e.g. completions_county-040_status-completed_2026-11-27 (no extension)."""
    today = today or timezone.localdate()
    parts = [report]
    for name, value in params.items():
        slug = _UNSAFE.sub("-", f"{name}-{value}".lower().replace("_", "-")).strip("-")
        parts.append(slug[:60])
    parts.append(today.isoformat())
    return "_".join(parts)


class PeriodForm(forms.Form):
    """The date range of the programme summary and the dashboard."""

    date_from = forms.DateField(
        label="From", required=False, widget=AdminDateInput, help_text="First day, inclusive."
    )
    date_to = forms.DateField(
        label="To", required=False, widget=AdminDateInput, help_text="Last day, inclusive."
    )
    suppress = forms.BooleanField(
        label="Suppress small numbers (for sharing outside government)",
        required=False,
        help_text="Counts from 1 to 4 are shown as '<5', with the totals that would "
        "reveal them hidden too.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The 'From' date must be on or before the 'To' date.")
        return cleaned

    def period(self, *, default_days: int = 365) -> tuple[datetime.date, datetime.date]:
        """The chosen period, or the last ``default_days`` days up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("date_to") or today
        start = data.get("date_from") or (end - datetime.timedelta(days=default_days - 1))
        return start, end

    @property
    def suppressed(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("suppress"))
