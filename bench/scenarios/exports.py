"""Completions export, 100,000 rows, CSV and XLSX: the reports part's writers against a
raw cursor running the same SQL into csv.writer / openpyxl (write-only).

The 20,000 seeded learners have about 32,000 enrolments; the rest of the 100,000 rows are
extra enrolments of the same learners on bench-only courses, made inside a transaction
that is rolled back afterwards, so the database keeps its 20,000-learner shape.
"""

import csv
import math
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from .common import national_viewer, peak_growth_mb, peak_reset, timed

ROWS = 100_000


class _Rollback(Exception):
    pass


@contextmanager
def hundred_thousand_rows():
    from courses.models import CourseIndexPage, CoursePage, Enrolment
    from lms.demo.services import synthetic_users

    try:
        with transaction.atomic():
            need = ROWS - Enrolment.objects.count()
            users = list(synthetic_users().order_by("pk").values_list("pk", flat=True))
            if need > 0 and users:
                index = CourseIndexPage.objects.first()
                extra = []
                for number in range(1, math.ceil(need / len(users)) + 1):
                    course = CoursePage(
                        title=f"Benchmark course {number}",
                        slug=f"bench-extra-course-{number}",
                        summary="Rows for the export benchmark; rolled back afterwards.",
                        thematic_area="migration_cycle",
                    )
                    index.add_child(instance=course)
                    extra.append(course)
                rows = []
                for i in range(need):
                    course = extra[i // len(users)]
                    rows.append(Enrolment(user_id=users[i % len(users)], course=course))
                Enrolment.objects.bulk_create(rows, batch_size=5000)
            yield
            raise _Rollback
    except _Rollback:
        pass


def _sql():
    from lms.reports import selectors

    viewer = national_viewer()
    # The very query the report streams.
    queryset = selectors.completion_values(viewer=viewer)
    return queryset.query.sql_with_params()


def _raw_rows():
    sql, params = _sql()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(2000)
            if not batch:
                break
            yield from batch


def _exporter():
    from lms.reports.views import background_exporter

    return background_exporter("completions")


def _items():
    from lms.reports.selectors import completion_values

    return completion_values(viewer=national_viewer())


def _headings():
    from lms.reports.selectors import COMPLETION_COLUMNS

    return [str(heading) for _name, heading in COMPLETION_COLUMNS]


def csv_platform(path: Path) -> int:
    with open(path, "wb") as fileobj:
        return _exporter().write_csv_file(_items(), fileobj)


def csv_baseline(path: Path) -> int:
    COMPLETION_HEADINGS = _headings()

    count = 0
    with open(path, "w", newline="", encoding="utf-8") as fileobj:
        writer = csv.writer(fileobj)
        writer.writerow(COMPLETION_HEADINGS)
        for row in _raw_rows():
            writer.writerow(row)
            count += 1
    return count


def xlsx_platform(path: Path) -> int:
    return _exporter().write_xlsx(_items(), str(path))


def xlsx_baseline(path: Path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Report")
    sheet.append(_headings())
    count = 0
    for row in _raw_rows():
        sheet.append([str(v) if v is not None else None for v in row])
        count += 1
    workbook.save(str(path))
    return count


def run(kind: str) -> dict:
    platform, baseline = (
        (csv_platform, csv_baseline)
        if kind == "csv"
        else (
            xlsx_platform,
            xlsx_baseline,
        )
    )
    with tempfile.TemporaryDirectory() as folder, hundred_thousand_rows():
        base_path = Path(folder) / f"baseline.{kind}"
        platform_path = Path(folder) / f"platform.{kind}"
        baseline(base_path)  # warm the database cache for both
        base_seconds, base_rows = timed(baseline, base_path)
        start = peak_reset()
        seconds, rows = timed(platform, platform_path)
        growth = peak_growth_mb(start)
        size_mb = round(platform_path.stat().st_size / 1e6, 1)
    label = f"completions {kind.upper()} export, 100k rows"
    result = [
        {
            "scenario": label,
            "measure": "rows/s",
            "value": round(rows / seconds),
            "baseline": round(base_rows / base_seconds),
            "target": 0.70 if kind == "csv" else 0.80,
            "unit": "rows/s",
            "note": f"{rows} rows in {seconds:.1f} s ({size_mb} MB); baseline {base_rows} rows",
        }
    ]
    if kind == "csv":
        result.append(
            {
                "scenario": label,
                "measure": "peak RSS growth",
                "value": growth,
                "target": 50,
                "higher_is_better": False,
                "unit": "MB",
            }
        )
    return {"rows": result}
