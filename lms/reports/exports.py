"""The one export path of every report: ``ReportExportMixin``, built on the hooks of
Wagtail's ``SpreadsheetExportMixin`` (value preprocessing, the CSV and XLSX row writers).

Formula safety. A spreadsheet program treats a cell starting with =, +, -, @ (or a tab,
carriage return or NUL in front of one) as a formula; a learner could type such a name, a
trainer such a question or option, an HR officer such an agency.

- CSV has no cell types, so such text is written with a single quote in front, which
  spreadsheet programs read as "text follows" and do not show.
- XLSX cells are typed: text is always written as a text cell (never a formula or an
  error value), exactly as typed, and a cell that starts with a trigger also carries
  Excel's "quote prefix" style, so editing it later does not turn it into a formula.
  XML cannot hold control characters other than tab, line feed and carriage return, so
  those (NUL ...) are left out of XLSX text.

Constant memory. Rows are read from the database in chunks (``QuerySet.iterator``); CSV is
streamed row by row; XLSX is written by openpyxl in write-only mode into a temporary
file, which is then streamed. Numbers, dates and decimals are written as themselves.

Every export is recorded (who, when, which report, the filters applied and the
parameters refused) as an ``ExportJob`` and in Wagtail's log (lms.reports.services).
"""

import csv
import datetime
import os
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

from .conf import sync_export_max_rows

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Rows read from the database (and decorated) at a time.
EXPORT_CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Query parameters every listing may carry besides its filters.
LISTING_PARAMS = frozenset({"export", "p", "ordering"})


