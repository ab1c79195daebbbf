"""Who may see which report rows: the county scope, URL editing, trainers, MFA."""

import csv
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from .conftest import PERIOD

REPORT_URLS = [
    ("hr_reports:completions", {}),
    ("hr_reports:summary", PERIOD),
    ("hr_reports:dashboard", PERIOD),
    ("hr_reports:export_list", {}),
]


def _csv_names(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(text))][1:]


@pytest.mark.parametrize(("url_name", "params"), REPORT_URLS)
def test_trainers_get_403(dataset, staff, login, url_name, params):
    response = login(staff["trainer"]).get(reverse(url_name), params)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"No access to these reports" in response.content
    assert b"Achieng" not in response.content


def test_trainers_cannot_open_a_transcript_or_export(dataset, staff, login):
    client = login(staff["trainer"])
    url = reverse("hr_reports:transcript", args=[dataset.learners[1].pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = client.get(reverse("hr_reports:completions"), {"export": "csv"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = client.get(reverse("hr_reports:summary"), {**PERIOD, "export": "xlsx"})
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(("url_name", "params"), REPORT_URLS)
def test_learners_without_a_role_are_turned_away(dataset, staff, login, url_name, params):
    # No admin access at all: Wagtail sends them to the login page.
    response = login(staff["no_role"]).get(reverse(url_name), params)
    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
    assert b"Achieng" not in response.content


@pytest.mark.parametrize(("url_name", "params"), REPORT_URLS)
def test_anonymous_visitors_are_sent_to_login(db, client, url_name, params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


def test_hr_officer_without_two_factor_is_sent_to_set_it_up(dataset, user_factory, profile, login):
    from lms.people import roles

    officer = user_factory(groups=[roles.HR_NATIONAL])
    profile(officer, name="No Totp")
    response = login(officer).get(reverse("hr_reports:completions"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("mfa_activate_totp") in response["Location"]


@pytest.mark.parametrize("role", ["hr_national", "admin"])
def test_national_hr_and_administrators_see_everyone(dataset, staff, login, role):
    response = login(staff[role]).get(reverse("hr_reports:completions"), {"export": "csv"})
    assert len(_csv_names(response)) == 11


def test_county_hr_sees_only_their_county_in_the_listing(dataset, staff, login):
    response = login(staff["hr_county"]).get(reverse("hr_reports:completions"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for name in ("Achieng&#x27; Otieno", "Wanjiru Kamau", "Barasa Wekesa", "Auma Were"):
        assert name in html
    for name in ("Njeri Mwangi", "Kiprono Langat", "Fatuma Ali", "Mutua Kilonzo"):
        assert name not in html


def test_county_hr_export_has_only_their_county(dataset, staff, login):
    response = login(staff["hr_county"]).get(reverse("hr_reports:completions"), {"export": "csv"})
    names = _csv_names(response)
    assert sorted(names) == sorted(
        [
            "Achieng' Otieno",
            "Achieng' Otieno",
            "Wanjiru Kamau",
            "Otieno Odhiambo",
            "Barasa Wekesa",
            "Auma Were",
        ]
    )


@pytest.mark.parametrize("export", [None, "csv"])
def test_editing_the_url_to_another_county_does_not_widen_the_scope(dataset, staff, login, export):
    params = {"county": "047"}  # Nairobi City, not the officer's county
    if export:
        params["export"] = export
    client = login(staff["hr_county"])
    response = client.get(reverse("hr_reports:completions"), params, follow=False)
    if export:
        names = _csv_names(response)
        assert "Njeri Mwangi" not in names
        assert set(names) <= {
            "Achieng' Otieno",
            "Wanjiru Kamau",
            "Otieno Odhiambo",
            "Barasa Wekesa",
            "Auma Were",
        }
        # The ignored filter is not in the file name either.
        assert "county" not in response["Content-Disposition"]
    else:
        html = response.content.decode()
        assert "Njeri Mwangi" not in html
        assert "The county filter was ignored" in html


def test_county_hr_is_offered_only_their_county(dataset, staff, login):
    html = login(staff["hr_county"]).get(reverse("hr_reports:completions")).content.decode()
    assert 'value="040"' in html
    assert 'value="047"' not in html


def test_transcript_of_a_learner_in_another_county_is_404(dataset, staff, login):
    client = login(staff["hr_county"])
    own = client.get(reverse("hr_reports:transcript", args=[dataset.learners[1].pk]))
    assert own.status_code == HTTPStatus.OK
    other = client.get(reverse("hr_reports:transcript", args=[dataset.learners[5].pk]))
    assert other.status_code == HTTPStatus.NOT_FOUND
    missing = client.get(reverse("hr_reports:transcript", args=[999999]))
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_county_hr_summary_and_dashboard_count_only_their_county(dataset, staff, login):
    client = login(staff["hr_county"])
    summary = client.get(reverse("hr_reports:summary"), {**PERIOD, "export": "csv"})
    text = b"".join(summary.streaming_content).decode("utf-8-sig")
    assert "Nairobi City" not in text and "Mombasa" not in text
    assert "County,All courses,All,5,4,80.0" in text
    dashboard = client.get(reverse("hr_reports:dashboard"), PERIOD).content.decode()
    assert "Nairobi City" not in dashboard


def test_the_reports_menu_is_shown_only_to_people_with_access(dataset, staff, login):
    html = login(staff["hr_national"]).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("hr_reports:completions") in html
    html = login(staff["trainer"]).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("hr_reports:completions") not in html
