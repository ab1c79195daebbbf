from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Site"

    def ready(self):
        from lms.navigation import connect_signals

        connect_signals()
