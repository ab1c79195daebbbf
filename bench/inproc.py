"""The parts of `make bench` that run inside Django: checking the seed, preparing the
sessions and request files the load tool sends, in-process measurements, clean-up.

    python -m bench.inproc seeded N            -> {"synthetic_learners": n}
    python -m bench.inproc prepare STATE_DIR   -> {"scenarios": {...}} (request files)
    python -m bench.inproc measure NAME        -> {"value": ..., "baseline": ...}
    python -m bench.inproc cleanup MARK        -> removes rows the scenarios wrote

Run by bench/run.py with DJANGO_SETTINGS_MODULE=lms.settings.bench; prints one JSON line.
"""

import json
import os
import sys
from importlib import import_module
from pathlib import Path

import django

SESSION_LEARNERS = 200


def _sessions(users) -> list[str]:
    """Logged-in session cookies, made the way django.contrib.auth.login makes them."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def _course_paths(course_ids) -> list[str]:
    from courses.models import CoursePage

    return list(CoursePage.objects.filter(pk__in=course_ids).values_list("path", flat=True))


def _write(path: Path, lines: list[tuple[str, str, str, str]]) -> str:
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return str(path)


def seeded(n: str) -> dict:
    from lms.demo.services import synthetic_users

    return {"synthetic_learners": synthetic_users().count(), "wanted": int(n)}


def prepare(state: str) -> dict:
    """Sessions and request lines for the HTTP scenarios. Lines that need a CSRF token
    carry {csrf_cookie} and {csrf_token}, filled in by run.py from a real GET."""
    from courses.models import CourseIndexPage, Enrolment, LessonPage
    from lms.demo.services import SYNTHETIC_PASSWORD, synthetic_users

    out = Path(state)
    out.mkdir(parents=True, exist_ok=True)
    scenarios: dict = {}
    learners = synthetic_users().order_by("pk")
    scenarios["plain"] = _write(out / "plain.tsv", [("GET", "/bench/plain/", "", "")])
    index = CourseIndexPage.objects.live().first()
    if index:
        scenarios["catalogue"] = _write(out / "catalogue.tsv", [("GET", index.get_url(), "", "")])
    # Logged-in lesson page: learners part-way through a course, on a lesson of it.
    enrolments = list(
        Enrolment.objects.filter(
            user__in=learners, completed_at__isnull=True, last_lesson__isnull=False
        )
        .select_related("user", "last_lesson")
        .order_by("pk")[:SESSION_LEARNERS]
    )
    if enrolments:
        cookies = _sessions([e.user for e in enrolments])
        lesson_lines = [
            ("GET", LessonPage.objects.get(pk=e.last_lesson_id).get_url(), cookie, "")
            for e, cookie in zip(enrolments, cookies, strict=True)
        ]
        scenarios["lesson"] = _write(out / "lesson.tsv", lesson_lines)
        scenarios["logged_in"] = _write(
            out / "logged_in.tsv", [("GET", "/bench/logged-in/", cookie, "") for cookie in cookies]
        )
    # Page weight: every lesson of a learner enrolled on every course; the heaviest counts.
    from django.db.models import Count

    everywhere = learners.annotate(courses=Count("enrolments")).order_by("-courses", "pk").first()
    if everywhere is not None:
        course_ids = list(everywhere.enrolments.values_list("course_id", flat=True))
        paths = [
            lesson.get_url()
            for lesson in LessonPage.objects.live().order_by("path")
            if any(lesson.path.startswith(p) for p in _course_paths(course_ids))
        ]
        scenarios["weight"] = {"paths": paths, "cookie": _sessions([everywhere])[0]}
    # Logins of distinct learners (each login makes a new session).
    emails = list(learners.values_list("email", flat=True)[:2000])
    if emails:
        from urllib.parse import urlencode

        scenarios["login"] = _write(
            out / "login.tsv",
            [
                (
                    "POST",
                    "/accounts/login/",
                    "{csrf_cookie}",
                    urlencode({"login": email, "password": SYNTHETIC_PASSWORD})
                    + "&csrfmiddlewaretoken={csrf_token}",
                )
                for email in emails
            ],
        )
        scenarios["argon2"] = _write(
            out / "argon2.tsv",
            [("POST", "/bench/argon2/", "", urlencode({"password": SYNTHETIC_PASSWORD}))],
        )
    scenarios.update(_prepare_quiz(out))
    scenarios.update(_prepare_download(out))
    return {"scenarios": scenarios}


def _prepare_quiz(out: Path) -> dict:
    try:
        from bench.scenarios.quiz import prepare as quiz_prepare
    except ImportError as error:
        return {"quiz_unavailable": str(error)}
    return quiz_prepare(out, _sessions, _write)


def _prepare_download(out: Path) -> dict:
    try:
        from bench.scenarios.download import prepare as download_prepare
    except ImportError as error:
        return {"download_unavailable": str(error)}
    return download_prepare(out, _sessions, _write)


def soak_prepare(path: str, users: str) -> dict:
    """Sessions of learners part-way through a course, with that course's lessons (in
    order) and module quizzes, for the soak test's simulated learners."""
    from django.urls import reverse

    from courses.models import Enrolment
    from courses.selectors import course_structure

    enrolments = list(
        Enrolment.objects.filter(completed_at__isnull=True, user__email__endswith=".example")
        .select_related("user", "course")
        .order_by("pk")[: int(users)]
    )
    structures = {}
    learners = []
    cookies = _sessions([e.user for e in enrolments])
    for enrolment, cookie in zip(enrolments, cookies, strict=True):
        if enrolment.course_id not in structures:
            structure = course_structure(course=enrolment.course)
            structures[enrolment.course_id] = (
                [
                    {
                        "url": item.page.url,
                        "complete": reverse("courses:lesson_complete", args=[item.page.pk]),
                    }
                    for item in structure.lessons
                ],
                [
                    {"start": reverse("quizzes:start", args=[item.page.pk])}
                    for item in structure.quizzes
                    if item.quiz_kind == "module"
                ],
            )
        lessons, quizzes = structures[enrolment.course_id]
        learners.append({"cookie": cookie, "lessons": lessons, "quizzes": quizzes})
    Path(path).write_text(json.dumps(learners))
    return {"learners": len(learners)}


def measure(name: str) -> dict:
    module = import_module(f"bench.scenarios.{name}")
    return module.measure()


def cleanup(mark: str) -> dict:
    from django.contrib.sessions.models import Session

    from courses.quizzes.models import QuizAttempt, QuizResponse

    marks = json.loads(mark)
    attempts = QuizAttempt.objects.filter(pk__gt=marks.get("attempt", 0))
    QuizResponse.objects.filter(attempt__in=attempts).delete()
    removed = attempts.delete()[0]
    Session.objects.all().delete()
    return {"removed": removed}


def marks() -> dict:
    from django.db.models import Max

    from courses.quizzes.models import QuizAttempt

    return {"attempt": QuizAttempt.objects.aggregate(m=Max("pk"))["m"] or 0}


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.bench")
    django.setup()
    command, *args = argv
    result = {
        "seeded": seeded,
        "prepare": prepare,
        "measure": measure,
        "cleanup": cleanup,
        "marks": marks,
        "soak_prepare": soak_prepare,
    }[command](*args)
    sys.stdout.write(json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
