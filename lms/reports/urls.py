"""Admin URLs of the reports (registered under /admin/hr-reports/ by wagtail_hooks).

Every view is wrapped in learner_records_view: login, the people.view_learner_records
permission (403 without it, e.g. trainers) and two-factor authentication.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from lms.people.access import learner_records_view as _learner_records_view

from .views.completions import CompletionsReportView, certificates_for_filters
from .views.exports import ExportJobView, ExportListView, export_download
from .views.pages import DashboardView, SummaryView, TranscriptView

app_name = "hr_reports"


def learner_records_view(view):
    """learner_records_view, answering 403 with a sentence when access is refused.

    Wagtail's admin would turn the PermissionDenied into a redirect to the dashboard;
    a report refused should say so plainly (and tests and scripts can tell).
    """
    guarded = _learner_records_view(view)

    @wraps(guarded)
    def wrapper(request, *args, **kwargs):
        try:
            return guarded(request, *args, **kwargs)
        except PermissionDenied as error:
            message = str(error) or "You do not have access to learner records."
            return TemplateResponse(
                request,
                "reports/forbidden.html",
                {"message": message, "page_title": "No access to these reports"},
                status=403,
            )

    return wrapper


def certificates_zip_view():
    """The certificates part's ZIP download, fed by the completions filters."""
    from certificates.views import CertificateZipView

    return CertificateZipView.as_view(queryset_builder=certificates_for_filters)


urlpatterns = [
    path(
        "completions/",
        learner_records_view(CompletionsReportView.as_view()),
        name="completions",
    ),
    path(
        "completions/results/",
        learner_records_view(CompletionsReportView.as_view(results_only=True)),
        name="completions_results",
    ),
    path(
        "learners/<int:user_id>/",
        learner_records_view(TranscriptView.as_view()),
        name="transcript",
    ),
    path(
        "completions/certificates.zip",
        learner_records_view(certificates_zip_view()),
        name="certificates_zip",
    ),
    path("summary/", learner_records_view(SummaryView.as_view()), name="summary"),
    path("dashboard/", learner_records_view(DashboardView.as_view()), name="dashboard"),
    path("exports/", learner_records_view(ExportListView.as_view()), name="export_list"),
    path(
        "exports/<uuid:job_uuid>/",
        learner_records_view(ExportJobView.as_view()),
        name="export_job",
    ),
    path(
        "exports/<uuid:job_uuid>/download/",
        learner_records_view(export_download),
        name="export_download",
    ),
]
