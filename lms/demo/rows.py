"""Multi-row INSERTs for the three big tables of the synthetic data (lesson completions,
quiz attempts, quiz responses: about 120 rows per learner).

bulk_create spends most of its time preparing each value of each model instance; for two
million rows that alone would take minutes. Here the rows are plain tuples whose values
are already in the database's form (JSON text, quantised Decimals, datetimes adapted by
the connection), written as INSERT ... VALUES (...), (...) statements in batches (what
bulk_create sends too) on SQLite and with COPY on PostgreSQL. No model save(), no
signals.
"""

from collections.abc import Sequence

from django.core.management.color import no_style
from django.db import connection, models

from courses.models import LessonCompletion
from courses.quizzes.models import QuizAttempt, QuizResponse

COMPLETION_COLUMNS = ("user_id", "lesson_id", "completed_at")
ATTEMPT_COLUMNS = (
    "id",
    "user_id",
    "quiz_id",
    "number",
    "revision_id",
    "question_order",
    "option_order",
    "started_at",
    "deadline",
    "submitted_at",
    "score_points",
    "max_points",
    "score_percent",
    "passed",
)
RESPONSE_COLUMNS = (
    "attempt_id",
    "block_id",
    "position",
    "question_type",
    "question_text",
    "options_snapshot",
    "chosen_option_ids",
    "chosen_text",
    "is_correct",
    "points_awarded",
    "points_possible",
)
# Rows per statement: SQLite allows 32,766 parameters per statement.
ROWS_PER_STATEMENT = 1000


def db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        # COPY: psycopg streams the rows in its C loop; multi-row INSERTs with Django's
        # client-side parameter binding spend most of their time quoting literals.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            batch = rows[start : start + ROWS_PER_STATEMENT]
            # Table and column names come from the models, never from input.
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(batch))  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])


def next_attempt_id() -> int:
    last = QuizAttempt.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def sequences_reset() -> None:
    """Attempt ids were given explicitly: move PostgreSQL's sequence past them."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [QuizAttempt, QuizResponse, LessonCompletion]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
