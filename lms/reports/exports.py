"""CSV and XLSX writers for every report: safe against formula injection, constant memory.

A spreadsheet program treats a cell starting with =, +, -, @ (or a tab, carriage return
or NUL in front of one) as a formula; a learner could type such a name or an HR officer
such an agency. Every text cell that starts with one of these is prefixed with a single
quote, in CSV and XLSX alike, and XLSX text is always written as a string cell.
Numbers, dates and decimals are written as themselves.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
# Rows per chunk handed to a streaming response: fewer, larger writes.
STREAM_BATCH = 200


def neutralise(value: str) -> str:
    """The text as a spreadsheet will show it, never as a formula."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    # Most cells are text: test for it first.
    if type(value) is str:
        return "'" + value if value and value[0] in _TRIGGER_SET else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def iter_csv(rows: Iterable[Sequence[Any]], headings: Sequence[str] = ()) -> Iterator[bytes]:
    """CSV as UTF-8 bytes in chunks of STREAM_BATCH rows (for a StreamingHttpResponse).

    The first chunk is a byte order mark so Excel reads accents (Ng'ang'a, Wanjirũ)
    correctly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    if headings:
        writer.writerow([_csv_cell(h) for h in headings])
    pending = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        pending += 1
        if pending >= STREAM_BATCH:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def write_csv(
    rows: Iterable[Sequence[Any]], fileobj: IO[bytes], *, headings: Sequence[str] = ()
) -> int:
    """Write ``headings`` then ``rows`` to a binary file; returns the number of rows."""
    text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="", write_through=False)
    try:
        text.write("\ufeff")
        writer = csv.writer(text)
        if headings:
            writer.writerow([_csv_cell(h) for h in headings])
        count = 0
        for row in rows:
            writer.writerow([_csv_cell(value) for value in row])
            count += 1
        text.flush()
    finally:
        text.detach()  # leave the caller's file open
    return count


def write_xlsx(
    rows: Iterable[Sequence[Any]],
    path: str,
    *,
    headings: Sequence[str] = (),
    sheet_name: str = "Report",
) -> int:
    """Write an XLSX workbook to ``path`` in xlsxwriter's constant-memory mode (each row
    is flushed to disk as it is written); returns the number of data rows."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            # Belt and braces: never turn strings into numbers, formulas or links.
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        sheet = workbook.add_worksheet(sheet_name[:31])
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        row_index = 0
        if headings:
            for col, heading in enumerate(headings):
                sheet.write_string(0, col, neutralise(str(heading)), bold)
            row_index = 1
        count = 0
        for row in rows:
            for col, value in enumerate(row):
                _xlsx_cell(sheet, row_index, col, value, date_format, datetime_format)
            row_index += 1
            count += 1
        return count
    finally:
        workbook.close()


def _xlsx_cell(sheet, row: int, col: int, value: Any, date_format, datetime_format) -> None:
    if type(value) is str and value:
        sheet.write_string(row, col, "'" + value if value[0] in _TRIGGER_SET else value)
    elif value is None or value == "":
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "yes" if value else "no")
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, datetime.datetime):
        # Excel has no time zones: the local (Nairobi) wall-clock time, as on screen.
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        sheet.write_datetime(row, col, value, datetime_format)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            row, col, datetime.datetime.combine(value, datetime.time()), date_format
        )
    else:
        sheet.write_string(row, col, neutralise(str(value)))
