"""Quality warnings of load_content: pinned to file and line, apart from errors, never blocking."""

import pytest
from django.core.management import call_command

from content.services import curriculum_check, curriculum_load
from courses.models import LessonPage

from .conftest import line_of

ASSESSMENT = "sample-course/assessment.yaml"
MODULE2 = "sample-course/02-next-steps/module.yaml"
COURSE = "sample-course/course.yaml"
WELCOME = "sample-course/01-first-steps/01-welcome.md"


def warnings_for(root) -> list[str]:
    return [str(warning) for warning in curriculum_check(directory=root).warnings]


def test_the_sample_course_warnings_name_file_and_line(small_content):
    def at(relpath, text):
        path = small_content / relpath
        return f"{path}:{line_of(path, text) if text else 0}:"

    assert warnings_for(small_content) == [
        f"{at(MODULE2, 'id: m2-q01')} question 'm2-q01': only 2 options: give at least 3 "
        "plausible ones, or make it a true/false item",
        f"{at(ASSESSMENT, 'id: pool-01')} question 'pool-01': only 2 options: give at least "
        "3 plausible ones, or make it a true/false item",
        f"{at(ASSESSMENT, 'id: pool-03')} question 'pool-03': ticking every option scores 50% "
        "(at most 40%): use 2-3 correct options out of 5-6 with partial scoring, or all or "
        "nothing",
        f"{at(COURSE, None)} 29% of the course's 7 items are scenarios or application (at "
        "least 40%): mark items with 'kind' and write more that put the learner in a "
        "situation at work",
        f"{at(COURSE, None)} in 2 of 3 single-choice items (67%) the correct option is the "
        "longest (at most 30%): learners learn to pick the longest option",
    ]


def test_fixing_the_items_clears_the_warnings(small_content, edit):
    edit(
        small_content / ASSESSMENT,
        "      - text: module.yaml\n",
        "      - text: module.yaml\n      - text: lesson.md\n      - text: course.yml\n",
    )
    edit(
        small_content / ASSESSMENT,
        "      - text: footnote\n",
        "      - text: footnote\n      - text: sidebar\n      - text: summary\n",
    )
    edit(
        small_content / ASSESSMENT,
        "  - id: pool-02\n    type: true_false\n",
        "  - id: pool-02\n    type: true_false\n    kind: application\n",
    )
    module2 = small_content / MODULE2
    text = module2.read_text(encoding="utf-8")
    module2.write_text(
        text.replace("    - id: m2-q01\n", "    - id: m2-q01\n      kind: scenario\n"),
        encoding="utf-8",
    )

    remaining = warnings_for(small_content)

    assert not any("pool-01" in w or "pool-03" in w or "scenarios" in w for w in remaining), (
        remaining
    )


def test_a_lesson_above_grade_nine_is_a_warning(small_content, edit):
    hard = (
        "Notwithstanding the provisions of the International Health Regulations, the "
        "implementation of surveillance mechanisms necessitates comprehensive "
        "intergovernmental coordination across administrative jurisdictions.\n\n"
    )
    edit(small_content / WELCOME, "## ", hard * 4 + "## ")

    grade = [w for w in warnings_for(small_content) if "reads at US grade" in w]

    assert len(grade) == 1
    assert grade[0].startswith(f"{small_content / WELCOME}:0: the lesson reads at US grade ")
    assert grade[0].endswith("(at most 9): use shorter sentences and plainer words")


@pytest.mark.django_db
def test_check_prints_warnings_apart_and_succeeds(small_content, capsys):
    call_command("load_content", str(small_content), "--check")

    captured = capsys.readouterr()
    assert "no problems." in captured.out and "5 quality warnings" in captured.out
    path = small_content / ASSESSMENT
    assert f"{path}:{line_of(path, 'id: pool-03')}: warning: question 'pool-03'" in captured.err


@pytest.mark.django_db
def test_warnings_never_stop_a_load(small_content):
    curriculum_load(directory=small_content)
    assert LessonPage.objects.filter(slug="welcome", live=True).exists()
