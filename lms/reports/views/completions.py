"""Completions: one row per enrolment, filterable, with CSV/XLSX export."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from ..filters import CompletionFilterSet, export_filename, filter_data
from ..selectors import (
    COMPLETION_COLUMNS,
    COMPLETION_HEADINGS,
    SEX_LABELS,
    STATUS_LABELS,
    certificate_code_display,
    certificate_status,
    completion_queryset,
    completion_report_rows,
)
from .responses import export_response


def _profile(enrolment, name, labels=None):
    profile = getattr(enrolment.user, "staff_profile", None)
    value = getattr(profile, name, "") if profile is not None else ""
    if labels is not None:
        return labels.get(value, value)
    return value


SHORT_SERVICE = {"national": "National", "county": "County"}


def _agency_short(enrolment):
    agency = _profile(enrolment, "agency")
    return (agency.short_name or agency.name) if agency else ""


def _day(value):
    return date_format(timezone.localtime(value), "j M Y") if value else ""


def _certificate(enrolment):
    return getattr(enrolment, "certificate", None)


class CompletionsReportView(ReportView):
    page_title = "Completions"
    template_name = "reports/completions.html"
    table_classname = "listing report-completions"
    header_icon = "tasks"
    index_url_name = "hr_reports:completions"
    index_results_url_name = "hr_reports:completions_results"
    filterset_class = CompletionFilterSet
    paginate_by = 50
    verbose_name_plural = "enrolments"
    list_export = [key for key, _ in COMPLETION_COLUMNS]
    export_headings = dict(COMPLETION_COLUMNS)
    # The screen shows short forms (agency abbreviation, "National"/"County", dates);
    # the exports carry the full values.
    columns = [
        TitleColumn(
            "name",
            label="Name",
            accessor=lambda e: _profile(e, "full_name") or e.user.get_username(),
            get_url=lambda e: reverse("hr_reports:transcript", args=[e.user_id]),
            width="14%",
        ),
        Column("staff_number", label="Staff no.", accessor=lambda e: _profile(e, "staff_number")),
        Column("sex", label="Sex", accessor=lambda e: _profile(e, "sex", SEX_LABELS)),
        Column(
            "service", label="Service", accessor=lambda e: _profile(e, "service", SHORT_SERVICE)
        ),
        Column("county", label="County", accessor=lambda e: _profile(e, "county")),
        Column("agency", label="Agency", accessor=_agency_short),
        Column("job_title", label="Job title", accessor=lambda e: _profile(e, "job_title")),
        Column("course", label="Course", accessor="course.title", width="14%"),
        Column("enrolled_at", label="Enrolled", accessor=lambda e: _day(e.enrolled_at)),
        Column("completed_at", label="Completed", accessor=lambda e: _day(e.completed_at)),
        Column("final_score", label="Score (%)"),
        Column("status", label="Status", accessor=lambda e: STATUS_LABELS.get(e.status)),
        Column(
            "certificate_code",
            label="Certificate",
            accessor=lambda e: certificate_code_display(getattr(_certificate(e), "code", "")),
        ),
        Column(
            "certificate_status",
            label="Cert. status",
            accessor=lambda e: (
                certificate_status(_certificate(e).revoked_at, _certificate(e).expires_on)
                if _certificate(e)
                else ""
            ),
        ),
    ]

    def get_filterset_kwargs(self):
        # Only allowlisted parameters reach the filter form.
        return {"data": filter_data(self.request.GET), "request": self.request}

    def get_queryset(self):
        return completion_queryset(viewer=self.request.user)

    def filter_queryset(self, queryset):
        # Unlike Wagtail's default (all filters or none), a filter whose value does not
        # validate is dropped alone, and the person is told which one and why.
        if not self.filters:
            return queryset
        self.filters.form.is_valid()
        if not self.results_only:
            for sentence in self.filters.dropped():
                messages.warning(self.request, sentence)
        return self.filters.filter_queryset(queryset)

    @cached_property
    def applied_filters(self) -> dict[str, str]:
        if not self.filters:
            return {}
        self.filters.form.is_valid()
        return self.filters.applied()

    def get_export_url(self, format):
        from django.http import QueryDict

        params = QueryDict(mutable=True)
        params.update(self.applied_filters)
        params["export"] = format
        return f"{self.index_url}?{params.urlencode()}"

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        zip_url = certificates_zip_url(self.applied_filters)
        if zip_url:
            buttons.append(
                Button(
                    "Download certificates (ZIP)", url=zip_url, icon_name="download", priority=110
                )
            )
        return buttons

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export(self, export_format: str):
        filters = self.applied_filters
        # (filter_queryset tells the person about any dropped filter.)
        row_count = self.filter_queryset(self.get_queryset()).count()
        return export_response(
            request=self.request,
            report="completions",
            export_format=export_format,
            filters=filters,
            filename=export_filename("completions", filters),
            row_count=row_count,
            rows=lambda: completion_report_rows(viewer=self.request.user, filters=filters),
            headings=COMPLETION_HEADINGS,
            sheet_name="Completions",
        )


def certificates_zip_url(filters: dict[str, str]) -> str | None:
    """The link to the ZIP of the certificates on the filtered rows (None when the
    certificates part is not installed)."""
    try:
        from certificates.views import CertificateZipView  # noqa: F401
    except ImportError:  # pragma: no cover - the certificates part provides it
        return None
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params.update(filters)
    return f"{reverse('hr_reports:certificates_zip')}?{params.urlencode()}"


def certificates_for_filters(request, certificates):
    """The certificates part's ZIP view calls this with the certificates the viewer may
    see; narrow them to the enrolments the completions report shows for the same
    (allowlisted) filters."""
    enrolments = completion_queryset(viewer=request.user, filters=filter_data(request.GET))
    return certificates.filter(enrolment__in=enrolments.order_by().values("pk"))