def neutralise(value: str) -> str:
    """CSV text as a spreadsheet will show it, never as a formula."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_text(value: str) -> str:
    """Text an XLSX file can hold (XML has no NUL or other control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _local(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: the local (Nairobi) wall-clock time, as on screen.
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date):
        return value
    return xlsx_text(str(value))


def xlsx_cell(worksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    """A write-only cell for a value already passed through ``xlsx_value``."""
    cell = WriteOnlyCell(worksheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would guess a formula or an error value
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


class ReportExportMixin(SpreadsheetExportMixin):
    """CSV and XLSX export for a report view, formula-safe, in constant memory, recorded.

    Declare ``export_report`` (an ``ExportJob.Report`` value), ``list_export`` and
    ``export_headings``. A ``ReportView`` exports its filtered queryset, read in chunks and
    passed through ``decorate_paginated_queryset`` chunk by chunk; other views override
    ``get_export_items``. ``export_filters`` and ``export_refused`` say what was applied and
    what was refused; ``export_background`` lets an export too big for the request run as
    a background job (the view must then implement ``export_items_for``).
    """

    export_report: str = ""
    export_sheet_title = "Report"
    export_background = False
    # True when export_filters() are query parameters (the HR reports): the download links
    # then carry only the filters applied. Otherwise (Wagtail's own reports) the links
    # keep the page's query string, as Wagtail does.
    export_links_carry_applied_filters = False
    # Field-specific preprocessing still applies (custom_field_preprocess); every value
    # then goes through csv_value / xlsx_value, so no class-based conversions here.
    custom_value_preprocess: dict = {}

    # --- what is exported ---------------------------------------------------------

    def get_export_items(self):
        return self.get_filtered_queryset()

    def export_items_for(self, *, viewer, filters: dict[str, str]):
        """The items of a background export (no request at hand)."""
        raise NotImplementedError(f"{type(self).__name__} has no background export.")

    def decorate_export_chunk(self, chunk: list) -> Iterable:
        decorate = getattr(self, "decorate_paginated_queryset", None)
        return decorate(chunk) if decorate is not None else chunk

    def export_rows(self, items) -> Iterator:
        """The items one by one, read and decorated EXPORT_CHUNK at a time."""
        iterator = (
            items.iterator(chunk_size=EXPORT_CHUNK) if isinstance(items, QuerySet) else iter(items)
        )
        chunk = []
        for item in iterator:
            chunk.append(item)
            if len(chunk) >= EXPORT_CHUNK:
                yield from self.decorate_export_chunk(chunk)
                chunk = []
        if chunk:
            yield from self.decorate_export_chunk(chunk)

    def export_filters(self) -> dict[str, str]:
        """The filters applied, as query parameters (recorded, and used in file names)."""
        filters = getattr(self, "filters", None)
        if not filters or not filters.form.is_valid():
            return {}
        applied = {}
        for name, value in filters.form.cleaned_data.items():
            if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
                continue
            if isinstance(value, slice):
                value = f"{value.start or ''}..{value.stop or ''}"
            elif isinstance(value, (list, tuple, QuerySet)):
                value = ",".join(str(getattr(v, "pk", v)) for v in value)
            applied[name] = str(getattr(value, "pk", value))
        return applied

    def export_known_params(self) -> set[str]:
        filters = getattr(self, "filters", None)
        if not filters:
            return set()
        names = set()
        for name, field in filters.form.fields.items():
            names.add(name)
            # Range widgets post one value per part (enrolled_after, enrolled_before ...).
            for suffix in getattr(field.widget, "suffixes", ()):
                names.add(f"{name}_{suffix}")
        return names

    def export_refused(self) -> dict[str, str]:
        """Query parameters that were not applied: unknown names, and filter values that
        did not validate (with the reason)."""
        known = self.export_known_params() | LISTING_PARAMS
        refused = {
            name: self.request.GET.get(name, "")[:200]
            for name in self.request.GET
            if name not in known
        }
        filters = getattr(self, "filters", None)
        if filters and not filters.form.is_valid():
            for name, errors in filters.form.errors.items():
                refused[name] = " ".join(str(e) for e in errors)
        return refused

    # --- the response ---------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        # Wagtail's listing would build its table (and count the rows into memory)
        # before exporting; an export needs none of that.
        if self.is_export:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export(self, export_format: str):
        from .services import export_record

        items = self.get_export_items()
        row_count = items.count() if isinstance(items, QuerySet) else len(items)
        background = self.export_background and row_count > sync_export_max_rows(export_format)
        filename = self.get_filename()
        job = export_record(
            owner=self.request.user,
            report=self.export_report,
            export_format=export_format,
            filters=self.export_filters(),
            refused=self.export_refused(),
            filename=f"{filename}.{export_format}",
            row_count=row_count,
            background=background,
        )
        if background:
            return HttpResponseRedirect(reverse("hr_reports:export_job", args=[job.uuid]))
        return self.as_spreadsheet(items, export_format)

    def get_export_url(self, format):
        if not self.export_links_carry_applied_filters:
            return super().get_export_url(format)
        params = QueryDict(mutable=True)
        params.update(self.export_filters())
        params["export"] = format
        return f"{self.request.path}?{params.urlencode()}"

    # --- the writers (Wagtail's hooks) ------------------------------------------------

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_value(value) if export_format == self.FORMAT_CSV else xlsx_value(value)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for field, value in row_dict.items():
            yield xlsx_cell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX))

    def export_heading_list(self, items) -> list[str]:
        return [str(self.get_heading(items, field)) for field in self.list_export]

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        headings = self.export_heading_list(queryset)
        # The byte order mark lets Excel read accents (Ng'ang'a, Wanjirũ) correctly.
        yield "\ufeff".encode() + writer.writerow(
            {field: neutralise(h) for field, h in zip(self.list_export, headings, strict=True)}
        )
        for item in self.export_rows(queryset):
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def write_xlsx(self, queryset, output):
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=self.export_sheet_title[:31])
        worksheet.append(
            xlsx_cell(worksheet, xlsx_text(h), bold=True)
            for h in self.export_heading_list(queryset)
        )
        count = 0
        for item in self.export_rows(queryset):
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
            count += 1
        workbook.save(output)
        return count

    def write_xlsx_response(self, queryset):
        # Built into a temporary file; the open handle keeps the file alive after it is
        # unlinked, and FileResponse streams it in blocks.
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            self.write_xlsx(queryset, path)
            fileobj = open(path, "rb")  # noqa: SIM115 - closed by FileResponse
        finally:
            os.unlink(path)
        return FileResponse(
            fileobj,
            as_attachment=True,
            filename=f"{self.get_filename()}.xlsx",
            content_type=XLSX_TYPE,
        )

    def write_csv_file(self, items, fileobj) -> int:
        """Write the CSV of ``items`` to a binary file (background exports); returns the
        number of data rows."""
        count = -1
        for line in self.stream_csv(items):
            fileobj.write(line)
            count += 1
        return count
