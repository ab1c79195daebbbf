"""Issue 18: every lesson of the shipped curriculum cites its sources in one style
(docs/authoring.md#sources-and-the-date-facts-were-checked), shows the date its facts
were last checked, and the whole curriculum passes the checker with no quality warning."""

import re
from pathlib import Path

import pytest
import yaml

from content.services import curriculum_check

CONTENT = Path(__file__).resolve().parents[2] / "content"
LESSONS = sorted(
    path
    for path in CONTENT.glob("*/[0-9][0-9]-*/[0-9][0-9]-*.md")
    if not re.search(r"\.[a-z]{2,3}\.md$", path.name)
)

# What the one style rules out: the forms the courses used before they were made alike.
OTHER_STYLES = {
    "chapter before the year (write 'Act, 2011 (Cap. 170)')": re.compile(
        r"Act, Cap\. \w+ \(\d{4}\)"
    ),
    "abbreviated pinpoint (write 'section', 'Article', 'regulation')": re.compile(
        r"\b(s|ss|art|arts|reg)\. \d"
    ),
    "title in quotes": re.compile(r", '[^']+' \("),
    "a link that is not last": re.compile(r"https?://\S+, "),
    "'Government of Kenya' (write 'Republic of Kenya')": re.compile(r"^Government of Kenya,"),
}
# Author, Title (date or chapter)[, ...][, link]
STYLE = re.compile(r"^[^,]+, .+? \([^()]*\)(, .+)?$")


def sources(lesson: Path) -> list[str]:
    front = yaml.safe_load(lesson.read_text(encoding="utf-8").split("---", 2)[1])
    return front.get("sources") or []


def test_the_three_courses_have_lessons():
    assert {path.relative_to(CONTENT).parts[0] for path in LESSONS} == {
        "border-management",
        "migration-cycle",
        "migration-health",
    }
    assert len(LESSONS) >= 50


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(CONTENT)))
def test_every_lesson_shows_when_its_facts_were_last_checked(lesson):
    text = lesson.read_text(encoding="utf-8")
    assert re.search(r"\*Facts last checked: \d{1,2} [A-Z][a-z]+ 20\d\d\.\*\s*$", text)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(CONTENT)))
def test_every_lesson_cites_its_sources_in_the_one_style(lesson):
    cited = sources(lesson)
    assert cited, "a lesson lists its sources"
    for source in cited:
        assert STYLE.match(source), source
        for what, pattern in OTHER_STYLES.items():
            assert not pattern.search(source), f"{what}: {source}"
        links = re.findall(r"https?://\S+", source)
        assert len(links) <= 1 and (not links or source.endswith(links[0])), source


def test_a_kenyan_act_is_cited_with_its_year_and_chapter_or_number():
    acts = [
        source
        for lesson in LESSONS
        for source in sources(lesson)
        if source.startswith("Republic of Kenya, ") and re.search(r" Act\b", source.split(",")[1])
    ]
    assert acts
    for source in acts:
        assert re.search(r"Act(, \d{4})? \((Cap\. \w+|No\. \d+ of \d{4})\)", source) or (
            "as amended" in source or "Act, 2006," in source
        ), source


def test_the_shipped_curriculum_has_no_quality_warning():
    warnings = [str(warning) for warning in curriculum_check().warnings]
    assert warnings == []
