"""Loading a checked curriculum into Wagtail pages.

Pages are matched by slug under their parent and updated in place (never deleted and
recreated), so learners' enrolments, completions and attempts keep pointing at them.
Each page's imported content is hashed; the hash and the revision the importer published
are kept in content.ImportRecord, so a second load changes nothing and a page edited in
the Wagtail admin since its import is left alone unless forced.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from content.models import ImportRecord
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.quizzes.models import QuizPage

from .specs import CourseSpec, Curriculum, QuizSpec
from .values import PageValues

PAGE_KINDS = ("course", "module", "lesson", "quiz")


class LoadConflict(Exception):
    """The database holds something the files cannot be loaded over (nothing was written)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class PageReport:
    kind: str
    action: str  # created | updated | unchanged | skipped
    path: str  # URL path under the course catalogue
    source: str
    reason: str = ""


@dataclass
class LoadReport:
    pages: list[PageReport] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)  # pages in the CMS, not in the files
    translations: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {kind: Counter() for kind in PAGE_KINDS}
        for page in self.pages:
            counts[page.kind][page.action] += 1
        return counts

    def total(self, action: str) -> int:
        return sum(1 for page in self.pages if page.action == action)


@dataclass
class _Plan:
    """One page the files describe, and what the database has for it."""

    kind: str
    model: type[Page]
    slug: str
    spec: object
    source: Path
    source_key: str  # the file (and part) the page comes from, relative to the root
    course: CourseSpec
    children: list[_Plan] = field(default_factory=list)
    page: Page | None = None  # existing or created
    created: bool = False
    record: ImportRecord | None = None
    # The page's children before this run, in tree order (for ordering and reporting).
    existing_children: list[Page] = field(default_factory=list)


PAGE_MODELS = (CoursePage, ModulePage, LessonPage, QuizPage)


@contextmanager
def _indexing_deferred():
    """Index each created or updated page once, after the load, not on each of its saves.

    A page is saved three times on its first import (created, revision, publish), and each
    save would re-index it for search and references: most of a first load's time. The
    search handler is disconnected for the page types the importer writes (this runs in a
    management command or a test, never in a web process) and reconnected afterwards.
    """
    disconnected = [
        model
        for model in PAGE_MODELS
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


class _Importer:
    def __init__(self, curriculum: Curriculum, *, force: bool):
        self.curriculum = curriculum
        self.force = force
        self.report = LoadReport()
        self.values = PageValues(source_key=self.source_key, notes=self.report.notes)
        self.written: dict[int, Page] = {}  # pages created or updated, for re-indexing

    # -- the plan -----------------------------------------------------------

    def source_key(self, path: Path, part: str = "") -> str:
        try:
            key = str(path.relative_to(self.curriculum.root))
        except ValueError:
            key = path.name
        if key == ".":
            key = path.name
        return f"{key}#{part}" if part else key

    def plan(self) -> list[_Plan]:
        plans = []
        for course in self.curriculum.courses:
            course_plan = _Plan(
                "course",
                CoursePage,
                course.slug,
                course,
                course.path,
                self.source_key(course.path),
                course,
            )
            if course.pretest:
                course_plan.children.append(self.quiz_plan(course, course.pretest, "pretest"))
            for module in course.modules:
                module_plan = _Plan(
                    "module",
                    ModulePage,
                    module.slug,
                    module,
                    module.path,
                    self.source_key(module.path),
                    course,
                )
                for lesson in module.lessons:
                    module_plan.children.append(
                        _Plan(
                            "lesson",
                            LessonPage,
                            lesson.slug,
                            lesson,
                            lesson.path,
                            self.source_key(lesson.path),
                            course,
                        )
                    )
                if module.quiz:
                    module_plan.children.append(self.quiz_plan(course, module.quiz, "quiz"))
                course_plan.children.append(module_plan)
            if course.final:
                course_plan.children.append(self.quiz_plan(course, course.final, "final"))
            plans.append(course_plan)
        return plans

    def quiz_plan(self, course: CourseSpec, quiz: QuizSpec, part: str) -> _Plan:
        return _Plan(
            "quiz", QuizPage, quiz.slug, quiz, quiz.path, self.source_key(quiz.path, part), course
        )

    def match(self, plans: list[_Plan], parent: Page | None, conflicts: list[str]) -> list[Page]:
        """Find each planned page's existing page by slug under its parent.

        Returns the parent's children as they were (one query per parent page).
        """
        children: list[Page] = []
        if parent is not None and plans:
            children = list(
                Page.objects.child_of(parent).select_related("content_type").order_by("path")
            )
        existing = {page.slug: page for page in children}
        for plan in plans:
            page = existing.get(plan.slug)
            if page is not None and page.specific_class is not plan.model:
                kind = (page.specific_class or Page)._meta.verbose_name
                conflicts.append(
                    f"{self.source_key(plan.source)}: a {kind} "
                    f"page with the slug '{plan.slug}' is already at {page.url_path}; move or "
                    "rename it in the Wagtail admin, or change the slug in the files"
                )
                page = None
            plan.page = page
            plan.existing_children = self.match(plan.children, page, conflicts)
        return children

    def walk(self, plans: list[_Plan]):
        for plan in plans:
            yield plan
            yield from self.walk(plan.children)

    @staticmethod
    def content_hash(plan: _Plan, values: dict) -> str:
        canonical = json.dumps(
            {"type": plan.kind, "values": values}, sort_keys=True, ensure_ascii=False, default=str
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    # -- writing ------------------------------------------------------------

    def create(self, plan: _Plan, parent: Page) -> None:
        # Created unpublished, with placeholder links; filled and published in `apply`,
        # once every page exists and links between lessons can point at page ids.
        values = self.values.for_page(plan.spec, plan.course)
        page = plan.model(slug=plan.slug, live=False, **values)
        parent.add_child(instance=page)
        plan.page = page
        plan.created = True

    def apply(self, plan: _Plan, url_path: str) -> None:
        values = self.values.for_page(plan.spec, plan.course)
        digest = self.content_hash(plan, values)
        page, record = plan.page, plan.record
        report = PageReport(plan.kind, "", url_path, plan.source_key)
        if plan.created:
            report.action = "created"
        elif record is None:
            if not self.force:
                report.action, report.reason = "skipped", "made in the CMS, not by the importer"
        elif page.latest_revision_id != record.revision_id:
            if not self.force:
                report.action, report.reason = "skipped", "changed in the CMS"
        elif not page.live:
            if not self.force:
                report.action, report.reason = "skipped", "unpublished in the CMS"
        elif record.source_hash == digest:
            report.action = "unchanged"
        if not report.action:
            report.action = "updated"
        self.report.pages.append(report)
        if report.action not in ("created", "updated"):
            return
        specific = page if plan.created else page.specific
        for name, value in values.items():
            setattr(specific, name, value)
        specific.draft_title = specific.title
        revision = specific.save_revision(log_action=True)
        revision.publish()
        self.written[specific.pk] = specific
        ImportRecord.objects.update_or_create(
            page=specific,
            defaults={
                "source_path": plan.source_key,
                "source_hash": digest,
                "revision": revision,
                "imported_at": timezone.now(),
            },
        )

    def reorder(self, parent: _Plan) -> None:
        """Put the imported children in the files' order (other children stay put)."""
        wanted = [child.page.pk for child in parent.children]
        if len(wanted) < 2:
            return
        order = [page.pk for page in parent.existing_children]
        if not any(child.created for child in parent.children) and all(
            order.index(a) < order.index(b) for a, b in zip(wanted, wanted[1:], strict=False)
        ):
            return  # nothing new and already in order: the usual case, no query
        order = list(Page.objects.child_of(parent.page).values_list("pk", flat=True))
        for index in range(1, len(wanted)):
            if order.index(wanted[index]) < order.index(wanted[index - 1]):
                page = Page.objects.get(pk=wanted[index])
                page.move(Page.objects.get(pk=wanted[index - 1]), pos="right")
                order = list(Page.objects.child_of(parent.page).values_list("pk", flat=True))

    # -- the run ------------------------------------------------------------

    def run(self) -> LoadReport:
        index = course_index_ensure(report=self.report)
        # One load at a time: a second concurrent run waits here, then finds the pages.
        Page.objects.select_for_update().filter(pk=index.pk).first()
        plans = self.plan()
        conflicts: list[str] = []
        index_children = self.match(plans, index, conflicts)
        if conflicts:
            raise LoadConflict(conflicts)
        everything = list(self.walk(plans))
        records = ImportRecord.objects.filter(page__in=[p.page for p in everything if p.page])
        by_page = {record.page_id: record for record in records}
        for plan in everything:
            if plan.page is not None:
                plan.record = by_page.get(plan.page.pk)
        with _indexing_deferred():
            # 1. every page exists (new ones unpublished for now)
            self.create_missing(plans, index)
            for plan in everything:
                if plan.kind == "lesson":
                    self.values.lesson_pages[plan.spec.key] = plan.page.pk
            # 2. content, revision and publication, top down
            for plan in everything:
                self.apply(plan, plan.page.url_path.removeprefix(index.url_path))
        for plan in everything:
            if plan.page.pk in self.written:
                page = self.written[plan.page.pk]
                ReferenceIndex.create_or_update_for_object(page)
                insert_or_update_object_task.enqueue(
                    page._meta.app_label, page._meta.model_name, str(page.pk)
                )
        # 3. order and the pages the files no longer mention
        for plan in everything:
            if plan.children:
                self.reorder(plan)
        self.find_left_alone(plans, index, index_children)
        self.report.translations = [
            (self.source_key(path), language) for path, language in self.curriculum.translations
        ]
        return self.report

    def create_missing(self, plans: list[_Plan], parent: Page) -> None:
        for plan in plans:
            if plan.page is None:
                self.create(plan, parent)
            self.create_missing(plan.children, plan.page)

    def find_left_alone(self, plans: list[_Plan], index: Page, index_children: list[Page]) -> None:
        for parent in self.walk(plans):
            in_files = {child.page.pk for child in parent.children}
            for page in parent.existing_children:
                if page.pk not in in_files:
                    self.report.left_alone.append(page.url_path.removeprefix(index.url_path))
        # Courses imported before but absent from this folder.
        loaded = {plan.page.pk for plan in plans}
        previously = ImportRecord.objects.filter(
            page__in=[page.pk for page in index_children if page.pk not in loaded]
        )
        for record in previously.select_related("page"):
            self.report.left_alone.append(record.page.url_path.removeprefix(index.url_path))


def course_index_ensure(*, report: LoadReport | None = None) -> Page:
    """The course catalogue page; created under the home page when missing."""
    index = CourseIndexPage.objects.order_by("path").first()
    if index is not None:
        return index
    from wagtail.models import Site

    from lms.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else None
    if home is None or home.specific_class is not HomePage:
        home = HomePage.objects.order_by("path").first()
    if home is None:
        raise LoadConflict(
            [
                "there is no home page to put the course catalogue under: run 'manage.py migrate' first"
            ]
        )
    index = CourseIndexPage(title="Courses", slug="courses", live=False)
    home.add_child(instance=index)
    index.save_revision().publish()
    if report is not None:
        report.notes.append("created the course catalogue page /courses/")
    return index


def load_curriculum(curriculum: Curriculum, *, force: bool = False) -> LoadReport:
    """Create or update the pages of a checked curriculum (call inside a transaction)."""
    return _Importer(curriculum, force=force).run()
