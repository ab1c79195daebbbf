"""Admin views of the reports. Each declares what it needs in the view (login, the
people.view_learner_records permission, two-factor authentication: see
lms.people.access.LearnerRecordsAccessMixin), and every query is scoped by the
selectors, so hiding the menu is never the only guard."""


def background_exporter(report: str):
    """The view that builds a background export of ``report`` (lms.reports.tasks)."""
    from .completions import CompletionsReportView

    exporters = {CompletionsReportView.export_report: CompletionsReportView}
    if report not in exporters:
        raise ValueError(f"Report {report!r} has no background export.")
    return exporters[report]()
