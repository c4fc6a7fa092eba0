"""The production settings refuse to start without a secret key and host names, and pass
`manage.py check --deploy` without a single warning when given them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Runs manage.py with environ.Env.read_env disabled, so a developer's .env file (read by
# settings/base.py) cannot supply or override anything: only the environment given here counts.
MANAGE_WITHOUT_DOTENV = """
import runpy, sys
import environ
environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""
CHECK_DEPLOY = ["check", "--deploy", "--fail-level", "WARNING"]


def clean_env(**env) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "navpartner.settings.production",
        **env,
    }


def check_deploy(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", MANAGE_WITHOUT_DOTENV, *CHECK_DEPLOY],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def secret_key():
    return secrets.token_urlsafe(64)


def test_check_deploy_passes_without_warnings(secret_key):
    result = check_deploy(
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="navpartner.example.no",
        NAVPARTNER_BASE_URL="https://navpartner.example.no",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_refuses_to_start_without_a_secret_key():
    result = check_deploy(
        DJANGO_ALLOWED_HOSTS="navpartner.example.no",
        NAVPARTNER_BASE_URL="https://navpartner.example.no",
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_refuses_to_start_without_allowed_hosts(secret_key):
    result = check_deploy(
        DJANGO_SECRET_KEY=secret_key, NAVPARTNER_BASE_URL="https://navpartner.example.no"
    )

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_refuses_to_start_without_the_address_links_in_e_mail_point_to(secret_key):
    result = check_deploy(
        DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="navpartner.example.no"
    )

    assert result.returncode != 0
    assert "NAVPARTNER_BASE_URL" in result.stderr


def production_setting(expression: str, **env) -> str:
    """What ``expression`` (on ``settings``) prints under the production settings, given a
    secret key, a host name, a trusted origin and ``env``."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            MANAGE_WITHOUT_DOTENV,
            "shell",
            "-c",
            f"from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=clean_env(
            **{
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
                "DJANGO_ALLOWED_HOSTS": "navpartner.example.no",
                "DJANGO_CSRF_TRUSTED_ORIGINS": "https://navpartner.example.no",
                **env,
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_address_may_come_from_the_trusted_origin():
    assert production_setting("settings.NAVPARTNER_BASE_URL") == "https://navpartner.example.no"


PREPARED = {"server_side_binding": True, "prepare_threshold": 5}


@pytest.mark.parametrize(
    ("extra", "options"),
    [
        ({}, {"options": "-c jit=off", **PREPARED}),
        # Behind PgBouncer: the JIT off on the database instead, and no prepared statements
        # before its 1.21.
        ({"DATABASE_JIT_OFF": "false"}, PREPARED),
        ({"DATABASE_JIT_OFF": "false", "DATABASE_PREPARED": "false"}, {}),
        # What the database address says is kept.
        ({"DATABASE_URL": "postgres://u@db.example.no/navpartner?options=-c%20work_mem=8MB"},
         {"options": "-c work_mem=8MB", **PREPARED}),
    ],
)  # fmt: skip
def test_postgresql_connections_run_without_the_jit_compiler_and_prepare_queries(extra, options):
    printed = production_setting(
        "settings.DATABASES['default'].get('OPTIONS', {})",
        **{"DATABASE_URL": "postgres://u@db.example.no/navpartner", **extra},
    )

    assert printed == repr(options)
