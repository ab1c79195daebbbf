from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = "Reports"
