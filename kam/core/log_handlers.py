"""Logging handlers of KAM's settings."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler writing to whatever ``sys.stderr`` is when a record is written.

    The standard handler keeps the stream it was given at start-up; when that stream is
    replaced and closed later (test runners capturing output, a daemonised process), every
    record then fails with "I/O operation on closed file".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""
