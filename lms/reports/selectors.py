"""Read-only queries behind every report. Views, exports, background tasks and the
benchmarks call these; each runs a fixed number of queries whatever the row count.

Every function takes the ``viewer`` and narrows to the learners they may see with
lms.people.access.scope_users, so a county HR officer never gets another county's rows
whatever filters are passed.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.codes import code_format
from certificates.models import Certificate, CertificateQuerySet, CertificateStatus
from courses.models import Enrolment, LessonCompletion
from courses.quizzes.models import QuizAttempt
from lms.people.access import scope_users
from lms.people.models import StaffProfile

from . import knowledge
from .filters import (
    STATUS_CHOICES,
    STATUS_COMPLETED,
    STATUS_ENROLLED,
    STATUS_IN_PROGRESS,
    CompletionFilterSet,
    filter_data,
)

NOT_RECORDED = "Not recorded"
STATUS_LABELS = dict(STATUS_CHOICES)
SEX_LABELS = dict(StaffProfile.Sex.choices)
SERVICE_LABELS = dict(StaffProfile.Service.choices)
CERTIFICATE_STATUS_LABELS = dict(CertificateStatus.choices)

_PROFILE = "user__staff_profile__"


# --- Completions -------------------------------------------------------------------


def enrolment_status_expression() -> Case:
    """completed if completed_at; in progress if the learner completed a lesson of the
    course or submitted a quiz in it; otherwise enrolled."""
    course_path = OuterRef("course__path")
    lesson_done = LessonCompletion.objects.filter(
        user=OuterRef("user"), lesson__path__startswith=course_path
    )
    quiz_submitted = QuizAttempt.objects.filter(
        user=OuterRef("user"), submitted_at__isnull=False, quiz__path__startswith=course_path
    )
    return Case(
        When(completed_at__isnull=False, then=Value(STATUS_COMPLETED)),
        When(Exists(lesson_done) | Exists(quiz_submitted), then=Value(STATUS_IN_PROGRESS)),
        default=Value(STATUS_ENROLLED),
        output_field=CharField(),
    )


def completion_queryset(*, viewer, filters: Mapping[str, str] | None = None) -> QuerySet[Enrolment]:
    """Enrolments the viewer may see, with status annotated, filtered by the allowlisted
    ``filters`` (query-parameter names, e.g. {"county": "040", "status": "completed"});
    invalid values are ignored."""
    queryset = scope_users(
        Enrolment.objects.annotate(status=enrolment_status_expression()), viewer=viewer
    )
    if filters:
        queryset = CompletionFilterSet(
            data=filter_data(filters), queryset=queryset, viewer=viewer
        ).qs
    return queryset.select_related(
        "user__staff_profile__county",
        "user__staff_profile__agency",
        "course",
        "certificate",
    ).order_by("course__title", f"{_PROFILE}full_name", "pk")


def certificate_code_display(code: str | None) -> str:
    return code_format(code) if code else ""


def _heading(text) -> dict:
    return {"heading": text}


@dataclass(frozen=True)
class CompletionRow:
    """One enrolment as the completions report shows and exports it. The fields with a
    heading are the report's columns, in order (``COMPLETION_COLUMNS``): the screen and
    the CSV/XLSX exports are both declared from them."""

    user_id: int
    name: str = field(metadata=_heading(_("Name")))
    staff_number: str = field(metadata=_heading(_("Staff number")))
    sex: str = field(metadata=_heading(_("Sex")))
    service: str = field(metadata=_heading(_("Service")))
    county: str = field(metadata=_heading(_("County")))
    agency: str = field(metadata=_heading(_("Agency")))
    job_title: str = field(metadata=_heading(_("Job title")))
    course: str = field(metadata=_heading(_("Course")))
    enrolled_on: datetime.date | None = field(metadata=_heading(_("Enrolled on")))
    completed_on: datetime.date | None = field(metadata=_heading(_("Completed on")))
    final_score: Decimal | None = field(metadata=_heading(_("Final score (%)")))
    status: str = field(metadata=_heading(_("Status")))
    certificate_code: str = field(metadata=_heading(_("Certificate code")))
    certificate_status: str = field(metadata=_heading(_("Certificate status")))
    # Not a column: the certificate code links to the certificate with it.
    certificate_id: int | None = None


# (name, heading) of every completions column, in order.
COMPLETION_COLUMNS = [
    (f.name, f.metadata["heading"]) for f in fields(CompletionRow) if "heading" in f.metadata
]

# The database values a CompletionRow is made of (completion_row reads them by name).
COMPLETION_VALUES = (
    "user_id",
    f"{_PROFILE}full_name",
    f"{_PROFILE}staff_number",
    f"{_PROFILE}sex",
    f"{_PROFILE}service",
    f"{_PROFILE}county__name",
    f"{_PROFILE}agency__name",
    f"{_PROFILE}job_title",
    "course__title",
    "enrolled_at",
    "completed_at",
    "final_score",
    "status",
    "certificate__id",
    "certificate__code",
    "certificate_status",
)


def completion_values(*, viewer, filters: Mapping[str, str] | None = None) -> QuerySet:
    """The completions report's rows as dictionaries of COMPLETION_VALUES (turn each into
    a CompletionRow with ``completion_row``): a queryset, so it can be paginated, counted
    and streamed in chunks."""
    return (
        completion_queryset(viewer=viewer, filters=filters)
        .annotate(certificate_status=CertificateQuerySet.status_expression(prefix="certificate__"))
        .values(*COMPLETION_VALUES)
    )


def completion_row(values: Mapping, *, tz=None) -> CompletionRow:
    """One row of the report from one dictionary of ``completion_values``."""
    tz = tz or timezone.get_current_timezone()
    enrolled_at, completed_at = values["enrolled_at"], values["completed_at"]
    code = values["certificate__code"]
    sex, service = values[f"{_PROFILE}sex"], values[f"{_PROFILE}service"]
    return CompletionRow(
        user_id=values["user_id"],
        certificate_id=values["certificate__id"],
        name=values[f"{_PROFILE}full_name"] or "",
        staff_number=values[f"{_PROFILE}staff_number"] or "",
        sex=SEX_LABELS.get(sex, sex or ""),
        service=SERVICE_LABELS.get(service, service or ""),
        county=values[f"{_PROFILE}county__name"] or "",
        agency=values[f"{_PROFILE}agency__name"] or "",
        job_title=values[f"{_PROFILE}job_title"] or "",
        course=values["course__title"],
        enrolled_on=enrolled_at.astimezone(tz).date() if enrolled_at is not None else None,
        completed_on=completed_at.astimezone(tz).date() if completed_at is not None else None,
        final_score=values["final_score"],
        status=str(STATUS_LABELS.get(values["status"], values["status"])),
        certificate_code=certificate_code_display(code),
        certificate_status=str(CERTIFICATE_STATUS_LABELS.get(values["certificate_status"], ""))
        if code
        else "",
    )


def completion_rows(values: Iterable[Mapping]) -> list[CompletionRow]:
    tz = timezone.get_current_timezone()
    return [completion_row(v, tz=tz) for v in values]


# --- Learner transcript ------------------------------------------------------------


@dataclass
class TranscriptCourse:
    enrolment: Enrolment
    attempts: list = field(default_factory=list)


@dataclass
class Transcript:
    learner: object
    profile: StaffProfile | None
    courses: list[TranscriptCourse]
    other_attempts: list
    certificates: list[Certificate]


def learner_transcript(*, viewer, user_id: int) -> Transcript:
    """Every course, attempt and certificate of one learner (four queries).

    Http404 when the learner does not exist or is outside the viewer's scope, so a county
    HR officer cannot tell another county's learner ids from missing ones.
    """
    User = get_user_model()
    learner = (
        scope_users(User.objects.all(), viewer=viewer, user_field=None)
        .select_related("staff_profile__county", "staff_profile__agency")
        .filter(pk=user_id)
        .first()
    )
    if learner is None:
        raise Http404("No learner with that id in your scope.")
    profile = getattr(learner, "staff_profile", None)
    enrolments = list(
        Enrolment.objects.filter(user=learner)
        .annotate(status=enrolment_status_expression())
        .select_related("course", "certificate")
        .order_by("enrolled_at", "pk")
    )
    attempts = list(
        QuizAttempt.objects.filter(user=learner).select_related("quiz").order_by("started_at", "pk")
    )
    certificates = list(Certificate.objects.filter(user=learner).order_by("issued_at", "pk"))
    courses = [TranscriptCourse(enrolment=e) for e in enrolments]
    other = []
    for attempt in attempts:
        for entry in courses:
            if attempt.quiz.path.startswith(entry.enrolment.course.path):
                entry.attempts.append(attempt)
                break
        else:
            other.append(attempt)
    for entry in courses:
        entry.enrolment.status_label = STATUS_LABELS.get(entry.enrolment.status)
    return Transcript(
        learner=learner,
        profile=profile,
        courses=courses,
        other_attempts=other,
        certificates=certificates,
    )


# --- Programme summary ---------------------------------------------------------------


def period_bounds(
    date_from: datetime.date, date_to: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) as aware datetimes: local midnight of date_from to local midnight
    after date_to."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


BREAKDOWNS = (
    ("county", "County", f"{_PROFILE}county__name"),
    ("sex", "Sex", f"{_PROFILE}sex"),
    ("agency", "Agency", f"{_PROFILE}agency__name"),
)


@dataclass
class Breakdown:
    """Enrolled and completed counts for every course x group; totals are sums of the
    cells, so they add up by construction."""

    key: str
    label: str
    groups: list[str]
    enrolled: dict[tuple[int, str], int]
    completed: dict[tuple[int, str], int]


@dataclass
class KnowledgeGain:
    pre_n: int
    pre_mean: float | None
    post_n: int
    post_mean: float | None
    gain_n: int
    gain_mean: float | None


@dataclass
class ProgrammeSummary:
    date_from: datetime.date
    date_to: datetime.date
    courses: list[tuple[int, str]]
    breakdowns: list[Breakdown]
    knowledge: dict[int | None, KnowledgeGain]  # None: all courses

    def course_total(self, breakdown: Breakdown, measure: str, course_id: int) -> int:
        cells = getattr(breakdown, measure)
        return sum(v for (c, _), v in cells.items() if c == course_id)

    @property
    def enrolled_total(self) -> int:
        return sum(self.breakdowns[0].enrolled.values()) if self.breakdowns else 0

    @property
    def completed_total(self) -> int:
        return sum(self.breakdowns[0].completed.values()) if self.breakdowns else 0


def _group_label(key: str, value) -> str:
    if value in (None, ""):
        return NOT_RECORDED
    if key == "sex":
        return SEX_LABELS.get(value, value)
    return value


def _group_order(key: str, groups: set[str]) -> list[str]:
    if key == "sex":
        order = [label for _, label in StaffProfile.Sex.choices]
        known = [g for g in order if g in groups]
        rest = sorted(g for g in groups if g not in order and g != NOT_RECORDED)
    else:
        known, rest = sorted(g for g in groups if g != NOT_RECORDED), []
    return known + rest + ([NOT_RECORDED] if NOT_RECORDED in groups else [])


def programme_summary(
    *, viewer, date_from: datetime.date, date_to: datetime.date
) -> ProgrammeSummary:
    """The cohort of enrolments made between date_from and date_to (inclusive, Nairobi
    time), and how many of them were completed by the end of date_to, by course x county,
    sex and agency; with pre-test, post-test and knowledge-gain means per course.

    Counts are of enrolments (a learner on two courses counts once in each). Five
    queries whatever the size of the cohort.
    """
    start, end = period_bounds(date_from, date_to)
    cohort = scope_users(
        Enrolment.objects.filter(enrolled_at__gte=start, enrolled_at__lt=end), viewer=viewer
    )
    completed_q = Q(completed_at__isnull=False, completed_at__lt=end)
    titles: dict[int, str] = {}
    cells = {key: ({}, {}) for key, _label, _path in BREAKDOWNS}
    # One pass over the cohort grouped by every breakdown's field at once; each
    # breakdown is then a roll-up of the same rows, so all of them add up alike.
    paths = [path for _key, _label, path in BREAKDOWNS]
    rows = (
        cohort.order_by()
        .values("course_id", "course__title", *paths)
        .annotate(n=Count("pk"), done=Count("pk", filter=completed_q))
    )
    for row in rows:
        course_id = row["course_id"]
        titles[course_id] = row["course__title"]
        for key, _label, path in BREAKDOWNS:
            enrolled, completed = cells[key]
            cell = (course_id, _group_label(key, row[path]))
            enrolled[cell] = enrolled.get(cell, 0) + row["n"]
            completed[cell] = completed.get(cell, 0) + row["done"]
    breakdowns = []
    for key, label, _path in BREAKDOWNS:
        enrolled, completed = cells[key]
        groups = _group_order(key, {g for _course, g in enrolled})
        breakdowns.append(Breakdown(key, label, groups, enrolled, completed))
    courses = sorted(titles.items(), key=lambda item: (item[1].lower(), item[0]))
    return ProgrammeSummary(
        date_from=date_from,
        date_to=date_to,
        courses=courses,
        breakdowns=breakdowns,
        knowledge=knowledge.knowledge_gain_means(cohort=cohort),
    )


# --- Dashboard -----------------------------------------------------------------------


@dataclass
class Dashboard:
    date_from: datetime.date
    date_to: datetime.date
    by_county: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    months: list[datetime.date]
    by_course_month: list[tuple[str, list[int]]]  # (course title, count per month)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_county)


def _months(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    months, current = [], date_from.replace(day=1)
    while current <= date_to:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def dashboard_data(*, viewer, date_from: datetime.date, date_to: datetime.date) -> Dashboard:
    """Completions (courses completed between the two dates) by county, by sex and by
    course and month. Three queries."""
    start, end = period_bounds(date_from, date_to)
    done = scope_users(
        Enrolment.objects.filter(completed_at__gte=start, completed_at__lt=end), viewer=viewer
    ).order_by()
    by_county: dict[str, int] = {}
    for name, n in done.values_list(f"{_PROFILE}county__name").annotate(n=Count("pk")):
        label = _group_label("county", name)
        by_county[label] = by_county.get(label, 0) + n
    by_sex: dict[str, int] = {}
    for sex, n in done.values_list(f"{_PROFILE}sex").annotate(n=Count("pk")):
        label = _group_label("sex", sex)
        by_sex[label] = by_sex.get(label, 0) + n
    months = _months(date_from, date_to)
    index = {month: i for i, month in enumerate(months)}
    series: dict[str, list[int]] = {}
    rows = (
        done.annotate(month=TruncMonth("completed_at", tzinfo=timezone.get_current_timezone()))
        .values_list("course__title", "month")
        .annotate(n=Count("pk"))
    )
    for title, month, n in rows:
        month = month.date() if isinstance(month, datetime.datetime) else month
        counts = series.setdefault(title, [0] * len(months))
        if month in index:
            counts[index[month]] += n
    return Dashboard(
        date_from=date_from,
        date_to=date_to,
        by_county=sorted(by_county.items(), key=lambda item: (-item[1], item[0])),
        by_sex=[(g, by_sex[g]) for g in _group_order("sex", set(by_sex))],
        months=months,
        by_course_month=sorted(series.items()),
    )
