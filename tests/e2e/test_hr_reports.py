"""Journey 3: a county HR officer (with two-factor authentication) filters the completions
report, exports it as XLSX, and cannot reach another county's staff by editing the URL."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers, seed

pytestmark = pytest.mark.e2e

HR_EMAIL = "hr.officer@busia.go.ke"
BUSIA_DONE = "Akinyi Atieno Odhiambo"
BUSIA_NOT_STARTED = "Barasa Wanyama"
MOMBASA_DONE = "Salim Mwinyi Bakari"


@pytest.fixture
def hr_officer():
    from lms.people import roles

    officer = seed.person(
        email=HR_EMAIL,
        full_name="Wafula Barasa",
        role=roles.HR_COUNTY,
        county_code="040",
        service="county",
        agency_short_name="County (other)",
        job_title="Human Resource Officer",
        duty_station="County Government of Busia headquarters",
    )
    # The test settings require two-factor authentication for HR officers, as production
    # does: the officer has an authenticator app, and the test reads it like a phone.
    helpers.totp_activate(officer)
    return officer


@pytest.fixture
def learners():
    from courses.services import enrolment_create

    tiny = seed.load_tiny_curriculum()
    busia_done = seed.person(email="akinyi@immigration.go.ke", full_name=BUSIA_DONE)
    seed.complete_course(user=busia_done, tiny=tiny)
    busia_new = seed.person(email="barasa@health.go.ke", full_name=BUSIA_NOT_STARTED, sex="male")
    enrolment_create(user=busia_new, course=tiny.course)
    mombasa_done = seed.person(
        email="salim@immigration.go.ke",
        full_name=MOMBASA_DONE,
        county_code="001",
        sex="male",
        duty_station="Mombasa Port",
    )
    seed.complete_course(user=mombasa_done, tiny=tiny)
    return {"mombasa": mombasa_done, "tiny": tiny}


def _log_in_with_authenticator(page, officer) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill(HR_EMAIL)
    page.get_by_label("Password").fill(seed.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    page.get_by_label("Code").fill(helpers.totp_code(officer))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _table_names(page) -> list[str]:
    return page.locator("table.listing tbody tr td:first-child").all_inner_texts()


def _xlsx_rows(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    headings = [str(value) for value in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:] if any(row)]


def _column(rows: list[dict], name: str) -> list:
    matches = [key for key in rows[0] if key.lower() == name.lower()] if rows else []
    assert matches, f"No '{name}' column in the export: {list(rows[0]) if rows else rows}"
    return [row[matches[0]] for row in rows]


def test_county_hr_officer_reports_on_their_county_only(page, hr_officer, learners, shot):
    _log_in_with_authenticator(page, hr_officer)

    # Reports > Completions, from the admin menu.
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Reports").click()
    menu.get_by_role("link", name="Completions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Completions")
    table = page.locator("table.listing")
    expect(table).to_contain_text(BUSIA_DONE)
    expect(table).to_contain_text(BUSIA_NOT_STARTED)
    expect(table).not_to_contain_text(MOMBASA_DONE)
    shot(page, "completions")

    # Filter: completed only.
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Status").click()
    page.get_by_role("combobox", name="Status").select_option(label="Completed")
    expect(table).not_to_contain_text(BUSIA_NOT_STARTED)
    expect(table).to_contain_text(BUSIA_DONE)
    assert _table_names(page) == [BUSIA_DONE]
    shot(page, "completions-filtered")

    # Export what is shown as XLSX: it opens, and holds only this county's staff.
    page.keyboard.press("Escape")
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Actions").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    rows = _xlsx_rows(Path(download.path()).read_bytes())
    assert len(rows) == 1, rows
    assert set(_column(rows, "County")) == {"Busia"}
    assert BUSIA_DONE in rows[0].values()
    assert not any(MOMBASA_DONE in str(value) for row in rows for value in row.values())

    # Editing the URL to another county widens nothing, on screen or in the export.
    page.goto("/admin/hr-reports/completions/?county=001")
    expect(page.get_by_role("status")).to_contain_text("The county filter was ignored")
    expect(table).to_contain_text(BUSIA_DONE)
    expect(table).not_to_contain_text(MOMBASA_DONE)
    shot(page, "completions-tampered")
    response = page.request.get("/admin/hr-reports/completions/?county=001&export=xlsx")
    assert response.ok, response.status
    rows = _xlsx_rows(response.body())
    assert set(_column(rows, "County")) == {"Busia"}
    assert not any(MOMBASA_DONE in str(value) for row in rows for value in row.values())

    # Nor does another county's learner's transcript open.
    response = page.goto(f"/admin/hr-reports/learners/{learners['mombasa'].pk}/")
    assert response.status == 404
    expect(page.get_by_text(MOMBASA_DONE)).to_have_count(0)
