"""Completions: one row per enrolment, filterable, with CSV/XLSX export."""

from django.contrib import messages
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from certificates.selectors import certificate_link
from lms.people.access import LearnerRecordsAccessMixin

from ..exports import ReportExportMixin
from ..filters import CompletionFilterSet, export_filename, filter_data
from ..models import ExportJob
from ..selectors import (
    COMPLETION_COLUMNS,
    completion_queryset,
    completion_rows,
    completion_values,
)


class CertificateCodeColumn(TitleColumn):
    """The certificate code, linked to the certificate (inspect page or, for those who
    may not inspect certificates, its public verification page); empty without one."""

    empty_value_display = ""

    def get_link_url(self, instance, parent_context):
        if not instance.certificate_id:
            return None
        return certificate_link(
            viewer=parent_context["request"].user,
            certificate_id=instance.certificate_id,
            code=instance.certificate_code,
        )


def _column(name: str, heading) -> Column:
    if name == "certificate_code":
        return CertificateCodeColumn(name, label=heading)
    if name == "name":
        return TitleColumn(
            name,
            label=heading,
            get_url=lambda row: reverse("hr_reports:transcript", args=[row.user_id]),
            width="14%",
        )
    return Column(name, label=heading)


class CompletionsReportView(LearnerRecordsAccessMixin, ReportExportMixin, ReportView):
    page_title = _("Completions")
    template_name = "reports/completions.html"
    table_classname = "listing report-completions"
    header_icon = "tasks"
    index_url_name = "hr_reports:completions"
    index_results_url_name = "hr_reports:completions_results"
    filterset_class = CompletionFilterSet
    paginate_by = 50
    verbose_name_plural = _("enrolments")
    # One row definition (selectors.CompletionRow): the screen and the exports show
    # the same columns with the same headings.
    columns = [_column(name, heading) for name, heading in COMPLETION_COLUMNS]
    list_export = [name for name, _heading in COMPLETION_COLUMNS]
    export_headings = dict(COMPLETION_COLUMNS)
    export_report = ExportJob.Report.COMPLETIONS
    export_sheet_title = "Completions"
    export_background = True
    export_links_carry_applied_filters = True

    def get_filterset_kwargs(self):
        # Only allowlisted parameters reach the filter form.
        return {"data": filter_data(self.request.GET), "request": self.request}

    def get_queryset(self):
        return completion_values(viewer=self.request.user)

    def get_table(self, object_list):
        return super().get_table(completion_rows(object_list))

    def decorate_export_chunk(self, chunk):
        return completion_rows(chunk)

    def export_items_for(self, *, viewer, filters):
        return completion_values(viewer=viewer, filters=filters)

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

    def export_filters(self) -> dict[str, str]:
        return self.applied_filters

    def get_filename(self):
        return export_filename("completions", self.applied_filters)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        buttons.append(
            Button(
                _("Download certificates (ZIP)"),
                url=certificates_zip_url(self.applied_filters),
                icon_name="download",
                priority=110,
            )
        )
        return buttons


def certificates_zip_url(filters: dict[str, str]) -> str:
    """The link to the ZIP of the certificates on the filtered rows."""
    params = QueryDict(mutable=True)
    params.update(filters)
    return f"{reverse('hr_reports:certificates_zip')}?{params.urlencode()}"


def certificates_for_filters(request, certificates):
    """The certificates part's ZIP view calls this with the certificates the viewer may
    see; narrow them to the enrolments the completions report shows for the same
    (allowlisted) filters."""
    enrolments = completion_queryset(viewer=request.user, filters=filter_data(request.GET))
    return certificates.filter(enrolment__in=enrolments.order_by().values("pk"))
