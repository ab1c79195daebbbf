"""`make bench`: production settings on plain HTTP at 127.0.0.1, plus the baseline views.

bench/run.py sets SECRET_KEY (generated for the run) and the database before starting
gunicorn, and every process of the run shares them.
"""

import os

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The load generator talks to gunicorn directly: no proxy in front.
os.environ.setdefault("TRUSTED_PROXY_COUNT", "0")

from .production import *  # noqa: E402

# No TLS on the loopback: no redirect, and cookies must travel over plain HTTP (the
# soak test's HTTP client drops Secure cookies on http://).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# __Host- cookies must be Secure; plain-HTTP runs use Django's default names.
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
# The login scenario sends hundreds of logins a second from one address; allauth's
# per-IP limits would answer 429 after 30. The cost of the limiter itself is one cache
# round trip, which the numbers then do not include (noted in bench/README.md).
ACCOUNT_RATE_LIMITS = False
# The baseline views (bench/views.py) are routed only here, never in lms.urls.
ROOT_URLCONF = "bench.urls"

if not os.environ.get("DATABASE_URL"):
    # Never the development database: the bench has its own SQLite file.
    DATABASES["default"]["NAME"] = str(BASE_DIR / "bench" / ".state" / "bench.sqlite3")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "bench" / ".state" / "media"))
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "bench" / ".state" / "private-media")
)
