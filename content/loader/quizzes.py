"""Quizzes and questions: the same rules the Wagtail admin enforces, checked in the files."""

from __future__ import annotations

import re
from pathlib import Path

from courses.quizzes.questions import DEFAULT_QUESTION_KIND, QUESTION_KINDS

from .problems import Problems
from .schema import BOOL, INT, LIST, TEXT, Field, check_mapping
from .specs import QuestionSpec, QuizSpec
from .yamlio import LineDict, LineList

QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
QUESTION_TYPES = ("single", "multiple", "true_false")
REVEAL = ("after_each_attempt", "after_passed_or_exhausted", "never")

QUESTION = {
    "id": Field(TEXT, required=True, one_line=True),
    "type": Field(TEXT, required=True, choices=QUESTION_TYPES),
    "text": Field(TEXT, required=True),
    "options": Field(LIST),
    "scoring": Field(TEXT, choices=("all_or_nothing", "partial")),
    "answer": Field(BOOL),
    "points": Field(INT, default=1, min=1, max=100),
    "explanation": Field(TEXT, required=True),
    "kind": Field(TEXT, default=DEFAULT_QUESTION_KIND, choices=QUESTION_KINDS),
}
OPTION = {
    "text": Field(TEXT, required=True, max_length=500),
    "correct": Field(BOOL, default=False),
}


def _quiz_fields(*, kind: str, with_questions: bool) -> dict[str, Field]:
    """Quiz settings; defaults are the programme's defaults for each kind of quiz."""
    defaults = {
        "module": {"attempt_limit": 0, "reveal": "after_each_attempt", "required": True},
        "pretest": {"attempt_limit": 1, "reveal": "never", "required": False},
        "final": {"attempt_limit": 3, "reveal": "after_passed_or_exhausted", "required": True},
    }[kind]
    fields = {
        "title": Field(TEXT, required=True, one_line=True, max_length=255),
        "slug": Field(TEXT, required=True, one_line=True, max_length=255),
        "kind": Field(TEXT, default=kind, choices=("module", "pretest", "final")),
        "intro": Field(TEXT, default="", max_length=1000),
        "required": Field(BOOL, default=defaults["required"]),
        "pass_mark": Field(INT, default=70, min=1, max=100),
        "attempt_limit": Field(INT, default=defaults["attempt_limit"], min=0, max=100),
        "draw": Field(INT, default=0, min=0, max=1000),
        "shuffle_questions": Field(BOOL, default=True),
        "shuffle_options": Field(BOOL, default=True),
        "time_limit_minutes": Field(INT, nullable=True, min=1, max=600),
        "reveal": Field(TEXT, default=defaults["reveal"], choices=REVEAL),
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
                problems.add(path, line, f"a {qtype} question needs 'options' (2 to 8)")
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
        if not 2 <= len(raw) <= 8:
            problems.add(
                path, _line(data, "options", line), f"a question has 2 to 8 options, not {len(raw)}"
            )
            ok = False
        correct = sum(1 for _, is_correct in options if is_correct)
        if ok and qtype == "single" and correct != 1:
            problems.add(
                path, line, f"a single question has exactly one correct option, not {correct}"
            )
            ok = False
        if ok and qtype == "multiple" and correct < 1:
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


def read_questions(raw, *, path: Path, problems: Problems) -> list[QuestionSpec] | None:
    questions = []
    ok = True
    for index, item in enumerate(raw):
        line = raw.line_of(index) if isinstance(raw, LineList) else 0
        question = read_question(item, path=path, problems=problems, line=line)
        if question is None:
            ok = False
        else:
            questions.append(question)
    return questions if ok else None


def read_quiz(
    data,
    *,
    kind: str,
    path: Path,
    problems: Problems,
    what: str,
    line: int = 0,
    pool: list[QuestionSpec] | None = None,
) -> QuizSpec | None:
    """A module quiz (with `questions`) or a pre-test/final (drawing from `pool`)."""
    fields = _quiz_fields(kind=kind, with_questions=pool is None)
    if pool is not None:
        fields.pop("kind")
    before = len(problems)
    values = check_mapping(data, fields, path=path, problems=problems, what=what, line=line)
    if values is None:
        return None
    line = _line(data, default=line)
    ok = len(problems) == before
    if values.get("kind", kind) != kind:
        problems.add(
            path,
            _line(data, "kind", line),
            "a module quiz has 'kind: module'; the pre-test and final assessment go in assessment.yaml",
        )
        ok = False
    if kind == "pretest" and values.get("required"):
        problems.add(
            path,
            _line(data, "required", line),
            "the pre-test never counts for completion: set 'required: false'",
        )
        ok = False
    if pool is None:
        raw = values.get("questions")
        questions = read_questions(raw, path=path, problems=problems) if raw is not None else None
        if questions is None:
            return None
    else:
        questions = pool
    if not questions:
        problems.add(path, _line(data, "questions", line), f"{what} needs at least one question")
        return None
    draw = values.get("draw")
    if draw is not None and draw > len(questions):
        problems.add(
            path,
            _line(data, "draw", line),
            f"'draw' is {draw} but there {'is' if len(questions) == 1 else 'are'} only "
            f"{len(questions)} question{'' if len(questions) == 1 else 's'} to draw from",
        )
        ok = False
    if not ok or len(problems) != before:
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
