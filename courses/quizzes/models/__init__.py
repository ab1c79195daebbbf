from .attempts import QuizAttempt, QuizResponse
from .pages import QuizPage

__all__ = ["QuizAttempt", "QuizPage", "QuizResponse"]
