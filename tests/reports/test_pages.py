"""The report pages as people see them: charts, tables, transcript, messages."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from lms.reports.charts import horizontal_bar_chart, integer_ticks, line_chart

from .conftest import PERIOD


def test_dashboard_charts_are_labelled_svg_with_a_table_underneath(dataset, staff, login):
    html = login(staff["hr_national"]).get(reverse("hr_reports:dashboard"), PERIOD).content.decode()
    for chart_id in ("chart-county", "chart-sex", "chart-course"):
        svg = re.search(rf'<svg class="report-chart" id="{chart_id}"[^>]*>', html).group(0)
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
        assert f'<title id="{chart_id}-title">' in html and f'<desc id="{chart_id}-desc">' in html
        # The accessible fallback: a table right after the chart.
        after = html.split(f'id="{chart_id}"', 1)[1]
        assert after.index("</svg>") < after.index("<table")
    assert "<caption>Completions by county</caption>" in html
    assert '<th scope="row">Busia</th><td class="num">5</td>' in html
    assert "Courses completed from 1 January 2026 to 30 June 2026: <strong>7</strong>" in html


def test_chart_text_is_escaped():
    svg = horizontal_bar_chart(chart_id="c", title="<t>", items=[("<script>x</script>", 3)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="c-title">&lt;t&gt;</title>' in svg
    import datetime

    svg = line_chart(
        chart_id="l",
        title="T",
        months=[datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)],
        series=[('Course "A" & <b>', [1, 2])],
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "Course &quot;A&quot; &amp; &lt;b&gt;: 3 in total" in svg


def test_empty_period_says_so(dataset, staff, login):
    response = login(staff["hr_national"]).get(
        reverse("hr_reports:dashboard"), {"date_from": "2020-01-01", "date_to": "2020-01-31"}
    )
    assert response.status_code == HTTPStatus.OK
    assert b"No completions in this period." in response.content


def test_a_bad_period_is_explained_and_the_default_used(dataset, staff, login):
    response = login(staff["hr_national"]).get(
        reverse("hr_reports:summary"), {"date_from": "2026-06-30", "date_to": "2026-01-01"}
    )
    assert response.status_code == HTTPStatus.OK
    assert (
        b"The &#x27;From&#x27; date must be on or before the &#x27;To&#x27; date."
        in response.content
    )


def test_summary_page_shows_totals_and_knowledge_gain(dataset, staff, login):
    html = login(staff["hr_national"]).get(reverse("hr_reports:summary"), PERIOD).content.decode()
    assert "<strong>10</strong> enrolled, <strong>6</strong> completed" in html
    assert (
        "By course and county" in html
        and "By course and sex" in html
        and "By course and agency" in html
    )
    assert '<td class="num">76.5</td>' in html


def test_transcript_lists_courses_attempts_and_certificates(dataset, staff, login):
    html = (
        login(staff["hr_national"])
        .get(reverse("hr_reports:transcript", args=[dataset.learners[2].pk]))
        .content.decode()
    )
    assert "Transcript: Wanjiru Kamau" in html
    assert "Migration basics" in html
    assert "WXYZ-2345-EFGH-7" in html
    assert "Revoked" in html
    assert "reports/reports.css" in html  # the print style sheet


def test_completions_rows_link_to_the_transcript(dataset, staff, login):
    html = login(staff["hr_national"]).get(reverse("hr_reports:completions")).content.decode()
    assert reverse("hr_reports:transcript", args=[dataset.learners[1].pk]) in html


def test_completions_and_transcript_link_the_certificate(dataset, staff, login):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(code="ABCD2345EFGH6")
    inspect = f'href="/admin/certificates/inspect/{certificate.pk}/"'
    verify = 'href="/certificates/verify/ABCD2345EFGH6/"'
    transcript = reverse("hr_reports:transcript", args=[certificate.user_id])

    # Administrators go to the certificate's inspect page (its actions and history) ...
    admin = login(staff["admin"])
    for url in (reverse("hr_reports:completions"), transcript):
        html = admin.get(url).content.decode()
        assert re.search(rf"{inspect}[^>]*>\s*ABCD-2345-EFGH-6\s*</a>", html), url
    # ... HR officers, who may not inspect certificates, to its verification page.
    hr = login(staff["hr_national"])
    for url in (reverse("hr_reports:completions"), transcript):
        html = hr.get(url).content.decode()
        assert verify in html, url
        assert "/admin/certificates/inspect/" not in html, url


# --- issue 15: the line chart's axis, and a summary with nobody enrolled ---


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (0, [0, 1, 2, 3, 4, 5]),
        (4, [0, 1, 2, 3, 4, 5]),
        (5, [0, 1, 2, 3, 4, 5]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (13, [0, 5, 10, 15]),
        (48, [0, 10, 20, 30, 40, 50]),
        (230, [0, 50, 100, 150, 200, 250]),
    ],
)
def test_integer_ticks_are_whole_and_evenly_spaced(peak, ticks):
    assert integer_ticks(peak) == ticks


def test_line_chart_axis_labels_and_gridlines_are_evenly_spaced_integers():
    svg = line_chart(
        chart_id="l",
        title="T",
        months=[datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)],
        series=[("A", [1, 5]), ("B", [0, 3])],
    )
    labels = re.findall(r'<text x="44" y="[\d.]+" text-anchor="end">(\d+)</text>', svg)
    assert labels == ["0", "1", "2", "3", "4", "5"]
    gridlines = [
        float(y)
        for y in re.findall(r'<line x1="50" x2="250" y1="([\d.]+)" y2="\1" stroke="#ddd"', svg)
    ]
    gaps = {round(a - b, 1) for a, b in zip(gridlines, gridlines[1:], strict=False)}
    assert len(gridlines) == 6 and len(gaps) == 1


def test_summary_with_nobody_enrolled_says_so_instead_of_a_dash_rate(dataset, staff, login):
    html = (
        login(staff["hr_national"])
        .get(reverse("hr_reports:summary"), {"date_from": "2020-01-01", "date_to": "2020-01-31"})
        .content.decode()
    )
    assert "No enrolments yet in this period, so there is no completion rate." in html
    assert "completion rate <strong>–</strong>%" not in html
    assert "–%" not in html and "-%" not in html


def test_summary_with_enrolments_gives_the_rate(dataset, staff, login):
    html = login(staff["hr_national"]).get(reverse("hr_reports:summary"), PERIOD).content.decode()
    assert re.search(r"completion rate <strong>[\d.]+</strong>%", html)
