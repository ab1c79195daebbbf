"""Reads for the learner side: where a learner is in a course and how far they have got.

A course's structure is read in one query (every live module, lesson and quiz below it,
as plain Page rows with the few typed fields the outline needs annotated on) and turned
into plain data: ids, titles, addresses, kinds. Learner pages read it through the cache
of what is published (courses.cache); the services that decide completion build it from
the database (``course_structure(..., fresh=True)``). The learner's records are read
fresh, in one query each. So the course page, the lesson page and the dashboard cost the
same number of queries however many modules, lessons or enrolments there are.

What counts as "in the course" (the completion rule and progress use the same
definition): a live lesson or quiz whose module is live too, plus live quizzes placed
directly in the course. Records of lessons that were unpublished or moved away are kept
but not counted here.

Page models call these selectors from ``get_context``, so this module reaches the page
classes through the ``courses.models`` module at call time rather than importing them by
name when it loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
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

from courses import models
from courses.cache import published_cached, published_cached_many, published_key, published_version
from courses.quizzes import models as quiz_models

# Wagtail's tree path: four characters per level.
STEPLEN = Page.steplen

PRETEST = "pretest"
FINAL = "final"


@dataclass(frozen=True)
class PageRef:
    """What the learner side shows of a published page: plain data, safe to cache."""

    pk: int
    title: str
    url: str
    path: str
    summary: str = ""
    minutes: int | None = None

    @classmethod
    def of(cls, page: Page, **extra) -> PageRef:
        return cls(pk=page.pk, title=page.title, url=page.get_url(), path=page.path, **extra)


@dataclass
class CourseItem:
    """A lesson or quiz in course order."""

    page: PageRef
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
    page: PageRef
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

    course: PageRef
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
    """How far a learner has got in a course, in steps: its lessons and the quizzes that
    must be passed to complete it (``CourseItem.counts_for_completion``, the completion
    rule's own list). Built only by ``progress_of``, so every page shows the same figure."""

    completed: int
    total: int

    @property
    def is_complete(self) -> bool:
        return bool(self.total) and self.completed >= self.total

    @property
    def percent(self) -> int:
        """Rounded down, so 100% means every step is done, never "almost"."""
        if not self.total:
            return 0
        return 100 * self.completed // self.total


def progress_of(structure: CourseStructure) -> Progress:
    """The one progress figure: steps done of the steps that count for completion.

    ``structure`` must have the learner's done marks set (``_mark_done``); a pre-test is
    not a step (it does not count for completion), a required quiz is one once passed.
    """
    steps = [item for item in structure.sequence if item.counts_for_completion]
    return Progress(completed=sum(1 for item in steps if item.done), total=len(steps))


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

    enrolment: models.Enrolment
    progress: Progress
    certificate: object | None  # certificates.Certificate

    @property
    def dom_id(self) -> str:
        return f"progress-{self.enrolment.pk}"


def _is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def course_for_page(page: Page) -> models.CoursePage | None:
    """The course a module, lesson or quiz page belongs to (the page itself for a course)."""
    if isinstance(page, models.CoursePage):
        return page
    if page.specific_class is models.CoursePage:
        return page.specific
    return models.CoursePage.objects.ancestor_of(page).first()


@dataclass(frozen=True)
class LearnerPlace:
    """Where a lesson or quiz page sits: its course (None if it has none), and whether
    the page is reachable in it (the course and the module between are live)."""

    course: PageRef | None
    reachable: bool


def learner_place(page: Page) -> LearnerPlace:
    """The course of a lesson or quiz page and whether it is reachable. One query, or
    none while nothing published has changed."""
    return published_cached("place", page.path, build=lambda: _learner_place_build(page))


def _learner_place_build(page: Page) -> LearnerPlace:
    ancestor_paths = [page.path[:end] for end in range(STEPLEN, len(page.path), STEPLEN)]
    course = (
        models.CoursePage.objects.filter(path__in=ancestor_paths)
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
        return LearnerPlace(course=None, reachable=False)
    return LearnerPlace(
        course=PageRef.of(course), reachable=course.live and not course.hidden_between
    )


def enrolment_get(
    *, user: AbstractBaseUser | AnonymousUser, course: models.CoursePage | PageRef
) -> models.Enrolment | None:
    if not _is_authenticated(user):
        return None
    return models.Enrolment.objects.filter(user=user, course_id=course.pk).first()


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


def _as_ref(course: models.CoursePage | PageRef) -> PageRef:
    return course if isinstance(course, PageRef) else PageRef.of(course)


def course_structures(
    courses: Iterable[models.CoursePage | PageRef], *, fresh: bool = False
) -> dict[int, CourseStructure]:
    """The live structure of each course, keyed by course id.

    Learner pages read it from the cache of what is published (one round trip, and one
    query for all the courses not in it); ``fresh=True`` builds it from the database, for
    the decisions that count (completion, certificates). Each call
    returns new objects (the cache hands out copies), so callers may set the learner's
    done marks on them.
    """
    refs = {published_key("structure", course.pk): _as_ref(course) for course in courses}
    if fresh:
        return _course_structures_build(list(refs.values()))

    def build(missing: list[str]) -> dict:
        built = _course_structures_build([refs[key] for key in missing])
        return {key: built[refs[key].pk] for key in missing}

    found = published_cached_many(list(refs), build)
    return {ref.pk: found[key] for key, ref in refs.items()}


def _course_structures_build(courses: list[PageRef]) -> dict[int, CourseStructure]:
    by_path = {course.path: CourseStructure(course=course) for course in courses}
    live_modules: dict[str, OutlineModule] = {}
    pending: list[tuple[Page, str]] = []
    for page in _structure_pages(by_path):
        parent_path = page.path[:-STEPLEN]
        if parent_path in by_path:
            structure = by_path[parent_path]
            if page.page_model == "modulepage":
                module = OutlineModule(page=PageRef.of(page, summary=page.module_summary or ""))
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
        ref = PageRef.of(page, summary=page.lesson_summary or "", minutes=page.lesson_minutes)
        return CourseItem(page=ref, kind="lesson")
    return CourseItem(
        page=PageRef.of(page),
        kind="quiz",
        quiz_kind=page.quiz_kind or "",
        required=bool(page.quiz_required),
    )


def course_structure(
    *, course: models.CoursePage | PageRef, fresh: bool = False
) -> CourseStructure:
    return course_structures([course], fresh=fresh)[course.pk]


def learner_records(*, user, structure: CourseStructure) -> tuple[set[int], dict[int, dict]]:
    """The learner's completed lessons of the course, and per quiz whether they submitted,
    passed, and their best passed score; in one query, as every page reads both."""
    return _learner_records(user=user, structures=[structure])


def _learner_records(
    *, user, structures: Iterable[CourseStructure]
) -> tuple[set[int], dict[int, dict]]:
    """``learner_records`` for several courses at once (still one query)."""
    structures = list(structures)
    lesson_ids = [item.page.pk for structure in structures for item in structure.lessons]
    quiz_ids = [item.page.pk for structure in structures for item in structure.quizzes]
    # One row per record: (is a lesson, page id, passed, score); lessons have no result.
    lessons = (
        models.LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids)
        .order_by()
        .values_list(
            Value(True, output_field=BooleanField()),
            "lesson_id",
            Value(None, output_field=BooleanField()),
            Value(None, output_field=DecimalField(max_digits=5, decimal_places=2)),
        )
    )
    attempts = (
        quiz_models.QuizAttempt.objects.filter(
            user=user,
            quiz_id__in=quiz_ids,
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
    _mark_done_many([structure], user=user)


def _mark_done_many(structures: list[CourseStructure], *, user) -> None:
    """Set ``done`` on every item of every structure for ``user`` (one query in all)."""
    if not _is_authenticated(user) or not any(s.sequence for s in structures):
        return
    completed, results = _learner_records(user=user, structures=structures)
    for structure in structures:
        for item in structure.sequence:
            if item.is_lesson:
                item.done = item.page.pk in completed
            else:
                result = results.get(item.page.pk)
                # A pre-test is done once taken; other quizzes once passed.
                item.done = bool(result) and (item.quiz_kind == PRETEST or result["passed"])


def course_outline(
    *, course: models.CoursePage | PageRef, user: AbstractBaseUser | AnonymousUser
) -> OutlineView:
    """Modules with their lessons and quizzes, each marked done or not for ``user``, and
    the learner's progress. Three queries whatever the size of the course."""
    structure = course_structure(course=course)
    _mark_done(structure, user=user)
    return OutlineView(structure=structure, progress=progress_of(structure))


def course_progress(
    *, user: AbstractBaseUser | AnonymousUser, course: models.CoursePage | PageRef
) -> Progress:
    """The learner's progress in one course (``progress_of``)."""
    return course_outline(course=course, user=user).progress


def continue_target(
    *, structure: CourseStructure, enrolment: models.Enrolment
) -> CourseItem | None:
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
        models.Enrolment.objects.filter(user=user)
        .select_related("course", "certificate")
        .order_by(F("last_activity_at").desc(nulls_last=True), "-enrolled_at")
    )
    if not enrolments:
        return []
    structures = course_structures(enrolment.course for enrolment in enrolments)
    _mark_done_many(list(structures.values()), user=user)
    rows = []
    for enrolment in enrolments:
        progress = progress_of(structures[enrolment.course_id])
        certificate = getattr(enrolment, "certificate", None)
        rows.append(LearningRow(enrolment=enrolment, progress=progress, certificate=certificate))
    return rows


def course_page_context(*, course: models.CoursePage, user) -> dict:
    """What a course page shows: the outline with the learner's progress, and where to go
    next."""
    outline = course_outline(course=course, user=user)
    enrolment = enrolment_get(user=user, course=course)
    sequence = outline.structure.sequence
    return {
        "course": course,
        "outline": outline,
        "progress": outline.progress,
        "enrolment": enrolment,
        "continue_item": (
            continue_target(structure=outline.structure, enrolment=enrolment) if enrolment else None
        ),
        "first_item": sequence[0] if sequence else None,
    }


def module_page_context(*, module: Page, user) -> dict:
    """What a module page shows: its lessons and quizzes, marked done for the learner."""
    course = course_for_page(module)
    if course is None:
        return {"course": None, "outline": None, "module": None, "enrolment": None}
    outline = course_outline(course=course, user=user)
    return {
        "course": course,
        "outline": outline,
        "module": next((entry for entry in outline.modules if entry.page.pk == module.pk), None),
        "enrolment": enrolment_get(user=user, course=course),
    }


def lesson_page_context(*, lesson: Page, gate, user) -> dict:
    """What a lesson page shows, for a learner the gate (courses.access) let through."""
    course = gate.course
    outline = course_outline(course=course, user=user) if course is not None else None
    previous_item = next_item = module = item = None
    if outline is not None:
        structure = outline.structure
        previous_item, next_item = structure.neighbours(lesson.pk)
        module = structure.module_of(lesson.pk)
        item = structure.item_for(lesson.pk)
    return {
        "gate": gate,
        "course": course,
        "enrolment": gate.enrolment,
        "show_body": gate.show_body,
        "outline": outline,
        "progress": outline.progress if outline is not None else None,
        "module": module,
        "is_done": bool(item and item.done),
        "previous_item": previous_item,
        "next_item": next_item,
        # The rendered body is cached per page state and published version.
        "published_version": published_version(),
    }
