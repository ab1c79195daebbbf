"""Wagtail's Site history report (Reports > Site history), exported through the one
export path, so its CSV/XLSX is formula-safe and recorded like every other report.

Wagtail has no setting or hook to replace the view behind one of its own report URLs;
Django's URL resolution does it publicly: lms/urls.py mounts this view at the same path,
before Wagtail's admin URLs, and with the same guards (admin access, never cached).
"""

from wagtail.admin.views.reports.audit_logging import LogEntriesView

from ..exports import ReportExportMixin
from ..models import ExportJob


class SiteHistoryView(ReportExportMixin, LogEntriesView):
    export_report = ExportJob.Report.SITE_HISTORY
    export_sheet_title = "Site history"
