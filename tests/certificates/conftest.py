import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import build_course


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Each test stores its PDFs in its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def profile_factory(busia):
    from lms.people.models import Agency
    from lms.people.services import staff_profile_save

    def make(user, **overrides):
        fields = {
            "full_name": "Wanjiru Ng'ang'a",
            "sex": "female",
            "service": "county",
            "county": busia,
            "agency": Agency.objects.filter(is_active=True).order_by("pk").first(),
            "job_title": "Port Health Officer",
            "duty_station": "Busia One Stop Border Post",
            "staff_number": "",
            **overrides,
        }
        return staff_profile_save(user=user, **fields)

    return make


@pytest.fixture
def learner_factory(user_factory, profile_factory):
    def make(**profile_fields):
        user = user_factory()
        profile_factory(user, **profile_fields)
        return user

    return make


@pytest.fixture
def learner(learner_factory):
    return learner_factory()


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
    """Counts WeasyPrint renders (the real ones still happen)."""
    from certificates import rendering

    calls = []
    original = rendering.html_to_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(rendering, "html_to_pdf", counting)
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
