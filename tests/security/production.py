"""Reads a setting as lms.settings.production computes it, in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_setting(name: str, **env) -> subprocess.CompletedProcess:
    """Starts Django with the production settings and prints ``settings.<name>``."""
    own = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "REDIS_URL",
        "SINGLE_PROCESS_CACHE",
        "TRUSTED_PROXY_COUNT",
    }
    full_env = {k: v for k, v in os.environ.items() if k not in own}
    full_env.update(
        env,
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="learn.example.go.ke",
        SINGLE_PROCESS_CACHE="1",
    )
    code = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
    )


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip().splitlines()[-1]
