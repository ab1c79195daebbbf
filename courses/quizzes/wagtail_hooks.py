"""Admin wiring: the 'Quiz results' report (courses.quizzes.admin_views)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


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
