"""Workers as real processes: a restarted worker and two workers at once send every reminder once.

On SQLite the processes share a database file made for this module; on PostgreSQL they use
the test database (the test commits its data, so it runs as a transactional test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def sqlite_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("worker-db")


@pytest.fixture
def run(smtp_server, sqlite_dir, tmp_path):
    """Run a ``kam`` command or scenario step in a process against the shared database."""
    _inbox, port = smtp_server
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAM_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kam.settings",
            "KAM_EMAIL_HOST": "127.0.0.1",
            "KAM_EMAIL_PORT": str(port),
            "KAM_SITE_URL": "https://kam.example.com",
            "KAM_LOG_LEVEL": "WARNING",
            "KAM_LOGIN_THROTTLING": "false",
        }
    )
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        env["KAM_DATABASE_URL"] = f"postgresql://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
        env["KAM_DATA_DIR"] = str(tmp_path)
    else:
        db = sqlite_dir / "kam.sqlite3"
        env["KAM_DATA_DIR"] = str(sqlite_dir)
        if not db.exists():
            subprocess.run([sys.executable, "-m", "kam.cli", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        else:
            subprocess.run([sys.executable, "-m", "kam.cli", "flush", "--no-input"], cwd=ROOT, env=env, check=True)

    def start(*args: str) -> subprocess.Popen[str]:
        command = [
            sys.executable,
            "-m",
            *(("kam.cli", *args) if args[0] != "step" else ("kam.reminders.tests.worker_scenario", *args[1:])),
        ]
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def call(*args: str) -> str:
        process = start(*args)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        return out

    call.start = start  # type: ignore[attr-defined]
    return call


def test_two_workers_at_once_send_each_reminder_once(run, smtp_server):
    inbox, _port = smtp_server
    run("step", "setup", "12")
    workers = [run.start("worker", "--once") for _ in range(2)]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _out, err in outputs]
    recipients = Counter(rcpt for rcpts, _message in inbox.messages for rcpt in rcpts)
    assert recipients == Counter({f"proc{i}@example.com": 1 for i in range(12)})
    state = json.loads(run("step", "state"))
    assert {(j["kind"], j["status"]) for j in state["jobs"]} >= {
        ("reminders.mail", "done"),
        ("reminders.notify", "done"),
    }
    assert all(j["status"] == "done" and j["attempts"] == 1 for j in state["jobs"])
    assert all(r["notified_at"] and r["mailed_at"] for r in state["reminders"])
    ran = [int(out.split()[1]) for out, _err in outputs]
    assert sum(ran) >= 24  # every delivery job ran, split between the two


def test_a_job_whose_worker_died_is_retried_after_its_lease_and_sent_once(run, smtp_server):
    inbox, _port = smtp_server
    run("step", "setup", "1")
    run("step", "crash")
    run("worker", "--once")
    assert inbox.messages == []  # the lease still holds
    run("step", "expire")
    run("worker", "--once")
    run("worker", "--once")
    assert [rcpts for rcpts, _message in inbox.messages] == [["proc0@example.com"]]
    state = json.loads(run("step", "state"))
    mail = next(j for j in state["jobs"] if j["kind"] == "reminders.mail")
    assert (mail["status"], mail["attempts"]) == ("done", 2)
    assert mail["locked_by"] != "dead-worker"
