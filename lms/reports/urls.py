"""Admin URLs of the reports (registered under /admin/hr-reports/ by wagtail_hooks).

Every view declares what it needs itself (lms.people.access.LearnerRecordsAccessMixin:
login, the people.view_learner_records permission, the viewer's county scope and
two-factor authentication), so a URL added here cannot forget the guard.
"""

from django.urls import path

from certificates.views import CertificateZipView

from .views.completions import CompletionsReportView, certificates_for_filters
from .views.exports import ExportDownloadView, ExportJobView, ExportListView
from .views.pages import DashboardView, SummaryView, TranscriptView

app_name = "hr_reports"

urlpatterns = [
    path("completions/", CompletionsReportView.as_view(), name="completions"),
    path(
        "completions/results/",
        CompletionsReportView.as_view(results_only=True),
        name="completions_results",
    ),
    path("learners/<int:user_id>/", TranscriptView.as_view(), name="transcript"),
    path(
        "completions/certificates.zip",
        CertificateZipView.as_view(queryset_builder=certificates_for_filters),
        name="certificates_zip",
    ),
    path("summary/", SummaryView.as_view(), name="summary"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("exports/", ExportListView.as_view(), name="export_list"),
    path("exports/<uuid:job_uuid>/", ExportJobView.as_view(), name="export_job"),
    path(
        "exports/<uuid:job_uuid>/download/",
        ExportDownloadView.as_view(),
        name="export_download",
    ),
]
