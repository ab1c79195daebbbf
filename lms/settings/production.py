"""Production: refuses to start without the settings that keep it safe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names this site answers to, comma-separated "
        "(e.g. ALLOWED_HOSTS=learn.example.go.ke)."
    )

if not REDIS_URL and not env_bool("SINGLE_PROCESS_CACHE", False):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. REDIS_URL=redis://127.0.0.1:6379/0): "
        "the web processes share the cache of published pages, the sessions and the rate "
        "limits through it. Only for a trial with one web process, SINGLE_PROCESS_CACHE=1 "
        "keeps the cache inside that process instead."
    )

if os.environ.get("TRUSTED_PROXY_COUNT", "").strip() == "":
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be set in production: the number of reverse proxies in "
        "front of the site that append to X-Forwarded-For (1 behind the documented nginx, 0 "
        "when clients connect directly). Without it every visitor behind the proxy shares one "
        "address, so one person's failed logins lock everyone out (docs/security.md)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host-: browsers accept these cookies only over HTTPS, for this exact host and path
# "/", so a sibling subdomain cannot plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "certificates": {"BACKEND": "certificates.storage.PrivateMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage (django-storages) for media and certificate PDFs.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Certificates: private objects (no public ACL), in their own prefix or bucket, read
    # only by the download view.
    STORAGES["certificates"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get(
                "CERTIFICATES_BUCKET_NAME", os.environ["AWS_STORAGE_BUCKET_NAME"]
            ),
            "location": "private/certificates",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

# Behind nginx with PDFs on the local disk: the internal location that serves MEDIA_ROOT
# (docs/certificates.md). Empty: the worker streams the file itself.
CERTIFICATES_X_ACCEL_REDIRECT = os.environ.get("CERTIFICATES_X_ACCEL_REDIRECT", "")

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
