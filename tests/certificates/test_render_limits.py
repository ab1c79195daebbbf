"""Issue 16: renders run with a time and a memory limit and fail into the retry path;
render task rows left RUNNING by a lost worker are recovered by the retry command."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from certificates import rendering
from certificates.models import Certificate, RenderStatus
from certificates.services import certificate_render
from certificates.tasks import render_certificate


def test_a_render_over_the_memory_limit_fails_into_the_retry_path(
    learner, certificate_factory, settings
):
    # 1 MiB of address space: the forked child cannot allocate anything.
    settings.CERTIFICATE_RENDER_MEMORY_LIMIT = 2**20
    certificate = certificate_render(certificate=certificate_factory(learner))
    assert certificate.render_status == RenderStatus.FAILED
    assert certificate.render_attempts == 1
    assert "memory limit" in certificate.render_error
    assert not certificate.pdf


@pytest.fixture
def hanging_weasyprint(monkeypatch):
    def hang(html, **kwargs):
        time.sleep(600)

    monkeypatch.setattr(rendering, "html_to_pdf", hang)


def test_a_render_over_the_time_limit_is_killed_and_fails_into_the_retry_path(
    learner, certificate_factory, settings, hanging_weasyprint
):
    settings.CERTIFICATE_RENDER_TIMEOUT = 0.5
    certificate = certificate_render(certificate=certificate_factory(learner))
    assert certificate.render_status == RenderStatus.FAILED
    assert certificate.render_attempts == 1
    assert "longer than its limit" in certificate.render_error


def test_the_render_task_reports_a_limit_failure_instead_of_hanging(
    learner, certificate_factory, settings, hanging_weasyprint
):
    settings.CERTIFICATE_RENDER_TIMEOUT = 0.5
    certificate = certificate_factory(learner)
    result = render_certificate.enqueue(certificate_id=certificate.pk)
    assert result.return_value == RenderStatus.FAILED


def test_within_the_limits_the_render_is_the_same_pdf(learner, certificate_factory):
    certificate = certificate_render(certificate=certificate_factory(learner))
    assert certificate.render_status == RenderStatus.READY
    assert certificate.pdf.read().startswith(b"%PDF-")


def _running_row(certificate, *, started_minutes_ago):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=now - datetime.timedelta(minutes=started_minutes_ago),
        args_kwargs={"args": [], "kwargs": {"certificate_id": certificate.pk, "force": False}},
        task_path=render_certificate.module_path,
        backend_name="default",
        run_after=now,
        worker_ids=["killed-worker"],
    )


def test_retry_command_recovers_render_rows_left_running_by_a_lost_worker(
    learner, learner_factory, certificate_factory, settings
):
    settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES = 30
    lost = certificate_factory(learner)
    busy = certificate_factory(learner_factory(full_name="Otieno Odhiambo"))
    stale_row = _running_row(lost, started_minutes_ago=45)
    live_row = _running_row(busy, started_minutes_ago=5)

    out = StringIO()
    call_command("retry_failed_certificate_renders", stdout=out)

    stale_row.refresh_from_db()
    live_row.refresh_from_db()
    assert stale_row.status == TaskResultStatus.FAILED and stale_row.finished_at
    assert "RenderWorkerLost" in stale_row.exception_class_path
    assert live_row.status == TaskResultStatus.RUNNING  # younger than the configured age
    assert "Recovered 1 render task" in out.getvalue()
    # The lost render counted as a failed attempt and was rendered again (the immediate
    # backend runs it at once).
    lost.refresh_from_db()
    assert lost.render_attempts == 1 and lost.render_status == RenderStatus.READY
    busy.refresh_from_db()
    assert busy.render_attempts == 0 and busy.render_status == RenderStatus.PENDING


def test_stale_age_is_configurable(learner, certificate_factory, settings):
    certificate = certificate_factory(learner)
    row = _running_row(certificate, started_minutes_ago=45)
    settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES = 60
    call_command("retry_failed_certificate_renders", stdout=StringIO())
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    settings.CERTIFICATE_RENDER_STALE_AFTER_MINUTES = 40
    call_command("retry_failed_certificate_renders", stdout=StringIO())
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert Certificate.objects.get(pk=certificate.pk).render_attempts == 1
