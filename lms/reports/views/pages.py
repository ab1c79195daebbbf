"""The report pages that are not listings: learner transcript, programme summary,
dashboard."""

from django.contrib import messages
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..charts import horizontal_bar_chart, line_chart
from ..filters import PeriodForm, export_filename
from ..selectors import dashboard_data, learner_transcript, programme_summary
from ..tables import SUMMARY_HEADINGS, knowledge_rows, summary_export_rows, summary_tables
from .responses import export_response

REPORTS_CRUMB = {"url": "", "label": "Reports"}


class ReportPage(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("hr_reports:completions"), "label": "Reports"},
            {"url": "", "label": self.get_page_title()},
        ]


class TranscriptView(ReportPage):
    template_name = "reports/transcript.html"
    header_icon = "user"

    def get(self, request, *args, **kwargs):
        self.transcript = learner_transcript(viewer=request.user, user_id=kwargs["user_id"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        profile = self.transcript.profile
        name = profile.full_name if profile else self.transcript.learner.get_username()
        return f"Transcript: {name}"

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
                messages.warning(request, f"{error} The last 12 months are shown instead.")
            for name, errors in self.form.errors.items():
                if name != "__all__":
                    label = self.form.fields[name].label
                    messages.warning(request, f"{label}: {' '.join(errors)} It was ignored.")
        return super().get(request, *args, **kwargs)

    def period_params(self) -> dict[str, str]:
        params = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        if self.form.suppressed:
            params["suppress"] = "1"
        return params

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, date_from=self.date_from, date_to=self.date_to, **kwargs
        )


class SummaryView(PeriodReportPage):
    template_name = "reports/summary.html"
    header_icon = "table"
    page_title = "Programme summary"

    def get(self, request, *args, **kwargs):
        self.summary = programme_summary(
            viewer=request.user, date_from=self.date_from, date_to=self.date_to
        )
        export_format = request.GET.get("export")
        if export_format in ("csv", "xlsx"):
            return self.export(export_format)
        return super().get(request, *args, **kwargs)

    def export(self, export_format: str):
        params = self.period_params()
        rows = list(summary_export_rows(self.summary, suppressed=self.form.suppressed))
        name_params = {k: v for k, v in params.items() if k != "suppress"}
        if self.form.suppressed:
            name_params["suppressed"] = "yes"
        return export_response(
            request=self.request,
            report="summary",
            export_format=export_format,
            filters=params,
            filename=export_filename("summary", name_params),
            row_count=len(rows),
            rows=lambda: iter(rows),
            headings=SUMMARY_HEADINGS,
            sheet_name="Programme summary",
        )

    def get_context_data(self, **kwargs):
        suppressed = self.form.suppressed
        from django.http import QueryDict

        def link(fmt):
            query = QueryDict(mutable=True)
            query.update({**self.period_params(), "export": fmt})
            return f"{reverse('hr_reports:summary')}?{query.urlencode()}"

        return super().get_context_data(
            summary=self.summary,
            tables=summary_tables(self.summary, suppressed=suppressed),
            knowledge=knowledge_rows(self.summary, suppressed=suppressed),
            suppressed=suppressed,
            csv_url=link("csv"),
            xlsx_url=link("xlsx"),
            **kwargs,
        )


class DashboardView(PeriodReportPage):
    template_name = "reports/dashboard.html"
    header_icon = "pick"
    page_title = "Dashboard"

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
