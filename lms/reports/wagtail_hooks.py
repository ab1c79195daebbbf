"""The HR and programme reports in the Wagtail admin: URLs, the Reports menu items, and
the 'reports.export' log action.

The menu items are shown only to people who may view learner records, but hiding is not
the guard: every view checks the permission itself (lms/reports/urls.py).
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.people.access import can_view_learner_records

from . import urls
from .services import EXPORT_ACTION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("hr-reports/", include(urls, namespace="hr_reports"))]


class LearnerRecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_learner_records(request.user)


def _item(label, url_name, name, icon, order):
    return LearnerRecordsMenuItem(label, reverse(url_name), name=name, icon_name=icon, order=order)


@hooks.register("register_reports_menu_item")
def register_completions_menu_item():
    return _item("Completions", "hr_reports:completions", "hr-completions", "tasks", 10)


@hooks.register("register_reports_menu_item")
def register_summary_menu_item():
    return _item("Programme summary", "hr_reports:summary", "hr-summary", "table", 20)


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return _item("Dashboard", "hr_reports:dashboard", "hr-dashboard", "pick", 30)


@hooks.register("register_reports_menu_item")
def register_exports_menu_item():
    return _item("My exports", "hr_reports:export_list", "hr-exports", "download", 40)


@hooks.register("register_log_actions")
def register_export_action(actions):
    actions.register_action(EXPORT_ACTION, "Export report", "Exported a report")
