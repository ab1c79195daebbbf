import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    own = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "REDIS_URL",
        "SINGLE_PROCESS_CACHE",
        "TRUSTED_PROXY_COUNT",
    }
    full_env = {k: v for k, v in os.environ.items() if k not in own}
    full_env.update(env, DJANGO_SETTINGS_MODULE="lms.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="learn.example.go.ke",
        REDIS_URL="redis://127.0.0.1:6379/0",
        TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "learn.example.go.ke"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "learn.example.go.ke"}, "REDIS_URL must be set"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_one_process_may_run_without_redis_when_it_says_so():
    result = _manage(
        "check",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="learn.example.go.ke",
        SINGLE_PROCESS_CACHE="1",
        TRUSTED_PROXY_COUNT="0",
    )
    assert result.returncode == 0, result.stderr


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters():
    from django.utils.module_loading import import_string

    from lms.settings import base

    first = import_string(base.PASSWORD_HASHERS[0])()
    assert (first.memory_cost, first.time_cost, first.parallelism) == (19 * 1024, 2, 1)
    encoded = first.encode("secret-password", first.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # tests stay fast
