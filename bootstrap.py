#!/usr/bin/env python3
"""Install KAM into ./.venv from the lock files and run it or its tests.

    python3 bootstrap.py start    install, migrate, load demo data once, serve on :8000 with the worker
    python3 bootstrap.py test     install test tools and run the whole test suite

Only the Python standard library is used here, so a fresh machine with Python 3.11+
needs nothing else.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("KAM_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
SYSTEM_PACKAGES = {"chromium": "chromium", "poppler-utils": "pdftotext", "gettext": "msgfmt"}


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command, stopping bootstrap with its exit code when it fails."""
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install(lock: str) -> None:
    """Create the virtual environment and install ``lock`` into it (once per lock content)."""
    if sys.version_info < (3, 11):
        sys.exit("KAM needs Python 3.11 or newer.")
    if not PY.exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock_path = ROOT / lock
    stamp = VENV / f".installed-{lock}"
    digest = hashlib.sha256(lock_path.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing dependencies from {lock} ...", flush=True)
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", lock_path)
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ROOT)
    stamp.write_text(digest)


def start(args: argparse.Namespace) -> None:
    """Install, prepare the database and demo data, then serve KAM with gunicorn."""
    install("requirements.lock")
    kam = BIN / "kam"
    run(kam, "migrate", "--no-input", "-v", "0")
    run(kam, "collectstatic", "--no-input", "-v", "0")
    run(kam, "demo_data", "--if-empty")
    print(f"\nKAM runs at http://{args.host}:{args.port}/ (Ctrl+C stops it)\n", flush=True)
    sys.exit(serve_with_worker(kam, f"{args.host}:{args.port}"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a child to stop (it finishes its current request or job), kill it after 30 seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_with_worker(kam: Path, bind: str) -> int:
    """Run the web server and the background worker (reminders) as children; stop both together.

    Ends when the server ends, on Ctrl+C or on SIGTERM; returns the server's exit code.
    """

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    worker = subprocess.Popen([str(kam), "worker"], cwd=ROOT)
    server = subprocess.Popen([str(kam), "serve", "--bind", bind], cwd=ROOT)
    try:
        return server.wait()
    except KeyboardInterrupt:
        _stop(server)
        return 0
    finally:
        _stop(server)
        _stop(worker)


def system_packages() -> None:
    """The browser tests drive Debian's Chromium and the PDF checks use poppler's pdftotext.

    On Debian/Ubuntu as root they are installed with apt-get; elsewhere we say what is missing.
    """
    missing = [pkg for pkg, binary in SYSTEM_PACKAGES.items() if shutil.which(binary) is None]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Installing system packages: {' '.join(missing)} ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    else:
        names = " ".join(missing)
        sys.exit(f"The tests need these system packages: {names} (e.g. sudo apt-get install {names}).")


def test(args: argparse.Namespace) -> None:
    """Install the test tools and run the whole suite (extra arguments go to pytest)."""
    install("requirements-test.lock")
    system_packages()
    run(PY, "-m", "pytest", *args.pytest_args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="install and run KAM with demo data")
    p_start.add_argument("--host", default="127.0.0.1")
    p_start.add_argument("--port", default="8000")
    p_start.set_defaults(func=start)
    p_test = sub.add_parser("test", help="install test tools and run all tests (other arguments go to pytest)")
    p_test.set_defaults(func=test)
    args, extra = parser.parse_known_args()
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = extra
    args.func(args)


if __name__ == "__main__":
    main()
