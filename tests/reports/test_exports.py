"""Exports: parsed back with the csv module and openpyxl, formula injection neutralised,
file names, the Wagtail log, the background path, constant memory."""

import csv
import io
import tracemalloc
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lms.reports.exports import ReportExportMixin, neutralise
from lms.reports.models import ExportJob

from .conftest import HOSTILE_AGENCY, HOSTILE_NAME, PERIOD

HOSTILE_TEXTS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\0=1", HOSTILE_NAME]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_formula_like_text_is_prefixed_with_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Ng'ang'a", "Wanjirũ", "", "1+1", "a=b", "Port Health (PHS)"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


class _Exporter(ReportExportMixin):
    list_export = ["t", "n", "x"]
    export_headings = {"t": "=heading", "n": "n", "x": "x"}


def test_csv_rows_neutralise_text_but_not_numbers():
    items = [{"t": t, "n": -5, "x": 2.5} for t in HOSTILE_TEXTS]
    body = b"".join(_Exporter().stream_csv(items)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["'=heading", "n", "x"]
    for text, row in zip(HOSTILE_TEXTS, rows[1:], strict=True):
        assert row == ["'" + text, "-5", "2.5"]


def test_xlsx_writes_text_as_typed_in_text_cells_never_a_formula(tmp_path):
    path = str(tmp_path / "out.xlsx")
    _Exporter().write_xlsx([{"t": t, "n": -5, "x": None} for t in HOSTILE_TEXTS], path)
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A1"].value == "=heading" and sheet["A1"].quotePrefix
    for i, text in enumerate(HOSTILE_TEXTS, start=2):
        cell = sheet.cell(row=i, column=1)
        assert cell.data_type == "s" and cell.quotePrefix
        # (XML keeps no NUL and reads a CR back as a line feed.)
        assert cell.value.endswith(text.lstrip("\t\r\0"))
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_completions_xlsx_export_read_back_with_openpyxl(dataset, staff, login):
    response = login(staff["hr_national"]).get(
        reverse("hr_reports:completions"), {"export": "xlsx"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(_download(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name" and rows[0][-1] == "Certificate status"
    assert len(rows) == 12
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    hostile = next(r for r in rows if r[0] == HOSTILE_NAME)
    assert hostile[5] == HOSTILE_AGENCY
    achieng = next(r for r in rows if r[0] == "Achieng' Otieno" and r[7] == "Migration basics")
    assert achieng[10] == 80 and achieng[12] == "ABCD-2345-EFGH-6"
    assert achieng[8].date().isoformat() == "2026-02-01"


def test_completions_csv_export_streams_and_neutralises(dataset, staff, login):
    response = login(staff["hr_national"]).get(reverse("hr_reports:completions"), {"export": "csv"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(_download(response).decode("utf-8-sig"))))
    hostile = next(r for r in rows if r[0].endswith(HOSTILE_NAME))
    assert hostile[0] == "'" + HOSTILE_NAME
    assert hostile[5] == "'" + HOSTILE_AGENCY


def test_summary_xlsx_has_no_formula_either(dataset, staff, login):
    response = login(staff["hr_national"]).get(
        reverse("hr_reports:summary"), {**PERIOD, "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(_download(response))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    values = [row[:6] for row in sheet.iter_rows(values_only=True)]
    assert ("Agency", "All courses", HOSTILE_AGENCY, 1, 1, 100) in values


def test_filters_are_kept_in_the_export_link_and_the_file_name(dataset, staff, login):
    client = login(staff["hr_national"])
    html = client.get(
        reverse("hr_reports:completions"), {"county": "040", "status": "completed", "bogus": "1"}
    ).content.decode()
    assert "county=040&amp;status=completed&amp;export=csv" in html
    assert "bogus" not in html.split("export=csv")[0].rsplit("href", 1)[-1]
    response = client.get(
        reverse("hr_reports:completions"), {"county": "040", "status": "completed", "export": "csv"}
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith(
        'attachment; filename="completions_county-040_status-completed_20'
    )
    assert disposition.endswith('.csv"')
    names = [r[0] for r in csv.reader(io.StringIO(_download(response).decode("utf-8-sig")))][1:]
    assert sorted(names) == [
        "Achieng' Otieno",
        "Achieng' Otieno",
        "Auma Were",
        "Otieno Odhiambo",
        "Wanjiru Kamau",
    ]


def test_every_export_is_recorded_in_the_wagtail_log(dataset, staff, login):
    officer = staff["hr_county"]
    client = login(officer)
    _download(
        client.get(reverse("hr_reports:completions"), {"status": "completed", "export": "csv"})
    )
    _download(client.get(reverse("hr_reports:summary"), {**PERIOD, "export": "xlsx"}))
    entries = list(ModelLogEntry.objects.filter(action="reports.export").order_by("pk"))
    assert len(entries) == 2
    first, second = entries
    assert first.user_id == officer.pk
    assert first.data == {
        "report": "completions",
        "filters": {"status": "completed"},
        "refused": {},
        "format": "csv",
        "rows": 5,
        "background": False,
    }
    assert second.data["report"] == "summary" and second.data["format"] == "xlsx"
    assert second.data["filters"] == {"date_from": "2026-01-01", "date_to": "2026-06-30"}
    jobs = ExportJob.objects.filter(owner=officer)
    assert {job.status for job in jobs} == {ExportJob.Status.DELIVERED}
    from wagtail.log_actions import registry

    assert registry.get_action_label("reports.export") == "Export report"


def test_big_exports_run_in_the_background_and_only_the_owner_downloads(
    dataset, staff, login, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_SYNC_EXPORT_MAX_ROWS = 5
    owner = staff["hr_national"]
    client = login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("hr_reports:completions"), {"sex": "female", "export": "xlsx"}
        )
    job = ExportJob.objects.get(owner=owner)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("hr_reports:export_job", args=[job.uuid])
    assert job.status == ExportJob.Status.READY
    assert job.row_count == 6
    assert job.filename.startswith("completions_sex-female_")
    assert ModelLogEntry.objects.get(action="reports.export").data["background"] is True

    page = client.get(response["Location"])
    assert b"Your export is ready" in page.content
    download = client.get(reverse("hr_reports:export_download", args=[job.uuid]))
    assert download.status_code == HTTPStatus.OK
    sheet = load_workbook(io.BytesIO(_download(download))).active
    assert sheet.max_row == 7
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    other = login(staff["admin"])
    assert other.get(reverse("hr_reports:export_download", args=[job.uuid])).status_code == 404
    assert other.get(reverse("hr_reports:export_job", args=[job.uuid])).status_code == 404


def test_a_pending_export_says_it_is_being_prepared(dataset, staff, login, settings):
    # Without running the on-commit callback the job stays pending (as with a worker
    # that has not picked it up yet).
    settings.REPORTS_SYNC_EXPORT_MAX_ROWS = 5
    client = login(staff["hr_national"])
    response = client.get(reverse("hr_reports:completions"), {"export": "xlsx"}, follow=True)
    assert b"Your export is being prepared" in response.content
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.PENDING
    download = client.get(reverse("hr_reports:export_download", args=[job.uuid]))
    assert download.status_code == 404


def test_csv_streams_larger_exports_than_xlsx(dataset, staff, login, settings):
    settings.REPORTS_SYNC_EXPORT_MAX_ROWS = 5
    response = login(staff["hr_national"]).get(reverse("hr_reports:completions"), {"export": "csv"})
    assert response.status_code == HTTPStatus.OK and response.streaming


class _Synthetic(ReportExportMixin):
    list_export = list("abcdefg")


def _synthetic_rows(count):
    for n in range(count):
        yield dict(
            zip(
                "abcdefg",
                (f"Learner {n}", f"SN{n:06d}", "Female", "Busia", "=DIS", n % 100, "Completed"),
                strict=True,
            )
        )


def _peak(function) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_writer_memory_does_not_grow_with_rows():
    def consume(count):
        return lambda: sum(len(chunk) for chunk in _Synthetic().stream_csv(_synthetic_rows(count)))

    small, large = _peak(consume(1_000)), _peak(consume(50_000))
    assert large < small * 2 + 64_000


def test_xlsx_writer_memory_does_not_grow_with_rows(tmp_path):
    small = _peak(lambda: _Synthetic().write_xlsx(_synthetic_rows(2_000), str(tmp_path / "s.xlsx")))
    large = _peak(
        lambda: _Synthetic().write_xlsx(_synthetic_rows(20_000), str(tmp_path / "l.xlsx"))
    )
    assert large < small * 2 + 256_000
    sheet = load_workbook(tmp_path / "l.xlsx", read_only=True).active
    assert sum(1 for _row in sheet.iter_rows()) == 20_001


def _zip_listing(response):
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(_download(response)))
    note = (
        archive.read("NOT-INCLUDED.txt").decode()
        if "NOT-INCLUDED.txt" in archive.namelist()
        else ""
    )
    return archive.namelist(), note


def test_certificates_zip_follows_the_completions_filters(dataset, staff, login):
    client = login(staff["hr_national"])
    html = client.get(reverse("hr_reports:completions"), {"county": "040"}).content.decode()
    assert reverse("hr_reports:certificates_zip") + "?county=040" in html
    response = client.get(reverse("hr_reports:certificates_zip"), {"county": "040"})
    assert response.status_code == HTTPStatus.OK
    _, note = _zip_listing(response)
    # The fixture's certificates have no PDF yet, so the ZIP lists them as not included.
    assert "ABCD-2345-EFGH-6" in note and "WXYZ-2345-EFGH-7" in note
    _, note = _zip_listing(client.get(reverse("hr_reports:certificates_zip"), {"county": "047"}))
    assert "ABCD" not in note and "WXYZ" not in note
    _, note = _zip_listing(
        client.get(reverse("hr_reports:certificates_zip"), {"sex": "female", "status": "completed"})
    )
    assert "ABCD-2345-EFGH-6" in note


def test_certificates_zip_is_scoped_and_refused_to_trainers(dataset, staff, login, counties):
    from certificates.models import Certificate

    nairobi_learner = dataset.learners[5]
    Certificate.objects.create(
        code="NAIR2345EFGH8",
        user=nairobi_learner,
        course=dataset.course_a,
        enrolment=dataset.enrolments["5A"],
        holder_name="Njeri Mwangi",
        course_title="Migration basics",
        completed_on="2026-04-10",
    )
    _, note = _zip_listing(
        login(staff["hr_county"]).get(reverse("hr_reports:certificates_zip"), {"county": "047"})
    )
    assert "NAIR" not in note
    _, note = _zip_listing(login(staff["hr_county"]).get(reverse("hr_reports:certificates_zip")))
    assert "NAIR" not in note and "ABCD-2345-EFGH-6" in note
    response = login(staff["trainer"]).get(reverse("hr_reports:certificates_zip"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_old_exports_and_their_files_are_purged(
    dataset, staff, login, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    settings.REPORTS_SYNC_EXPORT_MAX_ROWS = 1
    client = login(staff["hr_national"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("hr_reports:completions"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    call_command("reports_purge_exports", stdout=io.StringIO())
    assert ExportJob.objects.filter(pk=job.pk).exists()  # not old yet
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reports_purge_exports", stdout=out)
    assert "Deleted 1 export" in out.getvalue()
    assert not ExportJob.objects.exists()
    assert not storage.exists(name)


def test_an_officers_exports_are_in_their_data_and_go_with_their_account(
    dataset, staff, login, django_capture_on_commit_callbacks
):
    from lms.people import personal_data

    officer = staff["hr_national"]
    _download(
        login(officer).get(reverse("hr_reports:completions"), {"sex": "male", "export": "csv"})
    )
    exported = personal_data.export_all(officer)["report_exports"]
    assert exported[0]["filters"] == {"sex": "male"} and exported[0]["rows"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.anonymise_all(officer)
    assert not ExportJob.objects.filter(owner=officer).exists()


def test_refused_parameters_are_recorded_with_the_export(dataset, staff, login):
    client = login(staff["hr_county"])
    _download(
        client.get(
            reverse("hr_reports:completions"),
            {
                "export": "csv",
                "enrolled_from": "2026-01-01",
                "county": "047",  # another county: does not validate for a county officer
                "user__email__startswith": "learner1",
            },
        )
    )
    data = ModelLogEntry.objects.get(action="reports.export").data
    assert data["filters"] == {"enrolled_from": "2026-01-01"}
    assert data["refused"]["user__email__startswith"] == "learner1"
    assert "county" in data["refused"] and set(data["refused"]) == {
        "county",
        "user__email__startswith",
    }
    job = ExportJob.objects.get()
    assert job.refused == data["refused"]
