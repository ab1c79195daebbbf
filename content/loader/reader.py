"""Reading a whole curriculum folder into specs, with every problem reported at once."""

from __future__ import annotations

import re
from pathlib import Path

from courses.models import CoursePage, ModulePage

from .jobaid import JOB_AID_FILE, read_job_aid
from .lesson import LessonIndex, read_lesson
from .problems import Problems
from .quality import quality_warnings
from .quizzes import read_questions, read_quiz, written_ids, written_slug
from .schema import LIST, MAP, Field, check_mapping, model_field
from .specs import CourseSpec, Curriculum, LessonSpec, ModuleSpec, QuestionSpec, QuizSpec
from .yamlio import read_yaml

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_RE = re.compile(rf"^{SLUG}$")
MODULE_DIR = re.compile(rf"^(\d{{2}})-({SLUG})$")
LESSON_FILE = re.compile(rf"^(\d{{2}})-({SLUG})(?:\.([a-z]{{2,3}}))?\.md$")
META_FILE = re.compile(r"^(course|assessment|module)(?:\.([a-z]{2,3}))?\.yaml$")
DEFAULT_LANGUAGE = "en"

_course = CoursePage._meta
_module = ModulePage._meta
COURSE = {
    "title": model_field(_course.get_field("title"), one_line=True),
    "summary": model_field(_course.get_field("summary")),
    "objectives": model_field(_course.get_field("objectives"), lines=True),
    "audience": model_field(_course.get_field("audience")),
    "thematic_area": model_field(_course.get_field("thematic_area")),
    "estimated_hours": model_field(_course.get_field("estimated_hours"), unit="hours"),
    "certificate": model_field(_course.get_field("certificate_enabled")),
    "recertification_months": model_field(
        _course.get_field("recertification_months"), unit="months"
    ),
    "certificate_wording": model_field(_course.get_field("certificate_wording")),
}
MODULE = {
    "title": model_field(_module.get_field("title"), one_line=True),
    "summary": model_field(_module.get_field("summary")),
    "objectives": model_field(_module.get_field("objectives"), lines=True),
    "quiz": Field(MAP),
}
ASSESSMENT = {"pool": Field(LIST, required=True), "pretest": Field(MAP), "final": Field(MAP)}


def _language(match: re.Match, group: int) -> str:
    return match.group(group) or DEFAULT_LANGUAGE


def _is_hidden(path: Path) -> bool:
    return path.name.startswith((".", "_")) or path.name == "__pycache__"


