from functools import partial

import pytest

from tests.factories import add_quiz, build_course

# Stable ids so tests can name questions and options.
Q_SINGLE, Q_MULTI, Q_TF = "q-single", "q-multi", "q-tf"


def option(option_id: str, text: str, correct: bool = False) -> dict:
    return {"type": "item", "id": option_id, "value": {"text": text, "correct": correct}}


def single(qid: str, *, right: str = "a", points: int = 1, text: str | None = None) -> dict:
    return {
        "type": "single_choice",
        "id": qid,
        "value": {
            "text": text or f"Which document does a traveller show at the border? ({qid})",
            "explanation": "A valid passport or EAC travel document is required.",
            "points": points,
            "options": [
                option(f"{qid}-a", "A passport", right == "a"),
                option(f"{qid}-b", "A library card", right == "b"),
                option(f"{qid}-c", "A bus ticket", right == "c"),
            ],
        },
    }


def multiple(qid: str, *, scoring: str = "partial", points: int = 2) -> dict:
    return {
        "type": "multiple_response",
        "id": qid,
        "value": {
            "text": "Which of these are EAC partner states?",
            "explanation": "Uganda and Tanzania are partner states; Ghana is not.",
            "points": points,
            "scoring": scoring,
            "options": [
                option(f"{qid}-ug", "Uganda", True),
                option(f"{qid}-tz", "Tanzania", True),
                option(f"{qid}-gh", "Ghana", False),
            ],
        },
    }


def true_false(qid: str, *, answer: str = "true") -> dict:
    return {
        "type": "true_false",
        "id": qid,
        "value": {
            "text": "A one stop border post joins both countries' controls in one place.",
            "explanation": "That is what makes it a one stop border post.",
            "points": 1,
            "answer": answer,
        },
    }


def standard_questions() -> list[dict]:
    return [single(Q_SINGLE), multiple(Q_MULTI), true_false(Q_TF)]


@pytest.fixture
def profile_factory(profile_factory):
    # Quiz learners are county public health officers.
    return partial(profile_factory, service="county", job_title="Public Health Officer")


@pytest.fixture
def course(db):
    return build_course(modules=1, lessons_per_module=1)


@pytest.fixture
def quiz_factory(course):
    """A published quiz (with a live revision) in the course's first module."""

    def make(*, parent=None, questions=None, **fields):
        fields.setdefault("shuffle_questions", False)
        fields.setdefault("shuffle_options", False)
        quiz = add_quiz(
            parent or course.modules[0],
            title=fields.pop("title", "Module 1 quiz"),
            questions=questions if questions is not None else standard_questions(),
            **fields,
        )
        quiz.save_revision().publish()
        quiz.refresh_from_db()
        return quiz

    return make


@pytest.fixture
def quiz(quiz_factory):
    return quiz_factory()


@pytest.fixture
def enrol():
    from courses.services import enrolment_create

    def make(user, course_page):
        return enrolment_create(user=user, course=course_page)

    return make


@pytest.fixture
def enrolled(learner, course, enrol):
    enrol(learner, course.course)
    return learner


RIGHT_ANSWERS = {
    Q_SINGLE: [f"{Q_SINGLE}-a"],
    Q_MULTI: [f"{Q_MULTI}-ug", f"{Q_MULTI}-tz"],
    Q_TF: ["true"],
}
