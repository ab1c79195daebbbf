"""Issue 15 item 12: `load_content --check` reports every problem of every file in one run,
each on its exact line, in messages that say what was given and what is expected."""

import logging

import pytest
from django.core.management import CommandError, call_command

from content.loader import lesson, quizzes, reader
from content.services import ContentInvalid, curriculum_check
from courses.models import CoursePage, LessonPage
from courses.quizzes.blocks import MultipleResponseBlock, OptionBlock, QuestionBlock
from courses.quizzes.models import QuizPage

from .conftest import FIXTURES, line_of

MESSY = FIXTURES / "many-problems"
COURSE = MESSY / "messy-course"


def test_a_folder_with_many_kinds_of_problem_reports_all_of_them_in_one_run(capsys):
    with pytest.raises(CommandError, match="20 problem"):
        call_command("load_content", str(MESSY), "--check")
    reported = [line.split("messy-course/", 1)[1] for line in capsys.readouterr().err.splitlines()]

    welcome = COURSE / "01-arrivals/01-welcome.md"
    module = COURSE / "01-arrivals/module.yaml"
    coming_home = COURSE / "02-returns/01-coming-home.md"
    assessment = COURSE / "assessment.yaml"
    course = COURSE / "course.yaml"
    where = str(COURSE.relative_to(FIXTURES.parent.parent.parent))
    expected = [
        f"01-arrivals/01-welcome.md:{line_of(welcome, 'estimated_minute:')}: unknown key "
        "'estimated_minute' in the front matter (did you mean 'estimated_minutes'?); allowed: "
        "title, summary, estimated_minutes, objectives, sources",
        f"01-arrivals/01-welcome.md:{line_of(welcome, '::: keypoint')}: unknown block "
        "'keypoint' (did you mean 'key-point'?); use one of: key-point, warning, case-study, "
        "in-your-county, reflection, video",
        # The quiz slug clashes with a lesson's: reported on the 'slug:' line itself, and
        # although the quiz has other problems.
        f"01-arrivals/module.yaml:{line_of(module, 'slug: welcome')}: slug 'welcome' is used "
        f"twice in this module (also {where}/01-arrivals/01-welcome.md)",
        f"01-arrivals/module.yaml:{line_of(module, 'pass_mark')}: 'pass_mark' must be from 1 "
        "to 100 percent, got 101",
        # Two correct answers in a single question that also has another problem.
        f"01-arrivals/module.yaml:{line_of(module, 'id: a-01')}: a single question has exactly "
        "one correct option, got 2",
        f"01-arrivals/module.yaml:{line_of(module, 'points: 0')}: 'points' must be from 1 to "
        "100 points, got 0",
        f"01-arrivals/module.yaml:{line_of(module, 'id: a-02')}: a question is missing "
        "'explanation'",
        f"01-arrivals/module.yaml:{line_of(module, 'explaination')}: unknown key 'explaination' "
        "in a question (did you mean 'explanation'?); allowed: id, type, text, options, "
        "scoring, answer, points, explanation, kind",
        f"02-returns/01-coming-home.md:{line_of(coming_home, 'estimated_minutes')}: "
        "'estimated_minutes' must be from 1 to 600 minutes, got 0",
        f"02-returns/01-coming-home.md:{line_of(coming_home, '03-nowhere.md')}: link "
        "'03-nowhere.md' does not lead to a lesson file of this curriculum (give the path of "
        "the .md file relative to this lesson)",
        f"02-returns/01-coming-home.md:{line_of(coming_home, '::: case-study')}: the "
        "'case-study' block opened here is never closed: add a line holding only ':::'",
        # An id used in a module quiz with problems, and again in the pool.
        f"assessment.yaml:{line_of(assessment, 'id: shared-01')}: question id 'shared-01' is "
        f"already used in {where}/01-arrivals/module.yaml:{line_of(module, 'id: shared-01')}; "
        "ids are unique in a course",
        f"assessment.yaml:{line_of(assessment, 'id: p-02') + 3}: a question has 2 to 8 "
        "options, got 1",
        # The pre-test and final are checked although a pool question is invalid.
        f"assessment.yaml:{line_of(assessment, 'required: true')}: the pre-test never counts "
        "for completion: set 'required: false'",
        f"assessment.yaml:{line_of(assessment, 'draw: 5')}: 'draw' must be at most 2, the "
        "number of questions to draw from; got 5",
        f"assessment.yaml:{line_of(assessment, 'final:') + 2}: slug 'pre-test' is used twice "
        f"in this course (also {where}/assessment.yaml:{line_of(assessment, 'slug: pre-test')})",
        f"course.yaml:{line_of(course, 'audiance')}: unknown key 'audiance' in course.yaml "
        "(did you mean 'audience'?); allowed: title, summary, objectives, audience, "
        "thematic_area, estimated_hours, certificate, recertification_months, certificate_wording",
        f"course.yaml:{line_of(course, 'thematic_area')}: 'thematic_area' must be one of: "
        "migration_cycle, migration_health, border_management; got 'migration' (did you mean "
        "'migration_cycle'?)",
        f"course.yaml:{line_of(course, 'estimated_hours')}: 'estimated_hours' must be a whole "
        "number of hours, got 1.5",
        f"course.yaml:{line_of(course, 'certificate:')}: 'certificate' must be true or false, "
        "got the text 'yes please'",
    ]
    assert reported == expected


