"""The Quick start runs the background worker next to the web server and stops both together."""

from __future__ import annotations

import importlib.util
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAKE_KAM = """#!{python}
import pathlib, signal, sys, time
here = pathlib.Path(__file__).parent
(here / (sys.argv[1] + "-args")).write_text(" ".join(sys.argv[1:]))
if sys.argv[1] == "worker":
    def stop(*_):
        (here / "worker-stopped").write_text("yes")
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(60)
else:
    time.sleep(1.5)
    sys.exit(3)
"""


def _bootstrap():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "bootstrap.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_start_runs_worker_and_server_and_stops_the_worker_with_the_server(tmp_path):
    kam = tmp_path / "kam"
    kam.write_text(FAKE_KAM.format(python=sys.executable))
    kam.chmod(0o755)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        code = _bootstrap().serve_with_worker(kam, "127.0.0.1:8123")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert code == 3
    assert (tmp_path / "serve-args").read_text() == "serve --bind 127.0.0.1:8123"
    assert (tmp_path / "worker-args").read_text() == "worker"
    assert (tmp_path / "worker-stopped").read_text() == "yes"
