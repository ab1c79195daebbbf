"""`make bench-soak`: 2,000 simulated learners with 30-90 s think time, reading lessons
and taking quizzes, against the app under gunicorn; reports p95 latency and errors.

Goal (issue 9): p95 <= 500 ms and zero errors on 2 cores, against PostgreSQL (set
DATABASE_URL; on SQLite it runs but says so). Not part of CI. Knobs:
  SOAK_USERS=2000  SOAK_MINUTES=10  SOAK_SPAWN_RATE=20  BENCH_WORKERS=3
  SOAK_THINK_MIN=30  SOAK_THINK_MAX=90 (seconds between a learner's steps)
Uses the same database, seed and settings as `make bench` (bench/run.py).
"""

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

USERS = int(os.environ.get("SOAK_USERS", "2000"))
MINUTES = float(os.environ.get("SOAK_MINUTES", "10"))
SPAWN_RATE = float(os.environ.get("SOAK_SPAWN_RATE", "20"))
P95_TARGET_MS = 500


def main() -> None:
    if run.database_label() != "postgresql":
        run.log("DATABASE_URL is not PostgreSQL: the soak goal is stated for PostgreSQL")
    run.prepare_database()
    marks = run.inproc("marks")
    learners_file = run.STATE / "soak-learners.json"
    run.inproc("soak_prepare", str(learners_file), str(USERS))
    server = run.Server()
    prefix = run.STATE / "soak"
    try:
        server.start()
        run.log(f"locust: {USERS} learners, spawn {SPAWN_RATE}/s, {MINUTES} minutes")
        subprocess.run(
            [
                str(Path(run.PY).parent / "locust"),
                "-f",
                str(run.ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                run.BASE,
                "-u",
                str(USERS),
                "-r",
                str(SPAWN_RATE),
                "-t",
                f"{int(MINUTES * 60)}s",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=run.ROOT,
            env={**run.ENV, "SOAK_LEARNERS": str(learners_file)},
            check=False,
        )
    finally:
        server.stop()
    run.inproc("cleanup", json.dumps(marks))
    report(prefix)


def report(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv") as handle:
        stats = list(csv.DictReader(handle))
    total = next(r for r in stats if r["Name"] == "Aggregated")
    p95 = float(total["95%"])
    errors = int(total["Failure Count"])
    requests = int(total["Request Count"])
    print(f"{'request':32} {'count':>8} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for r in stats:
        print(
            f"{r['Name'][:32]:32} {r['Request Count']:>8} {r['Failure Count']:>7} "
            f"{r['50%']:>7} {r['95%']:>7} {r['99%']:>7}"
        )
    ok = p95 <= P95_TARGET_MS and errors == 0
    print(
        f"\nsoak: {requests} requests, p95 {p95:.0f} ms (goal <= {P95_TARGET_MS}), "
        f"{errors} errors (goal 0): {'pass' if ok else 'FAIL'}"
    )
    run.RESULTS.mkdir(exist_ok=True)
    (run.RESULTS / "soak.json").write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "database": run.database_label(),
                "users": USERS,
                "minutes": MINUTES,
                "requests": requests,
                "p95_ms": p95,
                "errors": errors,
                "result": "pass" if ok else "FAIL",
                "by_request": stats,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
