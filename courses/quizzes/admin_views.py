"""Quiz results and item analysis in the Wagtail admin (Reports > Quiz results).

For users who may change the course pages (Trainer, Lead trainer, Administrator): each
sees the quizzes they can edit. Aggregates only: no learner is named anywhere here.
Both views export CSV and XLSX through the reports' one export path
(lms.reports.exports.ReportExportMixin: formula-safe, constant memory, recorded).
Both declare what they need in the view: change permission on some page (Wagtail's page
permission policy), and for the item analysis, on that quiz.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from lms.reports.exports import ReportExportMixin
from lms.reports.models import ExportJob

from .analysis import quiz_item_analysis, quiz_results_rows
from .models import QuizPage


def editable_quizzes(user):
    """The quizzes ``user`` may edit: the only ones whose results they see."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return QuizPage.objects.filter(pk__in=editable.values("pk"))


def user_may_see_quiz_results(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and PagePermissionPolicy().user_has_permission(user, "change")
    )


class _PercentColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return "–" if value is None else f"{value}%"


class QuizReportView(ReportExportMixin, ReportView):
    """Wagtail's permission check in the view: change permission on some page."""

    permission_policy = PagePermissionPolicy()
    permission_required = "change"


class QuizResultsView(QuizReportView):
    page_title = "Quiz results"
    header_icon = "tasks"
    index_url_name = "quiz_results:index"
    index_results_url_name = "quiz_results:index_results"
    paginate_by = 100
    list_export = ["title", "course", "kind", "attempts", "learners", "pass_rate", "mean_percent"]
    export_headings = {
        "title": "Quiz",
        "course": "Course",
        "kind": "Kind",
        "attempts": "Submitted attempts",
        "learners": "Learners",
        "pass_rate": "Pass rate (%)",
        "mean_percent": "Mean score (%)",
    }
    no_results_message = "No quizzes you can edit yet."
    export_report = ExportJob.Report.QUIZ_RESULTS
    export_sheet_title = "Quiz results"

    def get_filename(self):
        return f"quiz-results-{datetime.date.today():%Y-%m-%d}"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Quiz",
                get_url=lambda row: reverse("quiz_results:items", args=[row.quiz_id]),
            ),
            Column("course", label="Course"),
            Column("kind", label="Kind"),
            Column("attempts", label="Submitted attempts"),
            Column("learners", label="Learners"),
            _PercentColumn("pass_rate", label="Pass rate"),
            _PercentColumn("mean_percent", label="Mean score"),
        ]

    def get_queryset(self):
        return quiz_results_rows(quizzes=editable_quizzes(self.request.user))


class QuizItemAnalysisView(QuizReportView):
    header_icon = "tasks"
    index_url_name = "quiz_results:items"
    index_results_url_name = "quiz_results:items_results"
    results_template_name = "quizzes/admin/item_analysis_results.html"
    paginate_by = None
    list_export = [
        "position",
        "question",
        "question_type",
        "responses",
        "facility",
        "wrong_option",
        "wrong_option_count",
        "discrimination",
    ]
    export_headings = {
        "position": "#",
        "question": "Question",
        "question_type": "Type",
        "responses": "Responses",
        "facility": "Facility (% right)",
        "wrong_option": "Most-chosen wrong option",
        "wrong_option_count": "Times chosen",
        "discrimination": "Discrimination (upper 27% - lower 27%)",
    }
    no_results_message = "No submitted attempts yet."
    export_report = ExportJob.Report.ITEM_ANALYSIS
    export_sheet_title = "Item analysis"

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        try:
            self.quiz = get_object_or_404(
                editable_quizzes(request.user).select_related("questions_from"),
                pk=kwargs["quiz_id"],
            )
        except Http404:
            raise PermissionDenied from None
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return f"Item analysis: {self.quiz.title}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.quiz.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.quiz.pk])

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items()[:-1],
            {"url": reverse("quiz_results:index"), "label": "Quiz results"},
            {"url": "", "label": self.quiz.title},
        ]

    def get_filename(self):
        return f"item-analysis-{self.quiz.slug}-{datetime.date.today():%Y-%m-%d}"

    def export_filters(self) -> dict[str, str]:
        return {"quiz": str(self.quiz.pk)}

    @cached_property
    def analysis(self):
        return quiz_item_analysis(quiz=self.quiz)

    @cached_property
    def columns(self):
        return [
            Column("position", label="#"),
            Column("question", label="Question"),
            Column("question_type", label="Type"),
            Column("responses", label="Responses"),
            _PercentColumn("facility", label="Facility (% right)"),
            Column("wrong_option", label="Most-chosen wrong option"),
            Column("wrong_option_count", label="Times chosen"),
            Column("discrimination", label="Discrimination"),
        ]

    def get_queryset(self):
        return self.analysis.items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(quiz=self.quiz, analysis=self.analysis)
        return context
