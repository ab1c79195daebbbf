"""What a curriculum folder says, read and checked, before anything touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BodyBlock:
    """One lesson body block as the file gives it (images still as files)."""

    type: str  # paragraph | heading | image | video | callout | reflection
    value: dict
    line: int


@dataclass
class QuestionSpec:
    id: str
    type: str  # single | multiple | true_false
    text: str
    explanation: str
    points: int
    options: list[tuple[str, bool]] = field(default_factory=list)
    scoring: str | None = None
    answer: bool | None = None
    kind: str = "recall"  # scenario | application | recall
    line: int = 0


@dataclass
class QuizSpec:
    slug: str
    title: str
    kind: str
    intro: str
    required: bool
    pass_mark: int
    attempt_limit: int
    draw: int
    shuffle_questions: bool
    shuffle_options: bool
    time_limit_minutes: int | None
    reveal: str
    questions: list[QuestionSpec]
    path: Path
    line: int = 0


@dataclass
class LessonSpec:
    slug: str
    order: int
    title: str
    summary: str
    estimated_minutes: int
    objectives: list[str]
    sources: list[str]
    body: list[BodyBlock]
    path: Path
    key: str  # course/module/lesson, for links between lessons


@dataclass
class JobAidSpec:
    """A module's one-page job aid (job-aid.md): its title and body as rich text."""

    title: str
    html: str
    path: Path


@dataclass
class ModuleSpec:
    slug: str
    order: int
    title: str
    summary: str
    objectives: list[str]
    lessons: list[LessonSpec]
    quiz: QuizSpec | None
    path: Path  # module.yaml
    job_aid: JobAidSpec | None = None


@dataclass
class CourseSpec:
    slug: str
    title: str
    summary: str
    objectives: list[str]
    audience: str
    thematic_area: str
    estimated_hours: int
    certificate: bool
    recertification_months: int | None
    certificate_wording: str
    modules: list[ModuleSpec]
    pretest: QuizSpec | None
    final: QuizSpec | None
    path: Path  # course.yaml


@dataclass
class Curriculum:
    """A whole, valid curriculum folder."""

    root: Path
    courses: list[CourseSpec]
    # (file, language) for files in another language: validated, not loaded yet.
    translations: list[tuple[Path, str]] = field(default_factory=list)
    # Quality warnings (content.loader.quality): reported, never blocking. Problem values.
    warnings: list = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        modules = [m for c in self.courses for m in c.modules]
        quizzes = [m.quiz for m in modules if m.quiz] + [
            q for c in self.courses for q in (c.pretest, c.final) if q
        ]
        return {
            "courses": len(self.courses),
            "modules": len(modules),
            "lessons": sum(len(m.lessons) for m in modules),
            "quizzes": len(quizzes),
            "questions": sum(len(q.questions) for q in quizzes),
        }
