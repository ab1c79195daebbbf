import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone

from tests.factories import build_course


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Each test stores its PDFs in its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def profile_factory(profile_factory):
    # The name and job printed on the certificates these tests read.
    return partial(
        profile_factory,
        full_name="Wanjiru Ng'ang'a",
        service="county",
        job_title="Port Health Officer",
    )


@pytest.fixture
def course(db):
    built = build_course(title="Migration health at points of entry", modules=1)
    page = built.course
    page.recertification_months = 24
    page.estimated_hours = 6
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def completed_enrolment(course):
    from courses.models import Enrolment

    def make(user, *, on=None, score=Decimal("85.00"), course_page=None):
        completed_at = on or timezone.make_aware(datetime.datetime(2026, 3, 31, 10, 0))
        return Enrolment.objects.create(
            user=user, course=course_page or course, completed_at=completed_at, final_score=score
        )

    return make


@pytest.fixture
def certificate_factory(completed_enrolment):
    """An issued certificate (the render task is not run: on_commit never fires inside a
    test transaction unless a test asks for it)."""
    from certificates.services import certificate_issue

    def make(user, **kwargs):
        return certificate_issue(enrolment=completed_enrolment(user, **kwargs))

    return make


@pytest.fixture
def render_calls(monkeypatch):
    """Counts WeasyPrint renders for storage (the real ones still happen, in their limited
    child process; the count is taken in this one)."""
    from certificates import rendering

    calls = []
    original = rendering.pdf_within_limits

    def counting(html):
        calls.append(html)
        return original(html)

    monkeypatch.setattr(rendering, "pdf_within_limits", counting)
    return calls


@pytest.fixture
def staff_factory(user_factory, profile_factory, with_totp):
    """An HR officer or administrator with a profile (county) and two-factor set up."""

    def make(role, *, county=None, mfa=True):
        user = user_factory(groups=[role])
        profile_factory(user, **({"county": county} if county else {}), full_name="Staff Member")
        if mfa:
            with_totp(user)
        return user

    return make
