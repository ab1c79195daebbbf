"""`make bench`: the benchmark suite. See bench/README.md.

Starts the app under gunicorn with lms.settings.bench (production settings on plain
HTTP), on PostgreSQL when DATABASE_URL is set and on bench/.state/bench.sqlite3 otherwise;
migrates, loads the curriculum, seeds 20,000 synthetic learners once; drives each HTTP
scenario and its baseline with wrk from a second process; runs the in-process scenarios
with the server stopped; prints one table and writes bench/results/latest.json.

Environment knobs (for short smoke runs while developing):
  BENCH_ONLY=lesson,login   only these scenarios
  BENCH_DURATION=10         seconds per wrk run
  BENCH_LEARNERS=20000      synthetic learners (seeded once per database)
  BENCH_WORKERS=3           gunicorn worker processes
  BENCH_CONNECTIONS=8       wrk connections
  BENCH_REDIS_URL=redis://127.0.0.1:6379/15
                            the cache and session store, as in production (used when a
                            Redis answers there; "off" for per-process local memory)
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(ROOT))
STATE = ROOT / "bench" / ".state"
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "lua" / "requests.lua"
PY = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "20000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = 2
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ONLY = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}
BASE = f"http://127.0.0.1:{PORT}"


def _env() -> dict:
    env = os.environ.copy()
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.bench"
    # One key for the whole run, shared by every process (sessions are signed with it).
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    env["PYTHONPATH"] = str(ROOT)
    env["LOG_LEVEL"] = "ERROR"
    redis_url = _reachable_redis(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
        env["SINGLE_PROCESS_CACHE"] = "1"  # production settings refuse otherwise
    return env


def _reachable_redis(url: str) -> str:
    """``url`` if a Redis server accepts connections there, else "" (a warning is printed).

    Production runs with Redis (shared cache, sessions read from it); without it every
    gunicorn worker has its own cache and sessions are read from the database.
    """
    if url == "off":
        return ""
    match = re.match(r"redis://(?:[^@/]*@)?([^:/]+)(?::(\d+))?", url)
    if not match:
        raise SystemExit(f"BENCH_REDIS_URL must look like redis://host:port/db, not {url!r}")
    host, port = match.group(1), int(match.group(2) or 6379)
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        print(
            f"[bench] no Redis at {host}:{port}: local-memory cache per worker and database "
            "sessions (not production-like; start Redis or set BENCH_REDIS_URL)",
            file=sys.stderr,
        )
        return ""
    return url


ENV = _env()


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def inproc(*args: str) -> dict:
    result = subprocess.run(
        [PY, "-m", "bench.inproc", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


# --- setting up ------------------------------------------------------------------------


def database_label() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith("postgres") else "sqlite"


def prepare_database() -> dict:
    STATE.mkdir(parents=True, exist_ok=True)
    log(f"database: {database_label()}; migrating, collecting static files, loading content")
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    manage("load_content")
    if ENV.get("REDIS_URL"):
        # The bench's own Redis database: nothing cached for an earlier database survives.
        manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
    info = {"seed_seconds": None, "cache": "redis" if ENV.get("REDIS_URL") else "locmem"}
    if inproc("seeded", str(LEARNERS))["synthetic_learners"] == LEARNERS:
        log(f"{LEARNERS} synthetic learners already seeded: skipping")
        return info
    log(f"seeding {LEARNERS} synthetic learners (seed_demo --learners {LEARNERS} --seed {SEED})")
    started = time.perf_counter()
    manage("seed_demo", "--learners", str(LEARNERS), "--seed", str(SEED), "--force")
    info["seed_seconds"] = round(time.perf_counter() - started, 1)
    log(f"seeded in {info['seed_seconds']} s")
    (STATE / f"seeded-{database_label()}.json").write_text(
        json.dumps({"learners": LEARNERS, "seed": SEED, "seconds": info["seed_seconds"]})
    )
    return info


def bind_listener(port: int) -> socket.socket:
    """The server's listening socket, bound here and handed to gunicorn (``fd://``): a
    taken port stops the run instead of measuring whatever already answers there."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        sock.close()
        raise SystemExit(
            f"[bench] port {port} is taken ({error.strerror}): another server listens there "
            "and its numbers would be measured. Stop it or set BENCH_PORT to a free port."
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def wait_until_answering(process: subprocess.Popen, url: str, *, timeout: float = 60) -> None:
    """Return once ``url`` answers 200 while ``process`` (the one serving our socket) is
    alive; exit with a message when the process stops or never answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"[bench] the server stopped (exit status {process.returncode}) before it "
                "answered; its log is above. Nothing was measured."
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and process.poll() is None:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"[bench] the server did not answer {url} within {timeout:.0f} s")


class Server:
    """gunicorn with the bench settings, started and stopped by this process."""

    def __init__(self):
        self.process = None

    def start(self) -> None:
        log(f"starting gunicorn ({WORKERS} workers) on {BASE}")
        listener = bind_listener(PORT)
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "lms.wsgi:application",
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
            pass_fds=(listener.fileno(),),
        )
        listener.close()  # gunicorn holds it now
        wait_until_answering(self.process, f"{BASE}/healthz")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and form token from a real GET of the login page."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{BASE}/accounts/login/") as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c for c in jar if c.name == "csrftoken")
    return f"csrftoken={cookie.value}", token


def fill_csrf(path: str, pair: tuple[str, str]) -> str:
    """Put the CSRF cookie and token into a request file's placeholders."""
    source = Path(path)
    text = source.read_text().replace("{csrf_token}", pair[1])
    lines = []
    for line in text.splitlines():
        method, target, cookie, body = (line.split("\t") + [""] * 4)[:4]
        cookie = "; ".join(c for c in cookie.replace("{csrf_cookie}", pair[0]).split("; ") if c)
        if "{csrf_cookie}" not in line and method == "POST" and "csrftoken" not in cookie:
            cookie = "; ".join(c for c in (cookie, pair[0]) if c)
        lines.append("\t".join((method, target, cookie, body)))
    filled = source.with_suffix(".filled.tsv")
    filled.write_text("\n".join(lines) + "\n")
    return str(filled)


# --- wrk ----------------------------------------------------------------------------------


def wrk(
    requests_file: str,
    statuses: str,
    *,
    mode: str = "cycle",
    rate: float = 0,
    duration: int = DURATION,
    connections: int = CONNECTIONS,
) -> dict:
    command = [
        WRK,
        "-t",
        str(THREADS),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        BASE,
        "--",
        requests_file,
        statuses,
        mode,
        str(THREADS),
        str(int(rate)),
    ]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    line = next(ln for ln in output.splitlines() if ln.startswith('{"bench"'))
    result = json.loads(line)
    result["rate"] = round(result["ok"] / result["active_s"], 1) if result["active_s"] else 0
    errors = result["connect_errors"] + result["read_errors"] + result["write_errors"]
    result["errors"] = errors + result["timeouts"] + result["unexpected"]
    return result


def saturation(requests_file: str, statuses: str, *, mode: str = "cycle") -> dict:
    wrk(requests_file, statuses, mode=mode, duration=2)  # warm the workers' caches
    return wrk(requests_file, statuses, mode=mode)


# --- results -----------------------------------------------------------------------------

ROWS: list[dict] = []


def row(
    scenario, measure, value, baseline=None, *, target=None, higher_is_better=True, unit="", note=""
):
    ratio = None
    if value is not None and baseline:
        ratio = round(value / baseline, 3)
    verdict = "-"
    if target is not None:
        compared = ratio if baseline is not None else value
        if compared is None:
            verdict = "n/a"
        elif higher_is_better:
            verdict = "pass" if compared >= target else "FAIL"
        else:
            verdict = "pass" if compared <= target else "FAIL"
    target_text = (
        ""
        if target is None
        else (">= " if higher_is_better else "<= ")
        + (f"{target}x" if baseline is not None else f"{target} {unit}".strip())
    )
    entry = {
        "scenario": scenario,
        "measure": measure,
        "value": value,
        "baseline": baseline,
        "ratio": ratio,
        "target": target_text,
        "result": verdict,
        "unit": unit,
        "note": note,
    }
    ROWS.append(entry)
    log(f"{scenario} / {measure}: {value} {unit} (baseline {baseline}, ratio {ratio}) {verdict}")
    return entry


def unavailable(scenario: str, measure: str, why: str) -> None:
    row(scenario, measure, None, None, note=f"not measured: {why}")


def print_table() -> None:
    headers = ["scenario", "measure", "value", "baseline", "ratio", "target", "pass/fail"]
    table = [headers]
    for r in ROWS:
        fmt = lambda v: "" if v is None else (f"{v:,.2f}" if isinstance(v, float) else f"{v}")  # noqa: E731
        value = f"{fmt(r['value'])} {r['unit']}".strip() if r["value"] is not None else "-"
        table.append(
            [
                r["scenario"],
                r["measure"],
                value,
                fmt(r["baseline"]),
                fmt(r["ratio"]),
                r["target"],
                r["result"] if r["value"] is not None else r["note"],
            ]
        )
    widths = [max(len(str(line[i])) for line in table) for i in range(len(headers))]
    for index, line in enumerate(table):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


# --- the scenarios -----------------------------------------------------------------------


def http_scenarios(prepared: dict) -> None:
    files = prepared["scenarios"]
    pair = csrf_pair()
    plain = saturation(files["plain"], "200")
    row("baseline: plain view", "requests/s", plain["rate"], unit="req/s")
    if wanted("lesson") or wanted("catalogue"):
        paced_plain = wrk(files["plain"], "200", rate=0.7 * plain["rate"])
        row("baseline: plain view", "p95 at 70% load", paced_plain["p95_ms"], unit="ms")

    if wanted("lesson"):
        if "lesson" in files:
            lesson = saturation(files["lesson"], "200")
            row(
                "lesson page, logged in",
                "requests/s",
                lesson["rate"],
                plain["rate"],
                target=0.30,
                unit="req/s",
                note=_errors(lesson),
            )
            # Not judged: the floor of any logged-in page (session and user, nothing else).
            floor = saturation(files["logged_in"], "200")
            row(
                "floor: plain view, logged in",
                "requests/s",
                floor["rate"],
                plain["rate"],
                unit="req/s",
                note=_errors(floor),
            )
            paced = wrk(files["lesson"], "200", rate=0.7 * lesson["rate"])
            row(
                "lesson page, logged in",
                "p95 at 70% of saturation",
                paced["p95_ms"],
                paced_plain["p95_ms"],
                unit="ms",
                note=_errors(paced),
            )
        else:
            unavailable("lesson page, logged in", "requests/s", "no learner in progress")

    if wanted("catalogue"):
        if "catalogue" in files:
            catalogue = saturation(files["catalogue"], "200")
            row(
                "course catalogue, anonymous",
                "requests/s",
                catalogue["rate"],
                plain["rate"],
                target=0.50,
                unit="req/s",
                note=_errors(catalogue),
            )
        else:
            unavailable("course catalogue, anonymous", "requests/s", "no catalogue page")

    if wanted("quiz"):
        if "quiz_submit" in files:
            submit = wrk(fill_csrf(files["quiz_submit"], pair), files["quiz_statuses"], mode="once")
            raw = wrk(files["quiz_raw"], "200", mode="once")
            row(
                "quiz submit, 10 questions",
                "submissions/s",
                submit["rate"],
                raw["rate"],
                target=0.50,
                unit="/s",
                note=_errors(submit) + _errors(raw),
            )
        else:
            unavailable(
                "quiz submit, 10 questions",
                "submissions/s",
                files.get("quiz_unavailable", "no quiz"),
            )

    if wanted("download"):
        if "download" in files:
            download = saturation(files["download"], "200")
            plain_file = saturation(files["download_plain"], "200")
            row(
                "stored certificate download",
                "requests/s",
                download["rate"],
                plain_file["rate"],
                target=0.50,
                unit="req/s",
                note=_errors(download) + _errors(plain_file),
            )
        else:
            unavailable(
                "stored certificate download",
                "requests/s",
                files.get("download_unavailable", "no certificate"),
            )

    if wanted("login"):
        if "login" in files:
            login = wrk(fill_csrf(files["login"], pair), "302", mode="cycle")
            argon = wrk(files["argon2"], "200")
            row(
                "login",
                "logins/s",
                login["rate"],
                argon["rate"],
                target=0.8,
                unit="/s",
                note=_errors(login) + " baseline: argon2 verify view, same hash",
            )
        else:
            unavailable("login", "logins/s", "no synthetic learners")

    if wanted("weight") and "weight" in files:
        from bench.weight import PAGE_BUDGET_KB, page_weight

        pages = [
            dict(page_weight(BASE, path, files["weight"]["cookie"]), path=path)
            for path in files["weight"]["paths"]
        ]
        heaviest = max(pages, key=lambda page: page["kb"])
        third_party = sorted({url for page in pages for url in page["third_party"]})
        row(
            "lesson page weight",
            "KB transferred, heaviest lesson (no images)",
            heaviest["kb"],
            target=PAGE_BUDGET_KB,
            higher_is_better=False,
            unit="KB",
            note=f"{len(pages)} lessons; median {sorted(p['kb'] for p in pages)[len(pages) // 2]}"
            f" KB; heaviest {heaviest['path']}",
        )
        row(
            "lesson page weight",
            "third-party requests (all lessons)",
            len(third_party),
            target=0,
            higher_is_better=False,
            note=", ".join(third_party[:5]),
        )
        # The home page (issue 15): the programme, its areas and courses, same budget.
        home = page_weight(BASE, "/", "")
        row(
            "home page weight",
            "KB transferred, home page as a visitor (no images)",
            home["kb"],
            target=PAGE_BUDGET_KB,
            higher_is_better=False,
            unit="KB",
            note=", ".join(home["third_party"][:5]) or "no third-party requests",
        )
        RESULTS_EXTRA["page_weight"] = {
            "home": {"kb": home["kb"], "html_bytes": home["html_bytes"]},
            "heaviest": heaviest,
            "pages": [
                {"path": p["path"], "kb": p["kb"], "html_bytes": p["html_bytes"]} for p in pages
            ],
        }


def _errors(result: dict) -> str:
    if not result.get("errors") and not result.get("exhausted"):
        return ""
    parts = []
    if result.get("unexpected"):
        parts.append(
            f"{result['unexpected']} unexpected status (first {result['first_unexpected_status']})"
        )
    if result.get("timeouts"):
        parts.append(f"{result['timeouts']} timeouts")
    socket = result["connect_errors"] + result["read_errors"] + result["write_errors"]
    if socket:
        parts.append(f"{socket} socket errors")
    if result.get("exhausted"):
        parts.append("request pool ran dry (rate over active time)")
    return "; ".join(parts) + " "


IN_PROCESS = ("certificate_render", "export_csv", "export_xlsx", "programme_summary")
RESULTS_EXTRA: dict = {}


def in_process_scenarios() -> None:
    for name in IN_PROCESS:
        if not wanted(name):
            continue
        log(f"in-process: {name}")
        try:
            result = inproc("measure", name)
        except subprocess.CalledProcessError as error:
            unavailable(name, "-", f"failed ({error.returncode}), see the log above")
            continue
        for entry in result["rows"]:
            row(**entry)


def main() -> None:
    if not Path(WRK).exists():
        raise SystemExit("wrk is needed for make bench: sudo apt-get install wrk")
    info = prepare_database()
    marks = inproc("marks")
    prepared = inproc("prepare", str(STATE / "requests"))
    server = Server()
    try:
        server.start()
        http_scenarios(prepared)
    finally:
        server.stop()
    in_process_scenarios()
    inproc("cleanup", json.dumps(marks))
    print_table()
    RESULTS.mkdir(exist_ok=True)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": database_label(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {
            "learners": LEARNERS,
            "seed": SEED,
            "duration_s": DURATION,
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "cache": info["cache"],
        },
        "seed_seconds": info["seed_seconds"],
        "rows": ROWS,
        **RESULTS_EXTRA,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, default=str))
    log(f"wrote {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