# (file, old text, new text, expected message): every mapping of the format offers the
# nearest allowed key, also for shortened names difflib alone would not match.
UNKNOWN_KEYS = {
    "course": (
        "sample-course/course.yaml",
        "estimated_hours: 2",
        "hours: 2",
        "unknown key 'hours' in course.yaml (did you mean 'estimated_hours'?)",
    ),
    "module": (
        "sample-course/01-first-steps/module.yaml",
        "summary: What a course folder holds.",
        "sumary: What a course folder holds.",
        "unknown key 'sumary' in module.yaml (did you mean 'summary'?)",
    ),
    "module quiz": (
        "sample-course/01-first-steps/module.yaml",
        "  pass_mark: 70",
        "  passmark: 70",
        "unknown key 'passmark' in the module quiz (did you mean 'pass_mark'?)",
    ),
    "question": (
        "sample-course/01-first-steps/module.yaml",
        "      points: 2",
        "      point: 2",
        "unknown key 'point' in a question (did you mean 'points'?)",
    ),
    "option": (
        "sample-course/01-first-steps/module.yaml",
        "          correct: true\n        - text: In the course folder",
        "          corect: true\n        - text: In the course folder",
        "unknown key 'corect' in an option (did you mean 'correct'?)",
    ),
    "assessment": (
        "sample-course/assessment.yaml",
        "pretest:",
        "pre_test:",
        "unknown key 'pre_test' in assessment.yaml (did you mean 'pretest'?)",
    ),
    "pre-test": (
        "sample-course/assessment.yaml",
        "  draw: 2",
        "  draw_count: 2",
        "unknown key 'draw_count' in the pre-test (did you mean 'draw'?)",
    ),
    "lesson front matter": (
        "sample-course/01-first-steps/01-welcome.md",
        "estimated_minutes: 5",
        "minutes: 5",
        "unknown key 'minutes' in the front matter (did you mean 'estimated_minutes'?)",
    ),
    "job aid front matter": (
        "sample-course/01-first-steps/job-aid.md",
        'title: "Checklist',
        'titel: "Checklist',
        "unknown key 'titel' in the front matter (did you mean 'title'?)",
    ),
}


@pytest.mark.parametrize("case", UNKNOWN_KEYS.values(), ids=UNKNOWN_KEYS.keys())
def test_every_unknown_key_gets_a_did_you_mean(small_content, edit, case):
    relpath, old, new, message = case
    path = small_content / relpath
    edit(path, old, new)
    with pytest.raises(ContentInvalid) as caught:
        curriculum_check(directory=small_content)
    line = line_of(path, new.strip().splitlines()[0].split(":")[0])
    assert any(
        f"{relpath}:{line}: {message}" in str(problem) for problem in caught.value.problems
    ), [str(p) for p in caught.value.problems]


