"""Quizzes and questions: the same rules the Wagtail admin enforces, checked in the files."""

from __future__ import annotations

import re
from pathlib import Path

from courses.quizzes.blocks import MultipleResponseBlock, OptionBlock, QuestionBlock
from courses.quizzes.models import QuizPage

from .problems import Problems
from .schema import BOOL, INT, LIST, TEXT, Field, check_mapping, model_field
from .specs import QuestionSpec, QuizSpec
from .yamlio import LineDict, LineList

QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# The file format's names for the three question blocks (content.loader.values).
QUESTION_TYPES = ("single", "multiple", "true_false")


def _block_field(block, name: str):
    """The form field of a question block's child: its choices and limits are the admin's."""
    return block.child_blocks[name].field


_points = _block_field(QuestionBlock(), "points")
_kind = QuestionBlock().child_blocks["kind"]
_scoring = _block_field(MultipleResponseBlock(), "scoring")
_options = MultipleResponseBlock().child_blocks["options"].meta
OPTION_COUNT = (_options.min_num, _options.max_num)

QUESTION = {
    "id": Field(TEXT, required=True, one_line=True),
    "type": Field(TEXT, required=True, choices=QUESTION_TYPES),
    "text": Field(TEXT, required=True),
    "options": Field(LIST),
    "scoring": Field(TEXT, choices=tuple(value for value, _label in _scoring.choices if value)),
    "answer": Field(BOOL),
    "points": Field(
        INT,
        default=QuestionBlock().child_blocks["points"].meta.default,
        min=_points.min_value,
        max=_points.max_value,
        unit="points",
    ),
    "explanation": Field(TEXT, required=True),
    "kind": Field(
        TEXT,
        default=_kind.meta.default,
        choices=tuple(value for value, _label in _kind.field.choices if value),
    ),
}
OPTION = {
    "text": Field(TEXT, required=True, max_length=_block_field(OptionBlock(), "text").max_length),
    "correct": Field(BOOL, default=False),
}


def _quiz_fields(*, kind: str, with_questions: bool) -> dict[str, Field]:
    """Quiz settings; defaults are the programme's defaults for each kind of quiz."""
    defaults = {
        "module": {"attempt_limit": 0, "reveal": "after_each_attempt", "required": True},
        "pretest": {"attempt_limit": 1, "reveal": "never", "required": False},
        "final": {"attempt_limit": 3, "reveal": "after_passed_or_exhausted", "required": True},
    }[kind]
    quiz = QuizPage._meta
    fields = {
        "title": model_field(quiz.get_field("title"), one_line=True),
        "slug": model_field(quiz.get_field("slug"), required=True, one_line=True),
        "kind": model_field(quiz.get_field("kind"), default=kind),
        "intro": model_field(quiz.get_field("intro")),
        "required": model_field(quiz.get_field("required"), default=defaults["required"]),
        "pass_mark": model_field(quiz.get_field("pass_mark"), unit="percent"),
        # The model leaves these open; a file asking for more is a typing slip.
        "attempt_limit": model_field(
            quiz.get_field("attempt_limit"),
            default=defaults["attempt_limit"],
            max=100,
            unit="attempts",
        ),
        "draw": model_field(quiz.get_field("draw_count"), max=1000, unit="questions"),
        "shuffle_questions": model_field(quiz.get_field("shuffle_questions")),
        "shuffle_options": model_field(quiz.get_field("shuffle_options")),
        "time_limit_minutes": model_field(quiz.get_field("time_limit_minutes"), unit="minutes"),
        "reveal": model_field(quiz.get_field("reveal_answers"), default=defaults["reveal"]),
    }
    if with_questions:
        fields["questions"] = Field(LIST, required=True)
    return fields


def _line(data, key=None, default=0) -> int:
    if isinstance(data, LineDict):
        return data.line_of(key) if key is not None else data.line
    return default


