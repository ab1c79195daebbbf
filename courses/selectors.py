"""Reads for the learner side: where a learner is in a course and how far they have got.

A course's structure is read in one query (every live module, lesson and quiz below it,
as plain Page rows with the few typed fields the outline needs annotated on) and kept in
the cache of the published tree (courses.tree_cache) until a page changes; the learner's
records are read fresh, in one query each. So the course page, the lesson page and the
dashboard cost the same number of queries however many modules, lessons or enrolments
there are.

What counts as "in the course" (the completion rule and progress use the same
definition): a live lesson or quiz whose module is live too, plus live quizzes placed
directly in the course. Records of lessons that were unpublished or moved away are kept
but not counted here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from wagtail.models import Page

from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage
from courses.tree_cache import (
    CACHE_SECONDS,
    tree_cache_get,
    tree_cache_key,
    tree_cached,
    tree_generation,
)

# Wagtail's tree path: four characters per level.
STEPLEN = Page.steplen

PRETEST = "pretest"
FINAL = "final"


@dataclass
class CourseItem:
    """A lesson or quiz in course order, as a plain Page with a few typed fields."""

    page: Page
    kind: str  # "lesson" or "quiz"
    quiz_kind: str = ""
    required: bool = False
    done: bool = False

    @property
    def is_lesson(self) -> bool:
        return self.kind == "lesson"

    @property
    def is_quiz(self) -> bool:
        return self.kind == "quiz"

    @property
    def counts_for_completion(self) -> bool:
        """Lessons, and required quizzes that are not pre-tests."""
        return self.is_lesson or (self.required and self.quiz_kind != PRETEST)


@dataclass
class OutlineModule:
    page: Page
    items: list[CourseItem] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def is_done(self) -> bool:
        return bool(self.items) and all(item.done for item in self.items)


@dataclass
class CourseStructure:
    """Everything live in one course, in tree order."""

    course_path: str
    modules: list[OutlineModule] = field(default_factory=list)
    # Quizzes placed directly in the course (pre-test, final assessment), tree order.
    course_quizzes: list[CourseItem] = field(default_factory=list)
    # Every lesson and quiz, modules in tree order, course quizzes where they sit.
    sequence: list[CourseItem] = field(default_factory=list)

    @property
    def lessons(self) -> list[CourseItem]:
        return [item for item in self.sequence if item.is_lesson]

    @property
    def quizzes(self) -> list[CourseItem]:
        return [item for item in self.sequence if item.is_quiz]

    @property
    def opening_quizzes(self) -> list[CourseItem]:
        return [item for item in self.course_quizzes if item.quiz_kind == PRETEST]

    @property
    def closing_quizzes(self) -> list[CourseItem]:
        return [item for item in self.course_quizzes if item.quiz_kind != PRETEST]

    def item_for(self, page_id: int) -> CourseItem | None:
        for item in self.sequence:
            if item.page.pk == page_id:
                return item
        return None

    def neighbours(self, page_id: int) -> tuple[CourseItem | None, CourseItem | None]:
        """The items before and after ``page_id`` in course order."""
        ids = [item.page.pk for item in self.sequence]
        if page_id not in ids:
            return None, None
        index = ids.index(page_id)
        previous = self.sequence[index - 1] if index > 0 else None
        following = self.sequence[index + 1] if index + 1 < len(self.sequence) else None
        return previous, following

    def module_of(self, page_id: int) -> OutlineModule | None:
        for module in self.modules:
            if any(item.page.pk == page_id for item in module.items):
                return module
        return None


@dataclass(frozen=True)
class Progress:
    completed: int
    total: int

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return round(100 * self.completed / self.total)


@dataclass
class OutlineView:
    """A course's structure with the learner's done marks and progress."""

    structure: CourseStructure
    progress: Progress

    @property
    def modules(self) -> list[OutlineModule]:
        return self.structure.modules

    @property
    def opening_quizzes(self) -> list[CourseItem]:
        return self.structure.opening_quizzes

    @property
    def closing_quizzes(self) -> list[CourseItem]:
        return self.structure.closing_quizzes


@dataclass
class LearningRow:
    """One enrolment on the 'My learning' dashboard."""

    enrolment: Enrolment
    progress: Progress
    certificate: object | None  # certificates.Certificate

    @property
    def dom_id(self) -> str:
        return f"progress-{self.enrolment.pk}"


def _is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def course_for_page(page: Page) -> CoursePage | None:
    """The course a module, lesson or quiz page belongs to (the page itself for a course)."""
    if isinstance(page, CoursePage):
        return page
    if page.specific_class is CoursePage:
        return page.specific
    return CoursePage.objects.ancestor_of(page).first()


def course_of_cache_key(page_path: str) -> str:
    return tree_cache_key("course-of", page_path)


def structure_cache_key(course_id: int, *, generation: str | None = None) -> str:
    return tree_cache_key("structure", course_id, generation=generation)


def course_for_learner_page(page: Page) -> tuple[CoursePage | None, bool]:
    """The course of a lesson or quiz page, and whether the page is reachable in it: the
    course and every page between it and ``page`` (the module) are live. One query, or
    none while the page tree has not changed."""
    return tree_cached(course_of_cache_key(page.path), lambda: _course_for_learner_page(page))


def _course_for_learner_page(page: Page) -> tuple[CoursePage | None, bool]:
    ancestor_paths = [page.path[:end] for end in range(STEPLEN, len(page.path), STEPLEN)]
    course = (
        CoursePage.objects.filter(path__in=ancestor_paths)
        .annotate(
            hidden_between=Exists(
                Page.objects.filter(
                    path__in=ancestor_paths, live=False, depth__gt=OuterRef("depth")
                )
            )
        )
        .first()
    )
    if course is None:
        return None, False
    return course, course.live and not course.hidden_between


def enrolment_get(
    *, user: AbstractBaseUser | AnonymousUser, course: CoursePage
) -> Enrolment | None:
    if not _is_authenticated(user):
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def _structure_pages(course_paths: Iterable[str]) -> QuerySet[Page]:
    """Live modules, lessons and quizzes under the given course paths, one query."""
    under = Q()
    for path in course_paths:
        under |= Q(path__startswith=path)
    kinds = Q(
        content_type__app_label="courses", content_type__model__in=["modulepage", "lessonpage"]
    ) | Q(content_type__app_label="quizzes", content_type__model="quizpage")
    return (
        Page.objects.filter(under, kinds, live=True)
        .annotate(
            page_model=F("content_type__model"),
            quiz_kind=F("quizpage__kind"),
            quiz_required=F("quizpage__required"),
            module_summary=F("modulepage__summary"),
            lesson_minutes=F("lessonpage__estimated_minutes"),
            lesson_summary=F("lessonpage__summary"),
        )
        .order_by("path")
    )


def course_structures(courses: Iterable[CoursePage]) -> dict[int, CourseStructure]:
    """The live structure of each course, keyed by course id: from the cache, and one
    query for all the courses that were not in it.

    Each call returns new objects (the cache hands out copies), so callers may set the
    learner's done marks on them.
    """
    courses = list(courses)
    if not courses:
        return {}
    generation = tree_generation()
    keys = {course.pk: structure_cache_key(course.pk, generation=generation) for course in courses}
    if len(keys) == 1:
        # One course (a learner's page): perhaps prefetched with the page's route.
        ((pk, key),) = keys.items()
        found = tree_cache_get(key)
        cached = {key: found} if found is not None else {}
    else:
        cached = cache.get_many(list(keys.values()))
    structures = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [course for course in courses if course.pk not in structures]
    if missing:
        built = _course_structures_build(missing)
        # Stored under the generation read before the build: if the tree changed
        # meanwhile, these entries are already unreachable.
        cache.set_many({keys[pk]: structure for pk, structure in built.items()}, CACHE_SECONDS)
        structures.update(built)
    return structures


def _course_structures_build(courses: list[CoursePage]) -> dict[int, CourseStructure]:
    by_path = {course.path: CourseStructure(course_path=course.path) for course in courses}
    live_modules: dict[str, OutlineModule] = {}
    pending: list[tuple[Page, str]] = []
    for page in _structure_pages(by_path):
        parent_path = page.path[:-STEPLEN]
        if parent_path in by_path:
            structure = by_path[parent_path]
            if page.page_model == "modulepage":
                module = OutlineModule(page=page)
                structure.modules.append(module)
                live_modules[page.path] = module
                continue
            if page.page_model == "quizpage":
                item = _item(page)
                structure.course_quizzes.append(item)
            continue
        pending.append((page, parent_path))
    for page, parent_path in pending:
        module = live_modules.get(parent_path)
        if module is None or page.page_model == "modulepage":
            continue  # its module is unpublished (or it is in the wrong place)
        module.items.append(_item(page))
    for structure in by_path.values():
        # Tree order: course-level quizzes and modules interleaved by path.
        entries: list[tuple[str, list[CourseItem]]] = [
            (item.page.path, [item]) for item in structure.course_quizzes
        ]
        entries += [(module.page.path, module.items) for module in structure.modules]
        entries.sort(key=lambda entry: entry[0])
        structure.sequence = [item for _, items in entries for item in items]
    return {course.pk: by_path[course.path] for course in courses}


def _item(page: Page) -> CourseItem:
    if page.page_model == "lessonpage":
        return CourseItem(page=page, kind="lesson")
    return CourseItem(
        page=page, kind="quiz", quiz_kind=page.quiz_kind or "", required=bool(page.quiz_required)
    )


def course_structure(*, course: CoursePage) -> CourseStructure:
    return course_structures([course])[course.pk]


def live_lessons(*, course: CoursePage) -> QuerySet[LessonPage]:
    """The lessons that count for the course: live, in a live module."""
    ids = [item.page.pk for item in course_structure(course=course).lessons]
    return LessonPage.objects.filter(pk__in=ids).order_by("path")


def completed_lesson_ids(*, user, course_paths: Iterable[str]) -> set[int]:
    under = Q()
    for path in course_paths:
        under |= Q(lesson__path__startswith=path)
    return set(
        LessonCompletion.objects.filter(under, user=user).values_list("lesson_id", flat=True)
    )


def learner_records(*, user, structure: CourseStructure) -> tuple[set[int], dict[int, dict]]:
    """The learner's completed lessons of the course, and per quiz whether they submitted,
    passed, and their best passed score; in one query, as every page reads both."""
    from courses.quizzes.models import QuizAttempt

    # One row per record: (is a lesson, page id, passed, score); lessons have no result.
    lessons = (
        LessonCompletion.objects.filter(
            user=user, lesson_id__in=[item.page.pk for item in structure.lessons]
        )
        .order_by()
        .values_list(
            Value(True, output_field=BooleanField()),
            "lesson_id",
            Value(None, output_field=BooleanField()),
            Value(None, output_field=DecimalField(max_digits=5, decimal_places=2)),
        )
    )
    attempts = (
        QuizAttempt.objects.filter(
            user=user,
            quiz_id__in=[item.page.pk for item in structure.quizzes],
            submitted_at__isnull=False,
        )
        .order_by()
        .values_list(
            Value(False, output_field=BooleanField()), "quiz_id", "passed", "score_percent"
        )
    )
    completed: set[int] = set()
    results: dict[int, dict] = {}
    for is_lesson, page_id, passed, score in lessons.union(attempts, all=True):
        if is_lesson:
            completed.add(page_id)
        else:
            _add_attempt(results, page_id, passed, score)
    return completed, results


def _add_attempt(results: dict[int, dict], quiz_id: int, passed: bool, score) -> None:
    result = results.setdefault(quiz_id, {"submitted": True, "passed": False, "best": None})
    if passed:
        result["passed"] = True
        if score is not None and (result["best"] is None or score > result["best"]):
            result["best"] = Decimal(score)


def _mark_done(structure: CourseStructure, *, user) -> None:
    """Set ``done`` on every item for ``user`` (one query)."""
    if not _is_authenticated(user) or not structure.sequence:
        return
    completed, results = learner_records(user=user, structure=structure)
    for item in structure.sequence:
        if item.is_lesson:
            item.done = item.page.pk in completed
        else:
            result = results.get(item.page.pk)
            # A pre-test is done once taken; other quizzes once passed.
            item.done = bool(result) and (item.quiz_kind == PRETEST or result["passed"])


def _lesson_progress(structure: CourseStructure) -> Progress:
    lessons = structure.lessons
    return Progress(completed=sum(1 for item in lessons if item.done), total=len(lessons))


def course_outline(*, course: CoursePage, user: AbstractBaseUser | AnonymousUser) -> OutlineView:
    """Modules with their lessons and quizzes, each marked done or not for ``user``, and
    the learner's progress. Three queries whatever the size of the course."""
    structure = course_structure(course=course)
    _mark_done(structure, user=user)
    return OutlineView(structure=structure, progress=_lesson_progress(structure))


