"""Cache-Control: no-store on everything a signed-in person sees, and on every download.

The test walks the site as each role: from the pages a person of that role starts on,
it follows every same-site link (one URL per shape: /admin/pages/12/ and /admin/pages/13/
count once) and checks each response.
"""

import re
from collections import deque
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from certificates.services import certificate_issue, certificate_render
from courses.models import Enrolment
from courses.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from courses.services import enrolment_create
from lms.people import roles
from tests.factories import build_course

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/my-learning/",
    "/catalogue/",
    "/certificates/",
    "/people/profile/",
    "/people/my-data/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/accounts/password/change/",
]
STAFF_START = ["/admin/", "/admin/reports/"]
# Never followed: they sign out (the walk would continue anonymous), are files
# whitenoise serves before any view, or are Wagtail's generic bulk-action forms.
SKIP = re.compile(r"^/(accounts/logout|admin/logout|admin/bulk/|static/|media/|_util/)")
PAGES_PER_ROLE = 150
# Links in the HTML, and the admin menu's URLs (Wagtail renders its sidebar from JSON).
HREF = re.compile(r'(?:href="|"url": ")([^"#]+)"')


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def walk(client, start: list[str]):
    seen: set[str] = set()
    queue = deque(start)
    visited = []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or SKIP.match(parts.path):
            continue
        key = shape(parts.path) + ("?" + shape(parts.query) if "export" in parts.query else "")
        if key in seen:
            continue
        seen.add(key)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path)
        visited.append((path, response))
        if response.status_code in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
            queue.append(urljoin(path, response["Location"]))
        content_type = response.get("Content-Type", "")
        if response.status_code == HTTPStatus.OK and content_type.startswith("text/html"):
            body = b"".join(response) if response.streaming else response.content
            for href in HREF.findall(body.decode()):
                queue.append(urljoin(path, href.replace("&amp;", "&")))
    return visited


@pytest.fixture
def learning_records(role_users):
    """Every learner-side page has something to show: enrolments, a submitted quiz with
    its review, a ready certificate."""
    course = build_course(module_quizzes=True, pretest=True, final_quiz=True)
    other = build_course(title="Border management", modules=1, lessons_per_module=1)
    for user in role_users.values():
        enrolment_create(user=user, course=course.course)
        attempt = quiz_attempt_start(user=user, quiz=course.module_quizzes[0])
        answers = {question_id: ["true"] for question_id in attempt.question_order}
        quiz_attempt_submit(attempt=attempt, user=user, answers=answers)
        enrolment = Enrolment.objects.create(
            user=user, course=other.course, completed_at=timezone.now(), final_score=90
        )
        certificate_render(certificate=certificate_issue(enrolment=enrolment))
    return course


@pytest.mark.parametrize("role", ["no role", *roles.ALL_ROLES])
def test_every_page_a_signed_in_role_reaches_is_never_stored(
    client, role_users, learning_records, role
):
    client.force_login(role_users[role])
    start = START + (STAFF_START if role != "no role" and role != roles.TRAINEE else [])
    start += [learning_records.course.url, learning_records.lessons[0].url]
    visited = walk(client, start)
    print(role, len(visited), [p for p, r in visited][:200])
    for kind in ("application/pdf",):
        print(kind, [p for p, r in visited if r.get("Content-Type", "").startswith(kind)])
    assert len(visited) > 15
    stored = [
        (path, response.status_code, response.get("Cache-Control"))
        for path, response in visited
        if "no-store" not in response.get("Cache-Control", "")
    ]
    assert stored == []
