"""The report pages that are not listings: learner transcript, programme summary,
dashboard."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.people.access import LearnerRecordsAccessMixin

from ..charts import horizontal_bar_chart, line_chart
from ..exports import ReportExportMixin
from ..filters import PeriodForm, export_filename
from ..models import ExportJob
from ..selectors import (
    COMPLETION_COLUMNS,
    completion_rows,
    completion_values,
    dashboard_data,
    learner_transcript,
    programme_summary,
)
from ..tables import SUMMARY_EXPORT_COLUMNS, knowledge_rows, summary_export_rows, summary_tables


class ReportPage(LearnerRecordsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("hr_reports:completions"), "label": _("Reports")},
            {"url": "", "label": self.get_page_title()},
        ]


class TranscriptView(ReportExportMixin, ReportPage):
    """One learner's courses, attempts and certificates; the export has their courses,
    one row each, with the completions report's columns."""

    template_name = "reports/transcript.html"
    header_icon = "user"
    list_export = [name for name, _heading in COMPLETION_COLUMNS]
    export_headings = dict(COMPLETION_COLUMNS)
    export_report = ExportJob.Report.TRANSCRIPT
    export_sheet_title = "Transcript"

    def get(self, request, *args, **kwargs):
        self.transcript = learner_transcript(viewer=request.user, user_id=kwargs["user_id"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        profile = self.transcript.profile
        name = profile.full_name if profile else self.transcript.learner.get_username()
        return _("Transcript: %(name)s") % {"name": name}

    def get_export_items(self):
        return completion_values(viewer=self.request.user).filter(
            user_id=self.transcript.learner.pk
        )

    def decorate_export_chunk(self, chunk):
        return completion_rows(chunk)

    def export_filters(self) -> dict[str, str]:
        return {"learner": str(self.transcript.learner.pk)}

    def get_filename(self):
        return export_filename("transcript", self.export_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(transcript=self.transcript, **kwargs)


class PeriodReportPage(ReportPage):
    """A page over a date range (?date_from=&date_to=, default the last 12 months)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.form = PeriodForm(
            {k: request.GET[k] for k in ("date_from", "date_to", "suppress") if k in request.GET}
        )
        self.date_from, self.date_to = self.form.period()

    def get(self, request, *args, **kwargs):
        if self.form.is_bound and not self.form.is_valid():
            for error in self.form.non_field_errors():
                messages.warning(
                    request,
                    _("%(error)s The last 12 months are shown instead.") % {"error": error},
                )
            for name, errors in self.form.errors.items():
                if name != "__all__":
                    messages.warning(
                        request,
                        _("%(label)s: %(errors)s It was ignored.")
                        % {"label": self.form.fields[name].label, "errors": " ".join(errors)},
                    )
        return super().get(request, *args, **kwargs)

    def export_known_params(self) -> set[str]:
        return set(self.form.fields)

    def export_refused(self) -> dict[str, str]:
        refused = super().export_refused()
        if self.form.is_bound and not self.form.is_valid():
            for name, errors in self.form.errors.items():
                refused[name] = " ".join(str(e) for e in errors)
        return refused

    def period_params(self) -> dict[str, str]:
        params = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        if self.form.suppressed:
            params["suppress"] = "1"
        return params

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, date_from=self.date_from, date_to=self.date_to, **kwargs
        )


class SummaryView(ReportExportMixin, PeriodReportPage):
    template_name = "reports/summary.html"
    header_icon = "table"
    page_title = gettext_lazy("Programme summary")
    list_export = [name for name, _heading in SUMMARY_EXPORT_COLUMNS]
    export_headings = dict(SUMMARY_EXPORT_COLUMNS)
    export_report = ExportJob.Report.SUMMARY
    export_links_carry_applied_filters = True
    export_sheet_title = "Programme summary"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.summary = None

    def get_summary(self):
        if self.summary is None:
            self.summary = programme_summary(
                viewer=self.request.user, date_from=self.date_from, date_to=self.date_to
            )
        return self.summary

    def get_export_items(self):
        return list(summary_export_rows(self.get_summary(), suppressed=self.form.suppressed))

    def export_filters(self) -> dict[str, str]:
        return self.period_params()

    def get_filename(self):
        params = {k: v for k, v in self.period_params().items() if k != "suppress"}
        if self.form.suppressed:
            params["suppressed"] = "yes"
        return export_filename("summary", params, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        suppressed = self.form.suppressed
        summary = self.get_summary()
        return super().get_context_data(
            summary=summary,
            tables=summary_tables(summary, suppressed=suppressed),
            knowledge=knowledge_rows(summary, suppressed=suppressed),
            suppressed=suppressed,
            csv_url=self.csv_export_url,
            xlsx_url=self.xlsx_export_url,
            **kwargs,
        )


class DashboardView(PeriodReportPage):
    template_name = "reports/dashboard.html"
    header_icon = "pick"
    page_title = gettext_lazy("Dashboard")

    def get_context_data(self, **kwargs):
        data = dashboard_data(
            viewer=self.request.user, date_from=self.date_from, date_to=self.date_to
        )
        period = f"{self.date_from:%-d %B %Y} to {self.date_to:%-d %B %Y}"
        return super().get_context_data(
            data=data,
            county_chart=horizontal_bar_chart(
                chart_id="chart-county",
                title=f"Completions by county, {period}",
                items=data.by_county,
            ),
            sex_chart=horizontal_bar_chart(
                chart_id="chart-sex", title=f"Completions by sex, {period}", items=data.by_sex
            ),
            course_chart=line_chart(
                chart_id="chart-course",
                title=f"Completions by course and month, {period}",
                months=data.months,
                series=data.by_course_month,
            ),
            **kwargs,
        )