# (file, old text, new text, expected message): what was given and what is expected.
TYPES = {
    "a fraction for whole hours": (
        "sample-course/course.yaml",
        "estimated_hours: 2",
        "estimated_hours: 1.5",
        "'estimated_hours' must be a whole number of hours, got 1.5",
    ),
    "a number for text": (
        "sample-course/course.yaml",
        "certificate_wording: has completed the sample course.",
        "certificate_wording: 2026",
        "'certificate_wording' must be text, got 2026 (put it in quotes)",
    ),
    "text for true or false": (
        "sample-course/01-first-steps/module.yaml",
        "shuffle_options: false",
        "shuffle_options: sometimes",
        "'shuffle_options' must be true or false, got the text 'sometimes'",
    ),
    "text for a list": (
        "sample-course/01-first-steps/module.yaml",
        "objectives:\n  - Name the files of a course folder.",
        "objectives: Name the files of a course folder.",
        "'objectives' must be a list of one-line texts (one '- item' per line), got the text "
        "'Name the files of a course folder.'",
    ),
    "nothing for a number": (
        "sample-course/01-first-steps/module.yaml",
        "pass_mark: 70",
        "pass_mark:",
        "'pass_mark' needs a value: a whole number of percent",
    ),
    "too long": (
        "sample-course/course.yaml",
        "certificate_wording: has completed the sample course.",
        "certificate_wording: " + "x" * 301,
        "'certificate_wording' must be at most 300 characters, got 301",
    ),
}


@pytest.mark.parametrize("case", TYPES.values(), ids=TYPES.keys())
def test_type_messages_say_what_was_given_and_what_is_expected(small_content, edit, case):
    relpath, old, new, message = case
    edit(small_content / relpath, old, new)
    with pytest.raises(ContentInvalid) as caught:
        curriculum_check(directory=small_content)
    assert any(message in str(problem) for problem in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_choices_and_limits_are_the_models():
    """The files and the Wagtail admin accept the same values: one definition per rule."""
    course, lesson_page, quiz = CoursePage._meta, LessonPage._meta, QuizPage._meta
    assert reader.COURSE["audience"].choices == tuple(
        v for v, _ in course.get_field("audience").choices
    )
    assert reader.COURSE["thematic_area"].choices == tuple(
        v for v, _ in course.get_field("thematic_area").choices
    )
    assert (reader.COURSE["estimated_hours"].min, reader.COURSE["estimated_hours"].max) == (1, 200)
    assert reader.COURSE["summary"].max_length == course.get_field("summary").max_length
    assert reader.COURSE["certificate_wording"].max_length == 300
    assert (
        lesson.FRONT_MATTER["estimated_minutes"].min,
        lesson.FRONT_MATTER["estimated_minutes"].max,
    ) == (1, 600)
    assert lesson.FRONT_MATTER["summary"].max_length == lesson_page.get_field("summary").max_length
    fields = quizzes._quiz_fields(kind="module", with_questions=True)
    assert fields["reveal"].choices == tuple(v for v, _ in quiz.get_field("reveal_answers").choices)
    assert fields["kind"].choices == tuple(v for v, _ in quiz.get_field("kind").choices)
    assert (fields["pass_mark"].min, fields["pass_mark"].max) == (1, 100)
    assert (fields["time_limit_minutes"].min, fields["time_limit_minutes"].max) == (1, 600)
    points = QuestionBlock().child_blocks["points"].field
    assert (quizzes.QUESTION["points"].min, quizzes.QUESTION["points"].max) == (
        points.min_value,
        points.max_value,
    )
    kind_choices = QuestionBlock().child_blocks["kind"].field.choices
    assert quizzes.QUESTION["kind"].choices == tuple(v for v, _ in kind_choices if v)
    options = MultipleResponseBlock().child_blocks["options"].meta
    assert (options.min_num, options.max_num) == quizzes.OPTION_COUNT
    assert quizzes.OPTION["text"].max_length == OptionBlock().child_blocks["text"].field.max_length


@pytest.mark.django_db
def test_verbose_load_prints_its_own_lines_and_no_wagtail_or_task_logs(
    small_content, caplog, capsys
):
    caplog.set_level(logging.DEBUG)
    call_command("load_content", str(small_content), verbosity=2)
    noisy = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno < logging.WARNING
        and (
            record.name.split(".")[0] in ("wagtail", "django_tasks", "modelsearch")
            or record.name.startswith("django.tasks")
        )
    ]
    assert noisy == []
    assert "sample-course/ (sample-course/course.yaml): created" in capsys.readouterr().out
