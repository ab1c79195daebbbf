"""Admin wiring: the 'Quiz results' report (courses.quizzes.admin_views) and the
quiz-quality warnings shown after a quiz is saved (courses.quizzes.quality)."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import QuizPage
from .selectors import quiz_quality_warnings

# More than this many warnings after one save would bury the editor's own messages.
MAX_QUALITY_MESSAGES = 10


class QuizResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_may_see_quiz_results(request.user)


_urls = [
    path("", admin_views.QuizResultsView.as_view(), name="index"),
    path(
        "results/",
        admin_views.QuizResultsView.as_view(results_only=True),
        name="index_results",
    ),
    path("<int:quiz_id>/", admin_views.QuizItemAnalysisView.as_view(), name="items"),
    path(
        "<int:quiz_id>/results/",
        admin_views.QuizItemAnalysisView.as_view(results_only=True),
        name="items_results",
    ),
]


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    return [path("quiz-results/", include((_urls, "quiz_results"), namespace="quiz_results"))]


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        "Quiz results",
        reverse("quiz_results:index"),
        name="quiz-results",
        icon_name="tasks",
        order=650,
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_quiz_quality(request, page):
    """Item-writing flaws of the quiz just saved, as warnings: a draft is never blocked."""
    if not isinstance(page, QuizPage):
        return
    warnings = quiz_quality_warnings(quiz=page)
    for warning in warnings[:MAX_QUALITY_MESSAGES]:
        messages.warning(request, warning)
    hidden = len(warnings) - MAX_QUALITY_MESSAGES
    if hidden > 0:
        messages.warning(
            request,
            ngettext(
                "%(count)d more quiz-quality warning not shown; fix these first.",
                "%(count)d more quiz-quality warnings not shown; fix these first.",
                hidden,
            )
            % {"count": hidden},
        )
