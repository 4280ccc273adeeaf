"""The benchmark's own database: created fresh, migrated, settled, dropped.

The database name (PostgreSQL) or file name (SQLite) must contain ``bench``: the script
drops it before and after a run, so it refuses to touch anything else.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/kam_bench"


class BenchSetupError(Exception):
    """The benchmark cannot run as asked; the message says why."""


@dataclass(frozen=True)
class Target:
    """Where the benchmark writes: a PostgreSQL database or an SQLite file."""

    url: str
    vendor: str
    name: str

    @classmethod
    def parse(cls, url: str) -> Target:
        config = dj_database_url.parse(url)
        engine = config["ENGINE"]
        if engine.endswith("postgresql"):
            vendor = "postgresql"
        elif engine.endswith("sqlite3"):
            vendor = "sqlite"
        else:
            raise BenchSetupError(f"Only postgresql:// and sqlite:// URLs are supported, not {url!r}.")
        name = str(config["NAME"])
        if "bench" not in Path(name).name:
            raise BenchSetupError(
                f"The benchmark drops and recreates its database; its name must contain 'bench' (got {name!r})."
            )
        return cls(url=url, vendor=vendor, name=name)

    def _admin_connection(self) -> psycopg.Connection:
        config = dj_database_url.parse(self.url)
        return psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        )

    def drop(self) -> None:
        """Remove the database (or the SQLite file with its WAL files) if it exists."""
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(self.name + suffix).unlink(missing_ok=True)
            return
        with self._admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))

    def create(self) -> None:
        """A fresh, empty database."""
        self.drop()
        if self.vendor == "postgresql":
            with self._admin_connection() as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        else:
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)


def django_setup(url: str) -> None:
    """Point KAM's settings at ``url`` (production settings: DEBUG off) and start Django."""
    import warnings

    import django

    # WhiteNoise warns that the (uncollected) static root is missing; pages do not need it here.
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
    os.environ["KAM_DATABASE_URL"] = url
    os.environ["KAM_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    django.setup()
    plain_static_files()


def plain_static_files() -> None:
    """Serve static URLs without a collected manifest (the manifest lookup is a dict access)."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def migrate() -> float:
    """Migrate the (empty) database; returns the seconds it took."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return time.perf_counter() - started


def settle() -> None:
    """Write dirty pages out before a timed run, so it does not pay for the previous one."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def analyze() -> float:
    """``VACUUM ANALYZE`` (PostgreSQL) or ``ANALYZE`` (SQLite): what autovacuum would do after a load."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def server_settings() -> str:
    """The PostgreSQL settings that matter for the figures, as one line."""
    from django.db import connection

    if connection.vendor != "postgresql":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    names = ["shared_buffers", "work_mem", "max_wal_size", "synchronous_commit", "autovacuum", "jit"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
        values = []
        for name in names:
            cursor.execute(f"SHOW {name}")  # our own constant names
            values.append(f"{name}={cursor.fetchone()[0]}")
    return f"PostgreSQL {version.split()[0]}: " + ", ".join(values)
