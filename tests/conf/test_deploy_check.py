"""`achterkant check --deploy` is what an operator runs before going live."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

INHERITED_SETTINGS = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "DEMO_MODE", "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE", "DIGID_MOCK",
}  # fmt: skip
SECURE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-key-9f8e7d",
    "DATABASE_URL": "postgres://achterkant@db.internal:5432/achterkant",
    "ALLOWED_HOSTS": "mijn.voorbeeld.nl",
    "EMAIL_HOST": "smtp.voorbeeld.nl",
}


def run_check(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in INHERITED_SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "achterkant.cli", "check", "--deploy"],
        env={**base, "ACHTERKANT_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"DEBUG": "1"}, "security.W018"),
        ({"SECRET_KEY": ""}, "achterkant.E001"),
        ({"DEMO_MODE": "1"}, "achterkant.E002"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "achterkant.E003"),
        ({"DATABASE_URL": "sqlite:///var/x.sqlite3"}, "achterkant.W001"),
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"DIGID_MOCK": "1"}, "achterkant.E010"),
        ({"ALLOWED_HOSTS": "*"}, "achterkant.E004"),
        ({"ALLOWED_HOSTS": "mijn.voorbeeld.nl,*"}, "achterkant.E004"),
        # Achterkant's own checks cannot be silenced from the environment.
        ({"DIGID_MOCK": "1", "SILENCED_SYSTEM_CHECKS": "achterkant.E010"}, "achterkant.E010"),
        ({"ALLOWED_HOSTS": "*", "SILENCED_SYSTEM_CHECKS": "achterkant.E004"}, "achterkant.E004"),
    ],
)
def test_insecure_production_settings_fail_the_deploy_check(tmp_path, override, expected):
    env = {**SECURE_ENV, **override}
    if env["SECRET_KEY"] == "":
        del env["SECRET_KEY"]
    result = run_check(tmp_path, env)
    assert result.returncode != 0
    assert expected in result.stderr


def test_the_digid_mock_is_off_without_debug_whatever_the_environment_says(tmp_path):
    """Even with the check silenced and DIGID_MOCK=1, production has no mock log-in."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/digid/idp/inloggen/'); print('MOUNTED')\n"
        "except Resolver404:\n    print('ABSENT')\n"
        "print('MOCK', settings.DIGID_MOCK)"
    )
    base = {k: v for k, v in os.environ.items() if k not in INHERITED_SETTINGS}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={
            **base,
            "ACHTERKANT_HOME": str(tmp_path),
            **SECURE_ENV,
            "DIGID_MOCK": "1",
            "SILENCED_SYSTEM_CHECKS": "achterkant.E010",
            "DJANGO_SETTINGS_MODULE": "achterkant.conf.settings",
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "ABSENT" in result.stdout and "MOCK False" in result.stdout, result.stderr


def test_secure_production_settings_pass_the_deploy_check(tmp_path):
    result = run_check(tmp_path, SECURE_ENV)
    assert result.returncode == 0, result.stderr
