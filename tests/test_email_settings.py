"""Outgoing mail settings come from KAM_EMAIL_* and refuse wrong values loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import kam.settings as s; print(repr(s.EMAIL_HOST), s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
    "s.EMAIL_HOST_USER, s.DEFAULT_FROM_EMAIL, s.EMAIL_TIMEOUT, s.EMAIL_ENABLED, s.SITE_URL)"
)


def settings_of(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KAM_")}
    environment.update({"KAM_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_mail_is_off_without_a_host(tmp_path):
    result = settings_of(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "''",
        "25",
        "False",
        "False",
        "kam@localhost",
        "20",
        "False",
        "http://127.0.0.1:8000",
    ]


def test_full_configuration(tmp_path):
    result = settings_of(
        tmp_path,
        KAM_EMAIL_HOST="smtp.example.com",
        KAM_EMAIL_TLS="true",
        KAM_EMAIL_USER="kam",
        KAM_EMAIL_PASSWORD="secret",
        KAM_EMAIL_FROM="kam@example.com",
        KAM_EMAIL_TIMEOUT="5",
        KAM_SITE_URL="https://kam.example.com/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "'smtp.example.com'",
        "587",
        "True",
        "False",
        "kam",
        "kam@example.com",
        "5",
        "True",
        "https://kam.example.com",
    ]


def test_older_smtp_names_still_count(tmp_path):
    result = settings_of(tmp_path, KAM_SMTP_HOST="mail.local", KAM_SMTP_PORT="2525", KAM_SMTP_SSL="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == ["'mail.local'", "2525", "False", "True"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KAM_EMAIL_PORT": "twenty-five"}, "KAM_EMAIL_PORT"),
        ({"KAM_EMAIL_PORT": "70000"}, "KAM_EMAIL_PORT"),
        ({"KAM_EMAIL_TLS": "perhaps"}, "KAM_EMAIL_TLS"),
        ({"KAM_EMAIL_TLS": "true", "KAM_EMAIL_SSL": "true"}, "exclude each other"),
        ({"KAM_EMAIL_FROM": "not an address"}, "KAM_EMAIL_FROM"),
        ({"KAM_EMAIL_TIMEOUT": "0"}, "KAM_EMAIL_TIMEOUT"),
        ({"KAM_SITE_URL": "kam.example.com"}, "KAM_SITE_URL"),
    ],
)
def test_wrong_values_stop_start_up(tmp_path, env, message):
    result = settings_of(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr
