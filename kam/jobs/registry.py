"""Which function runs each kind of job, and which kinds run periodically.

Apps register their handlers in ``AppConfig.ready()``::

    registry.register(JobKind.SEND_REMINDER, send_reminder)
    registry.register_periodic(JobKind.SCHEDULE_REMINDERS, every=timedelta(minutes=5))

A handler receives the claimed :class:`~kam.jobs.models.Job` and runs inside the database
transaction that marks the job done: its writes and the completion commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kam.jobs.models import Job

Handler = Callable[["Job"], None]

_handlers: dict[str, Handler] = {}
_periodic: dict[str, timedelta] = {}


def register(kind: str, handler: Handler) -> None:
    """Let ``handler`` run the jobs of ``kind`` (one handler per kind)."""
    existing = _handlers.get(kind)
    if existing is not None and existing is not handler:
        raise ValueError(f"A handler for job kind {kind!r} is registered already.")
    _handlers[kind] = handler


def register_periodic(kind: str, *, every: timedelta) -> None:
    """Have the workers enqueue one job of ``kind`` per time slot of length ``every``."""
    if every.total_seconds() < 1:
        raise ValueError("A periodic job needs an interval of at least one second.")
    _periodic[kind] = every


def handler_for(kind: str) -> Handler:
    """The handler of ``kind``; KeyError when none is registered."""
    return _handlers[kind]


def periodic() -> dict[str, timedelta]:
    """Every periodic kind with its interval."""
    return dict(_periodic)
