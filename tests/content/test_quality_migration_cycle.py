"""The migration-cycle course meets the assessment and authoring rules of issue 18.

The figures are computed from the files in content/migration-cycle, the way a reviewer
would count them: share of scenario and application items, a county-government item in
every module quiz, how often the correct option is the uniquely longest, the shape of
multiple-response items and what ticking every option scores, pool items that do not
restate module items, a job aid per module and a "facts last checked" line per lesson.
"""

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

COURSE = Path(__file__).resolve().parents[2] / "content" / "migration-cycle"

# Words that put an item in county-government work (the county's own staff and services,
# not national officers who happen to be posted in a county).
COUNTY_WORK = re.compile(
    r"county (assembly|health|hospital|social|trade|planning|livestock|youth|diaspora|"
    r"government|disaster|ECDE|education)|ward administrator|planning officer of \w+ County|"
    r"diaspora focal point of \w+ County|\w+ County's (legal|planning)",
    re.IGNORECASE,
)


def module_quizzes() -> dict[str, list[dict]]:
    quizzes = {}
    for path in sorted(COURSE.glob("[0-9][0-9]-*/module.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        quizzes[path.parent.name] = data["quiz"]["questions"]
    return quizzes


def pool() -> list[dict]:
    return yaml.safe_load((COURSE / "assessment.yaml").read_text(encoding="utf-8"))["pool"]


def all_items() -> list[dict]:
    return [q for questions in module_quizzes().values() for q in questions] + pool()


def lessons() -> list[Path]:
    return sorted(COURSE.glob("[0-9][0-9]-*/[0-9][0-9]-*.md"))


def correct_is_uniquely_longest(question: dict) -> bool:
    correct = [o for o in question["options"] if o.get("correct")][0]
    length = len(correct["text"].strip())
    return all(len(o["text"].strip()) < length for o in question["options"] if o is not correct)


def tick_everything_score(question: dict) -> float:
    """Partial credit with a penalty per wrong tick: (right - wrong) / correct, floored at 0."""
    correct = sum(1 for o in question["options"] if o.get("correct"))
    wrong = len(question["options"]) - correct
    return max(0.0, (correct - wrong) / correct)


def test_at_least_40_percent_of_items_are_scenarios_or_applications():
    items = all_items()
    kinds = [q.get("kind", "recall") for q in items]
    assert set(kinds) <= {"scenario", "application", "recall"}
    share = sum(k in ("scenario", "application") for k in kinds) / len(items)
    assert share >= 0.40, f"{share:.0%} of {len(items)} items"


def test_every_module_quiz_has_an_item_set_in_county_government_work():
    for module, questions in module_quizzes().items():
        county = [q["id"] for q in questions if COUNTY_WORK.search(q["text"])]
        assert county, module


def test_the_correct_option_is_uniquely_longest_in_at_most_30_percent_of_single_items():
    singles = [q for q in all_items() if q["type"] == "single"]
    longest = [q["id"] for q in singles if correct_is_uniquely_longest(q)]
    assert len(longest) <= 0.30 * len(singles), longest


def test_multiple_response_items_have_two_or_three_answers_in_five_or_six_options():
    for q in all_items():
        if q["type"] != "multiple":
            continue
        correct = sum(1 for o in q["options"] if o.get("correct"))
        assert 2 <= correct <= 3 and 5 <= len(q["options"]) <= 6, q["id"]
        assert q.get("scoring") == "partial", q["id"]
        assert tick_everything_score(q) <= 0.40, q["id"]


def test_no_all_of_the_above_and_every_item_explains_its_answer():
    for q in all_items():
        texts = [o["text"].lower() for o in q.get("options", [])]
        assert not any("all of the above" in t or "none of the above" in t for t in texts), q["id"]
        assert len(q.get("options", [])) >= 3 or q["type"] == "true_false", q["id"]
        assert q["explanation"].strip(), q["id"]


def test_items_dropped_as_trivia_stay_dropped():
    ids = {q["id"] for q in all_items()}
    # m5-q01 (a date), m5-q09 (a count), m5-q10 (a "first"), pool-q05 (an act number) ...
    assert not ids & {"m5-q01", "m5-q09", "m5-q10", "pool-q05", "pool-q07", "pool-q17"}


def test_pool_items_are_not_rewordings_of_module_items():
    module_texts = {q["id"]: q["text"] for qs in module_quizzes().values() for q in qs}
    assert len(pool()) >= 20
    for item in pool():
        assert item["id"] not in module_texts
        for qid, text in module_texts.items():
            ratio = SequenceMatcher(None, item["text"].lower(), text.lower()).ratio()
            assert ratio < 0.75, (item["id"], qid, round(ratio, 2))


@pytest.mark.parametrize("module", sorted(p.name for p in COURSE.glob("[0-9][0-9]-*")))
def test_every_module_has_a_one_page_job_aid(module):
    aid = COURSE / module / "job-aid.md"
    assert aid.exists()
    text = aid.read_text(encoding="utf-8").split("---", 2)[2]
    assert len(text) <= 3500


def test_every_lesson_shows_when_its_facts_were_last_checked_and_cites_sources():
    for lesson in lessons():
        text = lesson.read_text(encoding="utf-8")
        assert re.search(r"\*Facts last checked: \d{1,2} \w+ 20\d\d\.\*\s*$", text), lesson.name
        front = yaml.safe_load(text.split("---", 2)[1])
        assert front["sources"], lesson.name


def test_issue_18_facts_are_stated_in_the_lessons():
    def lesson(name: str) -> str:
        return next(COURSE.glob(f"*/{name}")).read_text(encoding="utf-8")

    igad = lesson("02-igad-free-movement-and-transhumance.md")
    assert "seven member states" in igad and "Eritrea" in igad
    eac = lesson("01-eac-free-movement.md")
    assert "Somalia" in eac and "current exemption list" in eac
    diaspora = lesson("01-the-kenyan-diaspora.md")
    assert "Kenya Diaspora Policy, 2024" in diaspora and "13 March 2025" in diaspora
    recruitment = lesson("01-safe-recruitment-and-pre-departure.md")
    assert "Labour Institutions Act, 2007" in recruitment and "sections 83 to 86" in recruitment
    institutions = lesson("02-institutions-and-coordination.md")
    assert "Sessional Paper No. 5 of 2023" in institutions
    assert "Labour Migration Management Bill, 2024" in institutions
    assert "US$5.04 billion" in lesson("02-remittances.md")
    assert "Cap. 173" in lesson("01-constitution-and-core-laws.md")


def test_the_content_checker_finds_no_problem_in_the_course(capsys):
    call_command("load_content", str(COURSE), check=True)
    assert "no problems" in capsys.readouterr().out
