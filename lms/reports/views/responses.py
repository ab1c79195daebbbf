"""Export responses shared by the report views: record, then stream or hand over."""

import os
import tempfile

from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse

from ..conf import sync_export_max_rows
from ..exports import iter_csv, write_xlsx
from ..services import export_record

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows, *, headings, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        iter_csv(rows, headings), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, *, headings, filename: str, sheet_name: str) -> FileResponse:
    # Built in constant memory into a temporary file; the open handle keeps the file
    # alive after it is unlinked, and FileResponse streams it in blocks.
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(rows, path, headings=headings, sheet_name=sheet_name)
        fileobj = open(path, "rb")  # noqa: SIM115 - closed by FileResponse
    finally:
        os.unlink(path)
    return FileResponse(
        fileobj, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


def export_response(
    *,
    request,
    report: str,
    export_format: str,
    filters: dict[str, str],
    filename: str,
    row_count: int,
    rows,
    headings,
    sheet_name: str,
):
    """Record the export, then stream it, or (over the size limit) send the person to the
    'being prepared' page of a background job."""
    background = row_count > sync_export_max_rows(export_format)
    job = export_record(
        owner=request.user,
        report=report,
        export_format=export_format,
        filters=filters,
        filename=f"{filename}.{export_format}",
        row_count=row_count,
        background=background,
    )
    if background:
        return HttpResponseRedirect(reverse("hr_reports:export_job", args=[job.uuid]))
    if export_format == "csv":
        return csv_response(rows(), headings=headings, filename=filename)
    return xlsx_response(rows(), headings=headings, filename=filename, sheet_name=sheet_name)
