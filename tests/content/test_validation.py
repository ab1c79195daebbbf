"""Every kind of problem in the files is reported as file:line, and nothing is loaded."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from content.services import ContentInvalid, curriculum_check, curriculum_load

from .conftest import line_of

COURSE = "sample-course/course.yaml"
ASSESSMENT = "sample-course/assessment.yaml"
MODULE1 = "sample-course/01-first-steps/module.yaml"
WELCOME = "sample-course/01-first-steps/01-welcome.md"
FOLDERS_SW = "sample-course/01-first-steps/02-folders.sw.md"
MEDIA = "sample-course/02-next-steps/01-media.md"


def problems_for(root):
    with pytest.raises(ContentInvalid) as caught:
        curriculum_check(directory=root)
    return [str(problem) for problem in caught.value.problems]


# (file, old text, new text, text on the reported line (None: the line is 0), message part)
CASES = {
    "yaml syntax": (
        COURSE,
        'title: "A sample course: first steps in the content format"',
        "title: A sample course: first steps",
        "title: A sample course",
        "YAML syntax error: mapping values are not allowed here",
    ),
    "duplicate yaml key": (
        COURSE,
        "estimated_hours: 2",
        "estimated_hours: 2\nestimated_hours: 3",
        "estimated_hours: 3",
        "'estimated_hours' appears twice",
    ),
    "unknown key": (
        COURSE,
        "audience: county",
        "audiense: county",
        "audiense",
        "unknown key 'audiense' in course.yaml (did you mean 'audience'?)",
    ),
    "missing key": (
        COURSE,
        "thematic_area: migration_cycle\n",
        "",
        'title: "A sample course',
        "course.yaml is missing 'thematic_area'",
    ),
    "wrong type": (
        COURSE,
        "estimated_hours: 2",
        "estimated_hours: two",
        "estimated_hours",
        "'estimated_hours' must be a whole number of hours, got the text 'two'",
    ),
    "not a choice": (
        COURSE,
        "audience: county",
        "audience: counties",
        "audience",
        "'audience' must be one of: county, national, both; got 'counties' (did you mean 'county'?)",
    ),
    "front matter out of range": (
        WELCOME,
        "estimated_minutes: 5",
        "estimated_minutes: 0",
        "estimated_minutes",
        "'estimated_minutes' must be from 1 to 600 minutes, got 0",
    ),
    "front matter unknown key": (
        WELCOME,
        "summary: What this course is for.",
        "sumary: What this course is for.",
        "sumary",
        "unknown key 'sumary' in the front matter",
    ),
    "front matter not closed": (
        WELCOME,
        '  - "Jenga Uwezo, Curriculum content format, 2026"\n---',
        '  - "Jenga Uwezo, Curriculum content format, 2026"\n',
        "---",
        "the front matter is never closed",
    ),
    "front matter yaml error": (
        WELCOME,
        "estimated_minutes: 5",
        "estimated_minutes: [5",
        "objectives:",
        "YAML syntax error",
    ),
    "unknown block kind": (
        WELCOME,
        "::: key-point",
        "::: keypoint",
        "::: keypoint",
        "unknown block 'keypoint' (did you mean 'key-point'?); use one of: key-point, warning, "
        "case-study",
    ),
    "unclosed block": (
        WELCOME,
        "What would you put in your first lesson?\n:::",
        "What would you put in your first lesson?\n",
        "::: reflection",
        "the 'reflection' block opened here is never closed",
    ),
    "nested block": (
        WELCOME,
        "- Courses are folders.",
        "::: warning\n- Courses are folders.",
        "::: warning",
        "blocks do not nest",
    ),
    "stray block end": (
        WELCOME,
        "- One item",
        ":::\n- One item",
        ":::",
        "':::' closes a block, but no block is open here",
    ),
    "image not found": (
        MEDIA,
        "(square.png",
        "(circle.png",
        "circle.png",
        "image 'circle.png' not found beside the lesson",
    ),
    "image without alt text": (
        MEDIA,
        "![A small green square]",
        "![]",
        "square.png",
        "an image needs alt text",
    ),
    "image inside a paragraph": (
        WELCOME,
        "- Another item",
        "- Another item ![x](square.png)",
        "Another item",
        "images cannot go inside a paragraph",
    ),
    "link to a missing lesson": (
        WELCOME,
        "(02-folders.md)",
        "(03-nothing.md)",
        "03-nothing.md",
        "link '03-nothing.md' does not lead to a lesson file",
    ),
    "javascript link": (
        WELCOME,
        "(https://www.iom.int/)",
        "(javascript:alert(1))",
        "javascript",
        "only http, https and mailto links are allowed",
    ),
    "invalid quiz slug": (
        MODULE1,
        "slug: quiz-first-steps",
        "slug: Quiz_First_Steps",
        "slug: Quiz_First_Steps",
        "slug 'Quiz_First_Steps': use lower-case letters, digits and hyphens",
    ),
    "slug used twice among siblings": (
        MODULE1,
        "slug: quiz-first-steps",
        "slug: welcome",
        "slug: welcome",
        "slug 'welcome' is used twice in this module",
    ),
    "question id used twice in a course": (
        ASSESSMENT,
        "- id: pool-02",
        "- id: m1-q01",
        "- id: m1-q01",
        "question id 'm1-q01' is already used in ",
    ),
    "single with two correct options": (
        MODULE1,
        "        - text: In the course folder\n",
        "        - text: In the course folder\n          correct: true\n",
        "- id: m1-q01",
        "a single question has exactly one correct option, got 2",
    ),
    "multiple with no correct option": (
        "sample-course/assessment.yaml",
        "      - text: key-point\n        correct: true\n      - text: case-study\n        correct: true\n",
        "      - text: key-point\n      - text: case-study\n",
        "- id: pool-03",
        "a multiple question needs at least one correct option",
    ),
    "true_false with options": (
        MODULE1,
        "      answer: false\n",
        "      answer: false\n      options: [x]\n",
        "options: [x]",
        "a true_false question has no 'options'",
    ),
    "duplicate option": (
        MODULE1,
        "        - text: Anywhere",
        "        - text: in their module's folder",
        "in their module's folder",
        "appears twice in this question",
    ),
    "pass mark out of range": (
        MODULE1,
        "pass_mark: 70",
        "pass_mark: 101",
        "pass_mark",
        "'pass_mark' must be from 1 to 100 percent, got 101",
    ),
    "draw more than the pool": (
        ASSESSMENT,
        "  draw: 2\n  attempt_limit: 3",
        "  draw: 5\n  attempt_limit: 3",
        "draw: 5",
        "'draw' must be at most 3, the number of questions to draw from; got 5",
    ),
    "required pre-test": (
        ASSESSMENT,
        "  required: false",
        "  required: true",
        "  required: true",
        "the pre-test never counts for completion",
    ),
    "quiz without questions": (
        "sample-course/02-next-steps/module.yaml",
        "  questions:\n",
        "  questions: []\n  old_questions:\n",
        "questions: []",
        "the module quiz needs at least one question",
    ),
    "module quiz of another kind": (
        MODULE1,
        "kind: module",
        "kind: final",
        "kind: final",
        "a module quiz has 'kind: module'",
    ),
    "translation checked too": (
        FOLDERS_SW,
        "estimated_minutes: 10",
        "estimated_minutes: kumi",
        "estimated_minutes",
        "'estimated_minutes' must be a whole number of minutes, got the text 'kumi'",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_problem_is_reported_with_file_and_line(small_content, edit, case):
    relpath, old, new, line_text, message = case
    path = small_content / relpath
    edit(path, old, new)
    line = line_of(path, line_text) if line_text else 0
    problems = problems_for(small_content)
    expected = f"{relpath}:{line}: "
    assert any(expected in p and message in p for p in problems), (expected, message, problems)


def test_file_level_problems_have_line_zero(small_content):
    (small_content / "sample-course/01-first-steps/modul.yaml").write_text("title: x\n")
    (small_content / "sample-course/02-next-steps/module.yaml").unlink()
    problems = problems_for(small_content)
    assert any("01-first-steps/modul.yaml:0: unexpected file here" in p for p in problems)
    assert any("02-next-steps:0: module.yaml is missing" in p for p in problems)


def test_all_problems_are_reported_in_one_run(small_content, edit):
    edit(small_content / COURSE, "estimated_hours: 2", "estimated_hours: two")
    edit(small_content / WELCOME, "::: key-point", "::: keypoint")
    edit(small_content / MODULE1, "pass_mark: 70", "pass_mark: 0")
    problems = problems_for(small_content)
    assert len(problems) == 3, problems


@pytest.mark.django_db
def test_nothing_is_loaded_when_anything_is_invalid(small_content, edit):
    edit(small_content / MEDIA, "(square.png", "(circle.png")
    pages_before = Page.objects.count()
    with pytest.raises(ContentInvalid):
        curriculum_load(directory=small_content)
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
def test_command_prints_problems_and_fails(small_content, edit, capsys):
    edit(small_content / WELCOME, "::: key-point", "::: keypoint")
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("load_content", str(small_content))
    err = capsys.readouterr().err
    assert f"{WELCOME}:{line_of(small_content / WELCOME, '::: keypoint')}: unknown block" in err
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
def test_check_only_validates_and_summarises(small_content, capsys):
    pages_before = Page.objects.count()
    call_command("load_content", str(small_content), "--check")
    out = capsys.readouterr().out
    assert "no problems. 1 course, 2 modules, 3 lessons, 4 quizzes, 10 questions" in out
    assert "02-folders.sw.md: language 'sw' checked, not loaded yet" in out
    assert Page.objects.count() == pages_before


def test_the_shipped_curriculum_is_valid():
    curriculum_check()  # raises ContentInvalid listing problems otherwise


def test_a_broken_folder_reports_every_problem_in_order(capsys):
    from .conftest import FIXTURES

    with pytest.raises(CommandError, match="5 problem"):
        call_command("load_content", str(FIXTURES / "broken"), "--check")

    lines = [line.split("bad-course/", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "01-only-module/01-a-lesson.md:8: image 'busia-map.png' not found beside the lesson",
        "01-only-module/01-a-lesson.md:10: the 'case-study' block opened here is never closed: "
        "add a line holding only ':::'",
        "01-only-module/module.yaml:6: a single question has exactly one correct option, got 2",
        "assessment.yaml:10: 'draw' must be at most 1, the number of questions to draw from; got 15",
        "course.yaml:5: unknown key 'estimated_hour' in course.yaml (did you mean "
        "'estimated_hours'?); allowed: title, summary, objectives, audience, thematic_area, "
        "estimated_hours, certificate, recertification_months, certificate_wording",
    ]


def test_a_missing_folder_is_a_problem(tmp_path):
    problems = problems_for(tmp_path / "nowhere")
    assert problems == [f"{tmp_path / 'nowhere'}:0: no such folder"]


def test_a_folder_without_courses_is_a_problem(tmp_path):
    (tmp_path / "notes").mkdir()
    problems = problems_for(tmp_path)
    assert problems == [f"{tmp_path}:0: no course folders here (a course folder holds course.yaml)"]
