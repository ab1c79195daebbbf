"""A database connection lost in the middle of a quiz submit: a 503 that says nothing
was saved, and nothing is. Needs PostgreSQL (the connection is ended from outside)."""

from contextlib import contextmanager
from http import HTTPStatus

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from courses.quizzes.models import QuizAttempt
from courses.quizzes.services import quiz_attempt_start
from courses.quizzes.views import ANSWER_PREFIX
from tests.quizzes.conftest import RIGHT_ANSWERS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_terminate_backend); run with DATABASE_URL=postgres://...")


def _terminate(backend_pid: int) -> None:
    """What a database restart or failover does to the web process's connection."""
    params = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"] or None,
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


@contextmanager
def connection_killed_before(sql_fragment: str):
    """Ends the request's database connection just before the first query containing
    ``sql_fragment`` runs (Django's documented execute_wrapper hook)."""
    killed = []

    def wrapper(execute, sql, params, many, context):
        if not killed and sql_fragment in sql:
            killed.append(sql)
            _terminate(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield killed


def test_a_submit_that_loses_the_database_says_nothing_was_saved(client, enrolled, quiz):
    attempt = quiz_attempt_start(user=enrolled, quiz=quiz)
    client.force_login(enrolled)
    answers = {f"{ANSWER_PREFIX}{key}": value for key, value in RIGHT_ANSWERS.items()}

    with connection_killed_before("FOR UPDATE") as killed:
        response = client.post(f"/quizzes/attempts/{attempt.pk}/", answers)

    assert killed, "the submit never locked its attempt"
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Nothing was saved" in response.content.decode()
    assert "submit again" in response.content.decode()
    assert response["Retry-After"]
    attempt = QuizAttempt.objects.get(pk=attempt.pk)  # a fresh connection
    assert attempt.submitted_at is None
    assert not attempt.responses.exists()

    # The next request gets a healthy connection and the submit goes through.
    response = client.post(f"/quizzes/attempts/{attempt.pk}/", answers)
    assert response.status_code == HTTPStatus.FOUND
    assert QuizAttempt.objects.get(pk=attempt.pk).submitted_at is not None


def test_connections_are_health_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