def course_progress(*, user: AbstractBaseUser | AnonymousUser, course: CoursePage) -> Progress:
    """Completed and total live lessons of the course for ``user``."""
    structure = course_structure(course=course)
    if not _is_authenticated(user):
        return Progress(completed=0, total=len(structure.lessons))
    completed = completed_lesson_ids(user=user, course_paths=[course.path])
    lesson_ids = {item.page.pk for item in structure.lessons}
    return Progress(completed=len(completed & lesson_ids), total=len(lesson_ids))


def continue_target(*, structure: CourseStructure, enrolment: Enrolment) -> CourseItem | None:
    """Where the learner left off: the last lesson if unfinished, else the next unfinished
    item after it, else the first unfinished item; None when everything is done.

    ``structure`` must have its done marks set (course_outline does that).
    """
    sequence = structure.sequence
    start = 0
    if enrolment.last_lesson_id is not None:
        for index, item in enumerate(sequence):
            if item.page.pk == enrolment.last_lesson_id:
                if not item.done:
                    return item
                start = index + 1
                break
    for item in sequence[start:] + sequence[:start]:
        if not item.done:
            return item
    return None


def my_learning(*, user: AbstractBaseUser) -> list[LearningRow]:
    """The learner's enrolments, latest activity first, with progress and certificate.

    Three queries whatever the number of enrolments.
    """
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course", "certificate")
        .order_by(F("last_activity_at").desc(nulls_last=True), "-enrolled_at")
    )
    if not enrolments:
        return []
    structures = course_structures(enrolment.course for enrolment in enrolments)
    completed = completed_lesson_ids(
        user=user, course_paths=[enrolment.course.path for enrolment in enrolments]
    )
    rows = []
    for enrolment in enrolments:
        lesson_ids = {item.page.pk for item in structures[enrolment.course_id].lessons}
        progress = Progress(completed=len(completed & lesson_ids), total=len(lesson_ids))
        certificate = getattr(enrolment, "certificate", None)
        rows.append(LearningRow(enrolment=enrolment, progress=progress, certificate=certificate))
    return rows
