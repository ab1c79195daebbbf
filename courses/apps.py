from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from courses.cache import published_signals_connect

        published_signals_connect()
        self._personal_data_register()

    def _personal_data_register(self):
        from courses.personal_data import enrolments_anonymise, enrolments_export
        from lms.people import personal_data

        personal_data.register(
            name="courses", exporter=enrolments_export, anonymiser=enrolments_anonymise
        )
