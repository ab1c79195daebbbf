"""The migration-health course meets the assessment and reading rules of issue 18.

The figures are computed from the files, as the importer reads them: a change that breaks
a rule (a new recall item that tips the share, a multiple-response item that ticking
everything passes, a lesson that reads above grade 9) fails here with the item named.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from content.loader.quality import as_question, lesson_grade
from content.loader.reader import read_curriculum
from courses.quizzes.quality import (
    MAX_LONGEST_CORRECT_SHARE,
    MAX_TICK_ALL_PERCENT,
    MIN_SCENARIO_SHARE,
    correct_is_uniquely_longest,
    course_figures,
    tick_all_percent,
)
from courses.quizzes.questions import APPLICATION, SCENARIO
from courses.readability import MAX_GRADE_LEVEL

COURSE_DIR = Path(__file__).resolve().parents[2] / "content" / "migration-health"

# An item is set in county government work when its situation names a county office,
# facility or post (issue 18: "every module quiz has at least one item set in county
# government work").
COUNTY_WORDS = ("county", "ward administrator")
FACTS_CHECKED = "Facts last checked:"


@pytest.fixture(scope="module")
def course():
    curriculum, problems = read_curriculum(COURSE_DIR)
    assert not problems, problems.sorted()
    (spec,) = curriculum.courses
    return spec


def module_quizzes(course):
    return [module.quiz for module in course.modules]


def all_items(course):
    """Every item once: the module quizzes and the pool (pre-test and final share it)."""
    items = [q for quiz in module_quizzes(course) for q in quiz.questions]
    return items + list(course.final.questions)


def test_at_least_40_percent_of_items_are_scenarios_or_application(course):
    figures = course_figures(as_question(spec) for spec in all_items(course))
    assert figures.scenario_share >= MIN_SCENARIO_SHARE


def test_every_module_quiz_has_an_item_set_in_county_government_work(course):
    for quiz in module_quizzes(course):
        county = [
            q.id
            for q in quiz.questions
            if q.kind in (SCENARIO, APPLICATION)
            and any(word in q.text.casefold() for word in COUNTY_WORDS)
        ]
        assert county, f"{quiz.slug} has no practical item set in county government work"


def test_the_correct_option_is_the_uniquely_longest_in_at_most_30_percent(course):
    questions = [as_question(spec) for spec in all_items(course)]
    figures = course_figures(questions)
    longest = [q.id for q in questions if correct_is_uniquely_longest(q)]
    assert figures.longest_correct_share <= MAX_LONGEST_CORRECT_SHARE, longest


def test_multiple_response_items_have_2_to_3_correct_of_5_to_6_and_resist_ticking_all(course):
    multiple = [q for q in all_items(course) if q.type == "multiple"]
    assert multiple
    for spec in multiple:
        correct = sum(1 for _, is_correct in spec.options if is_correct)
        assert 2 <= correct <= 3 and 5 <= len(spec.options) <= 6, spec.id
        percent = tick_all_percent(as_question(spec))
        assert percent <= MAX_TICK_ALL_PERCENT, (spec.id, percent)


def test_no_catch_all_options(course):
    for q in all_items(course):
        for text, _ in q.options:
            assert "of the above" not in text.casefold(), q.id


def test_the_pool_feeds_a_pretest_and_final_of_15(course):
    assert len(course.final.questions) >= 20
    assert course.pretest.draw == course.final.draw == 15
    assert [q.id for q in course.pretest.questions] == [q.id for q in course.final.questions]


def test_question_ids_are_unique_across_the_course(course):
    ids = [q.id for q in all_items(course)]
    assert len(ids) == len(set(ids))


def lessons(course):
    return [lesson for module in course.modules for lesson in module.lessons]


def test_every_lesson_reads_at_or_below_grade_9(course):
    for lesson in lessons(course):
        grade = lesson_grade(lesson)
        assert 0 < grade <= MAX_GRADE_LEVEL, (lesson.slug, grade)


def test_every_lesson_shows_when_its_facts_were_checked_and_cites_sources(course):
    for lesson in lessons(course):
        assert FACTS_CHECKED in lesson.path.read_text(encoding="utf-8"), lesson.slug
        assert lesson.sources, lesson.slug


def test_no_source_cites_the_superseded_2016_edition_of_the_ihr(course):
    for lesson in lessons(course):
        for source in lesson.sources:
            if "International Health Regulations" in source:
                assert "third edition" not in source, (lesson.slug, source)


def test_every_module_has_a_job_aid(course):
    assert all(module.job_aid for module in course.modules)


def test_load_content_check_reports_no_problem_or_warning():
    out = StringIO()
    call_command("load_content", str(COURSE_DIR), check=True, stdout=out, stderr=out)
    assert "no problems" in out.getvalue()
    assert "warning" not in out.getvalue().casefold()
