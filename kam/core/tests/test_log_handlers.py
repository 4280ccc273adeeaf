import io
import logging
import sys

from kam.core.log_handlers import StderrHandler


def test_records_go_to_the_current_stderr_even_after_the_old_one_closed(monkeypatch):
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = StderrHandler()
    logger = logging.getLogger("kam.tests.stderr_handler")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("one")
        first.close()
        second = io.StringIO()
        monkeypatch.setattr(sys, "stderr", second)
        logger.warning("two")  # the standard StreamHandler would fail on the closed first stream
        assert second.getvalue() == "two\n"
    finally:
        logger.removeHandler(handler)
