from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "courses.quizzes"
    label = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from lms.people import personal_data

        from .personal_data import quiz_attempts_anonymise, quiz_attempts_export

        personal_data.register(
            name="quiz_attempts", exporter=quiz_attempts_export, anonymiser=quiz_attempts_anonymise
        )
