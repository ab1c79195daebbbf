"""Baselines for `make bench`: the least a Django view can do for the same job.

Each scenario's ratio compares the platform's view with one of these, measured in the
same run on the same server. They skip what the real views do on purpose (templates,
permissions, forms, the ORM), so the ratio shows what that work costs. Routed only by
lms.settings.bench (bench/urls.py).
"""

import json

from argon2 import PasswordHasher
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

_cache: dict = {}


def plain(request):
    """A plain Django view returning a short string: the ceiling of the stack."""
    return HttpResponse("ok", content_type="text/plain")


def logged_in_plain(request):
    """The plain view for a logged-in visitor: reads the session and the user, as every
    logged-in page must, and nothing else. Not a baseline with a target: it shows the
    floor that any logged-in page stands on (bench/README.md)."""
    if not request.user.is_authenticated:
        return HttpResponse("not logged in", status=403, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def stored_file(request):
    """The stored file streamed as is: no lookup, no permission check."""
    name = request.GET.get("name", "")
    if not name:
        return HttpResponseBadRequest("Give the stored file's name in ?name=.")
    return FileResponse(default_storage.open(name, "rb"), content_type="application/pdf")


def _questions(quiz_id: int) -> list[dict]:
    """The quiz's questions, read once per process (the real view reads its revision)."""
    if quiz_id not in _cache:
        from courses.quizzes.models import QuizPage

        quiz = QuizPage.objects.get(pk=quiz_id)
        _cache[quiz_id] = [
            {
                "id": q.id,
                "type": q.type,
                "text": q.text,
                "points": str(q.points),
                "correct": sorted(q.correct_ids),
                "snapshot": json.dumps(q.snapshot()),
            }
            for q in quiz.pool().values()
        ]
    return _cache[quiz_id]


@csrf_exempt
@require_POST
def quiz_raw_inserts(request):
    """What a quiz submission writes, in raw SQL: the attempt row and one response row per
    question, in one transaction. POST: user, quiz, and q_<question id>=<option id>."""
    user_id = int(request.POST["user"])
    quiz_id = int(request.POST["quiz"])
    questions = _questions(quiz_id)[:10]
    rows, awarded_total, possible = [], 0.0, 0.0
    for position, q in enumerate(questions, start=1):
        chosen = request.POST.getlist(f"q_{q['id']}")
        right = sorted(chosen) == q["correct"]
        points = float(q["points"])
        awarded_total += points if right else 0.0
        possible += points
        rows.append((position, q, chosen, right, points))
    percent = round(100 * awarded_total / possible, 2) if possible else 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO quizzes_quizattempt (user_id, quiz_id, number, question_order,"
            " option_order, started_at, submitted_at, score_points, max_points, score_percent,"
            " passed) SELECT %s, %s, COALESCE(MAX(number), 0) + 1, %s, %s, %s, %s, %s, %s,"
            " %s, %s FROM quizzes_quizattempt WHERE user_id = %s AND quiz_id = %s"
            " RETURNING id",
            [
                user_id,
                quiz_id,
                json.dumps([q["id"] for q in questions]),
                "{}",
                _now(),
                _now(),
                awarded_total,
                possible,
                percent,
                percent >= 70,
                user_id,
                quiz_id,
            ],
        )
        attempt_id = cursor.fetchone()[0]
        cursor.executemany(
            "INSERT INTO quizzes_quizresponse (attempt_id, block_id, position, question_type,"
            " question_text, options_snapshot, chosen_option_ids, chosen_text, is_correct,"
            " points_awarded, points_possible) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s, %s)",
            [
                (
                    attempt_id,
                    q["id"],
                    position,
                    q["type"],
                    q["text"],
                    q["snapshot"],
                    json.dumps(chosen),
                    "",
                    right,
                    points if right else 0,
                    points,
                )
                for position, q, chosen, right, points in rows
            ],
        )
    return HttpResponse(str(attempt_id), content_type="text/plain")


def _now():
    from django.utils import timezone

    return timezone.now()


@csrf_exempt
@require_POST
def argon2_verify(request):
    """A bare argon2 verification of the posted password against the synthetic learners'
    stored hash: same algorithm, same parameters (read from the hash) as a login."""
    if "hash" not in _cache:
        from lms.demo.services import synthetic_users

        encoded = synthetic_users().values_list("password", flat=True).first()
        _cache["hash"] = "$" + encoded.split("$", 1)[1]  # Django prefixes "argon2"
    try:
        PasswordHasher().verify(_cache["hash"], request.POST.get("password", ""))
    except Exception:
        return HttpResponse("no", status=401, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
