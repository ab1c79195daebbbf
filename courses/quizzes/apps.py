from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "courses.quizzes"
    label = "quizzes"
    verbose_name = "Quizzes"
