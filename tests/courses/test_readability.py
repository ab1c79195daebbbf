"""Reading level: the Flesch-Kincaid grade of a lesson's text (textstat)."""

import pytest

from content.loader.reader import read_curriculum
from courses.readability import (
    MAX_GRADE_LEVEL,
    TARGET_GRADE_LEVEL,
    grade_level,
    lesson_plain_text,
    richtext_plain_text,
)
from tests.content.conftest import FIXTURES

PLAIN = (
    "The officer checks the passport. She asks where the traveller is going. "
    "If the child travels alone, she calls the children's officer."
)
HARD = (
    "Notwithstanding the provisions of the International Health Regulations, the "
    "implementation of surveillance mechanisms necessitates comprehensive intergovernmental "
    "coordination across administrative jurisdictions and institutional stakeholders."
)


def test_short_sentences_and_plain_words_read_below_the_limit():
    assert grade_level(PLAIN) < TARGET_GRADE_LEVEL


def test_long_sentences_and_long_words_read_far_above_the_limit():
    assert grade_level(HARD) > MAX_GRADE_LEVEL + 5


def test_no_text_is_grade_zero():
    assert grade_level("  ") == 0.0


def test_headings_and_list_items_count_as_sentences():
    text = richtext_plain_text(
        "<h3>First hour</h3><ul><li>Move the child to a safe place</li><li>Call 116</li></ul>"
        "<p>Then <b>write down</b> what you saw.</p>"
    )
    assert text == (
        "First hour. Move the child to a safe place. Call 116. Then write down what you saw."
    )


def test_lesson_text_takes_what_learners_read_and_leaves_out_images():
    blocks = [
        ("heading", {"text": "At the desk", "level": "h2"}),
        ("paragraph", "<p>Greet the traveller.</p>"),
        ("image", {"image": 1, "alt_text": "A map of Busia", "caption": "Busia"}),
        ("callout", {"kind": "warning", "title": "Careful", "body": "<p>Never guess.</p>"}),
        ("video", {"url": "https://example.org", "title": "V", "transcript": "<p>Hello.</p>"}),
        ("reflection", {"question": "What would you do?"}),
    ]
    assert lesson_plain_text(blocks) == (
        "At the desk. Greet the traveller. Careful. Never guess. Hello. What would you do?"
    )


@pytest.mark.parametrize("slug", ["welcome", "folders", "media"])
def test_the_sample_lessons_are_at_or_below_the_limit(slug):
    curriculum, problems = read_curriculum(FIXTURES / "small")
    assert not problems
    lesson = next(
        lesson
        for module in curriculum.courses[0].modules
        for lesson in module.lessons
        if lesson.slug == slug
    )
    blocks = [
        (block.type, block.value["html"] if block.type == "paragraph" else block.value)
        for block in lesson.body
    ]
    assert 0 < grade_level(lesson_plain_text(blocks)) <= MAX_GRADE_LEVEL