def read_question(data, *, path: Path, problems: Problems, line: int) -> QuestionSpec | None:
    before = len(problems)
    values = check_mapping(
        data, QUESTION, path=path, problems=problems, what="a question", line=line
    )
    if values is None:
        return None
    line = _line(data, default=line)
    ok = len(problems) == before
    qid, qtype = values.get("id"), values.get("type")
    if qid is not None and not QUESTION_ID.match(qid):
        problems.add(
            path,
            _line(data, "id", line),
            f"question id '{qid}': use letters, digits, '-', '_' or '.' (up to 64 characters)",
        )
        ok = False
    options: list[tuple[str, bool]] = []
    if qtype == "true_false":
        for key in ("options", "scoring"):
            if data.get(key) is not None:
                problems.add(
                    path,
                    _line(data, key, line),
                    f"a true_false question has no '{key}'; give 'answer: true' or 'answer: false'",
                )
                ok = False
        if values.get("answer") is None:
            if "answer" not in data:
                problems.add(
                    path, line, "a true_false question needs 'answer: true' or 'answer: false'"
                )
            ok = False
    elif qtype in ("single", "multiple"):
        if "answer" in data:
            problems.add(
                path,
                _line(data, "answer", line),
                f"a {qtype} question has no 'answer'; mark options with 'correct: true'",
            )
            ok = False
        if qtype == "single" and "scoring" in data:
            problems.add(
                path, _line(data, "scoring", line), "'scoring' is only for multiple questions"
            )
            ok = False
        raw = values.get("options")
        if raw is None:
            if "options" not in data:
                problems.add(
                    path,
                    line,
                    f"a {qtype} question needs 'options' ({OPTION_COUNT[0]} to {OPTION_COUNT[1]})",
                )
            return None
        seen: dict[str, int] = {}
        for index, item in enumerate(raw):
            item_line = raw.line_of(index) if isinstance(raw, LineList) else line
            option = check_mapping(
                item, OPTION, path=path, problems=problems, what="an option", line=item_line
            )
            if not option or "text" not in option:
                ok = False
                continue
            norm = " ".join(option["text"].split()).casefold()
            if norm in seen:
                problems.add(
                    path, item_line, f"option '{option['text']}' appears twice in this question"
                )
                ok = False
            seen[norm] = item_line
            options.append((option["text"], option["correct"]))
        low, high = OPTION_COUNT
        if not low <= len(raw) <= high:
            problems.add(
                path,
                _line(data, "options", line),
                f"a question has {low} to {high} options, got {len(raw)}",
            )
            ok = False
        # Counted from the options as written, so that a problem elsewhere in the question
        # (or in one option's text) does not hide this one until the next run.
        correct = sum(1 for item in raw if isinstance(item, dict) and item.get("correct") is True)
        if qtype == "single" and correct != 1:
            problems.add(
                path, line, f"a single question has exactly one correct option, got {correct}"
            )
            ok = False
        if qtype == "multiple" and correct < 1:
            problems.add(path, line, "a multiple question needs at least one correct option")
            ok = False
    if not ok or qid is None or qtype is None:
        return None
    return QuestionSpec(
        id=qid,
        type=qtype,
        text=values["text"],
        explanation=values["explanation"],
        points=values["points"],
        options=options,
        scoring=(values.get("scoring") or "all_or_nothing") if qtype == "multiple" else None,
        answer=values.get("answer") if qtype == "true_false" else None,
        kind=values["kind"],
        line=line,
    )


def read_questions(raw, *, path: Path, problems: Problems) -> tuple[list[QuestionSpec], bool]:
    """The valid questions of a list, and whether all of them were valid."""
    questions = []
    ok = True
    for index, item in enumerate(raw):
        line = raw.line_of(index) if isinstance(raw, LineList) else 0
        question = read_question(item, path=path, problems=problems, line=line)
        if question is None:
            ok = False
        else:
            questions.append(question)
    return questions, ok


def written_ids(raw) -> list[tuple[str, int]]:
    """(id, line) of each question as written, valid or not, for the course-wide id check."""
    if not isinstance(raw, list):
        return []
    found = []
    for index, item in enumerate(raw):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            line = raw.line_of(index) if isinstance(raw, LineList) else 0
            found.append((item["id"].strip(), _line(item, default=line)))
    return found


def written_slug(data) -> tuple[str, int] | None:
    """A quiz's slug as written and the line of its 'slug:' key, valid or not."""
    if isinstance(data, dict) and isinstance(data.get("slug"), str):
        return data["slug"].strip(), _line(data, "slug")
    return None


def read_quiz(
    data,
    *,
    kind: str,
    path: Path,
    problems: Problems,
    what: str,
    line: int = 0,
    pool: list[QuestionSpec] | None = None,
    pool_size: int = 0,
) -> QuizSpec | None:
    """A module quiz (with `questions`) or a pre-test/final (drawing from `pool`).

    `pool_size` counts the pool's questions as written (some may be invalid), so the quiz's
    own settings are still checked when a pool question has a problem.
    """
    from_pool = kind in ("pretest", "final")
    fields = _quiz_fields(kind=kind, with_questions=not from_pool)
    if from_pool:
        fields.pop("kind")
    before = len(problems)
    values = check_mapping(data, fields, path=path, problems=problems, what=what, line=line)
    if values is None:
        return None
    line = _line(data, default=line)
    if values.get("kind", kind) != kind:
        problems.add(
            path,
            _line(data, "kind", line),
            "a module quiz has 'kind: module'; the pre-test and final assessment go in assessment.yaml",
        )
    if kind == "pretest" and values.get("required"):
        problems.add(
            path,
            _line(data, "required", line),
            "the pre-test never counts for completion: set 'required: false'",
        )
    if from_pool:
        questions, written = pool or [], pool_size
    else:
        raw = values.get("questions")
        questions, _ok = (
            read_questions(raw, path=path, problems=problems) if raw is not None else ([], False)
        )
        written = len(raw) if raw is not None else 0
        if raw is not None and not raw:
            problems.add(
                path, _line(data, "questions", line), f"{what} needs at least one question"
            )
    draw = values.get("draw")
    if draw is not None and written and draw > written:
        problems.add(
            path,
            _line(data, "draw", line),
            f"'draw' must be at most {written}, the number of questions to draw from; got {draw}",
        )
    if len(problems) != before:
        return None
    return QuizSpec(
        slug=values["slug"],
        title=values["title"],
        kind=kind,
        intro=values["intro"],
        required=values["required"],
        pass_mark=values["pass_mark"],
        attempt_limit=values["attempt_limit"],
        draw=values["draw"],
        shuffle_questions=values["shuffle_questions"],
        shuffle_options=values["shuffle_options"],
        time_limit_minutes=values.get("time_limit_minutes"),
        reveal=values["reveal"],
        questions=questions,
        path=path,
        line=line,
    )
