"""The module job aid (job-aid.md) and the question `kind` in the content files."""

import pytest

from content.services import ContentInvalid, curriculum_check, curriculum_load
from courses.models import ModulePage
from courses.quizzes.models import QuizPage
from courses.quizzes.questions import questions_from_stream

from .conftest import line_of

MODULE1_DIR = "sample-course/01-first-steps"
JOB_AID = f"{MODULE1_DIR}/job-aid.md"
MODULE1 = f"{MODULE1_DIR}/module.yaml"


def problems_for(root):
    with pytest.raises(ContentInvalid) as caught:
        curriculum_check(directory=root)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.django_db
def test_the_job_aid_and_question_kinds_are_loaded(small_content):
    curriculum_load(directory=small_content)

    first = ModulePage.objects.get(slug="first-steps")
    assert first.job_aid_title == "Checklist: a new course folder"
    assert "<h3>Before you start</h3>" in first.job_aid
    assert "<ol><li>Choose the course <b>slug</b>" in first.job_aid
    assert '<a href="mailto:content@example.org">the content team</a>' in first.job_aid
    assert ModulePage.objects.get(slug="next-steps").job_aid_title == ""

    module_quiz = questions_from_stream(QuizPage.objects.get(slug="quiz-first-steps").questions)
    kinds = {question.text: question.kind for question in module_quiz.values()}
    assert kinds["Where do lesson files go?"] == "application"
    assert kinds["Slugs may contain capital letters."] == "recall"  # the default
    final = questions_from_stream(QuizPage.objects.get(slug="final-assessment").questions)
    assert [q.kind for q in final.values()][0] == "scenario"


@pytest.mark.django_db
def test_removing_the_job_aid_file_empties_the_module_fields(small_content):
    curriculum_load(directory=small_content)
    (small_content / JOB_AID).unlink()

    curriculum_load(directory=small_content)

    first = ModulePage.objects.get(slug="first-steps")
    assert (first.job_aid_title, first.job_aid) == ("", "")


CASES = {
    "unknown kind": (
        MODULE1,
        "      kind: application",
        "      kind: scenarios",
        "kind: scenarios",
        "'kind' must be one of: scenario, application, recall; got 'scenarios' (did you mean 'scenario'?)",
    ),
    "job aid without title": (
        JOB_AID,
        'title: "Checklist: a new course folder"',
        "summary: no title",
        "summary: no title",
        "the front matter is missing 'title'",
    ),
    "job aid with an image": (
        JOB_AID,
        "Keep this page",
        "![a map](map.png) Keep this page",
        "a map",
        "a job aid has no images",
    ),
    "job aid with a ::: block": (
        JOB_AID,
        "## Each module",
        "::: warning\nCareful\n:::\n## Each module",
        "::: warning",
        "a job aid has no ::: blocks",
    ),
    "job aid linking to a lesson": (
        JOB_AID,
        "Keep this page",
        "See [the welcome](01-welcome.md). Keep this page",
        "the welcome",
        "link '01-welcome.md': a job aid links to http, https or mailto addresses only",
    ),
    "job aid with a level 1 heading": (
        JOB_AID,
        "## Before you start",
        "# Before you start",
        "# Before you start",
        "use headings ## to #### only",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_problem_is_reported_with_file_and_line(small_content, edit, case):
    relpath, old, new, line_text, message = case
    path = small_content / relpath
    edit(path, old, new)

    problems = problems_for(small_content)

    assert any(
        p.startswith(f"{path}:{line_of(path, line_text)}:") and message in p for p in problems
    ), problems


def test_a_job_aid_longer_than_a_page_is_a_problem(small_content, edit):
    path = small_content / JOB_AID
    edit(path, "Keep this page beside you", "A long sentence about the checklist. " * 100)

    problems = problems_for(small_content)

    assert any("one printed page holds about 3500: shorten it" in p for p in problems), problems


def test_a_job_aid_in_another_language_is_checked_not_loaded(small_content):
    (small_content / f"{MODULE1_DIR}/job-aid.sw.md").write_text(
        "---\ntitel: Orodha\n---\n\nMaandishi.\n", encoding="utf-8"
    )

    problems = problems_for(small_content)

    assert any("job-aid.sw.md:2: unknown key 'titel'" in p for p in problems), problems