def find_course_dirs(root: Path) -> list[Path]:
    """Folders of `root` that hold a course (or `root` itself when it is one).

    `content/` is also a Python package, so folders holding Python code are not courses.
    """
    if (root / "course.yaml").exists():
        return [root]
    found = []
    for child in sorted(root.iterdir()):
        if not child.is_dir() or _is_hidden(child) or (child / "__init__.py").exists():
            continue
        names = [p.name for p in child.iterdir()]
        if any(n.endswith((".yaml", ".yml", ".md")) or MODULE_DIR.match(n) for n in names):
            found.append(child)
    return found


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems = Problems()
        self.translations: list[tuple[Path, str]] = []

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.add(path, line, message)

    # -- folder layout ------------------------------------------------------

    def lesson_index(self, course_dirs: list[Path]) -> LessonIndex:
        index: LessonIndex = {}
        for course_dir in course_dirs:
            for module_dir in sorted(course_dir.iterdir()):
                module = MODULE_DIR.match(module_dir.name)
                if not (module and module_dir.is_dir()):
                    continue
                for file in module_dir.iterdir():
                    lesson = LESSON_FILE.match(file.name)
                    if lesson and _language(lesson, 3) == DEFAULT_LANGUAGE:
                        key = f"{course_dir.name}/{module.group(2)}/{lesson.group(2)}"
                        index[file.resolve()] = key
        return index

    def check_stray(self, folder: Path, allowed) -> None:
        for file in sorted(folder.iterdir()):
            if _is_hidden(file) or not file.is_file():
                continue
            if file.suffix in (".yml",):
                self.error(file, 0, "name YAML files with '.yaml', not '.yml'")
            elif file.suffix in (".yaml", ".md") and not allowed(file.name):
                self.error(file, 0, f"unexpected file here; expected {allowed.__doc__}")

    # -- reading ------------------------------------------------------------

    def read(self) -> Curriculum | None:
        if not self.root.is_dir():
            self.error(self.root, 0, "no such folder")
            return None
        course_dirs = find_course_dirs(self.root)
        if not course_dirs:
            self.error(self.root, 0, "no course folders here (a course folder holds course.yaml)")
            return None
        lessons = self.lesson_index(course_dirs)
        courses = [self.course(course_dir, lessons) for course_dir in course_dirs]
        if self.problems:
            return None
        return Curriculum(root=self.root, courses=courses, translations=self.translations)

    def translated_yaml(self, folder: Path, kind: str) -> None:
        """Files like course.sw.yaml: checked as YAML, not loaded yet."""
        for file in sorted(folder.glob(f"{kind}.*.yaml")):
            meta = META_FILE.match(file.name)
            if not meta or _language(meta, 2) == DEFAULT_LANGUAGE:
                continue
            data = read_yaml(file, problems=self.problems)
            if data is not None:
                schema = {"course": COURSE, "module": MODULE, "assessment": ASSESSMENT}[kind]
                check_mapping(data, schema, path=file, problems=self.problems, what=file.name)
            self.translations.append((file, _language(meta, 2)))

    def english_file(self, folder: Path, kind: str) -> Path | None:
        plain, tagged = folder / f"{kind}.yaml", folder / f"{kind}.{DEFAULT_LANGUAGE}.yaml"
        if plain.exists() and tagged.exists():
            self.error(tagged, 0, f"both {plain.name} and {tagged.name} exist; keep one")
        return plain if plain.exists() else tagged if tagged.exists() else None

    def course(self, folder: Path, lessons: LessonIndex) -> CourseSpec | None:
        slug = folder.name
        if not SLUG_RE.match(slug):
            self.error(
                folder,
                0,
                "a course folder's name is its slug: lower-case letters, digits and hyphens",
            )

        def allowed(name):
            """course.yaml, assessment.yaml (each optionally with a language code) or NN-slug module folders"""
            return bool(META_FILE.match(name)) and not name.startswith("module")

        self.check_stray(folder, allowed)
        self.translated_yaml(folder, "course")
        self.translated_yaml(folder, "assessment")
        course_file = self.english_file(folder, "course")
        if course_file is None:
            self.error(folder, 0, "course.yaml is missing")
            values = None
        else:
            data = read_yaml(course_file, problems=self.problems)
            values = (
                check_mapping(
                    data, COURSE, path=course_file, problems=self.problems, what="course.yaml"
                )
                if data is not None
                else None
            )
        modules = []
        orders: dict[str, Path] = {}
        questions_seen: dict[str, tuple[Path, int]] = {}
        siblings: list[tuple[str, Path, int]] = []
        for module_dir in sorted(folder.iterdir()):
            if not module_dir.is_dir() or _is_hidden(module_dir):
                continue
            match = MODULE_DIR.match(module_dir.name)
            if not match:
                self.error(
                    module_dir, 0, "a module folder is named NN-slug, e.g. 01-before-departure"
                )
                continue
            if match.group(1) in orders:
                self.error(
                    module_dir,
                    0,
                    f"two module folders are numbered {match.group(1)} (also {orders[match.group(1)].name})",
                )
            orders[match.group(1)] = module_dir
            siblings.append((match.group(2), module_dir, 0))
            modules.append(self.module(module_dir, match, slug, lessons, questions_seen))
        pretest = final = None
        assessment_file = self.english_file(folder, "assessment")
        if assessment_file is not None:
            pretest, final = self.assessment(assessment_file, questions_seen, siblings)
        self.unique_slugs(siblings, where="course")
        if values is None or any(m is None for m in modules) or self.problems:
            return None
        return CourseSpec(
            slug=slug,
            title=values["title"],
            summary=values["summary"],
            objectives=values["objectives"],
            audience=values["audience"],
            thematic_area=values["thematic_area"],
            estimated_hours=values["estimated_hours"],
            certificate=values["certificate"],
            recertification_months=values.get("recertification_months"),
            certificate_wording=values["certificate_wording"],
            modules=modules,
            pretest=pretest,
            final=final,
            path=course_file,
        )

    def unique_ids(self, written: list[tuple[str, int]], path: Path, seen: dict) -> None:
        """Question ids as written (valid questions or not) are unique in a course."""
        for qid, line in written:
            if qid in seen:
                first_path, first_line = seen[qid]
                self.error(
                    path,
                    line,
                    f"question id '{qid}' is already used in "
                    f"{Problems.relative(first_path)}:{first_line}; ids are unique in a course",
                )
            else:
                seen[qid] = (path, line)

    def unique_slugs(self, siblings: list[tuple[str, Path, int]], *, where: str) -> None:
        """Pages are matched by slug under their parent, so siblings' slugs must differ."""
        seen: dict[str, str] = {}
        for slug, path, line in siblings:
            if not SLUG_RE.match(slug):
                self.error(path, line, f"slug '{slug}': use lower-case letters, digits and hyphens")
            elif slug in seen:
                self.error(
                    path, line, f"slug '{slug}' is used twice in this {where} (also {seen[slug]})"
                )
            where_first = Problems.relative(path)
            seen.setdefault(slug, f"{where_first}:{line}" if line else where_first)

    def assessment(
        self, path: Path, seen: dict, siblings: list
    ) -> tuple[QuizSpec | None, QuizSpec | None]:
        data = read_yaml(path, problems=self.problems)
        if data is None:
            return None, None
        values = check_mapping(
            data, ASSESSMENT, path=path, problems=self.problems, what="assessment.yaml"
        )
        if not values:
            return None, None
        raw_pool = values.get("pool")
        pool: list[QuestionSpec] = []
        if raw_pool is not None:
            pool, _ok = read_questions(raw_pool, path=path, problems=self.problems)
            self.unique_ids(written_ids(raw_pool), path, seen)
            if not raw_pool:
                self.error(path, data.line_of("pool"), "the pool needs at least one question")
        quizzes = []
        for kind, key, what in (
            ("pretest", "pretest", "the pre-test"),
            ("final", "final", "the final assessment"),
        ):
            raw = values.get(key)
            if raw is None:
                quizzes.append(None)
                continue
            slug = written_slug(raw)
            if slug:
                siblings.append((slug[0], path, slug[1]))
            quizzes.append(
                read_quiz(
                    raw,
                    kind=kind,
                    path=path,
                    problems=self.problems,
                    what=what,
                    line=data.line_of(key),
                    pool=pool,
                    pool_size=len(raw_pool or []),
                )
            )
        return quizzes[0], quizzes[1]

    def module(
        self,
        folder: Path,
        match: re.Match,
        course_slug: str,
        lessons: LessonIndex,
        questions_seen: dict,
    ) -> ModuleSpec | None:
        def allowed(name):
            """module.yaml (optionally with a language code), NN-slug.md lessons and job-aid.md"""
            return (
                bool(LESSON_FILE.match(name))
                or bool(JOB_AID_FILE.match(name))
                or name.startswith("module.")
                and bool(META_FILE.match(name))
            )

        before = len(self.problems)
        self.check_stray(folder, allowed)
        self.translated_yaml(folder, "module")
        module_file = self.english_file(folder, "module")
        values = None
        quiz = None
        quiz_slug = None
        if module_file is None:
            self.error(folder, 0, "module.yaml is missing")
        else:
            data = read_yaml(module_file, problems=self.problems)
            if data is not None:
                values = check_mapping(
                    data, MODULE, path=module_file, problems=self.problems, what="module.yaml"
                )
            if values and values.get("quiz") is not None:
                quiz = read_quiz(
                    values["quiz"],
                    kind="module",
                    path=module_file,
                    problems=self.problems,
                    what="the module quiz",
                    line=data.line_of("quiz"),
                )
                if isinstance(values["quiz"], dict):
                    written = written_ids(values["quiz"].get("questions"))
                    self.unique_ids(written, module_file, questions_seen)
                    quiz_slug = written_slug(values["quiz"])
        lesson_specs = []
        siblings: list[tuple[str, Path, int]] = []
        orders: dict[str, Path] = {}
        for file in sorted(folder.iterdir()):
            lesson = LESSON_FILE.match(file.name)
            if not lesson or not file.is_file():
                continue
            language = _language(lesson, 3)
            lesson_before = len(self.problems)
            meta, body = read_lesson(file, problems=self.problems, lessons=lessons)
            if language != DEFAULT_LANGUAGE:
                self.translations.append((file, language))
                continue
            siblings.append((lesson.group(2), file, 0))
            if lesson.group(1) in orders:
                self.error(
                    file,
                    0,
                    f"two lessons are numbered {lesson.group(1)} (also {orders[lesson.group(1)].name})",
                )
            orders[lesson.group(1)] = file
            if meta is None or len(self.problems) != lesson_before:
                continue
            lesson_specs.append(
                LessonSpec(
                    slug=lesson.group(2),
                    order=int(lesson.group(1)),
                    title=meta["title"],
                    summary=meta["summary"],
                    estimated_minutes=meta["estimated_minutes"],
                    objectives=meta["objectives"],
                    sources=meta["sources"],
                    body=body,
                    path=file,
                    key=f"{course_slug}/{match.group(2)}/{lesson.group(2)}",
                )
            )
        job_aid = self.job_aid(folder)
        if quiz_slug:
            siblings.append((quiz_slug[0], module_file, quiz_slug[1]))
        self.unique_slugs(siblings, where="module")
        if values is None or len(self.problems) != before:
            return None
        return ModuleSpec(
            slug=match.group(2),
            order=int(match.group(1)),
            title=values["title"],
            summary=values["summary"],
            objectives=values["objectives"],
            lessons=lesson_specs,
            quiz=quiz,
            path=module_file,
            job_aid=job_aid,
        )

    def job_aid(self, folder: Path):
        """The module's English job aid; job aids in other languages are checked only."""
        english, english_file = None, None
        for file in sorted(folder.iterdir()):
            match = JOB_AID_FILE.match(file.name)
            if not match or not file.is_file():
                continue
            spec = read_job_aid(file, problems=self.problems)
            language = _language(match, 1)
            if language != DEFAULT_LANGUAGE:
                self.translations.append((file, language))
            elif english_file is not None:
                self.error(file, 0, f"both {english_file.name} and {file.name} exist; keep one")
            else:
                english, english_file = spec, file
        return english


def read_curriculum(root: Path) -> tuple[Curriculum | None, Problems]:
    """Read and check a curriculum folder. The curriculum is None when anything is wrong."""
    reader = _Reader(root)
    curriculum = reader.read()
    if curriculum is not None:
        curriculum.warnings = quality_warnings(curriculum)
    return curriculum, reader.problems
