"""Settings come from KAM_* variables and refuse wrong values loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KAM_")}
    environment.update({"KAM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kam.settings", **env})
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_defaults_are_sqlite_in_data_dir_and_no_debug(tmp_path):
    result = run_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_generated_secret_key_is_kept(tmp_path):
    run_settings(tmp_path)
    first = (tmp_path / "secret_key").read_text()
    run_settings(tmp_path)
    assert (tmp_path / "secret_key").read_text() == first


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KAM_DEBUG", "maybe"),
        ("KAM_SMTP_PORT", "twenty-five"),
        ("KAM_LOGIN_FAILURE_LIMIT", "3.5"),
        ("KAM_LOG_LEVEL", "LOUD"),
    ],
)
def test_wrong_values_stop_start_up_naming_the_variable(tmp_path, variable, value):
    result = run_settings(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_unsupported_database_is_refused(tmp_path):
    result = run_settings(tmp_path, KAM_DATABASE_URL="mysql://root@127.0.0.1/kam")
    assert result.returncode != 0
    assert "KAM_DATABASE_URL" in result.stderr


def test_short_secret_key_is_refused(tmp_path):
    result = run_settings(tmp_path, KAM_SECRET_KEY="short")
    assert result.returncode != 0
    assert "KAM_SECRET_KEY" in result.stderr


def test_postgresql_url_is_accepted(tmp_path):
    result = run_settings(tmp_path, KAM_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/kam")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"
