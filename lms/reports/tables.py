"""The programme summary as the rows people read, on screen and in exports, with the
small-cell suppression applied when asked for (lms.reports.suppression)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .conf import suppression_threshold
from .selectors import ProgrammeSummary
from .suppression import COMPLEMENTARY, PRIMARY, suppress, table_suppress

ALL_COURSES = "All courses"
ALL_GROUPS = "All"
HIDDEN = "*"
NOT_APPLICABLE = "–"


@dataclass
class SummaryRow:
    course: str
    group: str
    enrolled: int | str
    completed: int | str
    rate: float | str
    kind: str  # "cell", "course_total", "group_total" or "grand_total"

    @property
    def is_total(self) -> bool:
        return self.kind != "cell"

    @property
    def nobody_enrolled(self) -> bool:
        """No enrolment at all: there is no completion rate to give."""
        return self.enrolled == 0


@dataclass
class SummaryTable:
    key: str
    label: str
    rows: list[SummaryRow]


def _rate(enrolled: int, completed: int) -> float | str:
    if not enrolled:
        return NOT_APPLICABLE
    return round(100 * completed / enrolled, 1)


def _show(value: int, mark: str | None, threshold: int) -> int | str:
    if mark == PRIMARY:
        return f"<{threshold}"
    if mark == COMPLEMENTARY:
        return HIDDEN
    return value


def summary_tables(summary: ProgrammeSummary, *, suppressed: bool = False) -> list[SummaryTable]:
    """One table per breakdown: each course's groups then the course total, then every
    group across all courses and the grand total. Cells with nobody enrolled are left
    out (they are zeros and add nothing)."""
    threshold = suppression_threshold()
    course_ids = [course_id for course_id, _ in summary.courses]
    titles = dict(summary.courses)
    tables = []
    for breakdown in summary.breakdowns:
        groups = breakdown.groups
        enrolled, e_hidden = table_suppress(
            breakdown.enrolled, course_ids, groups, threshold=threshold
        )
        completed, c_hidden = table_suppress(
            breakdown.completed, course_ids, groups, threshold=threshold
        )
        if not suppressed:
            e_hidden, c_hidden = {}, {}

        def row(key, course, group, kind, *, e=enrolled, c=completed, eh=e_hidden, ch=c_hidden):
            e_mark, c_mark = eh.get(key), ch.get(key)
            rate = HIDDEN if (e_mark or c_mark) else _rate(e[key], c[key])
            return SummaryRow(
                course=course,
                group=group,
                enrolled=_show(e[key], e_mark, threshold),
                completed=_show(c[key], c_mark, threshold),
                rate=rate,
                kind=kind,
            )

        rows = []
        for course_id in course_ids:
            for group in groups:
                key = ("cell", course_id, group)
                if enrolled[key]:
                    rows.append(row(key, titles[course_id], group, "cell"))
            rows.append(row(("row", course_id), titles[course_id], ALL_GROUPS, "course_total"))
        for group in groups:
            rows.append(row(("col", group), ALL_COURSES, group, "group_total"))
        rows.append(row(("grand",), ALL_COURSES, ALL_GROUPS, "grand_total"))
        tables.append(SummaryTable(breakdown.key, breakdown.label, rows))
    return tables


@dataclass
class KnowledgeRow:
    course: str
    pre_n: int | str
    pre_mean: float | str | None
    post_n: int | str
    post_mean: float | str | None
    gain_n: int | str
    gain_mean: float | str | None
    is_total: bool


def knowledge_rows(summary: ProgrammeSummary, *, suppressed: bool = False) -> list[KnowledgeRow]:
    """Pre-test, post-test and gain means with their n, per course and for all courses.

    When suppressed, an n from 1 to 4 is hidden (with a complementary n so the all-courses
    n cannot reveal it) and so is every mean whose n is hidden.
    """
    threshold = suppression_threshold()
    empty = _empty_gain()
    per_course = [(cid, title, summary.knowledge.get(cid, empty)) for cid, title in summary.courses]
    overall = summary.knowledge.get(None, empty)
    marks: dict[str, dict] = {}
    for measure in ("pre", "post", "gain"):
        values = {cid: getattr(g, f"{measure}_n") for cid, _, g in per_course}
        values["all"] = getattr(overall, f"{measure}_n")
        marks[measure] = (
            suppress(values, [(list(values)[:-1], "all")], threshold=threshold)
            if suppressed
            else {}
        )

    def build(key, title, gain, is_total):
        cells = {}
        for measure in ("pre", "post", "gain"):
            mark = marks[measure].get(key)
            cells[f"{measure}_n"] = _show(getattr(gain, f"{measure}_n"), mark, threshold)
            cells[f"{measure}_mean"] = HIDDEN if mark else getattr(gain, f"{measure}_mean")
        return KnowledgeRow(course=title, is_total=is_total, **cells)

    rows = [build(cid, title, gain, False) for cid, title, gain in per_course]
    rows.append(build("all", ALL_COURSES, overall, True))
    return rows


def _empty_gain():
    from .selectors import KnowledgeGain

    return KnowledgeGain(0, None, 0, None, 0, None)


# The summary as one flat table for CSV/XLSX: the three breakdowns, then the knowledge-gain
# rows (whose breakdown is "Knowledge gain") in the columns after them.
SUMMARY_EXPORT_COLUMNS = [
    ("breakdown", _("Breakdown")),
    ("course", _("Course")),
    ("group", _("Group")),
    ("enrolled", _("Enrolled")),
    ("completed", _("Completed")),
    ("rate", _("Completion rate (%)")),
    ("pre_n", _("Pre-test n")),
    ("pre_mean", _("Pre-test mean (%)")),
    ("post_n", _("Post-test n")),
    ("post_mean", _("Post-test mean (%)")),
    ("gain_n", _("Gain n")),
    ("gain_mean", _("Mean gain (points)")),
]


def summary_export_rows(summary: ProgrammeSummary, *, suppressed: bool = False):
    """The rows of the summary export, as dictionaries of SUMMARY_EXPORT_COLUMNS."""
    blank = dict.fromkeys(name for name, _heading in SUMMARY_EXPORT_COLUMNS)
    for table in summary_tables(summary, suppressed=suppressed):
        for r in table.rows:
            yield {
                **blank,
                "breakdown": table.label,
                "course": r.course,
                "group": r.group,
                "enrolled": r.enrolled,
                "completed": r.completed,
                "rate": r.rate,
            }
    for k in knowledge_rows(summary, suppressed=suppressed):
        yield {
            **blank,
            "breakdown": _("Knowledge gain"),
            "course": k.course,
            "pre_n": k.pre_n,
            "pre_mean": k.pre_mean,
            "post_n": k.post_n,
            "post_mean": k.post_mean,
            "gain_n": k.gain_n,
            "gain_mean": k.gain_mean,
        }
